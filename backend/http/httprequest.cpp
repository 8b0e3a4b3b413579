#include "httprequest.h"

namespace vami::http {

Method parseMethod(QByteArrayView m)
{
    if (m == "GET")
        return Method::Get;
    if (m == "POST")
        return Method::Post;
    if (m == "PUT")
        return Method::Put;
    if (m == "DELETE")
        return Method::Delete;
    if (m == "PATCH")
        return Method::Patch;
    if (m == "HEAD")
        return Method::Head;
    if (m == "OPTIONS")
        return Method::Options;
    return Method::Unknown;
}

QByteArray methodName(Method method)
{
    switch (method) {
    case Method::Get: return QByteArrayLiteral("GET");
    case Method::Head: return QByteArrayLiteral("HEAD");
    case Method::Post: return QByteArrayLiteral("POST");
    case Method::Put: return QByteArrayLiteral("PUT");
    case Method::Patch: return QByteArrayLiteral("PATCH");
    case Method::Delete: return QByteArrayLiteral("DELETE");
    case Method::Options: return QByteArrayLiteral("OPTIONS");
    case Method::Unknown: break;
    }
    return QByteArrayLiteral("UNKNOWN");
}

QByteArray HttpRequest::header(QByteArrayView lowerName) const
{
    for (const auto &[name, value] : headers) {
        if (name == lowerName)
            return value;
    }
    return {};
}

bool HttpRequest::hasHeader(QByteArrayView lowerName) const
{
    for (const auto &header : headers) {
        if (header.first == lowerName)
            return true;
    }
    return false;
}

QList<QByteArray> HttpRequest::headerValues(QByteArrayView lowerName) const
{
    QList<QByteArray> values;
    for (const auto &[name, value] : headers) {
        if (name == lowerName)
            values.append(value);
    }
    return values;
}

} // namespace vami::http
