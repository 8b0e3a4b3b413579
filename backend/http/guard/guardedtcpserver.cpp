#include "guardedtcpserver.h"

#include "core/ids.h"
#include "core/logging.h"
#include "http/httpresponse.h"
#include "lingeringclose.h"

#include <QMutexLocker>
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

// IPv4 peers of a dual-stack listener arrive as ::ffff:a.b.c.d; count them as a.b.c.d.
QHostAddress budgetKey(const QHostAddress &peer)
{
    bool isV4 = false;
    const quint32 v4 = peer.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : peer;
}

} // namespace

ConnectionBudget::ConnectionBudget(const FrameLimits &limits)
    : m_limits(limits)
{ }

bool ConnectionBudget::tryAcquire(const QHostAddress &peer)
{
    const QHostAddress key = budgetKey(peer);
    QMutexLocker lock(&m_mutex);
    if (m_open.load(std::memory_order_relaxed) >= m_limits.maxConnections)
        return false;
    const auto it = m_perAddress.find(key);
    const int current = it == m_perAddress.end() ? 0 : it.value();
    if (current >= m_limits.maxConnectionsPerAddress)
        return false;
    m_perAddress.insert(key, current + 1);
    m_open.fetch_add(1, std::memory_order_relaxed);
    return true;
}

void ConnectionBudget::release(const QHostAddress &peer)
{
    const QHostAddress key = budgetKey(peer);
    QMutexLocker lock(&m_mutex);
    const auto it = m_perAddress.find(key);
    if (it == m_perAddress.end())
        return;
    if (--it.value() <= 0)
        m_perAddress.erase(it);
    m_open.fetch_sub(1, std::memory_order_relaxed);
}

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

    if (!m_budget.tryAcquire(peer)) {
        qCDebug(lcHttp) << "refusing connection from" << peer.toString() << "at the connection limit";
        HttpResponse response = HttpResponse::error(503, u"Server is at its connection limit"_s);
        response.closeConnection = true;
        connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
        socket->write(serializeResponse(response, idText(newId()).toLatin1()));
        lingeringClose(socket, kRefusalGraceMs, true);
        if (socket->state() == QAbstractSocket::UnconnectedState)
            socket->deleteLater();
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

    auto *guard = new ConnectionGuard(socket, m_limits, m_bodyLimit);
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
