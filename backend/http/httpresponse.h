#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <utility>

namespace vami::http {

using HeaderList = QList<std::pair<QByteArray, QByteArray>>;

// One response as the dispatcher and the connection guard produce it. Common
// headers (request id, security headers, timing, CORS, rate limits) are added when
// it is serialized, so every response carries them, errors included.
struct HttpResponse
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QByteArray body;
    HeaderList headers;
    bool closeConnection = false;

    void addHeader(const QByteArray &name, const QByteArray &value) { headers.emplace_back(name, value); }

    // {"detail": "<text>"} with the given status.
    static HttpResponse error(int status, const QString &detail);
    static HttpResponse json(int status, QByteArray body);
};

// Standard reason phrase ("Not Found"); "Unknown" for codes without one.
[[nodiscard]] QByteArray reasonPhrase(int status);

// Headers that every response carries (RFC-minded subset of OWASP's list):
// nosniff, frame denial, a restrictive CSP, referrer and permissions policies,
// X-XSS-Protection: 0, Cache-Control: no-store. `contentSecurityPolicy` overrides
// the default CSP (the /docs page needs inline styles).
void appendSecurityHeaders(QByteArray &out, QByteArrayView contentSecurityPolicy = {});

// Status line + Content-Type + Content-Length + security headers + X-Request-ID +
// the response's own headers + Connection: close when asked, then the body (left
// out for HEAD requests, with Content-Length still describing it).
[[nodiscard]] QByteArray serializeResponse(const HttpResponse &response, QByteArrayView requestId,
                                           bool headRequest = false,
                                           QByteArrayView contentSecurityPolicy = {});

} // namespace vami::http
