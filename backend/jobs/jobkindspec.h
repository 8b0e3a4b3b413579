#pragma once

#include "core/permission.h"

#include <QList>
#include <QString>

namespace vami {

// How jobs of one kind run. The limits hold across every process sharing the
// database, not per process.
struct JobKindSpec
{
    QString name; // "<area>.<what>", e.g. "outbox.email"
    int leaseSeconds = 300; // a claim lasts this long and is renewed every third of it
    int maxAttempts = 8; // claims (crashes included) before the job fails for good
    int concurrency = 0; // jobs of this kind running at once; 0 = no limit
    int perOrganization = 0; // jobs of this kind and one organization running at once; 0 = no limit
    // What the job's system actor (JobContext::actor) may do in its organization.
    QList<Permission> permissions;
};

} // namespace vami
