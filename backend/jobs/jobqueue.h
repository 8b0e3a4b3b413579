#pragma once

#include "job.h"

#include "core/result.h"

#include <QStringList>

#include <optional>

namespace vami {

class Clock;
class Database;

// The jobs table: enqueue inside the caller's transaction (so work is never lost
// nor started for a change that rolled back), and claim transactionally so several
// processes on one PostgreSQL database never run a job twice (FOR UPDATE SKIP
// LOCKED; SQLite has one writer at a time). A claim holds a lease; a crashed
// worker's job becomes claimable again when its lease ends.
class JobQueue
{
public:
    JobQueue(Database &database, const Clock &clock);

    Result<QUuid> enqueue(const QString &kind, const QJsonObject &payload, const QUuid &organizationId = {},
                          const QDateTime &runAt = {}, int maxAttempts = 8);
    // The oldest due pending job of one of `kinds`, now marked running for `leaseSeconds`.
    Result<std::optional<Job>> claim(const QString &workerId, const QStringList &kinds, int leaseSeconds);
    Status complete(const QUuid &jobId);
    // Back to pending, to run again at `runAt`.
    Status retryAt(const QUuid &jobId, const QString &error, const QDateTime &runAt);
    Status failPermanently(const QUuid &jobId, const QString &error);
    // Running jobs whose lease ended become pending again.
    Result<int> recoverExpiredLeases();
    Result<int> countWithStatus(const QString &status, const QString &kind = {});
    // Removes finished jobs older than `before`.
    Result<int> purgeFinished(const QDateTime &before);

private:
    Database &m_db;
    const Clock &m_clock;
};

} // namespace vami
