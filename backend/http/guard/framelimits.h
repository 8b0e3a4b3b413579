#pragma once

#include <QtGlobal>

namespace vami::http {

// Limits the connection guard enforces before a request reaches QHttpServer
// (which in Qt 6.4 has none: it buffers any header or body and never times out).
struct FrameLimits
{
    int maxRequestLineBytes = 8 * 1024;   // longer: 414
    int maxHeaderBytes = 16 * 1024;       // whole header section; longer: 431
    int maxHeaderCount = 100;             // more fields: 431
    qint64 maxBodyBytes = 10 * 1024 * 1024; // default when the route does not say; more: 413
    int headerTimeoutMs = 10'000;         // first byte of a request to the end of its headers: 408
    int bodyIdleTimeoutMs = 15'000;       // no body bytes for this long: 408
    int bodyTimeoutMs = 300'000;          // end of the headers to the last body byte, however it trickles: 408
    int minBodyBytesPerSecond = 1024;     // average body rate once minRateGraceMs have passed; slower: 408
    int minRateGraceMs = 5'000;           // a body's first moments are not held to the minimum rate
    qint64 maxPendingOutputBytes = 1024 * 1024; // unsent response bytes above which pipelined requests wait
    int writeTimeoutMs = 30'000;          // unsent output that makes no progress this long: the connection closes
    int keepAliveIdleMs = 30'000;         // idle between requests: the connection is closed
    int maxConnections = 1024;            // per server process; more: 503 and close
    int maxConnectionsPerAddress = 128;   // per client address; more: 503 and close
};

} // namespace vami::http
