#include "openapi.h"

#include "json/jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <map>

using namespace Qt::StringLiterals;

namespace vami::http {

namespace {

QJsonObject content(const Schema &schema, const QByteArray &type = QByteArrayLiteral("application/json"))
{
    return QJsonObject{{QString::fromLatin1(type), QJsonObject{{u"schema"_s, schema.toOpenApi()}}}};
}

QJsonObject errorResponse(const QString &description, const QString &schemaName = u"HTTPError"_s)
{
    return QJsonObject{{u"description"_s, description}, {u"content"_s, content(Schema::ref(schemaName))}};
}

// multipart/form-data: one property per declared part (files as binary strings,
// fields with the route's body schema for them when it has one), and the allowed
// media types of each part as its encoding.
QJsonObject multipartContent(const Route &route)
{
    QJsonObject properties;
    QJsonArray required;
    QJsonObject encoding;
    const QStringList bodyProperties = route.body ? route.body->propertyNames() : QStringList();
    for (const MultipartPartSpec &part : route.parts) {
        QJsonObject schema;
        if (part.kind == MultipartPartSpec::Kind::File) {
            schema = QJsonObject{{u"type"_s, u"string"_s}, {u"format"_s, u"binary"_s}};
        } else if (bodyProperties.contains(part.name)) {
            schema = route.body->propertySchema(part.name).toOpenApi();
        } else {
            schema = QJsonObject{{u"type"_s, u"string"_s}};
        }
        QString description = part.description;
        description += (description.isEmpty() ? u""_s : u" "_s) + u"At most %1 bytes."_s.arg(part.maxBytes);
        schema.insert(u"description"_s, description);
        properties.insert(part.name, schema);
        if (part.required)
            required.append(part.name);
        if (!part.mediaTypes.isEmpty())
            encoding.insert(part.name,
                            QJsonObject{{u"contentType"_s, QString::fromLatin1(part.mediaTypes.join(", "))}});
    }
    QJsonObject schema{{u"type"_s, u"object"_s}, {u"properties"_s, properties},
                       {u"additionalProperties"_s, false}};
    if (!required.isEmpty())
        schema.insert(u"required"_s, required);
    QJsonObject media{{u"schema"_s, schema}};
    if (!encoding.isEmpty())
        media.insert(u"encoding"_s, encoding);
    return QJsonObject{{u"multipart/form-data"_s, media}};
}

QJsonObject operation(const Route &route)
{
    QJsonObject op;
    op.insert(u"operationId"_s, route.name);
    op.insert(u"summary"_s, route.summary);
    QString description = route.description;
    if (!route.aliasOf.isEmpty())
        description += (description.isEmpty() ? u""_s : u"\n\n"_s) + u"Alias of `%1`."_s.arg(route.aliasOf);
    if (!route.rateRules.isEmpty()) {
        for (const RateRule &r : route.rateRules)
            description += (description.isEmpty() ? u""_s : u"\n\n"_s)
                + u"Limited to %1 requests per %2 seconds per client address."_s.arg(r.limit).arg(r.windowSeconds);
    }
    if (!description.isEmpty())
        op.insert(u"description"_s, description);
    op.insert(u"tags"_s, QJsonArray{route.tag});

    QJsonArray parameters;
    for (const RouteParam &p : route.params) {
        QJsonObject param{{u"name"_s, p.name},
                          {u"in"_s, p.in == RouteParam::In::Path ? u"path"_s : u"query"_s},
                          {u"required"_s, p.in == RouteParam::In::Path || p.required},
                          {u"schema"_s, p.schema.toOpenApi()}};
        if (!p.description.isEmpty())
            param.insert(u"description"_s, p.description);
        parameters.append(param);
    }
    if (!parameters.isEmpty())
        op.insert(u"parameters"_s, parameters);
    if (route.bodyKind == BodyKind::Multipart) {
        op.insert(u"requestBody"_s,
                  QJsonObject{{u"required"_s, route.bodyRequired}, {u"content"_s, multipartContent(route)}});
    } else if (route.body) {
        const QByteArray mediaType = route.bodyKind == BodyKind::Form ? QByteArrayLiteral("application/x-www-form-urlencoded")
                                                                      : QByteArrayLiteral("application/json");
        op.insert(u"requestBody"_s,
                  QJsonObject{{u"required"_s, route.bodyRequired}, {u"content"_s, content(*route.body, mediaType)}});
    }

    QJsonObject responses;
    for (const RouteResponse &r : route.responses) {
        QJsonObject response{{u"description"_s, r.description}};
        if (r.schema)
            response.insert(u"content"_s, content(*r.schema, r.contentType));
        responses.insert(QString::number(r.status), response);
    }
    if (route.access == Access::Authenticated)
        responses.insert(u"401"_s, errorResponse(u"Missing, invalid or expired credentials"_s));
    if (route.access == Access::SignedCallback)
        responses.insert(u"401"_s, errorResponse(u"Missing, wrong or stale signature"_s));
    if (route.access != Access::Public && route.access != Access::SignedCallback && route.tag != u"auth"_s)
        responses.insert(u"403"_s, errorResponse(u"The role (or API key) does not allow this"_s));
    bool hasPathParam = false;
    for (const RouteParam &p : route.params)
        hasPathParam = hasPathParam || p.in == RouteParam::In::Path;
    if (hasPathParam)
        responses.insert(u"404"_s, errorResponse(u"Not found in the caller's organization"_s));
    if (route.bodyKind == BodyKind::Multipart) {
        responses.insert(u"413"_s, errorResponse(u"The body or one of its parts is too large"_s));
        responses.insert(u"415"_s, errorResponse(u"The body is not multipart/form-data"_s));
    }
    if (route.body || !route.params.isEmpty() || route.bodyKind == BodyKind::Multipart)
        responses.insert(u"422"_s, errorResponse(u"The input does not validate"_s, u"ValidationError"_s));
    if (!route.rateLimitExempt)
        responses.insert(u"429"_s, errorResponse(u"Too many requests; see Retry-After"_s, u"RateLimitError"_s));
    if (route.execution != Execution::Inline)
        responses.insert(u"503"_s, errorResponse(u"The server is busy; see Retry-After"_s));
    op.insert(u"responses"_s, responses);

    if (route.access == Access::Public || route.access == Access::SignedCallback)
        op.insert(u"security"_s, QJsonArray());
    else if (route.access == Access::OptionalAuthentication)
        op.insert(u"security"_s, QJsonArray{QJsonObject{}, QJsonObject{{u"bearerAuth"_s, QJsonArray()}}});
    return op;
}

QString methodKey(Method m)
{
    return QString::fromLatin1(methodName(m)).toLower();
}

} // namespace

QJsonObject buildOpenApi(const RouteTable &routes, const HttpConfig &config)
{
    QJsonObject paths;
    QStringList tags;
    for (const Route &route : routes.routes()) {
        QJsonObject item = paths.value(route.path).toObject();
        item.insert(methodKey(route.method), operation(route));
        paths.insert(route.path, item);
        if (!tags.contains(route.tag))
            tags.append(route.tag);
    }
    static const QHash<QString, QString> tagText = {
        {u"service"_s, u"Health, route list, this document and metrics."_s},
        {u"auth"_s, u"Accounts, sign-in and sessions. Access tokens are short-lived bearer tokens; refresh tokens "
                    "renew them and are rotated on every use."_s},
        {u"team"_s, u"Members, roles and invitations of the caller's organization."_s},
        {u"api-keys"_s, u"Long-lived keys for programs."_s},
    };
    QJsonArray tagList;
    for (const QString &tag : tags)
        tagList.append(QJsonObject{{u"name"_s, tag}, {u"description"_s, tagText.value(tag)}});

    QJsonObject doc;
    doc.insert(u"openapi"_s, u"3.0.3"_s);
    doc.insert(u"info"_s,
               QJsonObject{{u"title"_s, u"Vami API"_s},
                           {u"version"_s, QString::fromLatin1(ApiVersion)},
                           {u"description"_s,
                            u"Administration of AI voice agents: team, calls, calendar and settings. Every row "
                            "belongs to an organization; the caller acts in the organization of their credentials. "
                            "Errors are JSON with a `detail` (a list of problems for 422). Requests are limited to "
                            "60 per minute and 1000 per hour per client address and per user (X-RateLimit-* "
                            "headers)."_s}});
    if (!config.publicUrl.isEmpty())
        doc.insert(u"servers"_s, QJsonArray{QJsonObject{{u"url"_s, config.publicUrl}}});
    doc.insert(u"tags"_s, tagList);
    doc.insert(u"paths"_s, paths);
    doc.insert(u"security"_s, QJsonArray{QJsonObject{{u"bearerAuth"_s, QJsonArray()}},
                                         QJsonObject{{u"apiKeyHeader"_s, QJsonArray()}}});
    doc.insert(u"components"_s,
               QJsonObject{{u"schemas"_s, SchemaRegistry::components()},
                           {u"securitySchemes"_s,
                            QJsonObject{{u"bearerAuth"_s,
                                         QJsonObject{{u"type"_s, u"http"_s},
                                                     {u"scheme"_s, u"bearer"_s},
                                                     {u"description"_s, u"An access token from /api/auth/login, or an "
                                                                        "API key (vami_...)."_s}}},
                                        {u"apiKeyHeader"_s, QJsonObject{{u"type"_s, u"apiKey"_s},
                                                                        {u"in"_s, u"header"_s},
                                                                        {u"name"_s, u"X-API-Key"_s}}}}}});
    return doc;
}

QByteArray routeListJson(const RouteTable &routes)
{
    std::multimap<QString, const Route *> sorted;
    for (const Route &r : routes.routes())
        sorted.emplace(r.path, &r);
    JsonWriter w(8192);
    w.beginObject();
    w.field("total", qint64(sorted.size()));
    w.key("routes").beginArray();
    for (const auto &[path, route] : sorted) {
        w.beginObject();
        w.field("path", path);
        w.key("methods").beginArray().value(QString::fromLatin1(methodName(route->method)));
        if (route->allowHead)
            w.value("HEAD");
        w.endArray();
        w.field("name", route->name);
        w.endObject();
    }
    w.endArray().endObject();
    return w.take();
}

} // namespace vami::http
