#include "sessionrepository.h"

#include "storage/database.h"
#include "storage/rowreader.h"
#include "storage/sqlvalue.h"

using namespace Qt::StringLiterals;

namespace vami {

namespace {

const RowReader<SessionRow> &sessionColumns()
{
    static const RowReader<SessionRow> columns {
        column<&SessionRow::id>("s.id"),
        column<&SessionRow::userId>("s.user_id"),
        column<&SessionRow::organizationId>("s.organization_id"),
        column<&SessionRow::createdAt>("s.created_at"),
        column<&SessionRow::lastUsedAt>("s.last_used_at"),
        column<&SessionRow::idleExpiresAt>("s.idle_expires_at"),
        column<&SessionRow::expiresAt>("s.expires_at"),
        column<&SessionRow::revokedAt>("s.revoked_at"),
    };
    return columns;
}

const RowReader<SessionRepository::RefreshLookup> &refreshColumns()
{
    static const RowReader<SessionRepository::RefreshLookup> columns {
        column<&SessionRepository::RefreshLookup::usedAt>("t.used_at"),
    };
    return columns;
}

// What accepting an access token reads: the session, its user and the membership.
const RowReader<SessionAccess> &accessColumns()
{
    static const RowReader<SessionAccess> columns {
        column<&SessionAccess::email>("u.email"),
        column<&SessionAccess::tokenVersion>("u.token_version"),
        column<&SessionAccess::userStatus>("u.status"),
        column<&SessionAccess::role>("m.role"),
        column<&SessionAccess::memberStatus>("m.status"),
        column<&SessionAccess::revokedAt>("s.revoked_at"),
        column<&SessionAccess::expiresAt>("s.expires_at"),
    };
    return columns;
}

} // namespace

SessionRepository::SessionRepository(Database &database)
    : m_db(database)
{
}

Status SessionRepository::insertSession(const SessionRow &s, const ClientInfo &client)
{
    auto done = m_db.exec(u"INSERT INTO sessions (id, user_id, organization_id, created_at, last_used_at, "
                          "idle_expires_at, expires_at, client_address, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
                          {sqlId(s.id), sqlId(s.userId), sqlId(s.organizationId), sqlInstant(s.createdAt),
                           sqlInstant(s.lastUsedAt), sqlInstant(s.idleExpiresAt), sqlInstant(s.expiresAt),
                           sqlText(client.address.left(64)), sqlText(client.userAgent.left(512))});
    if (!done)
        return fail(done.error());
    return {};
}

Status SessionRepository::insertRefreshToken(const QString &tokenHash, const QUuid &sessionId, const QDateTime &at)
{
    auto done = m_db.exec(u"INSERT INTO refresh_tokens (token_hash, session_id, created_at) VALUES (?, ?, ?)"_s,
                          {tokenHash, sqlId(sessionId), sqlInstant(at)});
    if (!done)
        return fail(done.error());
    return {};
}

Result<std::optional<SessionRepository::RefreshLookup>> SessionRepository::findByRefreshHash(const QString &tokenHash)
{
    auto rows = m_db.exec(u"SELECT "_s + sessionColumns().selectList() + u", "_s + refreshColumns().selectList()
                              + u" FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id WHERE t.token_hash = ?"_s,
                          {tokenHash});
    if (!rows)
        return fail(rows.error());
    if (!rows->next())
        return std::optional<RefreshLookup>();
    RefreshLookup found = refreshColumns().read(*rows, sessionColumns().size());
    found.session = sessionColumns().read(*rows);
    return std::optional<RefreshLookup>(found);
}

Result<bool> SessionRepository::markRefreshUsed(const QString &tokenHash, const QDateTime &at)
{
    auto done = m_db.exec(u"UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL"_s,
                          {sqlInstant(at), tokenHash});
    if (!done)
        return fail(done.error());
    return done->rowsAffected() == 1;
}

Status SessionRepository::touch(const QUuid &sessionId, const QDateTime &lastUsed, const QDateTime &idleExpires)
{
    auto done = m_db.exec(u"UPDATE sessions SET last_used_at = ?, idle_expires_at = ? WHERE id = ?"_s,
                          {sqlInstant(lastUsed), sqlInstant(idleExpires), sqlId(sessionId)});
    if (!done)
        return fail(done.error());
    return {};
}

Result<std::optional<SessionAccess>> SessionRepository::access(const QUuid &sessionId, const QUuid &userId,
                                                              const QUuid &organizationId)
{
    auto rows = m_db.exec(u"SELECT "_s + accessColumns().selectList()
                              + u" FROM sessions s "
                          "JOIN users u ON u.id = s.user_id "
                          "JOIN team_members m ON m.organization_id = s.organization_id AND m.user_id = s.user_id "
                          "WHERE s.id = ? AND s.user_id = ? AND s.organization_id = ?"_s,
                          {sqlId(sessionId), sqlId(userId), sqlId(organizationId)});
    if (!rows)
        return fail(rows.error());
    if (!rows->next())
        return std::optional<SessionAccess>();
    return std::optional<SessionAccess>(accessColumns().read(*rows));
}

Status SessionRepository::revoke(const QUuid &sessionId, const QDateTime &at, const QString &reason)
{
    auto done = m_db.exec(u"UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL"_s,
                          {sqlInstant(at), reason, sqlId(sessionId)});
    if (!done)
        return fail(done.error());
    return {};
}

Status SessionRepository::revokeForMember(const QUuid &userId, const QUuid &organizationId, const QDateTime &at,
                                          const QString &reason)
{
    auto done = m_db.exec(u"UPDATE sessions SET revoked_at = ?, revoked_reason = ? "
                          "WHERE user_id = ? AND organization_id = ? AND revoked_at IS NULL"_s,
                          {sqlInstant(at), reason, sqlId(userId), sqlId(organizationId)});
    if (!done)
        return fail(done.error());
    return {};
}

Status SessionRepository::revokeAllForUser(const QUuid &userId, const QDateTime &at, const QString &reason)
{
    auto done = m_db.exec(u"UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE user_id = ? AND revoked_at IS NULL"_s,
                          {sqlInstant(at), reason, sqlId(userId)});
    if (!done)
        return fail(done.error());
    return {};
}

Result<int> SessionRepository::purgeEnded(const QDateTime &before)
{
    auto done = m_db.exec(u"DELETE FROM sessions WHERE expires_at < ? OR idle_expires_at < ? OR revoked_at < ?"_s,
                          {sqlInstant(before), sqlInstant(before), sqlInstant(before)});
    if (!done)
        return fail(done.error());
    return done->rowsAffected();
}

} // namespace vami
