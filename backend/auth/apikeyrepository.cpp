#include "apikeyrepository.h"

#include "storage/database.h"
#include "storage/rowreader.h"
#include "storage/sqlvalue.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

QVariant permissionsValue(const std::optional<QList<Permission>> &permissions)
{
    if (!permissions)
        return QVariant();
    QJsonArray array;
    for (Permission p : *permissions)
        array.append(permissionName(p));
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

// A JSON array of permission names; SQL NULL (every permission of the role) reads as none.
std::optional<QList<Permission>> readPermissions(const SqlRows &rows, int column)
{
    if (rows.isNull(column))
        return std::nullopt;
    QList<Permission> out;
    const QJsonArray array = QJsonDocument::fromJson(rows.utf8(column).toByteArray()).array();
    for (const QJsonValue &v : array) {
        if (auto p = parsePermission(v.toString()))
            out.append(*p);
    }
    return out;
}

const RowReader<ApiKey> &keyColumns()
{
    static const RowReader<ApiKey> columns {
        column<&ApiKey::id>("k.id"),
        column<&ApiKey::organizationId>("k.organization_id"),
        column<&ApiKey::userId>("k.user_id"),
        column<&ApiKey::name>("k.name"),
        column<&ApiKey::description>("k.description"),
        column<&ApiKey::keyPreview>("k.key_preview"),
        columnVia<readPermissions, &ApiKey::permissions>("k.permissions"),
        column<&ApiKey::isActive>("k.is_active"),
        column<&ApiKey::createdAt>("k.created_at"),
        column<&ApiKey::expiresAt>("k.expires_at"),
        column<&ApiKey::lastUsedAt>("k.last_used_at"),
    };
    return columns;
}

// What authentication reads beside the key, from its creator and their membership.
const RowReader<ApiKeyAccess> &accessColumns()
{
    static const RowReader<ApiKeyAccess> columns {
        column<&ApiKeyAccess::revokedAt>("k.revoked_at"),
        column<&ApiKeyAccess::email>("u.email"),
        column<&ApiKeyAccess::userStatus>("u.status"),
        column<&ApiKeyAccess::role>("m.role"),
        column<&ApiKeyAccess::memberStatus>("m.status"),
    };
    return columns;
}

} // namespace

ApiKeyRepository::ApiKeyRepository(Database &database)
    : m_db(database)
{
}

Status ApiKeyRepository::insert(const ApiKey &k, const QString &keyHash)
{
    auto done = m_db.exec(u"INSERT INTO api_keys (id, organization_id, user_id, name, description, key_hash, "
                          "key_preview, permissions, is_active, created_at, expires_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
                          {sqlId(k.id), sqlId(k.organizationId), sqlId(k.userId), k.name, sqlText(k.description),
                           keyHash, k.keyPreview, permissionsValue(k.permissions), k.isActive,
                           sqlInstant(k.createdAt), sqlInstant(k.expiresAt)});
    if (!done)
        return fail(done.error());
    return {};
}

Result<QList<ApiKey>> ApiKeyRepository::list(const QUuid &organizationId, const std::optional<QUuid> &userId)
{
    QString sql = u"SELECT "_s + keyColumns().selectList()
        + u" FROM api_keys k WHERE k.organization_id = ? AND k.revoked_at IS NULL"_s;
    QVariantList values{sqlId(organizationId)};
    if (userId) {
        sql += u" AND k.user_id = ?"_s;
        values.append(sqlId(*userId));
    }
    sql += u" ORDER BY k.created_at DESC, k.id"_s;
    auto rows = m_db.exec(sql, values);
    if (!rows)
        return fail(rows.error());
    QList<ApiKey> keys;
    while (rows->next())
        keys.append(keyColumns().read(*rows));
    return keys;
}

Result<std::optional<ApiKey>> ApiKeyRepository::find(const QUuid &organizationId, const QUuid &keyId)
{
    auto rows = m_db.exec(u"SELECT "_s + keyColumns().selectList()
                              + u" FROM api_keys k WHERE k.organization_id = ? AND k.id = ? AND k.revoked_at IS NULL"_s,
                          {sqlId(organizationId), sqlId(keyId)});
    if (!rows)
        return fail(rows.error());
    if (!rows->next())
        return std::optional<ApiKey>();
    return std::optional<ApiKey>(keyColumns().read(*rows));
}

Result<bool> ApiKeyRepository::revoke(const QUuid &organizationId, const QUuid &keyId, const QDateTime &at)
{
    auto done = m_db.exec(u"UPDATE api_keys SET is_active = ?, revoked_at = ? "
                          "WHERE organization_id = ? AND id = ? AND revoked_at IS NULL"_s,
                          {false, sqlInstant(at), sqlId(organizationId), sqlId(keyId)});
    if (!done)
        return fail(done.error());
    return done->rowsAffected() == 1;
}

Status ApiKeyRepository::revokeForMember(const QUuid &organizationId, const QUuid &userId, const QDateTime &at)
{
    auto done = m_db.exec(u"UPDATE api_keys SET is_active = ?, revoked_at = ? "
                          "WHERE organization_id = ? AND user_id = ? AND revoked_at IS NULL"_s,
                          {false, sqlInstant(at), sqlId(organizationId), sqlId(userId)});
    if (!done)
        return fail(done.error());
    return {};
}

Status ApiKeyRepository::revokeAllForUser(const QUuid &userId, const QDateTime &at)
{
    auto done = m_db.exec(u"UPDATE api_keys SET is_active = ?, revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL"_s,
                          {false, sqlInstant(at), sqlId(userId)});
    if (!done)
        return fail(done.error());
    return {};
}

Result<int> ApiKeyRepository::countActive(const QUuid &organizationId, const QUuid &userId)
{
    auto rows = m_db.exec(u"SELECT COUNT(*) FROM api_keys WHERE organization_id = ? AND user_id = ? "
                          "AND revoked_at IS NULL"_s,
                          {sqlId(organizationId), sqlId(userId)});
    if (!rows)
        return fail(rows.error());
    rows->next();
    return int(rows->integer(0));
}

Result<std::optional<ApiKeyAccess>> ApiKeyRepository::findForAuthentication(const QString &keyHash)
{
    auto rows = m_db.exec(u"SELECT "_s + keyColumns().selectList() + u", "_s + accessColumns().selectList()
                              + u" FROM api_keys k "
                                "JOIN users u ON u.id = k.user_id "
                                "LEFT JOIN team_members m ON m.organization_id = k.organization_id AND m.user_id = k.user_id "
                                "WHERE k.key_hash = ?"_s,
                          {keyHash});
    if (!rows)
        return fail(rows.error());
    if (!rows->next())
        return std::optional<ApiKeyAccess>();
    ApiKeyAccess a;
    a.key = keyColumns().read(*rows);
    accessColumns().readInto(*rows, a, keyColumns().size());
    return std::optional<ApiKeyAccess>(a);
}

Status ApiKeyRepository::touchLastUsed(const QUuid &keyId, const QDateTime &at)
{
    auto done = m_db.exec(u"UPDATE api_keys SET last_used_at = ? WHERE id = ?"_s, {sqlInstant(at), sqlId(keyId)});
    if (!done)
        return fail(done.error());
    return {};
}

} // namespace vami
