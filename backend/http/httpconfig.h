#pragma once

#include "guard/framelimits.h"
#include "ratelimiter.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>

namespace vami::http {

struct HttpConfig
{
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 8000;
    int workers = 0;          // connection worker threads; 0 = one per core
    int heavyThreads = 0;     // password-hashing threads; 0 = one per core
    int heavyQueue = 16;      // hashing requests that may wait; more answer 503
    int slowIoThreads = 8;    // threads for routes that wait on outbound I/O (providers, downloads)
    int slowIoQueue = 64;     // such requests that may wait; more answer 503
    FrameLimits limits;
    qint64 jsonBodyLimit = 1024 * 1024;
    RateLimitConfig rateLimit;
    QStringList corsOrigins;
    QStringList ipAllowlist;     // CIDR blocks; empty = everyone
    QStringList trustedProxies;  // peers allowed to name the client in X-Forwarded-For
    QStringList allowedHosts;    // names (with or without port) the Host header may carry; empty = any
    bool docsEnabled = true;     // /docs, /openapi.json, /api/routes
    QString metricsToken;        // /metrics needs "Authorization: Bearer <token>" unless the peer is loopback
    QString issuer = QStringLiteral("vami");
    QString audience = QStringLiteral("vami-api");
    QString publicUrl;           // this server's own base URL, for the OpenAPI "servers" entry
    bool logRequests = false;
    // Every JSON answer is checked against the schema its route declares for its
    // status, and a mismatch answers 500 and logs (the test suite turns it on).
    bool checkResponses = false;
};

} // namespace vami::http
