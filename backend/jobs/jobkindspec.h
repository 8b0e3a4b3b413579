#pragma once

#include "core/permission.h"

#include <QList>
#include <QString>

namespace vami {

// How jobs of one kind run. The limits hold across every process sharing the
// database, not per process. Every member has a default, so designated
// initializers may name only what differs.
struct JobKindSpec
{
    // "<area>.<what>", e.g. "outbox.email"
    QString name {};
    // A claim lasts this long and is renewed every third of it.
    int leaseSeconds = 300;
    // Claims (crashes included) before the job fails for good.
    int maxAttempts = 8;
    // Jobs of this kind running at once; 0 = no limit.
    int concurrency = 0;
    // Jobs of this kind and one organization running at once; 0 = no limit.
    int perOrganization = 0;
    // What the job's system actor (JobContext::actor) may do in its organization.
    QList<Permission> permissions {};
};

} // namespace vami
