#include "apikeyjson.h"

#include "json/schema.h"

using namespace Qt::StringLiterals;

namespace vami::http {

void writeApiKey(JsonWriter &w, const ApiKey &k, const QString &secret)
{
    w.beginObject();
    w.field("id", k.id);
    w.field("organization_id", k.organizationId);
    w.field("user_id", k.userId);
    w.field("name", k.name);
    w.optionalField("description", k.description);
    w.field("key_preview", k.keyPreview);
    w.optionalField("full_key", secret.isEmpty() ? QString() : secret);
    w.key("permissions");
    if (k.permissions) {
        w.beginArray();
        for (Permission p : *k.permissions)
            w.value(permissionName(p));
        w.endArray();
    } else {
        w.null();
    }
    w.field("created_at", k.createdAt);
    w.field("expires_at", k.expiresAt);
    w.field("last_used_at", k.lastUsedAt);
    w.field("is_active", k.isActive);
    w.endObject();
}

void registerApiKeySchemas()
{
    const Schema id = Schema::string().format(u"uuid"_s);
    const Schema instant = Schema::string().format(u"date-time"_s);
    SchemaRegistry::add(
        u"APIKey"_s,
        Schema::object()
            .describe(u"An API key. The full key appears only in the answer that created it."_s)
            .property(u"id"_s, id, Schema::Required)
            .property(u"organization_id"_s, id, Schema::Required)
            .property(u"user_id"_s, id, Schema::Required)
            .property(u"name"_s, Schema::string(), Schema::Required)
            .property(u"description"_s, Schema::string().nullable(), Schema::Required)
            .property(u"key_preview"_s, Schema::string(), Schema::Required)
            .property(u"full_key"_s, Schema::string().nullable(), Schema::Required)
            .property(u"permissions"_s, Schema::array(Schema::string()).nullable(), Schema::Required)
            .property(u"created_at"_s, instant, Schema::Required)
            .property(u"expires_at"_s, instant.nullable(), Schema::Required)
            .property(u"last_used_at"_s, instant.nullable(), Schema::Required)
            .property(u"is_active"_s, Schema::boolean(), Schema::Required));
}

} // namespace vami::http
