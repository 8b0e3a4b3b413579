#pragma once

#include "httprequest.h"
#include "httpresponse.h"

#include "json/schema.h"

#include <QList>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace vami::http {

class Exchange;

enum class Access {
    Public,                 // no credentials needed
    Authenticated,          // a valid access token or API key
    OptionalAuthentication, // credentials used when given (and then they must be valid)
};

enum class Execution {
    Inline, // on the connection's worker thread (fast work)
    Heavy,  // on the bounded pool for CPU-heavy work (password hashing); 503 when it is full
};

struct RouteParam
{
    enum class In { Path, Query };
    QString name;
    In in = In::Query;
    Schema schema;
    bool required = false;
    QString description;
};

struct RouteResponse
{
    int status = 200;
    QString description;
    std::optional<Schema> schema;
    QByteArray contentType = QByteArrayLiteral("application/json");
};

// An extra per-client-address limit for one route (e.g. login: 10 per minute).
struct RateRule
{
    int limit = 0;
    int windowSeconds = 60;
};

using Handler = std::function<HttpResponse(Exchange &)>;

// The size of the route's last JSON answer, so the next one is written into a
// buffer of about the right size at once (shared by every worker; a hint only).
struct ResponseSizeHint
{
    std::atomic<qsizetype> bytes{0};
};

// One entry of the route table. The table generates /api/routes and the OpenAPI
// document, and the dispatcher enforces access, limits and body schema from it, so
// what is documented is what is served.
struct Route
{
    Method method = Method::Get;
    QString path;        // template, e.g. "/api/team/members/{user_id}"
    QString name;        // operation id, e.g. "remove_team_member"
    QString tag;
    QString summary;
    QString description;
    Access access = Access::Authenticated;
    Execution execution = Execution::Inline;
    qint64 maxBodyBytes = 1024 * 1024;
    std::optional<Schema> body;  // JSON request body, validated before the handler runs
    bool bodyRequired = true;
    QList<RouteParam> params;
    QList<RouteResponse> responses;
    QList<RateRule> rateRules;
    bool rateLimitExempt = false;
    bool allowHead = false;      // also answer HEAD (service routes only)
    QString aliasOf;             // name of the route this one is an alias of
    Handler handler;
    std::shared_ptr<ResponseSizeHint> sizeHint; // set by RouteTable::add
};

} // namespace vami::http
