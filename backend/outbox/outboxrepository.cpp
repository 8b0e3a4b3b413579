#include "outboxrepository.h"

#include "storage/database.h"
#include "storage/sqlvalue.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

const QString Select = u"SELECT id, organization_id, channel, purpose, related_id, recipient, payload, reference, "
                       "status, attempts, last_error, summary, created_at, sent_at FROM outbox "_s;

OutboxItem readItem(const SqlRows &r)
{
    OutboxItem m;
    m.id = r.id(0);
    m.organizationId = r.id(1);
    m.channel = r.text(2);
    m.purpose = r.text(3);
    m.relatedId = r.id(4);
    m.recipient = r.text(5);
    m.payload = QJsonDocument::fromJson(r.value(6).toString().toUtf8()).object();
    m.reference = r.text(7);
    m.status = parseOutboxStatus(r.text(8)).value_or(OutboxStatus::Pending);
    m.attempts = int(r.integer(9));
    m.lastError = r.text(10);
    m.summary = r.text(11);
    m.createdAt = r.instant(12);
    m.sentAt = r.instant(13);
    return m;
}

} // namespace

OutboxRepository::OutboxRepository(Database &database)
    : m_db(database)
{ }

Status OutboxRepository::insert(const OutboxItem &m)
{
    auto done = m_db.exec(u"INSERT INTO outbox (id, organization_id, channel, purpose, related_id, recipient, payload, "
                          "reference, status, attempts, created_at, updated_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)"_s,
        {sqlId(m.id), sqlId(m.organizationId), m.channel, m.purpose, sqlId(m.relatedId), m.recipient,
            QString::fromUtf8(QJsonDocument(m.payload).toJson(QJsonDocument::Compact)), m.reference,
            sqlInstant(m.createdAt), sqlInstant(m.createdAt)});
    if (!done)
        return fail(done.error());
    return {};
}

Result<std::optional<OutboxItem>> OutboxRepository::find(const QUuid &id)
{
    auto rows = m_db.exec(Select + u"WHERE id = ?"_s, {sqlId(id)});
    if (!rows)
        return fail(rows.error());
    if (!rows->next())
        return std::optional<OutboxItem>();
    return std::optional<OutboxItem>(readItem(*rows));
}

Result<bool> OutboxRepository::changePending(const QString &assignments, const QVariantList &values, const QUuid &id)
{
    auto done = m_db.exec(u"UPDATE outbox SET "_s + assignments + u" WHERE id = ? AND status = 'pending'"_s,
        values + QVariantList {sqlId(id)});
    if (!done)
        return fail(done.error());
    return done->rowsAffected() == 1;
}

Result<bool> OutboxRepository::markSent(const QUuid &id, const QString &summary, const QDateTime &at)
{
    return changePending(u"status = 'sent', summary = ?, attempts = attempts + 1, last_error = NULL, sent_at = ?, "
                         "updated_at = ?"_s,
        {sqlText(summary), sqlInstant(at), sqlInstant(at)}, id);
}

Result<bool> OutboxRepository::recordAttempt(const QUuid &id, const QString &error, const QDateTime &at)
{
    return changePending(
        u"attempts = attempts + 1, last_error = ?, updated_at = ?"_s, {error.left(500), sqlInstant(at)}, id);
}

Result<bool> OutboxRepository::markFailed(const QUuid &id, const QString &error, const QDateTime &at)
{
    return changePending(u"status = 'failed', attempts = attempts + 1, last_error = ?, updated_at = ?"_s,
        {error.left(500), sqlInstant(at)}, id);
}

Result<bool> OutboxRepository::markCancelled(const QUuid &id, const QDateTime &at)
{
    return changePending(u"status = 'cancelled', updated_at = ?"_s, {sqlInstant(at)}, id);
}

Result<QList<std::pair<QUuid, QString>>> OutboxRepository::cancelPendingFor(
    const QString &purpose, const QUuid &relatedId, const QDateTime &at)
{
    auto rows = m_db.exec(u"UPDATE outbox SET status = 'cancelled', updated_at = ? "
                          "WHERE purpose = ? AND related_id = ? AND status = 'pending' RETURNING id, channel"_s,
        {sqlInstant(at), purpose, sqlId(relatedId)});
    if (!rows)
        return fail(rows.error());
    QList<std::pair<QUuid, QString>> out;
    while (rows->next())
        out.append({rows->id(0), rows->text(1)});
    return out;
}

Result<QList<OutboxItem>> OutboxRepository::listForOrganization(const QUuid &organizationId, int limit)
{
    auto rows = m_db.exec(
        Select + u"WHERE organization_id = ? ORDER BY created_at DESC, id LIMIT ?"_s, {sqlId(organizationId), limit});
    if (!rows)
        return fail(rows.error());
    QList<OutboxItem> out;
    while (rows->next())
        out.append(readItem(*rows));
    return out;
}

} // namespace vami
