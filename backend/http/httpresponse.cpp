#include "httpresponse.h"

#include "json/jsonwriter.h"

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

void appendSecurityHeaders(QByteArray &out, QByteArrayView contentSecurityPolicy)
{
    out.append("X-Content-Type-Options: nosniff\r\n"
               "X-Frame-Options: DENY\r\n"
               "X-XSS-Protection: 0\r\n"
               "Referrer-Policy: no-referrer\r\n"
               "Permissions-Policy: geolocation=(), microphone=(), camera=()\r\n"
               "Cross-Origin-Resource-Policy: same-origin\r\n"
               "Cache-Control: no-store\r\n"
               "Content-Security-Policy: ");
    if (contentSecurityPolicy.isEmpty())
        out.append("default-src 'none'; frame-ancestors 'none'");
    else
        out.append(contentSecurityPolicy);
    out.append("\r\n");
}

QByteArray serializeResponse(const HttpResponse &response, QByteArrayView requestId, bool headRequest,
                             QByteArrayView contentSecurityPolicy)
{
    QByteArray out;
    out.reserve(512 + response.body.size());
    out.append("HTTP/1.1 ");
    out.append(QByteArray::number(response.status));
    out.append(' ');
    out.append(reasonPhrase(response.status));
    out.append("\r\n");
    if (!response.contentType.isEmpty()) {
        out.append("Content-Type: ");
        out.append(response.contentType);
        if (response.contentType.startsWith("application/json") && !response.contentType.contains("charset"))
            out.append("; charset=utf-8");
        out.append("\r\n");
    }
    out.append("Content-Length: ");
    out.append(QByteArray::number(response.body.size()));
    out.append("\r\n");
    appendSecurityHeaders(out, contentSecurityPolicy);
    if (!requestId.isEmpty()) {
        out.append("X-Request-ID: ");
        out.append(requestId);
        out.append("\r\n");
    }
    for (const auto &[name, value] : response.headers) {
        out.append(name);
        out.append(": ");
        out.append(value);
        out.append("\r\n");
    }
    if (response.closeConnection)
        out.append("Connection: close\r\n");
    out.append("\r\n");
    if (!headRequest)
        out.append(response.body);
    return out;
}

} // namespace vami::http
