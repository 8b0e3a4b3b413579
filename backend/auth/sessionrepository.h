#pragma once

#include "signedin.h"

#include "core/result.h"
#include "core/role.h"
#include "team/memberstatus.h"
#include "userstatus.h"

#include <QDateTime>
#include <QString>
#include <QUuid>

#include <optional>

namespace vami {

class Database;

struct SessionRow
{
    QUuid id;
    QUuid userId;
    QUuid organizationId;
    QDateTime createdAt;
    QDateTime lastUsedAt;
    QDateTime idleExpiresAt;
    QDateTime expiresAt;
    QDateTime revokedAt;
};

// What is needed to accept an access token for a session: one indexed query.
struct SessionAccess
{
    QString email;
    int tokenVersion = 0;
    std::optional<UserStatus> userStatus;     // none for a name the code does not know (refused)
    std::optional<Role> role;                 // likewise
    std::optional<MemberStatus> memberStatus; // likewise
    QDateTime revokedAt;
    QDateTime expiresAt;
};

// All SQL of the sessions and refresh_tokens tables. Refresh tokens are stored as
// SHA-256 hex only.
class SessionRepository
{
public:
    explicit SessionRepository(Database &database);

    Status insertSession(const SessionRow &session, const ClientInfo &client);
    Status insertRefreshToken(const QString &tokenHash, const QUuid &sessionId, const QDateTime &at);

    struct RefreshLookup
    {
        SessionRow session;
        QDateTime usedAt;
    };
    Result<std::optional<RefreshLookup>> findByRefreshHash(const QString &tokenHash);
    // True when the token was unused and is now marked used; false when it had been used.
    Result<bool> markRefreshUsed(const QString &tokenHash, const QDateTime &at);
    Status touch(const QUuid &sessionId, const QDateTime &lastUsed, const QDateTime &idleExpires);

    Result<std::optional<SessionAccess>> access(const QUuid &sessionId, const QUuid &userId,
                                                const QUuid &organizationId);

    Status revoke(const QUuid &sessionId, const QDateTime &at, const QString &reason);
    Status revokeForMember(const QUuid &userId, const QUuid &organizationId, const QDateTime &at,
                           const QString &reason);
    // Every session of the user, in every organization.
    Status revokeAllForUser(const QUuid &userId, const QDateTime &at, const QString &reason);
    // Removes sessions that ended (expired or revoked) before `before`.
    Result<int> purgeEnded(const QDateTime &before);

private:
    Database &m_db;
};

} // namespace vami
