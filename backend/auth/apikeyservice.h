#pragma once

#include "apikey.h"
#include "apikeyrepository.h"

#include "core/actor.h"
#include "core/result.h"

namespace vami {

class Clock;
class Database;

struct ApiKeyInput
{
    QString name;
    QString description;
    std::optional<int> expiresInDays;    // 1..3650
    QDateTime expiresAt;                 // alternative to expiresInDays
    std::optional<QStringList> permissions; // action names of the permission matrix
};

// API keys of an organization's members. Each member manages their own keys;
// owners and admins also see and revoke everyone's keys in the organization. A key
// acts with its creator's current role (limited further by its permissions) and
// stops working when the creator leaves the organization.
class ApiKeyService
{
public:
    // The error for a key id that names no key of the caller's organization (also
    // answered by the HTTP face for a path id that is not an id).
    [[nodiscard]] static Error keyNotFound();

    static constexpr int MaxActiveKeysPerMember = 50;

    ApiKeyService(Database &database, const Clock &clock);

    Result<CreatedApiKey> create(const Actor &actor, const ApiKeyInput &input);
    Result<QList<ApiKey>> list(const Actor &actor);
    Status revoke(const Actor &actor, const QUuid &keyId);

private:
    Database &m_db;
    const Clock &m_clock;
    ApiKeyRepository m_keys;
};

} // namespace vami
