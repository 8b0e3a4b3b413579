#include "guardedtcpserver.h"

#include "core/ids.h"
#include "core/logging.h"
#include "http/httpresponse.h"
#include "lingeringclose.h"

#include <QTcpSocket>

#include <chrono>
#include <memory>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace vami::http {

namespace {

constexpr int kSweepIntervalMs = 1000;
// How long a refused connection may linger (503 flushed, input discarded) before it
// is aborted.
constexpr int kRefusalGraceMs = 5000;

qint64 monotonicNowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Answers a connection that is not handed to QHttpServer and closes it.
void refuseConnection(QTcpSocket *socket, int status, const QString &detail)
{
    HttpResponse response = HttpResponse::error(status, detail);
    response.closeConnection = true;
    QObject::connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
    socket->write(serializeResponse(response, idText(newId()).toLatin1()));
    lingeringClose(socket, kRefusalGraceMs, true);
    if (socket->state() == QAbstractSocket::UnconnectedState)
        socket->deleteLater();
}

} // namespace

GuardedTcpServer::GuardedTcpServer(
    const FrameLimits &limits, RequestFramer::BodyLimitLookup bodyLimit, ConnectionBudget &budget, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
    , m_bodyLimit(std::move(bodyLimit))
    , m_budget(budget)
{
    // A child, so that it follows the server when it is moved to its worker thread.
    m_sweepTimer.setParent(this);
    m_sweepTimer.setInterval(kSweepIntervalMs);
    connect(&m_sweepTimer, &QTimer::timeout, this, &GuardedTcpServer::sweep);
    m_sweepTimer.start();
}

void GuardedTcpServer::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        qCWarning(lcHttp) << "cannot adopt an accepted connection:" << socket->errorString();
        delete socket;
        ::close(int(socketDescriptor));
        return;
    }
    const QHostAddress peer = socket->peerAddress();

    // The allowlist is decided before anything is read (and before the connection
    // counts against the budget). A trusted proxy speaks for other clients: the
    // guard decides those at the end of each request's head.
    if (m_access && m_access->hasAllowlist() && !m_access->isTrustedProxy(peer) && !m_access->allowsAddress(peer)) {
        qCDebug(lcHttp) << "refusing connection from" << peer.toString() << "outside the IP allowlist";
        refuseConnection(socket, 403, u"Access denied: IP not whitelisted"_s);
        return;
    }
    if (!m_budget.tryAcquire(peer)) {
        qCDebug(lcHttp) << "refusing connection from" << peer.toString() << "at the connection limit";
        refuseConnection(socket, 503, u"Server is at its connection limit"_s);
        return;
    }

    // Released once, whichever comes first: the disconnection or the socket's end
    // (QHttpServer deletes a socket later than it disconnects).
    auto released = std::make_shared<bool>(false);
    ConnectionBudget *budget = &m_budget;
    const auto release = [budget, peer, released] {
        if (*released)
            return;
        *released = true;
        budget->release(peer);
    };
    connect(socket, &QAbstractSocket::disconnected, socket, release);
    connect(socket, &QObject::destroyed, socket, release);

    auto *guard = new ConnectionGuard(socket, m_limits, m_bodyLimit, &m_budget, m_access);
    m_guards.insert(guard);
    connect(guard, &QObject::destroyed, this, [this, guard] { m_guards.remove(guard); });

    addPendingConnection(socket);
}

void GuardedTcpServer::sweep()
{
    if (m_guards.isEmpty())
        return;
    const qint64 now = monotonicNowMs();
    const QSet<ConnectionGuard *> guards = m_guards;
    for (ConnectionGuard *guard : guards) {
        if (m_guards.contains(guard))
            guard->checkTimeouts(now);
    }
}

} // namespace vami::http
