#include "workerserver.h"

namespace vami::http {

WorkerServer::WorkerServer(HttpContext &context, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_dispatcher(context, this)
{
}

bool WorkerServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    m_requests.fetch_add(1, std::memory_order_relaxed);
    m_dispatcher.dispatch(request, socket);
    return true;
}

void WorkerServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    m_requests.fetch_add(1, std::memory_order_relaxed);
    m_dispatcher.dispatch(request, socket);
}

} // namespace vami::http
