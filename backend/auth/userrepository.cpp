#include "userrepository.h"

#include "core/ids.h"
#include "core/instant.h"
#include "storage/database.h"
#include "storage/sqlvalue.h"

using namespace Qt::StringLiterals;

namespace vami {

namespace {

const QString Columns = u"id, email, password_hash, full_name, company_name, avatar_url, phone_number, timezone, "
                        "language, plan, subscription_status, stripe_customer_id, stripe_subscription_id, "
                        "current_period_end, status, token_version, default_organization_id, last_active_at, "
                        "created_at, updated_at, email_verified"_s;

UserCredentials readUser(const SqlRows &r)
{
    UserCredentials c;
    User &u = c.user;
    u.id = r.id(0);
    u.email = r.text(1);
    c.passwordHash = r.text(2);
    u.fullName = r.text(3);
    u.companyName = r.text(4);
    u.avatarUrl = r.text(5);
    u.phoneNumber = r.text(6);
    u.timezone = r.text(7);
    u.language = r.text(8);
    u.plan = r.text(9);
    u.subscriptionStatus = r.text(10);
    u.stripeCustomerId = r.text(11);
    u.stripeSubscriptionId = r.text(12);
    u.currentPeriodEnd = r.instant(13);
    u.status = r.text(14);
    u.tokenVersion = int(r.integer(15));
    u.defaultOrganizationId = r.id(16);
    u.lastActiveAt = r.instant(17);
    u.createdAt = r.instant(18);
    u.updatedAt = r.instant(19);
    u.emailVerified = r.boolean(20);
    return c;
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
                           u.subscriptionStatus, u.status, u.tokenVersion, sqlId(u.defaultOrganizationId),
                           storageInstantText(u.createdAt), storageInstantText(u.updatedAt), u.emailVerified});
    if (!done)
        return fail(done.error());
    return {};
}

Result<std::optional<UserCredentials>> UserRepository::findOne(const QString &where, const QVariant &value)
{
    auto rows = m_db.exec(u"SELECT "_s + Columns + u" FROM users WHERE "_s + where, {value});
    if (!rows)
        return fail(rows.error());
    if (!rows->next())
        return std::optional<UserCredentials>();
    return std::optional<UserCredentials>(readUser(*rows));
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
