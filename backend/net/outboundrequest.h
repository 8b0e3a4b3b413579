#pragma once

#include <QByteArray>
#include <QList>
#include <QUrl>

#include <stop_token>
#include <utility>

namespace vami {

// One outbound HTTP request for HttpClient.
struct OutboundRequest
{
    QByteArray method = QByteArrayLiteral("GET"); // any token: GET, POST, PUT, PROPFIND, ...
    QUrl url;
    // Extra request headers. Host, Content-Length, Transfer-Encoding, Connection and
    // Expect belong to the client. On a redirect to another origin only Accept,
    // Accept-Language and User-Agent are kept, so credentials never follow it.
    QList<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body; // sent when not empty (or when the method is POST, PUT or PATCH)
    // The transfer is aborted soon after a stop is requested (a cancelled job).
    std::stop_token stop;
};

} // namespace vami
