#include "corspolicy.h"

namespace vami::http {

namespace {

const QList<QByteArray> &allowedRequestHeaders()
{
    static const QList<QByteArray> headers = {
        "accept", "accept-language", "authorization", "content-language", "content-type", "origin",
        "x-requested-with", "x-api-key", "x-request-id", "idempotency-key"};
    return headers;
}

} // namespace

CorsPolicy::CorsPolicy(const QStringList &origins)
{
    for (const QString &origin : origins) {
        QString o = origin.trimmed();
        while (o.endsWith(u'/'))
            o.chop(1);
        if (!o.isEmpty() && o != QLatin1StringView("*") && o != QLatin1StringView("null"))
            m_origins.insert(o.toUtf8());
    }
}

bool CorsPolicy::isAllowedOrigin(QByteArrayView origin) const
{
    return !origin.isEmpty() && m_origins.contains(origin.toByteArray());
}

bool CorsPolicy::isPreflight(const HttpRequest &request)
{
    return request.method == Method::Options && request.hasHeader("origin")
        && request.hasHeader("access-control-request-method");
}

HttpResponse CorsPolicy::preflight(const HttpRequest &request, const QList<Method> &allowed) const
{
    const QByteArray origin = request.header("origin");
    const QByteArray requestedMethod = request.header("access-control-request-method").trimmed();
    QList<QByteArray> failures;
    if (!isAllowedOrigin(origin))
        failures << "origin";
    const Method method = parseMethod(requestedMethod);
    if (method == Method::Unknown || !allowed.contains(method))
        failures << "method";
    const QByteArray requestedHeaders = request.header("access-control-request-headers");
    for (const QByteArray &h : requestedHeaders.split(',')) {
        const QByteArray name = h.trimmed().toLower();
        if (!name.isEmpty() && !allowedRequestHeaders().contains(name)) {
            failures << "headers";
            break;
        }
    }
    HttpResponse response;
    response.contentType = QByteArrayLiteral("text/plain; charset=utf-8");
    response.addHeader("Vary", "Origin");
    if (!failures.isEmpty()) {
        response.status = 400;
        response.body = "Disallowed CORS " + failures.join(", ");
        return response;
    }
    QByteArray methods;
    for (Method m : allowed)
        methods += (methods.isEmpty() ? QByteArray() : QByteArray(", ")) + methodName(m);
    QByteArray headers;
    for (const QByteArray &h : allowedRequestHeaders())
        headers += (headers.isEmpty() ? QByteArray() : QByteArray(", ")) + h;
    response.status = 200;
    response.body = "OK";
    response.addHeader("Access-Control-Allow-Origin", origin);
    response.addHeader("Access-Control-Allow-Credentials", "true");
    response.addHeader("Access-Control-Allow-Methods", methods);
    response.addHeader("Access-Control-Allow-Headers", headers);
    response.addHeader("Access-Control-Max-Age", "600");
    return response;
}

void CorsPolicy::decorate(HttpResponse &response, const HttpRequest &request) const
{
    if (m_origins.isEmpty())
        return;
    for (const auto &header : response.headers) {
        // A preflight answer carries its own CORS headers.
        if (header.first.compare("Access-Control-Allow-Origin", Qt::CaseInsensitive) == 0
            || header.first.compare("Vary", Qt::CaseInsensitive) == 0)
            return;
    }
    response.addHeader("Vary", "Origin");
    const QByteArray origin = request.header("origin");
    if (!isAllowedOrigin(origin))
        return;
    response.addHeader("Access-Control-Allow-Origin", origin);
    response.addHeader("Access-Control-Allow-Credentials", "true");
    response.addHeader("Access-Control-Expose-Headers",
                             "X-Request-ID, X-Process-Time, X-RateLimit-Limit-Minute, X-RateLimit-Limit-Hour, "
                             "X-RateLimit-Remaining-Minute, X-RateLimit-Remaining-Hour, Retry-After");
}

} // namespace vami::http
