#pragma once

#include "corspolicy.h"
#include "heavypool.h"
#include "httpconfig.h"
#include "metrics.h"
#include "ratelimiter.h"
#include "routetable.h"

#include "crypto/jwtcodec.h"
#include "guard/accesspolicy.h"
#include "guard/guardedtcpserver.h"

#include <memory>

namespace vami {
class Backend;
}

namespace vami::http {

// What every worker shares: configuration, routes and the process-wide policies.
// Everything here is either immutable after start-up or internally synchronized.
struct HttpContext
{
    HttpContext(Backend &backend, HttpConfig config, const QByteArray &jwtKey);

    Backend &backend;
    HttpConfig config;
    JwtCodec jwt;
    RouteTable routes;
    RateLimiter rateLimiter;
    Metrics metrics;
    CorsPolicy cors;
    HeavyPool heavy;   // Execution::Heavy
    HeavyPool slowIo;  // Execution::SlowIo
    ConnectionBudget connections;
    AccessPolicy access;      // IP allowlist, trusted proxies, host names
    QByteArray openApiJson;   // generated once after the routes are registered
    QByteArray docsHtml;
    QByteArray routesJson;
};

} // namespace vami::http
