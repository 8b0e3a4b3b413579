#pragma once

#include "user.h"

#include "core/result.h"

#include <QString>
#include <QUuid>

#include <optional>

namespace vami {

class Database;

struct UserCredentials
{
    User user;
    QString passwordHash;
};

// All SQL of the users table.
class UserRepository
{
public:
    explicit UserRepository(Database &database);

    Status insert(const User &user, const QString &passwordHash);
    Result<std::optional<UserCredentials>> findByEmail(const QString &normalizedEmail);
    Result<std::optional<UserCredentials>> findById(const QUuid &id);
    Result<bool> emailExists(const QString &normalizedEmail);
    // Whether the database holds any account at all (a desktop's first start has none).
    Result<bool> anyExists();
    Status updatePasswordHash(const QUuid &id, const QString &passwordHash, const QDateTime &at);
    // Sets a new password after a proof through the mailbox: the address counts as
    // verified and every access token issued before stops working.
    Status resetPassword(const QUuid &id, const QString &passwordHash, const QDateTime &at);
    Status setDefaultOrganization(const QUuid &id, const QUuid &organizationId, const QDateTime &at);
    Status touchLastActive(const QUuid &id, const QDateTime &at);

private:
    Result<std::optional<UserCredentials>> findOne(const QString &where, const QVariant &value);

    Database &m_db;
};

} // namespace vami
