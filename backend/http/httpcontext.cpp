#include "httpcontext.h"

#include "core/logging.h"
#include "runtime/backend.h"

#include <QThread>

using namespace Qt::StringLiterals;

namespace vami::http {

namespace {

int orCores(int value)
{
    return value > 0 ? value : std::max(1, QThread::idealThreadCount());
}

} // namespace

HttpContext::HttpContext(Backend &backend_, HttpConfig config_, const QByteArray &jwtKey)
    : backend(backend_)
    , config(std::move(config_))
    , jwt(jwtKey, config.issuer, config.audience, backend_.clock())
    , rateLimiter(backend_.clock())
    , cors(config.corsOrigins)
    , heavy(orCores(config.heavyThreads), config.heavyQueue)
    , slowIo(std::max(1, config.slowIoThreads), config.slowIoQueue)
    , connections(config.limits)
{
    QString bad;
    access = AccessPolicy(config.ipAllowlist, config.trustedProxies, config.allowedHosts, &bad);
    if (!bad.isEmpty())
        qCWarning(lcHttp).noquote() << "ignoring an address range that does not parse:" << bad;
}

} // namespace vami::http
