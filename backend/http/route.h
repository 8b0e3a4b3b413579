#pragma once

#include "httprequest.h"
#include "httpresponse.h"

#include "core/result.h"
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
    SignedCallback,         // a provider's callback: the route's verifier checks its signature before
                            // anything is parsed; exempt from the per-address limits (providers call
                            // from few addresses)
};

enum class Execution {
    Inline, // on the connection's worker thread (fast work)
    Heavy,  // on the bounded pool for CPU-heavy work (password hashing); 503 when it is full
    SlowIo, // on the bounded pool for slow outbound I/O (provider calls, downloads); 503 when it is full
};

// How the request body is read before the handler runs.
enum class BodyKind {
    Json, // application/json, parsed strictly and validated against Route::body
    Form, // application/x-www-form-urlencoded, read into an object of strings and validated likewise
    Raw,  // the bytes as they came (the handler or the verifier reads them)
    Multipart, // multipart/form-data, parsed into parts checked against Route::parts; text fields
               // are validated against Route::body like a form when it is given
};

// One part a multipart route accepts. A part the route does not declare, a
// missing required part, a file where a field is expected (or the other way
// round) and a media type outside mediaTypes answer 422; content over maxBytes
// answers 413.
struct MultipartPartSpec
{
    enum class Kind {
        Field, // a text field (UTF-8, no filename)
        File,  // a file (the part has a filename parameter)
    };
    QString name;
    Kind kind = Kind::Field;
    bool required = false;
    qint64 maxBytes = 64 * 1024;
    QList<QByteArray> mediaTypes; // allowed media types, lower case; empty: any
    QString description;
};

struct RouteParam
{
    enum class In { Path, Query };
    enum class Kind {
        Text, // handed to the handler as it came
        Id,   // a path id, parsed by the dispatcher: one that is not an id answers `notFound`
    };
    QString name;
    In in = In::Query;
    Schema schema;
    bool required = false;
    QString description;
    Kind kind = Kind::Text;
    Error (*notFound)() = nullptr; // the area's error for an id that names nothing
};

// Checks that a signed callback comes from its provider (a signature over the raw
// body and a timestamp, with the provider's secret); an error answers 401.
using CallbackVerifier = std::function<Status(const HttpRequest &request)>;

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
    std::optional<Schema> body;  // request body (JSON, form, multipart text fields), validated before the handler runs
    bool bodyRequired = true;
    BodyKind bodyKind = BodyKind::Json;
    QList<MultipartPartSpec> parts; // for BodyKind::Multipart
    CallbackVerifier verifier;   // for Access::SignedCallback
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
