#include "jobqueue.h"

#include "core/clock.h"
#include "core/ids.h"
#include "storage/database.h"
#include "storage/rowreader.h"
#include "storage/sqlvalue.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

const RowReader<Job> &jobColumns()
{
    static const RowReader<Job> columns {
        column<&Job::id>("id"),
        column<&Job::kind>("kind"),
        column<&Job::payload>("payload"),
        column<&Job::organizationId>("organization_id"),
        column<&Job::attempts>("attempts"),
        column<&Job::maxAttempts>("max_attempts"),
        column<&Job::runAt>("run_at"),
        column<&Job::lockedBy>("locked_by"),
        column<&Job::dedupKey>("dedup_key"),
    };
    return columns;
}

// What a status display reads beside the job.
const RowReader<JobRecord> &recordColumns()
{
    static const RowReader<JobRecord> columns {
        column<&JobRecord::status>("status"),
        column<&JobRecord::lastError>("last_error"),
        column<&JobRecord::lockedUntil>("locked_until"),
        column<&JobRecord::cancelRequestedAt>("cancel_requested_at"),
        column<&JobRecord::finishedAt>("finished_at"),
    };
    return columns;
}

// Only while the claim is still this one: same worker, same attempt, lease running.
const QString HeldLease = u" AND status = 'running' AND locked_by = ? AND attempts = ? AND locked_until >= ?"_s;

// A stable 64-bit key per kind for PostgreSQL's advisory locks (FNV-1a).
qint64 claimLockKey(const QString &kind)
{
    quint64 hash = 14695981039346656037ULL;
    for (const char c : (u"vami.jobs.claim:"_s + kind).toUtf8()) {
        hash ^= quint8(c);
        hash *= 1099511628211ULL;
    }
    return qint64(hash);
}

} // namespace

JobQueue::JobQueue(Database &database, const Clock &clock)
    : m_db(database)
    , m_clock(clock)
{ }

Result<QUuid> JobQueue::enqueueEncoded(
    const JobKindSpec &kind, const QJsonObject &payload, const EnqueueOptions &options)
{
    const QUuid id = newId();
    const QDateTime now = m_clock.now();
    auto inserted = m_db.exec(
        u"INSERT INTO jobs (id, kind, payload, organization_id, status, attempts, max_attempts, run_at, created_at, "
        "updated_at, dedup_key) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"_s,
        {sqlId(id), kind.name, QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact)),
            sqlId(options.organizationId), kind.maxAttempts, sqlInstant(options.runAt.isValid() ? options.runAt : now),
            sqlInstant(now), sqlInstant(now), sqlText(options.dedupKey.isEmpty() ? QString() : options.dedupKey)});
    if (!inserted)
        return fail(inserted.error());
    if (inserted->rowsAffected() == 1)
        return id;
    if (options.dedupKey.isEmpty())
        return fail(Error::internal(u"a job could not be inserted"_s));
    auto existing = m_db.exec(u"SELECT id FROM jobs WHERE kind = ? AND dedup_key = ? AND status IN ('pending', "
                              "'running')"_s,
        {kind.name, options.dedupKey});
    if (!existing)
        return fail(existing.error());
    if (!existing->next())
        return fail(
            Error::conflict(u"jobs.duplicate"_s, QT_TRANSLATE_NOOP("vami", "The same work is already queued.")));
    return existing->id(0);
}

Result<QStringList> JobQueue::dueKinds()
{
    auto rows = m_db.exec(u"SELECT kind FROM jobs WHERE status = 'pending' AND run_at <= ? AND attempts < max_attempts "
                          "GROUP BY kind ORDER BY MIN(run_at), kind"_s,
        {sqlInstant(m_clock.now())});
    if (!rows)
        return fail(rows.error());
    QStringList kinds;
    while (rows->next())
        kinds.append(rows->text(0));
    return kinds;
}

Result<std::optional<Job>> JobQueue::claim(const JobKindSpec &kind, const QString &lockedBy)
{
    const bool limited = kind.concurrency > 0 || kind.perOrganization > 0;
    const Dialect dialect = m_db.dialect();
    const QDateTime now = m_clock.now();
    QString pick = u"SELECT id FROM jobs WHERE kind = ? AND status = 'pending' AND run_at <= ? "
                   "AND attempts < max_attempts"_s;
    QVariantList values {kind.name, sqlInstant(now)};
    if (kind.concurrency > 0) {
        pick += u" AND (SELECT COUNT(*) FROM jobs WHERE kind = ? AND status = 'running') < ?"_s;
        values << kind.name << kind.concurrency;
    }
    if (kind.perOrganization > 0) {
        pick += u" AND (organization_id IS NULL OR organization_id NOT IN (SELECT organization_id FROM jobs "
                "WHERE kind = ? AND status = 'running' AND organization_id IS NOT NULL GROUP BY organization_id "
                "HAVING COUNT(*) >= ?))"_s;
        values << kind.name << kind.perOrganization;
    }
    pick += u" ORDER BY run_at, id LIMIT 1"_s + sql::lockRowsSkipLocked(dialect);
    // Claims of a limited kind run one at a time, so the counts above cannot be
    // read by two claimers before either has claimed.
    const QString claimLock = limited ? sql::transactionLock(dialect) : QString();

    return m_db.transaction([&]() -> Result<std::optional<Job>> {
        if (!claimLock.isEmpty()) {
            auto lock = m_db.exec(claimLock, {claimLockKey(kind.name)});
            if (!lock)
                return fail(lock.error());
        }
        QUuid id;
        {
            auto rows = m_db.exec(pick, values);
            if (!rows)
                return fail(rows.error());
            if (!rows->next())
                return std::optional<Job>();
            id = rows->id(0);
        }
        auto claimed = m_db.exec(u"UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ?, "
                                 "locked_until = ?, updated_at = ? WHERE id = ? AND status = 'pending' RETURNING "_s
                + jobColumns().selectList(),
            {lockedBy, sqlInstant(now.addSecs(kind.leaseSeconds)), sqlInstant(now), sqlId(id)});
        if (!claimed)
            return fail(claimed.error());
        if (!claimed->next())
            return std::optional<Job>();
        return std::optional<Job>(jobColumns().read(*claimed));
    });
}

Result<bool> JobQueue::finish(const Job &claimed, const QString &assignments, QVariantList values)
{
    values << sqlId(claimed.id) << claimed.lockedBy << claimed.attempts << sqlInstant(m_clock.now());
    auto done = m_db.exec(u"UPDATE jobs SET "_s + assignments + u" WHERE id = ?"_s + HeldLease, values);
    if (!done)
        return fail(done.error());
    return done->rowsAffected() == 1;
}

Result<bool> JobQueue::complete(const Job &claimed)
{
    const QVariant now = sqlInstant(m_clock.now());
    return finish(claimed,
        u"status = 'done', locked_by = NULL, locked_until = NULL, last_error = NULL, updated_at = ?, "
        "finished_at = ?"_s,
        {now, now});
}

Result<bool> JobQueue::retryAt(const Job &claimed, const QString &error, const QDateTime &runAt)
{
    return finish(claimed,
        u"status = 'pending', locked_by = NULL, locked_until = NULL, last_error = ?, run_at = ?, "
        "updated_at = ?"_s,
        {error.left(1000), sqlInstant(runAt), sqlInstant(m_clock.now())});
}

Result<bool> JobQueue::failPermanently(const Job &claimed, const QString &error)
{
    const QVariant now = sqlInstant(m_clock.now());
    return finish(claimed,
        u"status = 'failed', locked_by = NULL, locked_until = NULL, last_error = ?, updated_at = ?, "
        "finished_at = ?"_s,
        {error.left(1000), now, now});
}

Result<bool> JobQueue::markCancelled(const Job &claimed, const QString &reason)
{
    const QVariant now = sqlInstant(m_clock.now());
    return finish(claimed,
        u"status = 'cancelled', locked_by = NULL, locked_until = NULL, last_error = ?, updated_at = ?, "
        "finished_at = ?"_s,
        {reason.left(1000), now, now});
}

Result<bool> JobQueue::release(const Job &claimed)
{
    const QVariant now = sqlInstant(m_clock.now());
    return finish(claimed,
        u"status = 'pending', attempts = attempts - 1, locked_by = NULL, locked_until = NULL, run_at = ?, "
        "updated_at = ?"_s,
        {now, now});
}

Result<LeaseState> JobQueue::renew(const Job &claimed, int leaseSeconds)
{
    const QDateTime now = m_clock.now();
    auto renewed = m_db.exec(u"UPDATE jobs SET locked_until = ?, updated_at = ? WHERE id = ?"_s + HeldLease
            + u" RETURNING cancel_requested_at"_s,
        {sqlInstant(now.addSecs(leaseSeconds)), sqlInstant(now), sqlId(claimed.id), claimed.lockedBy, claimed.attempts,
            sqlInstant(now)});
    if (!renewed)
        return fail(renewed.error());
    if (!renewed->next())
        return LeaseState::Lost;
    return renewed->isNull(0) ? LeaseState::Held : LeaseState::CancelRequested;
}

Result<JobCancel> JobQueue::cancelWhere(const QString &condition, const QVariantList &values)
{
    const QVariant now = sqlInstant(m_clock.now());
    return m_db.transaction([&]() -> Result<JobCancel> {
        auto pending = m_db.exec(u"UPDATE jobs SET status = 'cancelled', last_error = 'cancelled', updated_at = ?, "
                                 "finished_at = ? WHERE status = 'pending' AND "_s
                + condition,
            QVariantList {now, now} + values);
        if (!pending)
            return fail(pending.error());
        if (pending->rowsAffected() > 0)
            return JobCancel::Cancelled;
        auto running = m_db.exec(u"UPDATE jobs SET cancel_requested_at = COALESCE(cancel_requested_at, ?), "
                                 "updated_at = ? WHERE status = 'running' AND "_s
                + condition,
            QVariantList {now, now} + values);
        if (!running)
            return fail(running.error());
        return running->rowsAffected() > 0 ? JobCancel::Requested : JobCancel::Inactive;
    });
}

Result<JobCancel> JobQueue::cancel(const QUuid &jobId)
{
    return cancelWhere(u"id = ?"_s, {sqlId(jobId)});
}

Result<JobCancel> JobQueue::cancelByKey(const QString &kind, const QString &dedupKey)
{
    return cancelWhere(u"kind = ? AND dedup_key = ?"_s, {kind, dedupKey});
}

Result<int> JobQueue::recoverExpiredLeases()
{
    const QVariant now = sqlInstant(m_clock.now());
    const QString expired = u" WHERE status = 'running' AND locked_until < ?"_s;
    const QString released = u"locked_by = NULL, locked_until = NULL, updated_at = ?"_s;
    return m_db.transaction([&]() -> Result<int> {
        int recovered = 0;
        const QList<std::pair<QString, QString>> steps = {
            {u"status = 'cancelled', last_error = 'cancelled; the worker stopped before it finished', "
             "finished_at = ?, "_s,
                u" AND cancel_requested_at IS NOT NULL"_s},
            {u"status = 'failed', last_error = 'jobs.lease_expired: the worker stopped before the job finished, "
             "and its attempts are used up', finished_at = ?, "_s,
                u" AND attempts >= max_attempts"_s},
            {u"status = 'pending', last_error = 'jobs.lease_expired: the worker stopped before the job finished', "
             "finished_at = NULL, run_at = ?, "_s,
                QString()},
        };
        for (const auto &[assignments, condition] : steps) {
            auto done
                = m_db.exec(u"UPDATE jobs SET "_s + assignments + released + expired + condition, {now, now, now});
            if (!done)
                return fail(done.error());
            recovered += done->rowsAffected();
        }
        return recovered;
    });
}

Result<std::optional<JobRecord>> JobQueue::find(const QUuid &jobId)
{
    auto rows = m_db.exec(u"SELECT "_s + jobColumns().selectList() + u", "_s + recordColumns().selectList()
            + u" FROM jobs WHERE id = ?"_s,
        {sqlId(jobId)});
    if (!rows)
        return fail(rows.error());
    if (!rows->next())
        return std::optional<JobRecord>();
    JobRecord record;
    record.job = jobColumns().read(*rows);
    recordColumns().readInto(*rows, record, jobColumns().size());
    return std::optional<JobRecord>(record);
}

Result<int> JobQueue::countWithStatus(JobStatus status, const QString &kind)
{
    auto rows = kind.isEmpty()
        ? m_db.exec(u"SELECT COUNT(*) FROM jobs WHERE status = ?"_s, {enumName(status)})
        : m_db.exec(u"SELECT COUNT(*) FROM jobs WHERE status = ? AND kind = ?"_s, {enumName(status), kind});
    if (!rows)
        return fail(rows.error());
    rows->next();
    return int(rows->integer(0));
}

Result<int> JobQueue::purgeFinished(const QDateTime &before)
{
    auto done = m_db.exec(u"DELETE FROM jobs WHERE status IN ('done', 'failed', 'cancelled') AND finished_at < ?"_s,
        {sqlInstant(before)});
    if (!done)
        return fail(done.error());
    return done->rowsAffected();
}

} // namespace vami
