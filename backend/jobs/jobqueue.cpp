#include "jobqueue.h"

#include "core/clock.h"
#include "core/ids.h"
#include "storage/database.h"
#include "storage/sqlvalue.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace vami {

JobQueue::JobQueue(Database &database, const Clock &clock)
    : m_db(database)
    , m_clock(clock)
{
}

Result<QUuid> JobQueue::enqueue(const QString &kind, const QJsonObject &payload, const QUuid &organizationId,
                                const QDateTime &runAt, int maxAttempts)
{
    const QUuid id = newId();
    const QDateTime now = m_clock.now();
    auto done = m_db.exec(u"INSERT INTO jobs (id, kind, payload, organization_id, status, attempts, max_attempts, "
                          "run_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?)"_s,
                          {sqlId(id), kind, QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact)),
                           sqlId(organizationId), maxAttempts, sqlInstant(runAt.isValid() ? runAt : now),
                           sqlInstant(now), sqlInstant(now)});
    if (!done)
        return fail(done.error());
    return id;
}

Result<std::optional<Job>> JobQueue::claim(const QString &workerId, const QStringList &kinds, int leaseSeconds)
{
    if (kinds.isEmpty())
        return std::optional<Job>();
    QString placeholders;
    for (qsizetype i = 0; i < kinds.size(); ++i)
        placeholders += i == 0 ? u"?"_s : u", ?"_s;
    const QString pick = m_db.dialect() == Dialect::Postgres
        ? u"SELECT id FROM jobs WHERE status = 'pending' AND run_at <= ? AND kind IN ("_s + placeholders
            + u") ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED"_s
        : u"SELECT id FROM jobs WHERE status = 'pending' AND run_at <= ? AND kind IN ("_s + placeholders
            + u") ORDER BY run_at, id LIMIT 1"_s;
    const QString sql = u"UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ?, "
                        "locked_until = ?, updated_at = ? WHERE id = ("_s
        + pick + u") RETURNING id, kind, payload, organization_id, attempts, max_attempts, run_at"_s;
    const QDateTime now = m_clock.now();
    QVariantList values{workerId, sqlInstant(now.addSecs(leaseSeconds)), sqlInstant(now), sqlInstant(now)};
    for (const QString &kind : kinds)
        values.append(kind);
    return m_db.transaction([&]() -> Result<std::optional<Job>> {
        auto rows = m_db.exec(sql, values);
        if (!rows)
            return fail(rows.error());
        if (!rows->next())
            return std::optional<Job>();
        Job job;
        job.id = rows->id(0);
        job.kind = rows->text(1);
        const QVariant payload = rows->value(2);
        job.payload = QJsonDocument::fromJson(payload.toString().toUtf8()).object();
        job.organizationId = rows->id(3);
        job.attempts = int(rows->integer(4));
        job.maxAttempts = int(rows->integer(5));
        job.runAt = rows->instant(6);
        return std::optional<Job>(job);
    });
}

Status JobQueue::complete(const QUuid &jobId)
{
    const QDateTime now = m_clock.now();
    auto done = m_db.exec(u"UPDATE jobs SET status = 'done', locked_by = NULL, locked_until = NULL, last_error = NULL, "
                          "updated_at = ?, finished_at = ? WHERE id = ?"_s,
                          {sqlInstant(now), sqlInstant(now), sqlId(jobId)});
    if (!done)
        return fail(done.error());
    return {};
}

Status JobQueue::retryAt(const QUuid &jobId, const QString &error, const QDateTime &runAt)
{
    auto done = m_db.exec(u"UPDATE jobs SET status = 'pending', locked_by = NULL, locked_until = NULL, "
                          "last_error = ?, run_at = ?, updated_at = ? WHERE id = ?"_s,
                          {error.left(1000), sqlInstant(runAt), sqlInstant(m_clock.now()), sqlId(jobId)});
    if (!done)
        return fail(done.error());
    return {};
}

Status JobQueue::failPermanently(const QUuid &jobId, const QString &error)
{
    const QDateTime now = m_clock.now();
    auto done = m_db.exec(u"UPDATE jobs SET status = 'failed', locked_by = NULL, locked_until = NULL, "
                          "last_error = ?, updated_at = ?, finished_at = ? WHERE id = ?"_s,
                          {error.left(1000), sqlInstant(now), sqlInstant(now), sqlId(jobId)});
    if (!done)
        return fail(done.error());
    return {};
}

Result<int> JobQueue::recoverExpiredLeases()
{
    const QDateTime now = m_clock.now();
    auto done = m_db.exec(u"UPDATE jobs SET status = 'pending', locked_by = NULL, locked_until = NULL, updated_at = ? "
                          "WHERE status = 'running' AND locked_until < ?"_s,
                          {sqlInstant(now), sqlInstant(now)});
    if (!done)
        return fail(done.error());
    return done->rowsAffected();
}

Result<int> JobQueue::countWithStatus(const QString &status, const QString &kind)
{
    auto rows = kind.isEmpty()
        ? m_db.exec(u"SELECT COUNT(*) FROM jobs WHERE status = ?"_s, {status})
        : m_db.exec(u"SELECT COUNT(*) FROM jobs WHERE status = ? AND kind = ?"_s, {status, kind});
    if (!rows)
        return fail(rows.error());
    rows->next();
    return int(rows->integer(0));
}

Result<int> JobQueue::purgeFinished(const QDateTime &before)
{
    auto done = m_db.exec(u"DELETE FROM jobs WHERE status IN ('done', 'failed') AND finished_at < ?"_s,
                          {sqlInstant(before)});
    if (!done)
        return fail(done.error());
    return done->rowsAffected();
}

} // namespace vami
