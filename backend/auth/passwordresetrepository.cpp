#include "passwordresetrepository.h"

#include "core/ids.h"
#include "storage/database.h"
#include "storage/sqlvalue.h"

using namespace Qt::StringLiterals;

namespace vami {

namespace {

const QString Columns = u"id, user_id, requested_at, expires_at, used_at"_s;

PasswordReset readReset(const SqlRows &r)
{
    PasswordReset reset;
    reset.id = r.id(0);
    reset.userId = r.id(1);
    reset.requestedAt = r.instant(2);
    reset.expiresAt = r.instant(3);
    reset.usedAt = r.instant(4);
    return reset;
}

} // namespace

PasswordResetRepository::PasswordResetRepository(Database &database)
    : m_db(database)
{
}

Status PasswordResetRepository::insert(const PasswordReset &reset, const QString &clientAddress)
{
    auto done = m_db.exec(u"INSERT INTO password_resets (id, user_id, requested_at, client_address) VALUES (?, ?, ?, ?)"_s,
                          {sqlId(reset.id), sqlId(reset.userId), sqlInstant(reset.requestedAt), sqlText(clientAddress)});
    if (!done)
        return fail(done.error());
    return {};
}

Result<int> PasswordResetRepository::countRequestedSince(const QUuid &userId, const QDateTime &since)
{
    auto rows = m_db.exec(u"SELECT COUNT(*) FROM password_resets WHERE user_id = ? AND requested_at > ?"_s,
                          {sqlId(userId), sqlInstant(since)});
    if (!rows)
        return fail(rows.error());
    return rows->next() ? int(rows->integer(0)) : 0;
}

Result<std::optional<PasswordReset>> PasswordResetRepository::find(const QUuid &id)
{
    auto rows = m_db.exec(u"SELECT "_s + Columns + u" FROM password_resets WHERE id = ?"_s, {sqlId(id)});
    if (!rows)
        return fail(rows.error());
    if (!rows->next())
        return std::optional<PasswordReset>();
    return std::optional<PasswordReset>(readReset(*rows));
}

Status PasswordResetRepository::setToken(const QUuid &id, const QString &tokenHash, const QDateTime &expiresAt)
{
    auto done = m_db.exec(u"UPDATE password_resets SET token_hash = ?, expires_at = ? WHERE id = ? AND used_at IS NULL"_s,
                          {tokenHash, sqlInstant(expiresAt), sqlId(id)});
    if (!done)
        return fail(done.error());
    return {};
}

Result<std::optional<PasswordReset>> PasswordResetRepository::findUsable(const QString &tokenHash, const QDateTime &now)
{
    auto rows = m_db.exec(u"SELECT "_s + Columns
                              + u" FROM password_resets WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?"_s,
                          {tokenHash, sqlInstant(now)});
    if (!rows)
        return fail(rows.error());
    if (!rows->next())
        return std::optional<PasswordReset>();
    return std::optional<PasswordReset>(readReset(*rows));
}

Result<bool> PasswordResetRepository::useAll(const QUuid &userId, const QUuid &id, const QDateTime &at)
{
    auto mine = m_db.exec(u"UPDATE password_resets SET used_at = ? WHERE id = ? AND used_at IS NULL"_s,
                          {sqlInstant(at), sqlId(id)});
    if (!mine)
        return fail(mine.error());
    const bool wasOpen = mine->rowsAffected() == 1;
    auto others = m_db.exec(u"UPDATE password_resets SET used_at = ? WHERE user_id = ? AND used_at IS NULL"_s,
                            {sqlInstant(at), sqlId(userId)});
    if (!others)
        return fail(others.error());
    return wasOpen;
}

} // namespace vami
