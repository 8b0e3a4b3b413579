#pragma once

#include "httpconfig.h"
#include "httpcontext.h"

#include "core/result.h"

#include <QList>

#include <memory>
#include <optional>

class QThread;

namespace vami {
class Backend;
}

namespace vami::http {

class WorkerServer;
class GuardedTcpServer;

// The HTTP face of the backend: listens on one address, and accepts and serves
// connections on several worker threads (each a QHttpServer behind a connection
// guard, with its own listening socket on the shared port), with CPU-heavy
// requests on a separate bounded pool.
class HttpServer
{
public:
    HttpServer(Backend &backend, HttpConfig config, const QByteArray &jwtKey);
    ~HttpServer();
    HttpServer(const HttpServer &) = delete;
    HttpServer &operator=(const HttpServer &) = delete;

    // Registers the routes, listens and starts the workers; returns the port.
    Result<quint16> start();
    // Stops accepting, lets running heavy work finish, closes every connection.
    void stop();

    [[nodiscard]] quint16 port() const { return m_port; }
    // Requests handled by each connection worker so far.
    [[nodiscard]] QList<quint64> requestsPerWorker() const;
    [[nodiscard]] HttpContext &context() { return *m_context; }

private:
    struct Worker
    {
        QThread *thread = nullptr;
        QObject *anchor = nullptr; // lives in the worker thread; runs set-up and tear-down there
        WorkerServer *server = nullptr;
        GuardedTcpServer *listener = nullptr;
    };

    std::unique_ptr<HttpContext> m_context;
    QList<Worker> m_workers;
    std::optional<qintptr> m_claim; // this server's claim of its address and port
    quint16 m_port = 0;
    bool m_running = false;
};

} // namespace vami::http
