#pragma once

#include "auth/authpolicy.h"
#include "calls/callpolicy.h"
#include "crypto/passwordhasher.h"
#include "mail/smtpsettings.h"
#include "net/outboundconfig.h"
#include "storage/databaseconfig.h"
#include "team/teampolicy.h"

#include <QString>

namespace vami {

// Everything the backend needs to start, gathered by the executable that hosts it.
struct BackendConfig
{
    DatabaseConfig database;
    AuthPolicy auth;
    ScryptParams scrypt;
    TeamPolicy team;
    CallPolicy calls;             // how long live calls may last before they are swept
    SmtpSettings smtp;
    OutboundConfig outbound;      // limits and destination rules of outgoing HTTP
    // The server secret (at least 32 bytes): keys for secrets the database keeps
    // readable (agent tokens) are derived from it, each with its own label. Every
    // process on one database needs the same secret; without one such secrets can be
    // neither issued nor read.
    QByteArray secret;
    bool runJobs = true;          // run background jobs (e-mail, maintenance) in this process
    int jobWorkers = 2;           // threads that run jobs (each with its own event loop)
    int jobPollIntervalMs = 1000;
    QString workerId;             // names this process in job leases; default host:pid
    int taskThreads = 0;          // threads for desktop tasks; 0 = one per core, at least 2
};

} // namespace vami
