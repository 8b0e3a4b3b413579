#include "outboxrepository.h"

#include "storage/database.h"
#include "storage/rowreader.h"
#include "storage/sqlvalue.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

const RowReader<OutboxItem> &itemColumns()
{
    static const RowReader<OutboxItem> columns {
        column<&OutboxItem::id>("id"),
        column<&OutboxItem::organizationId>("organization_id"),
        column<&OutboxItem::channel>("channel"),
        column<&OutboxItem::purpose>("purpose"),
        column<&OutboxItem::relatedId>("related_id"),
        column<&OutboxItem::recipient>("recipient"),
        column<&OutboxItem::payload>("payload"),
        column<&OutboxItem::reference>("reference"),
        column<&OutboxItem::status>("status"),
        column<&OutboxItem::attempts>("attempts"),
        column<&OutboxItem::lastError>("last_error"),
        column<&OutboxItem::summary>("summary"),
        column<&OutboxItem::createdAt>("created_at"),
        column<&OutboxItem::sentAt>("sent_at"),
    };
    return columns;
}

QString select()
{
    return u"SELECT "_s + itemColumns().selectList() + u" FROM outbox "_s;
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
    auto rows = m_db.exec(select() + u"WHERE id = ?"_s, {sqlId(id)});
    if (!rows)
        return fail(rows.error());
    if (!rows->next())
        return std::optional<OutboxItem>();
    return std::optional<OutboxItem>(itemColumns().read(*rows));
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
        select() + u"WHERE organization_id = ? ORDER BY created_at DESC, id LIMIT ?"_s, {sqlId(organizationId), limit});
    if (!rows)
        return fail(rows.error());
    QList<OutboxItem> out;
    while (rows->next())
        out.append(itemColumns().read(*rows));
    return out;
}

} // namespace vami
