#pragma once

#include "dispatcher.h"

#include <QAbstractHttpServer>

#include <atomic>

namespace vami::http {

// One connection worker: a QAbstractHttpServer living in its own thread, handing
// every parsed request to the dispatcher. The route table is ours, not
// QHttpServer's, so 405, path parameters and both trailing-slash spellings follow
// the wire contract.
class WorkerServer : public QAbstractHttpServer
{
    Q_OBJECT

public:
    explicit WorkerServer(HttpContext &context, QObject *parent = nullptr);

    // Requests this worker has handled (tests, load figures).
    [[nodiscard]] quint64 requestCount() const { return m_requests.load(std::memory_order_relaxed); }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Dispatcher m_dispatcher;
    std::atomic<quint64> m_requests{0};
};

} // namespace vami::http
