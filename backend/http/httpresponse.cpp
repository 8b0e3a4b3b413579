#include "httpresponse.h"

#include "json/jsonwriter.h"

#include <charconv>
#include <cstring>

using namespace Qt::StringLiterals;

namespace vami::http {

HttpResponse HttpResponse::error(int status, const QString &detail)
{
    JsonWriter w(64 + detail.size());
    w.beginObject().field("detail", detail).endObject();
    return HttpResponse{status, QByteArrayLiteral("application/json"), w.take(), {}, false};
}

HttpResponse HttpResponse::json(int status, QByteArray body)
{
    return HttpResponse{status, QByteArrayLiteral("application/json"), std::move(body), {}, false};
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100: return QByteArrayLiteral("Continue");
    case 200: return QByteArrayLiteral("OK");
    case 201: return QByteArrayLiteral("Created");
    case 202: return QByteArrayLiteral("Accepted");
    case 204: return QByteArrayLiteral("No Content");
    case 301: return QByteArrayLiteral("Moved Permanently");
    case 304: return QByteArrayLiteral("Not Modified");
    case 307: return QByteArrayLiteral("Temporary Redirect");
    case 400: return QByteArrayLiteral("Bad Request");
    case 401: return QByteArrayLiteral("Unauthorized");
    case 402: return QByteArrayLiteral("Payment Required");
    case 403: return QByteArrayLiteral("Forbidden");
    case 404: return QByteArrayLiteral("Not Found");
    case 405: return QByteArrayLiteral("Method Not Allowed");
    case 406: return QByteArrayLiteral("Not Acceptable");
    case 408: return QByteArrayLiteral("Request Timeout");
    case 409: return QByteArrayLiteral("Conflict");
    case 410: return QByteArrayLiteral("Gone");
    case 411: return QByteArrayLiteral("Length Required");
    case 413: return QByteArrayLiteral("Content Too Large");
    case 414: return QByteArrayLiteral("URI Too Long");
    case 415: return QByteArrayLiteral("Unsupported Media Type");
    case 417: return QByteArrayLiteral("Expectation Failed");
    case 421: return QByteArrayLiteral("Misdirected Request");
    case 422: return QByteArrayLiteral("Unprocessable Content");
    case 429: return QByteArrayLiteral("Too Many Requests");
    case 431: return QByteArrayLiteral("Request Header Fields Too Large");
    case 500: return QByteArrayLiteral("Internal Server Error");
    case 501: return QByteArrayLiteral("Not Implemented");
    case 502: return QByteArrayLiteral("Bad Gateway");
    case 503: return QByteArrayLiteral("Service Unavailable");
    case 504: return QByteArrayLiteral("Gateway Timeout");
    case 505: return QByteArrayLiteral("HTTP Version Not Supported");
    default: return QByteArrayLiteral("Unknown");
    }
}

namespace {

constexpr QByteArrayView SecurityHeaders = "X-Content-Type-Options: nosniff\r\n"
                                           "X-Frame-Options: DENY\r\n"
                                           "X-XSS-Protection: 0\r\n"
                                           "Referrer-Policy: no-referrer\r\n"
                                           "Permissions-Policy: geolocation=(), microphone=(), camera=()\r\n"
                                           "Cross-Origin-Resource-Policy: same-origin\r\n"
                                           "Cache-Control: no-store\r\n"
                                           "Content-Security-Policy: ";
constexpr QByteArrayView DefaultPolicy = "default-src 'none'; frame-ancestors 'none'";

// Copies pieces into a buffer sized for all of them in advance.
struct Appender
{
    char *p;
    void put(QByteArrayView bytes)
    {
        std::memcpy(p, bytes.data(), size_t(bytes.size()));
        p += bytes.size();
    }
};

} // namespace

void appendSecurityHeaders(QByteArray &out, QByteArrayView contentSecurityPolicy)
{
    out.append(SecurityHeaders);
    out.append(contentSecurityPolicy.isEmpty() ? DefaultPolicy : contentSecurityPolicy);
    out.append("\r\n");
}

QByteArray serializeResponse(const HttpResponse &response, QByteArrayView requestId, bool headRequest,
                             QByteArrayView contentSecurityPolicy)
{
    char status[8];
    const qsizetype statusLength = std::to_chars(status, status + sizeof status, response.status).ptr - status;
    char length[24];
    const qsizetype lengthLength = std::to_chars(length, length + sizeof length, response.body.size()).ptr - length;
    const QByteArray reason = reasonPhrase(response.status);
    const bool json = response.contentType.startsWith("application/json") && !response.contentType.contains("charset");
    const QByteArrayView policy = contentSecurityPolicy.isEmpty() ? DefaultPolicy : contentSecurityPolicy;

    qsizetype size = 9 + statusLength + 1 + reason.size() + 2 + 16 + lengthLength + 2 + SecurityHeaders.size()
        + policy.size() + 2 + 2 + (headRequest ? 0 : response.body.size());
    if (!response.contentType.isEmpty())
        size += 14 + response.contentType.size() + (json ? 15 : 0) + 2;
    if (!requestId.isEmpty())
        size += 14 + requestId.size() + 2;
    for (const auto &[name, value] : response.headers)
        size += name.size() + 2 + value.size() + 2;
    if (response.closeConnection)
        size += 19;

    QByteArray out(size, Qt::Uninitialized);
    Appender a{out.data()};
    a.put("HTTP/1.1 ");
    a.put(QByteArrayView(status, statusLength));
    a.put(" ");
    a.put(reason);
    a.put("\r\n");
    if (!response.contentType.isEmpty()) {
        a.put("Content-Type: ");
        a.put(response.contentType);
        if (json)
            a.put("; charset=utf-8");
        a.put("\r\n");
    }
    a.put("Content-Length: ");
    a.put(QByteArrayView(length, lengthLength));
    a.put("\r\n");
    a.put(SecurityHeaders);
    a.put(policy);
    a.put("\r\n");
    if (!requestId.isEmpty()) {
        a.put("X-Request-ID: ");
        a.put(requestId);
        a.put("\r\n");
    }
    for (const auto &[name, value] : response.headers) {
        a.put(name);
        a.put(": ");
        a.put(value);
        a.put("\r\n");
    }
    if (response.closeConnection)
        a.put("Connection: close\r\n");
    a.put("\r\n");
    if (!headRequest)
        a.put(response.body);
    Q_ASSERT(a.p == out.constData() + out.size());
    return out;
}

} // namespace vami::http
