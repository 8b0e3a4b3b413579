#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QUuid>

namespace vami {

// A job as claimed from the jobs table. `lockedBy` and `attempts` identify the
// claim: every outcome and lease renewal is written only while the row still
// carries both (and the lease has not run out), so a worker that lost its lease
// cannot overwrite what the next one does.
struct Job
{
    QUuid id;
    QString kind; // e.g. "outbox.email"
    QJsonObject payload; // decoded for the handler by its kind's payload codec
    QUuid organizationId;
    int attempts = 0; // including the current one
    int maxAttempts = 8;
    QDateTime runAt;
    QString lockedBy;
    QString dedupKey;
};

} // namespace vami
