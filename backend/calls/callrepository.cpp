#include "callrepository.h"

#include "storage/database.h"
#include "storage/rowreader.h"
#include "storage/sqlvalue.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

// metadata: SQL NULL reads as none, anything else as the object it holds.
std::optional<QJsonObject> readMetadata(const SqlRows &rows, int column)
{
    if (rows.isNull(column))
        return std::nullopt;
    return rows.jsonObject(column);
}

std::optional<qint64> readOptionalInteger(const SqlRows &rows, int column)
{
    if (rows.isNull(column))
        return std::nullopt;
    return rows.integer(column);
}

std::optional<bool> readOptionalBoolean(const SqlRows &rows, int column)
{
    if (rows.isNull(column))
        return std::nullopt;
    return rows.boolean(column);
}

const RowReader<Call> &callColumns()
{
    static const RowReader<Call> columns {
        column<&Call::id>("c.id"),
        column<&Call::organizationId>("c.organization_id"),
        column<&Call::agentId>("c.agent_id"),
        column<&Call::agentName>("a.name"),
        column<&Call::createdBy>("c.created_by"),
        column<&Call::direction>("c.direction"),
        column<&Call::phoneNumber>("c.phone_number"),
        column<&Call::status>("c.status"),
        column<&Call::endedReason>("c.ended_reason"),
        column<&Call::errorMessage>("c.error_message"),
        column<&Call::summary>("c.summary"),
        column<&Call::sentiment>("c.sentiment"),
        columnVia<readOptionalBoolean, &Call::callSuccessful>("c.call_successful"),
        columnVia<readOptionalInteger, &Call::durationSecs>("c.duration_secs"),
        columnVia<readMetadata, &Call::metadata>("c.metadata"),
        column<&Call::scheduledAt>("c.scheduled_at"),
        column<&Call::startedAt>("c.started_at"),
        column<&Call::answeredAt>("c.answered_at"),
        column<&Call::endedAt>("c.ended_at"),
        column<&Call::externalCallId>("c.external_call_id"),
        column<&Call::conversationId>("c.conversation_id"),
        column<&Call::createdAt>("c.created_at"),
        column<&Call::updatedAt>("c.updated_at"),
    };
    return columns;
}

const RowReader<CallEvent> &eventColumns()
{
    static const RowReader<CallEvent> columns {
        column<&CallEvent::id>("e.id"),
        column<&CallEvent::callId>("e.call_id"),
        column<&CallEvent::seq>("e.seq"),
        column<&CallEvent::fromStatus>("e.from_status"),
        column<&CallEvent::toStatus>("e.to_status"),
        column<&CallEvent::endedReason>("e.ended_reason"),
        column<&CallEvent::at>("e.at"),
        column<&CallEvent::detail>("e.detail"),
    };
    return columns;
}

const QString &fromCalls()
{
    static const QString from
        = u" FROM calls c LEFT JOIN agents a ON a.id = c.agent_id AND a.organization_id = c.organization_id"_s;
    return from;
}

template<NamedEnum E> QVariant sqlEnum(const std::optional<E> &value)
{
    return value ? QVariant(enumName(*value)) : QVariant();
}

QVariant sqlMetadata(const std::optional<QJsonObject> &metadata)
{
    if (!metadata)
        return {};
    return QString::fromUtf8(QJsonDocument(*metadata).toJson(QJsonDocument::Compact));
}

QVariant sqlOptional(const std::optional<qint64> &value)
{
    return value ? QVariant(*value) : QVariant();
}

QVariant sqlOptional(const std::optional<bool> &value)
{
    return value ? QVariant(*value) : QVariant();
}

// The instant a day starts, in UTC.
QString dayStart(const QDate &day)
{
    return storageInstantText(QDateTime(day, QTime(0, 0), Qt::UTC));
}

} // namespace

CallRepository::CallRepository(Database &database)
    : m_db(database)
{
}

Status CallRepository::insert(const Call &c)
{
    auto done = m_db.exec(
        u"INSERT INTO calls (id, organization_id, agent_id, created_by, direction, phone_number, status, ended_reason, "
        "error_message, summary, sentiment, call_successful, duration_secs, metadata, scheduled_at, started_at, "
        "answered_at, ended_at, external_call_id, conversation_id, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
        {sqlId(c.id), sqlId(c.organizationId), sqlId(c.agentId), sqlId(c.createdBy), enumName(c.direction),
         c.phoneNumber, enumName(c.status), sqlEnum(c.endedReason), sqlText(c.errorMessage), sqlText(c.summary),
         sqlEnum(c.sentiment), sqlOptional(c.callSuccessful), sqlOptional(c.durationSecs), sqlMetadata(c.metadata),
         sqlInstant(c.scheduledAt), sqlInstant(c.startedAt), sqlInstant(c.answeredAt), sqlInstant(c.endedAt),
         sqlText(c.externalCallId), sqlText(c.conversationId), sqlInstant(c.createdAt), sqlInstant(c.updatedAt)});
    if (!done)
        return fail(done.error());
    return {};
}

Result<std::optional<Call>> CallRepository::find(const QUuid &organizationId, const QUuid &callId)
{
    auto rows = m_db.exec(u"SELECT "_s + callColumns().selectList() + fromCalls()
                              + u" WHERE c.organization_id = ? AND c.id = ?"_s,
                          {sqlId(organizationId), sqlId(callId)});
    if (!rows)
        return fail(rows.error());
    if (!rows->next())
        return std::optional<Call>();
    return std::optional<Call>(callColumns().read(*rows));
}

Result<CallPage> CallRepository::list(const QUuid &organizationId, const CallQuery &query)
{
    QString where = u" WHERE c.organization_id = ?"_s;
    QVariantList values{sqlId(organizationId)};
    if (query.status) {
        where += u" AND c.status = ?"_s;
        values.append(enumName(*query.status));
    }
    if (query.direction) {
        where += u" AND c.direction = ?"_s;
        values.append(enumName(*query.direction));
    }
    if (query.sentiment) {
        where += u" AND c.sentiment = ?"_s;
        values.append(enumName(*query.sentiment));
    }
    if (query.agentId) {
        where += u" AND c.agent_id = ?"_s;
        values.append(sqlId(*query.agentId));
    }
    if (query.dateFrom) {
        where += u" AND c.created_at >= ?"_s;
        values.append(dayStart(*query.dateFrom));
    }
    if (query.dateTo) {
        where += u" AND c.created_at < ?"_s;
        values.append(dayStart(query.dateTo->addDays(1)));
    }
    if (!query.phoneDigits.isEmpty()) {
        // Digits only (the service checks), so no LIKE wildcard can come from input.
        where += u" AND c.phone_number LIKE ?"_s;
        values.append(QString(u"%"_s + query.phoneDigits + u"%"_s));
    }
    CallPage page;
    page.page = query.page;
    page.perPage = query.perPage;
    auto counted = m_db.exec(u"SELECT COUNT(*) FROM calls c"_s + where, values);
    if (!counted)
        return fail(counted.error());
    if (counted->next())
        page.total = counted->integer(0);
    const qint64 offset = qint64(query.page - 1) * query.perPage;
    if (page.total == 0 || offset >= page.total)
        return page;
    QVariantList pageValues = values;
    pageValues << query.perPage << offset;
    auto rows = m_db.exec(u"SELECT "_s + callColumns().selectList() + fromCalls() + where
                              + u" ORDER BY c.created_at DESC, c.id DESC LIMIT ? OFFSET ?"_s,
                          pageValues);
    if (!rows)
        return fail(rows.error());
    while (rows->next())
        page.calls.append(callColumns().read(*rows));
    return page;
}

Result<bool> CallRepository::updateIfStatus(const Call &c, CallStatus expected)
{
    auto done = m_db.exec(
        u"UPDATE calls SET status = ?, ended_reason = ?, error_message = ?, summary = ?, metadata = ?, "
        "started_at = ?, answered_at = ?, ended_at = ?, duration_secs = ?, updated_at = ? "
        "WHERE organization_id = ? AND id = ? AND status = ?"_s,
        {enumName(c.status), sqlEnum(c.endedReason), sqlText(c.errorMessage), sqlText(c.summary),
         sqlMetadata(c.metadata), sqlInstant(c.startedAt), sqlInstant(c.answeredAt), sqlInstant(c.endedAt),
         sqlOptional(c.durationSecs), sqlInstant(c.updatedAt), sqlId(c.organizationId), sqlId(c.id),
         enumName(expected)});
    if (!done)
        return fail(done.error());
    return done->rowsAffected() == 1;
}

Status CallRepository::appendEvent(const QUuid &organizationId, CallEvent &event)
{
    auto next = m_db.exec(u"SELECT COALESCE(MAX(seq), 0) + 1 FROM call_events WHERE call_id = ?"_s,
                          {sqlId(event.callId)});
    if (!next)
        return fail(next.error());
    event.seq = next->next() ? int(next->integer(0)) : 1;
    auto done = m_db.exec(u"INSERT INTO call_events (id, call_id, organization_id, seq, from_status, to_status, "
                          "ended_reason, at, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
                          {sqlId(event.id), sqlId(event.callId), sqlId(organizationId), event.seq,
                           sqlEnum(event.fromStatus), enumName(event.toStatus), sqlEnum(event.endedReason),
                           sqlInstant(event.at), sqlText(event.detail)});
    if (!done)
        return fail(done.error());
    return {};
}

Result<QList<CallEvent>> CallRepository::events(const QUuid &organizationId, const QUuid &callId)
{
    auto rows = m_db.exec(u"SELECT "_s + eventColumns().selectList()
                              + u" FROM call_events e WHERE e.organization_id = ? AND e.call_id = ? ORDER BY e.seq"_s,
                          {sqlId(organizationId), sqlId(callId)});
    if (!rows)
        return fail(rows.error());
    QList<CallEvent> events;
    while (rows->next())
        events.append(eventColumns().read(*rows));
    return events;
}

Result<QList<CallRef>> CallRepository::staleCalls(const QDateTime &ringingBefore, const QDateTime &inProgressBefore,
                                                  int limit)
{
    // calls_live (0102) holds only ringing and in_progress rows, so this reads no
    // ended call however many there are.
    auto rows = m_db.exec(u"SELECT organization_id, id FROM calls "
                          "WHERE (status = ? AND started_at < ?) OR (status = ? AND answered_at < ?) "
                          "ORDER BY updated_at, id LIMIT ?"_s,
                          {enumName(CallStatus::Ringing), sqlInstant(ringingBefore), enumName(CallStatus::InProgress),
                           sqlInstant(inProgressBefore), limit});
    if (!rows)
        return fail(rows.error());
    QList<CallRef> refs;
    while (rows->next())
        refs.append(CallRef{rows->id(0), rows->id(1)});
    return refs;
}

} // namespace vami
