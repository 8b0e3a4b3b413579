#include "sessionrepository.h"

#include "storage/database.h"
#include "storage/sqlvalue.h"

using namespace Qt::StringLiterals;

namespace vami {

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
    auto rows = m_db.exec(u"SELECT s.id, s.user_id, s.organization_id, s.created_at, s.last_used_at, "
                          "s.idle_expires_at, s.expires_at, s.revoked_at, t.used_at "
                          "FROM refresh_tokens t JOIN sessions s ON s.id = t.session_id WHERE t.token_hash = ?"_s,
                          {tokenHash});
    if (!rows)
        return fail(rows.error());
    if (!rows->next())
        return std::optional<RefreshLookup>();
    RefreshLookup found;
    found.session = SessionRow{rows->id(0),      rows->id(1),      rows->id(2),      rows->instant(3),
                               rows->instant(4), rows->instant(5), rows->instant(6), rows->instant(7)};
    found.usedAt = rows->instant(8);
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
    auto rows = m_db.exec(u"SELECT u.email, u.token_version, u.status, m.role, m.status, s.revoked_at, s.expires_at "
                          "FROM sessions s "
                          "JOIN users u ON u.id = s.user_id "
                          "JOIN team_members m ON m.organization_id = s.organization_id AND m.user_id = s.user_id "
                          "WHERE s.id = ? AND s.user_id = ? AND s.organization_id = ?"_s,
                          {sqlId(sessionId), sqlId(userId), sqlId(organizationId)});
    if (!rows)
        return fail(rows.error());
    if (!rows->next())
        return std::optional<SessionAccess>();
    SessionAccess a;
    a.email = rows->text(0);
    a.tokenVersion = int(rows->integer(1));
    a.userStatus = rows->text(2);
    a.role = parseRole(rows->text(3)).value_or(Role::Member);
    a.memberStatus = rows->text(4);
    a.revokedAt = rows->instant(5);
    a.expiresAt = rows->instant(6);
    return std::optional<SessionAccess>(a);
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
