#pragma once

#include "apikey.h"

#include "core/result.h"
#include "core/role.h"
#include "team/memberstatus.h"
#include "userstatus.h"

#include <optional>

namespace vami {

class Database;

// What is needed to accept an API key: the key and its creator's membership.
struct ApiKeyAccess
{
    ApiKey key;
    QDateTime revokedAt;
    QString email;
    std::optional<UserStatus> userStatus; // none for a name the code does not know (refused)
    Role role = Role::Member;
    std::optional<MemberStatus> memberStatus; // none without a membership
};

// All SQL of the api_keys table.
class ApiKeyRepository
{
public:
    explicit ApiKeyRepository(Database &database);

    Status insert(const ApiKey &key, const QString &keyHash);
    // Active (not revoked) keys of the organization, newest first; only `userId`'s when given.
    Result<QList<ApiKey>> list(const QUuid &organizationId, const std::optional<QUuid> &userId);
    Result<std::optional<ApiKey>> find(const QUuid &organizationId, const QUuid &keyId);
    // True when an active key was revoked.
    Result<bool> revoke(const QUuid &organizationId, const QUuid &keyId, const QDateTime &at);
    Status revokeForMember(const QUuid &organizationId, const QUuid &userId, const QDateTime &at);
    // Every key the user created, in every organization.
    Status revokeAllForUser(const QUuid &userId, const QDateTime &at);
    Result<int> countActive(const QUuid &organizationId, const QUuid &userId);
    Result<std::optional<ApiKeyAccess>> findForAuthentication(const QString &keyHash);
    Status touchLastUsed(const QUuid &keyId, const QDateTime &at);

private:
    Database &m_db;
};

} // namespace vami
