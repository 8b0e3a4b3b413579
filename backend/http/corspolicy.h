#pragma once

#include "httprequest.h"
#include "httpresponse.h"

#include <QList>
#include <QSet>
#include <QStringList>

namespace vami::http {

// Cross-origin rules with the semantics of the original server (Starlette's
// CORSMiddleware): exact origins only (no wildcard, "null" refused), credentials
// allowed, preflight answered 200 "OK" or 400 naming what is not allowed.
class CorsPolicy
{
public:
    explicit CorsPolicy(const QStringList &origins);

    [[nodiscard]] bool enabled() const { return !m_origins.isEmpty(); }
    [[nodiscard]] bool isAllowedOrigin(QByteArrayView origin) const;
    [[nodiscard]] static bool isPreflight(const HttpRequest &request);
    // `allowed`: the methods the path supports.
    [[nodiscard]] HttpResponse preflight(const HttpRequest &request, const QList<Method> &allowed) const;
    // Adds the CORS headers of an actual (non-preflight) response.
    void decorate(HttpResponse &response, const HttpRequest &request) const;

private:
    QSet<QByteArray> m_origins;
};

} // namespace vami::http
