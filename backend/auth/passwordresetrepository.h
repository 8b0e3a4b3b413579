#pragma once

#include "core/result.h"

#include <QDateTime>
#include <QString>
#include <QUuid>

#include <optional>

namespace vami {

class Database;

// A password reset someone asked for; its token exists once the e-mail is sent.
struct PasswordReset
{
    QUuid id;
    QUuid userId;
    QDateTime requestedAt;
    QDateTime expiresAt;
    QDateTime usedAt;
};

// All SQL of the password_resets table. Tokens are stored as SHA-256 hex only.
class PasswordResetRepository
{
public:
    explicit PasswordResetRepository(Database &database);

    Status insert(const PasswordReset &reset, const QString &clientAddress);
    Result<int> countRequestedSince(const QUuid &userId, const QDateTime &since);
    Result<std::optional<PasswordReset>> find(const QUuid &id);
    // A new token for the reset (the one of an earlier attempt stops working).
    Status setToken(const QUuid &id, const QString &tokenHash, const QDateTime &expiresAt);
    // The unused reset whose token this is, if it has not expired at `now`.
    Result<std::optional<PasswordReset>> findUsable(const QString &tokenHash, const QDateTime &now);
    // Uses every open reset of the user (the one presented and any other); true
    // when `id` was still unused.
    Result<bool> useAll(const QUuid &userId, const QUuid &id, const QDateTime &at);

private:
    Database &m_db;
};

} // namespace vami
