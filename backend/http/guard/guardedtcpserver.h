#pragma once

#include "accesspolicy.h"
#include "connectionbudget.h"
#include "connectionguard.h"
#include "framelimits.h"

#include <QSet>
#include <QTcpServer>
#include <QTimer>

namespace vami::http {

// The QTcpServer bound into one worker's QHttpServer. It listens on a descriptor
// shared by all workers (each accepts on its own thread), creates each socket
// itself so its ConnectionGuard is connected before QHttpServer's handlers, refuses
// connections from addresses outside the IP allowlist with 403 and connections over
// the budget with 503 (never handed to QHttpServer; closed like a refused request,
// see ConnectionGuard), and sweeps timeouts once a second. A
// connection's budget is released once, when it disconnects or its socket is
// destroyed, whichever comes first.
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    GuardedTcpServer(const FrameLimits &limits, RequestFramer::BodyLimitLookup bodyLimit, ConnectionBudget &budget,
                     QObject *parent = nullptr);

    // The allowlist and host names to enforce (none when not set); must outlive the server.
    void setAccessPolicy(const AccessPolicy *access) { m_access = access; }

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    void sweep();

    FrameLimits m_limits;
    RequestFramer::BodyLimitLookup m_bodyLimit;
    ConnectionBudget &m_budget;
    const AccessPolicy *m_access = nullptr;
    QSet<ConnectionGuard *> m_guards;
    QTimer m_sweepTimer;
};

} // namespace vami::http
