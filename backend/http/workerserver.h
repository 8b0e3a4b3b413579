#pragma once

#include "dispatcher.h"

#include <QAbstractHttpServer>

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

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Dispatcher m_dispatcher;
};

} // namespace vami::http
