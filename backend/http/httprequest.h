#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QString>
#include <QUrlQuery>

#include <utility>

namespace vami::http {

enum class Method { Get, Head, Post, Put, Patch, Delete, Options, Unknown };

[[nodiscard]] Method parseMethod(QByteArrayView method);
[[nodiscard]] QByteArray methodName(Method method);

// A request as the dispatcher keeps it: copied out of QHttpServer's request so it
// can travel to another thread and outlive the connection.
struct HttpRequest
{
    Method method = Method::Get;
    QByteArray target;      // as sent: path and query, percent-encoded
    QString path;           // normalized path (see RouteTable::normalizePath), still percent-encoded
    QUrlQuery query;
    QList<std::pair<QByteArray, QByteArray>> headers; // names in lower case
    QByteArray body;
    QHostAddress peer;
    QString clientAddress;  // the peer, or the client named by a trusted proxy
    QByteArray requestId;
    bool keepAlive = true;
    QElapsedTimer started;

    // First value of a header (name in lower case); empty when absent.
    [[nodiscard]] QByteArray header(QByteArrayView lowerName) const;
    [[nodiscard]] bool hasHeader(QByteArrayView lowerName) const;
    // Every value of a header, in order.
    [[nodiscard]] QList<QByteArray> headerValues(QByteArrayView lowerName) const;
};

} // namespace vami::http
