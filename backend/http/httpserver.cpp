#include "httpserver.h"

#include "controllers/controllers.h"
#include "guard/guardedtcpserver.h"
#include "listeningsocket.h"
#include "workerserver.h"

#include "core/logging.h"
#include "jobs/jobqueue.h"
#include "runtime/backend.h"

#include <QTcpServer>
#include <QThread>


using namespace Qt::StringLiterals;

namespace vami::http {

HttpServer::HttpServer(Backend &backend, HttpConfig config, const QByteArray &jwtKey)
    : m_context(std::make_unique<HttpContext>(backend, std::move(config), jwtKey))
{
    registerAllRoutes(*m_context);
    HttpContext *context = m_context.get();
    context->metrics.addGauge({"vami_http_connections_open", "Open client connections.",
                               [context] { return double(context->connections.open()); }});
    context->metrics.addGauge({"vami_http_output_pending_bytes", "Response bytes not yet sent, all connections.",
                               [context] { return double(context->connections.pendingOutputBytes()); }});
    context->metrics.addGauge({"vami_http_output_pending_peak_bytes",
                               "Most response bytes one connection has held unsent since start.",
                               [context] { return double(context->connections.peakPendingOutputBytes()); }});
    context->metrics.addGauge({"vami_http_write_timeouts", "Connections closed because their output did not drain.",
                               [context] { return double(context->connections.writeTimeouts()); }});
    context->metrics.addGauge({"vami_http_heavy_in_flight", "Requests running or waiting on the hashing pool.",
                               [context] { return double(context->heavy.inFlight()); }});
    context->metrics.addGauge({"vami_http_rate_limit_keys", "Clients and users tracked by rate limiting.",
                               [context] { return double(context->rateLimiter.keyCount()); }});
    context->metrics.addGauge({"vami_jobs_pending", "Background jobs waiting to run.", [context] {
                                   auto n = context->backend.jobs().countWithStatus(JobStatus::Pending);
                                   return n ? double(*n) : -1.0;
                               }});
}

HttpServer::~HttpServer()
{
    stop();
}

Result<quint16> HttpServer::start()
{
    if (m_running)
        return m_port;
    const HttpConfig &config = m_context->config;
    const auto cannotListen = [] {
        return fail(Error::unavailable(u"http.listen_failed"_s,
                                       QT_TRANSLATE_NOOP("vami", "The server cannot listen on the address.")));
    };
    // One worker per core unless configured; each has its own listening socket on
    // the same port where the platform spreads connections over them, else the
    // first worker listens alone.
    const int workers = canSharePort() ? (config.workers > 0 ? config.workers : std::max(1, QThread::idealThreadCount()))
                                       : 1;
    HttpContext *context = m_context.get();
    auto bodyLimit = [context](QByteArrayView method, QByteArrayView target) {
        return context->routes.bodyLimitFor(method, target);
    };
    m_port = config.port;
    for (int i = 0; i < workers; ++i) {
        std::optional<ListeningSocket> socket;
        if (canSharePort()) {
            socket = openListeningSocket(config.address, m_port);
            if (!socket) {
                stop();
                return cannotListen();
            }
            m_port = socket->port;
            if (i == 0) {
                m_claim = claimPort(config.address, m_port);
                if (!m_claim) {
                    qCWarning(lcServer) << "another server already listens on port" << m_port;
                    closeListeningSocket(socket->descriptor);
                    return cannotListen();
                }
            }
        }
        Worker worker;
        worker.thread = new QThread;
        worker.thread->setObjectName(u"http-worker-%1"_s.arg(i));
        worker.anchor = new QObject;
        worker.anchor->moveToThread(worker.thread);
        worker.thread->start();
        bool ok = false;
        QMetaObject::invokeMethod(
            worker.anchor,
            [&] {
                worker.server = new WorkerServer(*context);
                worker.listener = new GuardedTcpServer(config.limits, bodyLimit, context->connections);
                worker.listener->setAccessPolicy(&context->access);
                if (socket) {
                    ok = worker.listener->setSocketDescriptor(socket->descriptor);
                } else {
                    ok = worker.listener->listen(config.address, m_port);
                    m_port = worker.listener->serverPort();
                }
                if (ok)
                    worker.server->bind(worker.listener);
            },
            Qt::BlockingQueuedConnection);
        if (!ok && socket)
            closeListeningSocket(socket->descriptor);
        m_workers.append(worker);
        if (!ok) {
            stop();
            return cannotListen();
        }
    }
    m_running = true;
    qCInfo(lcServer).noquote() << "listening on" << config.address.toString() << "port" << m_port << "with" << workers
                               << "workers";
    return m_port;
}

QList<quint64> HttpServer::requestsPerWorker() const
{
    QList<quint64> counts;
    for (const Worker &w : m_workers)
        counts.append(w.server ? w.server->requestCount() : 0);
    return counts;
}

void HttpServer::stop()
{
    for (Worker &w : m_workers) {
        if (w.listener)
            QMetaObject::invokeMethod(w.listener, [l = w.listener] { l->close(); }, Qt::BlockingQueuedConnection);
    }
    // Deferred responses are delivered to the workers: let them arrive first.
    m_context->heavy.waitForDone();
    m_context->slowIo.waitForDone();
    for (Worker &w : m_workers) {
        QMetaObject::invokeMethod(
            w.anchor,
            [&w] {
                delete w.server; // owns the bound listener and the open connections
                w.server = nullptr;
                w.listener = nullptr;
                delete w.anchor;
            },
            Qt::BlockingQueuedConnection);
        w.thread->quit();
        w.thread->wait();
        delete w.thread;
    }
    m_workers.clear();
    if (m_claim) {
        closeListeningSocket(*m_claim);
        m_claim.reset();
    }
    m_running = false;
}

} // namespace vami::http
