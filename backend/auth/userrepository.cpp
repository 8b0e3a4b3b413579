#include "userrepository.h"

#include "core/ids.h"
#include "core/instant.h"
#include "storage/database.h"
#include "storage/rowreader.h"
#include "storage/sqlvalue.h"

using namespace Qt::StringLiterals;

namespace vami {

namespace {

// A status the code does not know reads as disabled: such an account cannot sign in.
UserStatus readStatus(const SqlRows &rows, int column)
{
    return parseEnum<UserStatus>(rows.utf8(column)).value_or(UserStatus::Disabled);
}

// Every column of a user, by the field it fills.
const RowReader<UserCredentials> &userColumns()
{
    using C = UserCredentials;
    static const RowReader<UserCredentials> columns {
        column<&C::user, &User::id>("id"),
        column<&C::user, &User::email>("email"),
        column<&C::passwordHash>("password_hash"),
        column<&C::user, &User::fullName>("full_name"),
        column<&C::user, &User::companyName>("company_name"),
        column<&C::user, &User::avatarUrl>("avatar_url"),
        column<&C::user, &User::phoneNumber>("phone_number"),
        column<&C::user, &User::timezone>("timezone"),
        column<&C::user, &User::language>("language"),
        column<&C::user, &User::plan>("plan"),
        column<&C::user, &User::subscriptionStatus>("subscription_status"),
        column<&C::user, &User::stripeCustomerId>("stripe_customer_id"),
        column<&C::user, &User::stripeSubscriptionId>("stripe_subscription_id"),
        column<&C::user, &User::currentPeriodEnd>("current_period_end"),
        columnVia<readStatus, &C::user, &User::status>("status"),
        column<&C::user, &User::tokenVersion>("token_version"),
        column<&C::user, &User::defaultOrganizationId>("default_organization_id"),
        column<&C::user, &User::lastActiveAt>("last_active_at"),
        column<&C::user, &User::createdAt>("created_at"),
        column<&C::user, &User::updatedAt>("updated_at"),
        column<&C::user, &User::emailVerified>("email_verified"),
    };
    return columns;
}

} // namespace

UserRepository::UserRepository(Database &database)
    : m_db(database)
{
}

Status UserRepository::insert(const User &u, const QString &passwordHash)
{
    auto done = m_db.exec(u"INSERT INTO users (id, email, password_hash, full_name, company_name, avatar_url, "
                          "phone_number, timezone, language, plan, subscription_status, status, token_version, "
                          "default_organization_id, created_at, updated_at, email_verified) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
                          {idText(u.id), u.email, passwordHash, sqlText(u.fullName), sqlText(u.companyName),
                           sqlText(u.avatarUrl), sqlText(u.phoneNumber), u.timezone, u.language, u.plan,
                           u.subscriptionStatus, enumName(u.status), u.tokenVersion, sqlId(u.defaultOrganizationId),
                           storageInstantText(u.createdAt), storageInstantText(u.updatedAt), u.emailVerified});
    if (!done)
        return fail(done.error());
    return {};
}

Result<std::optional<UserCredentials>> UserRepository::findOne(const QString &where, const QVariant &value)
{
    auto rows = m_db.exec(u"SELECT "_s + userColumns().selectList() + u" FROM users WHERE "_s + where, {value});
    if (!rows)
        return fail(rows.error());
    if (!rows->next())
        return std::optional<UserCredentials>();
    return std::optional<UserCredentials>(userColumns().read(*rows));
}

Result<std::optional<UserCredentials>> UserRepository::findByEmail(const QString &normalizedEmail)
{
    return findOne(u"email = ?"_s, normalizedEmail);
}

Result<std::optional<UserCredentials>> UserRepository::findById(const QUuid &id)
{
    return findOne(u"id = ?"_s, idText(id));
}

Result<bool> UserRepository::emailExists(const QString &normalizedEmail)
{
    auto rows = m_db.exec(u"SELECT 1 FROM users WHERE email = ?"_s, {normalizedEmail});
    if (!rows)
        return fail(rows.error());
    return rows->next();
}

Result<bool> UserRepository::anyExists()
{
    auto rows = m_db.exec(u"SELECT 1 FROM users LIMIT 1"_s, {});
    if (!rows)
        return fail(rows.error());
    return rows->next();
}

Status UserRepository::updatePasswordHash(const QUuid &id, const QString &passwordHash, const QDateTime &at)
{
    auto done = m_db.exec(u"UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?"_s,
                          {passwordHash, storageInstantText(at), idText(id)});
    if (!done)
        return fail(done.error());
    return {};
}

Status UserRepository::resetPassword(const QUuid &id, const QString &passwordHash, const QDateTime &at)
{
    auto done = m_db.exec(u"UPDATE users SET password_hash = ?, email_verified = ?, token_version = token_version + 1, "
                          "updated_at = ? WHERE id = ?"_s,
                          {passwordHash, true, storageInstantText(at), idText(id)});
    if (!done)
        return fail(done.error());
    return {};
}

Status UserRepository::setDefaultOrganization(const QUuid &id, const QUuid &organizationId, const QDateTime &at)
{
    auto done = m_db.exec(u"UPDATE users SET default_organization_id = ?, updated_at = ? WHERE id = ?"_s,
                          {sqlId(organizationId), storageInstantText(at), idText(id)});
    if (!done)
        return fail(done.error());
    return {};
}

Status UserRepository::touchLastActive(const QUuid &id, const QDateTime &at)
{
    auto done = m_db.exec(u"UPDATE users SET last_active_at = ? WHERE id = ?"_s, {storageInstantText(at), idText(id)});
    if (!done)
        return fail(done.error());
    return {};
}

} // namespace vami
