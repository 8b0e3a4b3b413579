#include "controllers.h"
#include "routemodules.h"
#include "routespec.h"

#include "http/docspage.h"
#include "http/exchange.h"
#include "http/openapi.h"
#include "http/serialize/apikeyjson.h"
#include "http/serialize/teamjson.h"
#include "http/serialize/userjson.h"

#include "core/clock.h"
#include "core/instant.h"
#include "core/random.h"
#include "jobs/jobqueue.h"
#include "runtime/backend.h"
#include "storage/database.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace vami::http {

namespace {

HttpResponse root(Exchange &ex)
{
    JsonWriter w = ex.writer();
    w.beginObject();
    w.field("message", "Vami Platform API");
    w.field("version", ApiVersion);
    w.field("server_version", VAMI_VERSION);
    w.field("status", "operational");
    w.key("features").beginArray();
    for (const char *f : {"AI Voice Agents", "Team Collaboration", "Calendar Integration", "Call Management",
                          "Analytics & Reporting", "Knowledge Base", "Webhook Support", "Advanced Settings"})
        w.value(f);
    w.endArray();
    w.key("documentation").beginObject();
    if (ex.context().config.docsEnabled)
        w.field("swagger", "/docs").field("openapi", "/openapi.json");
    w.endObject();
    w.endObject();
    return ex.json(200, w.take());
}

HttpResponse health(Exchange &ex)
{
    JsonWriter w = ex.writer();
    w.beginObject();
    w.field("status", "healthy");
    w.field("version", ApiVersion);
    w.field("timestamp", ex.backend().clock().now());
    w.endObject();
    return ex.json(200, w.take());
}

HttpResponse ready(Exchange &ex)
{
    auto probe = ex.backend().database().exec(u"SELECT 1"_s);
    JsonWriter w = ex.writer();
    w.beginObject();
    w.field("status", probe ? "ready" : "unavailable");
    w.field("database", probe ? "ok" : "unreachable");
    w.endObject();
    return ex.json(probe ? 200 : 503, w.take());
}

HttpResponse routes(Exchange &ex)
{
    return ex.json(200, ex.context().routesJson);
}

HttpResponse openApi(Exchange &ex)
{
    return ex.json(200, ex.context().openApiJson);
}

HttpResponse docs(Exchange &ex)
{
    HttpResponse response = ex.json(200, ex.context().docsHtml);
    response.contentType = QByteArrayLiteral("text/html; charset=utf-8");
    return response;
}

HttpResponse metrics(Exchange &ex)
{
    const HttpRequest &request = ex.request();
    const QString token = ex.context().config.metricsToken;
    // The client a trusted proxy forwarded, not the proxy: a local reverse proxy
    // does not make every client local.
    bool allowed = QHostAddress(request.clientAddress).isLoopback();
    if (!allowed && !token.isEmpty()) {
        const QByteArray expected = "Bearer " + token.toUtf8();
        allowed = constantTimeEquals(request.header("authorization"), expected);
    }
    if (!allowed)
        return HttpResponse::error(403, u"Metrics are available from this host or with the metrics token"_s);
    HttpResponse response = ex.json(200, ex.context().metrics.render());
    response.contentType = QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8");
    return response;
}

Route serviceRoute(Method method, const QString &path, const QString &name, const QString &summary, Handler handler)
{
    Route r;
    r.method = method;
    r.path = path;
    r.name = name;
    r.tag = u"service"_s;
    r.summary = summary;
    r.access = Access::Public;
    r.allowHead = true;
    r.handler = std::move(handler);
    return r;
}

} // namespace

void registerSystemRoutes(HttpContext &context)
{
    RouteTable &t = context.routes;
    Route r = serviceRoute(Method::Get, u"/"_s, u"root"_s, u"About this API"_s, root);
    r.responses = {spec::ok(Schema::object().allowAdditional())};
    t.add(r);

    r = serviceRoute(Method::Get, u"/health"_s, u"health_check"_s, u"Liveness"_s, health);
    r.description = u"Answers while the process serves requests. Not rate limited."_s;
    r.rateLimitExempt = true;
    r.responses = {spec::ok(Schema::object()
                                .property(u"status"_s, Schema::string(), Schema::Required)
                                .property(u"version"_s, Schema::string(), Schema::Required)
                                .property(u"timestamp"_s, Schema::string().format(u"date-time"_s), Schema::Required))};
    t.add(r);

    r = serviceRoute(Method::Get, u"/health/ready"_s, u"readiness_check"_s, u"Readiness"_s, ready);
    r.description = u"200 when the database answers, 503 otherwise."_s;
    r.rateLimitExempt = true;
    r.responses = {spec::ok(Schema::object()
                                .property(u"status"_s, Schema::string(), Schema::Required)
                                .property(u"database"_s, Schema::string(), Schema::Required))};
    t.add(r);

    r = serviceRoute(Method::Get, u"/metrics"_s, u"metrics"_s, u"Prometheus metrics"_s, metrics);
    r.description = u"Request counters, latency histogram, connections, hashing queue and memory in the Prometheus "
                    "text format. Answered to loopback clients, or with \"Authorization: Bearer <metrics token>\"."_s;
    r.rateLimitExempt = true;
    r.responses = {RouteResponse{200, u"Metrics"_s, Schema::string(), QByteArrayLiteral("text/plain")}};
    t.add(r);

    if (context.config.docsEnabled) {
        r = serviceRoute(Method::Get, u"/api/routes"_s, u"list_routes"_s, u"Every route this server serves"_s, routes);
        r.responses = {spec::ok(Schema::object().allowAdditional())};
        t.add(r);
        r = serviceRoute(Method::Get, u"/openapi.json"_s, u"openapi"_s, u"This API as an OpenAPI 3 document"_s, openApi);
        r.responses = {spec::ok(Schema::object().allowAdditional())};
        t.add(r);
        r = serviceRoute(Method::Get, u"/docs"_s, u"docs"_s, u"This API as a readable page"_s, docs);
        r.responses = {RouteResponse{200, u"HTML"_s, Schema::string(), QByteArrayLiteral("text/html")}};
        t.add(r);
    }
}

void registerAllRoutes(HttpContext &context)
{
    spec::registerCommonSchemas();
    for (const RouteModule &module : routeModules())
        module.registerSchemas();
    for (const RouteModule &module : routeModules())
        module.registerRoutes(context);

    const QJsonObject document = buildOpenApi(context.routes, context.config);
    context.openApiJson = QJsonDocument(document).toJson(QJsonDocument::Compact);
    context.docsHtml = renderDocsPage(document);
    context.routesJson = routeListJson(context.routes);
}

} // namespace vami::http
