#include "apikeyservice.h"

#include "authorizer.h"
#include "credentialpolicy.h"

#include "core/clock.h"
#include "core/ids.h"
#include "core/logging.h"
#include "core/random.h"
#include "storage/database.h"

using namespace Qt::StringLiterals;

namespace vami {


Error ApiKeyService::keyNotFound()
{
    return Error::notFound(u"api_keys.not_found"_s, QT_TRANSLATE_NOOP("vami", "API key not found"));
}

ApiKeyService::ApiKeyService(Database &database, const Clock &clock)
    : m_db(database)
    , m_clock(clock)
    , m_keys(database)
{
}

Result<CreatedApiKey> ApiKeyService::create(const Actor &actor, const ApiKeyInput &input)
{
    if (actor.isApiKey())
        return fail(Error::forbidden(u"api_keys.key_cannot_create"_s,
                                     QT_TRANSLATE_NOOP("vami", "API keys cannot create API keys; sign in to do this")));
    const QDateTime now = m_clock.now();
    QList<FieldError> errors;
    errors += checkText(input.name, u"name"_s, 255, true);
    errors += checkText(input.description, u"description"_s, 1000);
    QDateTime expiresAt;
    if (input.expiresInDays && input.expiresAt.isValid()) {
        errors.append(FieldError{u"expires_at"_s, u"value_error"_s,
                                 QT_TRANSLATE_NOOP("vami", "Only one of %1 and %2 may be given"),
                                 {u"expires_in_days"_s, u"expires_at"_s}, {}});
    } else if (input.expiresInDays) {
        const int days = *input.expiresInDays;
        if (days < 1)
            errors.append(FieldError{u"expires_in_days"_s, u"greater_than_equal"_s,
                                     QT_TRANSLATE_NOOP("vami", "Input should be greater than or equal to %1"),
                                     {u"1"_s}, days});
        else if (days > 3650)
            errors.append(FieldError{u"expires_in_days"_s, u"less_than_equal"_s,
                                     QT_TRANSLATE_NOOP("vami", "Input should be less than or equal to %1"),
                                     {u"3650"_s}, days});
        else
            expiresAt = now.addDays(days);
    } else if (input.expiresAt.isValid()) {
        if (input.expiresAt <= now || input.expiresAt > now.addDays(3650))
            errors.append(FieldError{u"expires_at"_s, u"value_error"_s,
                                     QT_TRANSLATE_NOOP("vami", "Expiry must be in the future and at most 10 years away"),
                                     {}, {}});
        else
            expiresAt = input.expiresAt;
    }
    std::optional<QList<Permission>> permissions;
    if (input.permissions) {
        QList<Permission> list;
        for (qsizetype i = 0; i < input.permissions->size(); ++i) {
            const QString &name = input.permissions->at(i);
            const auto permission = parsePermission(name);
            const QString field = u"permissions.%1"_s.arg(i);
            if (!permission) {
                QStringList names;
                for (const PermissionInfo &info : permissionMatrix())
                    names << u"'"_s + info.action + u"'"_s;
                const QString last = names.takeLast();
                errors.append(FieldError{field, u"enum"_s, QT_TRANSLATE_NOOP("vami", "Input should be %1"),
                                         {names.join(u", "_s) + u" or "_s + last}, name});
            } else if (!roleAllows(actor.role, *permission)) {
                errors.append(FieldError{field, u"value_error"_s,
                                         QT_TRANSLATE_NOOP("vami", "Your role cannot grant the permission %1"), {name},
                                         name});
            } else if (!list.contains(*permission)) {
                list.append(*permission);
            }
        }
        permissions = list;
    }
    if (!errors.isEmpty())
        return fail(Error::validation(errors));

    CreatedApiKey created;
    created.secret = u"vami_"_s + secureToken(32);
    ApiKey &key = created.key;
    key.id = newId();
    key.organizationId = actor.organizationId;
    key.userId = actor.userId;
    key.name = input.name.trimmed();
    key.description = input.description.trimmed().isEmpty() ? QString() : input.description.trimmed();
    key.keyPreview = created.secret.left(8) + u"..."_s + created.secret.right(4);
    key.permissions = permissions;
    key.isActive = true;
    key.createdAt = now;
    key.expiresAt = expiresAt;

    Status stored = m_db.transaction([&]() -> Status {
        auto active = m_keys.countActive(actor.organizationId, actor.userId);
        if (!active)
            return fail(active.error());
        if (*active >= MaxActiveKeysPerMember)
            return fail(Error::quotaExceeded(u"api_keys.limit"_s,
                                             QT_TRANSLATE_NOOP("vami", "You already have %1 API keys; revoke one first"),
                                             0, {QString::number(MaxActiveKeysPerMember)}));
        return m_keys.insert(key, sha256Hex(created.secret.toUtf8()));
    });
    if (!stored)
        return fail(stored.error());
    qCInfo(lcAuth).noquote() << "API key" << idText(key.id) << "created by" << idText(actor.userId);
    return created;
}

Result<QList<ApiKey>> ApiKeyService::list(const Actor &actor)
{
    const bool seesAll = roleAllows(actor.role, Permission::ManageTeam) && !actor.isApiKey();
    return m_keys.list(actor.organizationId, seesAll ? std::nullopt : std::optional<QUuid>(actor.userId));
}

Status ApiKeyService::revoke(const Actor &actor, const QUuid &keyId)
{
    auto key = m_keys.find(actor.organizationId, keyId);
    if (!key)
        return fail(key.error());
    if (!key->has_value())
        return fail(keyNotFound());
    const bool own = (*key)->userId == actor.userId;
    if (!own && !(roleAllows(actor.role, Permission::ManageTeam) && !actor.isApiKey()))
        return fail(keyNotFound());
    auto revoked = m_keys.revoke(actor.organizationId, keyId, m_clock.now());
    if (!revoked)
        return fail(revoked.error());
    if (!*revoked)
        return fail(keyNotFound());
    qCInfo(lcAuth).noquote() << "API key" << idText(keyId) << "revoked by" << idText(actor.userId);
    return {};
}

} // namespace vami
