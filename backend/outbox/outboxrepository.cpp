#include "outboxrepository.h"

#include "storage/database.h"
#include "storage/sqlvalue.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

const QString Select = u"SELECT id, organization_id, purpose, related_id, to_address, to_name, data, subject, status, "
                       "attempts, last_error, message_id, created_at, sent_at FROM email_outbox "_s;

OutboxMail readMail(const SqlRows &r)
{
    OutboxMail m;
    m.id = r.id(0);
    m.organizationId = r.id(1);
    m.purpose = r.text(2);
    m.relatedId = r.id(3);
    m.toAddress = r.text(4);
    m.toName = r.text(5);
    m.data = QJsonDocument::fromJson(r.value(6).toString().toUtf8()).object();
    m.subject = r.text(7);
    m.status = r.text(8);
    m.attempts = int(r.integer(9));
    m.lastError = r.text(10);
    m.messageId = r.text(11);
    m.createdAt = r.instant(12);
    m.sentAt = r.instant(13);
    return m;
}

} // namespace

OutboxRepository::OutboxRepository(Database &database)
    : m_db(database)
{
}

Status OutboxRepository::insert(const OutboxMail &m)
{
    auto done = m_db.exec(u"INSERT INTO email_outbox (id, organization_id, purpose, related_id, to_address, to_name, "
                          "data, status, attempts, message_id, created_at, updated_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)"_s,
                          {sqlId(m.id), sqlId(m.organizationId), m.purpose, sqlId(m.relatedId), m.toAddress,
                           sqlText(m.toName), QString::fromUtf8(QJsonDocument(m.data).toJson(QJsonDocument::Compact)),
                           m.messageId, sqlInstant(m.createdAt), sqlInstant(m.createdAt)});
    if (!done)
        return fail(done.error());
    return {};
}

Result<std::optional<OutboxMail>> OutboxRepository::find(const QUuid &id)
{
    auto rows = m_db.exec(Select + u"WHERE id = ?"_s, {sqlId(id)});
    if (!rows)
        return fail(rows.error());
    if (!rows->next())
        return std::optional<OutboxMail>();
    return std::optional<OutboxMail>(readMail(*rows));
}

Status OutboxRepository::markSent(const QUuid &id, const QString &subject, const QDateTime &at)
{
    auto done = m_db.exec(u"UPDATE email_outbox SET status = 'sent', subject = ?, attempts = attempts + 1, "
                          "last_error = NULL, sent_at = ?, updated_at = ? WHERE id = ?"_s,
                          {subject, sqlInstant(at), sqlInstant(at), sqlId(id)});
    if (!done)
        return fail(done.error());
    return {};
}

Status OutboxRepository::recordFailure(const QUuid &id, const QString &error, bool final, const QDateTime &at)
{
    auto done = m_db.exec(u"UPDATE email_outbox SET status = ?, attempts = attempts + 1, last_error = ?, "
                          "updated_at = ? WHERE id = ? AND status = 'pending'"_s,
                          {final ? u"failed"_s : u"pending"_s, error.left(500), sqlInstant(at), sqlId(id)});
    if (!done)
        return fail(done.error());
    return {};
}

Status OutboxRepository::markCancelled(const QUuid &id, const QDateTime &at)
{
    auto done = m_db.exec(u"UPDATE email_outbox SET status = 'cancelled', updated_at = ? "
                          "WHERE id = ? AND status = 'pending'"_s,
                          {sqlInstant(at), sqlId(id)});
    if (!done)
        return fail(done.error());
    return {};
}

Result<int> OutboxRepository::cancelPendingFor(const QString &purpose, const QUuid &relatedId, const QDateTime &at)
{
    auto done = m_db.exec(u"UPDATE email_outbox SET status = 'cancelled', updated_at = ? "
                          "WHERE purpose = ? AND related_id = ? AND status = 'pending'"_s,
                          {sqlInstant(at), purpose, sqlId(relatedId)});
    if (!done)
        return fail(done.error());
    return done->rowsAffected();
}

Result<QList<OutboxMail>> OutboxRepository::listForOrganization(const QUuid &organizationId, int limit)
{
    auto rows = m_db.exec(Select + u"WHERE organization_id = ? ORDER BY created_at DESC, id LIMIT ?"_s,
                          {sqlId(organizationId), limit});
    if (!rows)
        return fail(rows.error());
    QList<OutboxMail> out;
    while (rows->next())
        out.append(readMail(*rows));
    return out;
}

} // namespace vami
