#pragma once

#include "enqueueoptions.h"
#include "job.h"
#include "jobcancel.h"
#include "jobkind.h"
#include "jobrecord.h"
#include "leasestate.h"

#include "core/result.h"

#include <QStringList>

#include <optional>

namespace vami {

class Clock;
class Database;

// The jobs table (all of its SQL). Enqueue inside the caller's transaction, so work
// is never lost nor started for a change that rolled back.
//
// Claims are transactional (FOR UPDATE SKIP LOCKED on PostgreSQL, the single
// writer on SQLite), so processes sharing a database never run a job twice, and
// they honour the kind's concurrency limits across all of them (on PostgreSQL the
// claims of a limited kind take an advisory lock) and the job's attempts. A claim
// holds a lease; every outcome and renewal is written only while the claim still
// holds it (same `locked_by` and attempt, lease not run out) and answers false or
// Lost otherwise, so a worker that lost its lease cannot overwrite what came after.
class JobQueue
{
public:
    JobQueue(Database &database, const Clock &clock);

    template<typename Payload>
    Result<QUuid> enqueue(const JobKind<Payload> &kind, const Payload &payload, const EnqueueOptions &options = {})
    {
        return enqueueEncoded(kind.spec(), encodePayload(payload), options);
    }
    // The untyped form (tests, and kinds whose payload is built elsewhere). With a
    // de-duplication key that an unfinished job of the kind already has, nothing
    // is inserted and that job's id is returned.
    Result<QUuid> enqueueEncoded(const JobKindSpec &kind, const QJsonObject &payload, const EnqueueOptions &options);

    // Kinds with due pending jobs that have attempts left, the longest-waiting first.
    Result<QStringList> dueKinds();
    // The oldest due pending job of `kind` that its concurrency limits allow, now
    // running for the kind's lease under `lockedBy`.
    Result<std::optional<Job>> claim(const JobKindSpec &kind, const QString &lockedBy);

    Result<bool> complete(const Job &claimed);
    // Back to pending, to run again at `runAt`.
    Result<bool> retryAt(const Job &claimed, const QString &error, const QDateTime &runAt);
    Result<bool> failPermanently(const Job &claimed, const QString &error);
    Result<bool> markCancelled(const Job &claimed, const QString &reason);
    // Back to pending at once, the attempt not counted (the process is stopping).
    Result<bool> release(const Job &claimed);
    Result<LeaseState> renew(const Job &claimed, int leaseSeconds);

    // A pending job is cancelled at once; a running one is asked to stop (its
    // handler learns it at the next renewal and the job ends cancelled).
    Result<JobCancel> cancel(const QUuid &jobId);
    Result<JobCancel> cancelByKey(const QString &kind, const QString &dedupKey);

    // Running jobs whose lease ended: cancelled if a cancel was requested, failed
    // if their attempts are used up (a job that kills its process every time ends
    // here instead of looping), pending again otherwise.
    Result<int> recoverExpiredLeases();

    Result<std::optional<JobRecord>> find(const QUuid &jobId);
    Result<int> countWithStatus(JobStatus status, const QString &kind = {});
    // Removes finished jobs older than `before`.
    Result<int> purgeFinished(const QDateTime &before);

private:
    Result<bool> finish(const Job &claimed, const QString &assignments, QVariantList values);
    Result<JobCancel> cancelWhere(const QString &condition, const QVariantList &values);

    Database &m_db;
    const Clock &m_clock;
};

} // namespace vami
