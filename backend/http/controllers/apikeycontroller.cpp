#include "controllers.h"
#include "routespec.h"

#include "http/exchange.h"
#include "http/serialize/apikeyjson.h"

#include "auth/apikeyservice.h"
#include "core/instant.h"
#include "runtime/backend.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace vami::http {

namespace {

HttpResponse listKeys(Exchange &ex)
{
    auto keys = ex.backend().service<ApiKeyService>().list(ex.actor());
    if (!keys)
        return ex.fail(keys.error());
    JsonWriter w = ex.writer();
    w.beginArray();
    for (const ApiKey &k : *keys)
        writeApiKey(w, k);
    w.endArray();
    return ex.json(200, w.take());
}

HttpResponse createKey(Exchange &ex)
{
    const QJsonObject &b = ex.body();
    ApiKeyInput input;
    input.name = b.value(u"name"_s).toString();
    input.description = b.value(u"description"_s).toString();
    if (b.value(u"expires_in_days"_s).isDouble())
        input.expiresInDays = b.value(u"expires_in_days"_s).toInt();
    if (b.value(u"expires_at"_s).isString())
        input.expiresAt = parseInstant(b.value(u"expires_at"_s).toString()).value_or(QDateTime());
    if (b.value(u"permissions"_s).isArray()) {
        QStringList names;
        for (const QJsonValue &v : b.value(u"permissions"_s).toArray())
            names.append(v.toString());
        input.permissions = names;
    }
    auto created = ex.backend().service<ApiKeyService>().create(ex.actor(), input);
    if (!created)
        return ex.fail(created.error());
    JsonWriter w = ex.writer();
    writeApiKey(w, created->key, created->secret);
    return ex.json(200, w.take());
}

HttpResponse revokeKey(Exchange &ex)
{
    if (Status done = ex.backend().service<ApiKeyService>().revoke(ex.actor(), ex.id(u"key_id"_s)); !done)
        return ex.fail(done.error());
    return ex.message(u"API key deleted successfully"_s);
}

} // namespace

void registerApiKeyRoutes(HttpContext &context)
{
    const QString tag = u"api-keys"_s;
    RouteTable &t = context.routes;

    t.add({
        .method = Method::Get,
        .path = u"/api/settings/api-keys"_s,
        .name = u"list_api_keys"_s,
        .tag = tag,
        .summary = u"API keys"_s,
        .description = u"Your own keys; owners and admins see every member's keys in the organization. Newest first. "
                       "Revoked keys are not listed."_s,
        .responses = {spec::ok(Schema::array(Schema::ref(u"APIKey"_s)))},
        .handler = listKeys,
    });

    t.add({
        .method = Method::Post,
        .path = u"/api/settings/api-keys"_s,
        .name = u"create_api_key"_s,
        .tag = tag,
        .summary = u"Create an API key"_s,
        .description = u"The full key (vami_ followed by 43 characters) is in full_key of this answer only; "
                       "only its SHA-256 is stored. Send it as \"Authorization: Bearer vami_...\" or \"X-API-Key: "
                       "vami_...\". A key acts with its creator's role, limited to `permissions` when given, and "
                       "stops working when revoked, when it expires, or when its creator leaves the organization. "
                       "API keys cannot create API keys."_s,
        .body = Schema::object()
                    .property(u"name"_s, Schema::string().minLength(1).maxLength(255), Schema::Required)
                    .property(u"description"_s, Schema::string().maxLength(1000).nullable())
                    .property(u"expires_in_days"_s, Schema::integer().minimum(1).maximum(3650).nullable())
                    .property(u"expires_at"_s, Schema::string().format(u"date-time"_s).nullable())
                    .property(u"permissions"_s,
                              Schema::array(Schema::string().maxLength(64)).maxItems(16).nullable()
                                  .describe(u"Action names of the permission matrix, e.g. view_analytics."_s)),
        .responses = {spec::ok(Schema::ref(u"APIKey"_s), u"The key, shown once"_s)},
        .handler = createKey,
    });

    t.add({
        .method = Method::Delete,
        .path = u"/api/settings/api-keys/{key_id}"_s,
        .name = u"delete_api_key"_s,
        .tag = tag,
        .summary = u"Revoke an API key"_s,
        .description = u"The key stops working at once."_s,
        .params = {spec::pathId(u"key_id"_s, u"The key's id."_s, ApiKeyService::keyNotFound)},
        .responses = {spec::message(u"Revoked"_s)},
        .handler = revokeKey,
    });
}

} // namespace vami::http
