#pragma once

#include "exchange.h"
#include "httpcontext.h"
#include "metrics.h"

#include <QObject>
#include <QPointer>
#include <QTcpSocket>

#include <optional>

class QHttpServerRequest;

namespace vami::http {

// The one path every request takes, in this order: request id, client address
// (trusted proxies), IP allowlist, CORS preflight, routing (404/405), per-address
// rate limits, authentication, per-principal rate limits, content type and JSON
// body validation, then the route's handler, inline or on the heavy pool. Every
// response, errors included, leaves through finish(): security headers, request
// id, timing, rate-limit and CORS headers, metrics and the access log.
// Nothing here throws; a handler that does gets a JSON 500.
class Dispatcher
{
public:
    // `owner` lives in the worker thread; deferred responses are delivered there.
    Dispatcher(HttpContext &context, QObject *owner);

    void dispatch(const QHttpServerRequest &request, QTcpSocket *socket);

private:
    struct State
    {
        QString routeName = QStringLiteral("unmatched");
        HeaderList extraHeaders;
        QStringView errorLocation = u"body";
    };

    HttpRequest readRequest(const QHttpServerRequest &request, QTcpSocket *socket);
    std::optional<HttpResponse> process(HttpRequest &request, QTcpSocket *socket, State &state);
    std::optional<HttpResponse> limitRate(const QString &key, const QList<RateLimiter::Rule> &rules,
                                          const HttpRequest &request, State &state);
    Result<std::optional<Actor>> authenticate(const HttpRequest &request, bool required);
    std::optional<HttpResponse> readQuery(Exchange &exchange);
    std::optional<HttpResponse> readBody(Exchange &exchange);
    std::optional<HttpResponse> readFormBody(Exchange &exchange);
    std::optional<HttpResponse> readMultipartBody(Exchange &exchange);
    std::optional<HttpResponse> readPathIds(Exchange &exchange);
    std::optional<HttpResponse> verifyCallback(Exchange &exchange);
    HttpResponse checkedResponse(const Exchange &exchange, HttpResponse response);
    void runDeferred(std::shared_ptr<Exchange> exchange, QTcpSocket *socket, State state);
    void finish(QTcpSocket *socket, const HttpRequest &request, HttpResponse response, const State &state,
                bool forceClose = false);
    HttpResponse runHandler(Exchange &exchange);

    HttpContext &m_context;
    QObject *m_owner;
    Metrics::Shard *m_metrics;
};

} // namespace vami::http
