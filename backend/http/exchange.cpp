#include "exchange.h"

#include "errormapper.h"

#include "core/ids.h"
#include "json/jsonwriter.h"

namespace vami::http {

Exchange::Exchange(HttpContext &context, HttpRequest request, const Route *route, QHash<QString, QString> params)
    : m_context(context)
    , m_request(std::move(request))
    , m_route(route)
    , m_params(std::move(params))
{
}

QUuid Exchange::id(const QString &name) const
{
    Q_ASSERT_X(m_ids.contains(name), "Exchange::id", "not a path id of this route");
    return m_ids.value(name);
}

QByteArrayView Exchange::partContent(QStringView name) const
{
    const MultipartPart *p = m_multipart.part(name);
    return p ? m_multipart.content(*p) : QByteArrayView();
}

bool Exchange::hasQuery(const QString &name) const
{
    return m_request.query.hasQueryItem(name);
}

QString Exchange::queryText(const QString &name) const
{
    return m_request.query.queryItemValue(name, QUrl::FullyDecoded);
}

ClientInfo Exchange::client() const
{
    return ClientInfo{m_request.clientAddress, QString::fromUtf8(m_request.header("user-agent").left(512)),
                      QString::fromLatin1(m_request.requestId)};
}

HttpResponse Exchange::fail(const Error &error, QStringView location) const
{
    return errorResponse(error, m_request.requestId, location);
}

HttpResponse Exchange::json(int status, QByteArray body) const
{
    if (m_route->sizeHint)
        m_route->sizeHint->bytes.store(body.size(), std::memory_order_relaxed);
    return HttpResponse::json(status, std::move(body));
}

JsonWriter Exchange::writer() const
{
    constexpr qsizetype Smallest = 256;
    constexpr qsizetype Largest = 4 * 1024 * 1024;
    const qsizetype last = m_route->sizeHint ? m_route->sizeHint->bytes.load(std::memory_order_relaxed) : 0;
    // A little more than last time: the next answer is often slightly longer.
    return JsonWriter(std::clamp<qsizetype>(last + last / 8 + 64, Smallest, Largest));
}

HttpResponse Exchange::message(const QString &text) const
{
    JsonWriter w(64 + text.size());
    w.beginObject().field("message", text).endObject();
    return HttpResponse::json(200, w.take());
}

} // namespace vami::http
