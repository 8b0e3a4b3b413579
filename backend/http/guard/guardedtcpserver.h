#pragma once

#include "connectionguard.h"
#include "framelimits.h"

#include <QHash>
#include <QHostAddress>
#include <QMutex>
#include <QSet>
#include <QTcpServer>
#include <QTimer>

#include <atomic>

namespace vami::http {

// Connection counts shared by every worker of one server process.
class ConnectionBudget
{
public:
    explicit ConnectionBudget(const FrameLimits &limits);
    // False when the process-wide or per-address limit is reached.
    bool tryAcquire(const QHostAddress &peer);
    void release(const QHostAddress &peer);
    [[nodiscard]] int open() const { return m_open.load(std::memory_order_relaxed); }

private:
    FrameLimits m_limits;
    std::atomic<int> m_open{0};
    QMutex m_mutex;
    QHash<QHostAddress, int> m_perAddress;
};

// The QTcpServer bound into one worker's QHttpServer. It listens on a descriptor
// shared by all workers (each accepts on its own thread), creates each socket
// itself so its ConnectionGuard is connected before QHttpServer's handlers, refuses
// connections over the budget with 503 (never handed to QHttpServer; closed like a
// refused request, see ConnectionGuard), and sweeps timeouts once a second. A
// connection's budget is released once, when it disconnects or its socket is
// destroyed, whichever comes first.
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    GuardedTcpServer(const FrameLimits &limits, RequestFramer::BodyLimitLookup bodyLimit, ConnectionBudget &budget,
                     QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    void sweep();

    FrameLimits m_limits;
    RequestFramer::BodyLimitLookup m_bodyLimit;
    ConnectionBudget &m_budget;
    QSet<ConnectionGuard *> m_guards;
    QTimer m_sweepTimer;
};

} // namespace vami::http
