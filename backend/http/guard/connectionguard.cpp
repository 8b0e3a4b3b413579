#include "connectionguard.h"

#include "accesspolicy.h"
#include "connectionbudget.h"
#include "core/ids.h"
#include "core/logging.h"
#include "http/httpresponse.h"
#include "lingeringclose.h"

#include <chrono>

using namespace Qt::StringLiterals;

namespace vami::http {

namespace {

// A peek of this size finds the end of small (pipelined) requests without copying
// everything that follows them.
constexpr qint64 kPeekWindow = 4096;
// Heads of complete requests nobody took; more means the dispatcher does not take
// them, and the oldest are dropped rather than kept forever.
constexpr qsizetype kMaxCompleted = 32;
// How long a refused connection may linger (response flushed, input discarded)
// before it is aborted.
constexpr int kCloseGraceMs = 5000;
constexpr qsizetype kMaxRequestIdBytes = 64;
// While pipelined input is held back, the socket reads no more than this from the
// kernel; TCP flow control then slows the client down.
constexpr qint64 kPausedReadBufferBytes = 64 * 1024;

qint64 monotonicNowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

bool isValidRequestId(QByteArrayView id)
{
    if (id.isEmpty() || id.size() > kMaxRequestIdBytes)
        return false;
    for (const char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
            || c == '_' || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

QByteArray responseRequestId(const QByteArray &sent)
{
    if (isValidRequestId(sent))
        return sent;
    return idText(newId()).toLatin1();
}

} // namespace

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, const FrameLimits &limits,
                                 RequestFramer::BodyLimitLookup bodyLimit, ConnectionBudget *budget,
                                 const AccessPolicy *access)
    : QObject(socket)
    , m_socket(socket)
    , m_limits(limits)
    , m_budget(budget)
    , m_access(access)
    , m_framer(limits, std::move(bodyLimit))
{
    // QHttpServer 6.4 cannot frame a chunked request that carries trailer fields (it
    // takes the request as complete two bytes into them); refuse them before it reads
    // those bytes.
    m_framer.m_trailersAllowed = false;
    // Nothing has arrived yet: the connection is idle, but a client that connects and
    // says nothing gets no longer than it would for a request's head.
    m_deadlineMs = monotonicNowMs() + qMin(m_limits.headerTimeoutMs, m_limits.keepAliveIdleMs);
    if (socket) {
        connect(socket, &QIODevice::readyRead, this, &ConnectionGuard::onReadyRead);
        connect(socket, &QIODevice::bytesWritten, this, &ConnectionGuard::onBytesWritten);
    }
}

ConnectionGuard::~ConnectionGuard()
{
    // The socket's buffers go with it.
    if (m_budget && m_reportedOutput != 0)
        m_budget->notePendingOutput(-m_reportedOutput, 0);
}

ConnectionGuard *ConnectionGuard::of(QTcpSocket *socket)
{
    if (!socket)
        return nullptr;
    return socket->findChild<ConnectionGuard *>(QString(), Qt::FindDirectChildrenOnly);
}

RequestHead ConnectionGuard::takeCompleted()
{
    if (m_completed.isEmpty())
        return RequestHead {};
    return m_completed.dequeue();
}

void ConnectionGuard::beginDeferred()
{
    m_deferred = true;
}

bool ConnectionGuard::finishDeferred()
{
    m_deferred = false;
    if (m_socket && m_socket->bytesAvailable() > 0) {
        m_heldInput = true;
        drainInput();
    }
    if (!m_closing) {
        m_wait = Wait::Idle;
        m_deadlineMs = monotonicNowMs() + m_limits.keepAliveIdleMs;
    }
    return m_heldInput;
}

void ConnectionGuard::checkTimeouts(qint64 nowMs)
{
    QTcpSocket *socket = m_socket;
    if (!socket)
        return;
    if (m_closing) {
        // Backstop: the lingering close has its own timer.
        if (nowMs >= m_deadlineMs + kCloseGraceMs && socket->state() != QAbstractSocket::UnconnectedState)
            socket->abort();
        return;
    }
    // Output that does not drain: the client does not read. Nothing more can be said
    // to it; the connection goes, and its buffers with it.
    if (accountOutput() == 0) {
        m_writeProgressMs = 0;
    } else if (m_writeProgressMs == 0) {
        m_writeProgressMs = nowMs;
    } else if (nowMs - m_writeProgressMs >= m_limits.writeTimeoutMs) {
        qCDebug(lcHttp) << "closing a connection whose output does not drain:" << socket->peerAddress().toString();
        if (m_budget)
            m_budget->countWriteTimeout();
        m_closing = true;
        m_wait = Wait::Closing;
        socket->abort();
        return;
    }
    if (m_outputPaused)
        resumeInput();
    if (m_deferred)
        return;
    if (m_wait == Wait::Body && nowMs < m_deadlineMs) {
        // However the body trickles, it must keep an average rate once its grace
        // period is over.
        const qint64 elapsed = nowMs - m_bodyStartedMs;
        const qint64 received = m_framer.bodyBytesReceived();
        if (m_limits.minBodyBytesPerSecond > 0 && elapsed >= m_limits.minRateGraceMs
            && received * 1000 < qint64(m_limits.minBodyBytesPerSecond) * elapsed) {
            reject(FrameRejection {408, "Request body too slow"_ba}, m_requestIdOfCurrent);
        }
        return;
    }
    if (nowMs < m_deadlineMs)
        return;
    switch (m_wait) {
    case Wait::Head:
    case Wait::Body:
        reject(FrameRejection {408, "Request timeout"_ba}, m_requestIdOfCurrent);
        return;
    case Wait::Idle:
        if (socket->bytesToWrite() > 0) { // a response is still on its way out
            m_deadlineMs = nowMs + m_limits.keepAliveIdleMs;
            return;
        }
        qCDebug(lcHttp) << "closing idle connection from" << socket->peerAddress().toString();
        m_closing = true;
        m_wait = Wait::Closing;
        m_deadlineMs = nowMs + kCloseGraceMs;
        socket->disconnectFromHost();
        return;
    case Wait::Closing:
        return;
    }
}

void ConnectionGuard::outputQueued()
{
    QTcpSocket *socket = m_socket;
    if (!socket || m_closing)
        return;
    if (accountOutput() > m_limits.maxPendingOutputBytes && !m_framer.inRequest())
        pauseInput();
}

qint64 ConnectionGuard::accountOutput()
{
    QTcpSocket *socket = m_socket;
    const qint64 pending = socket ? socket->bytesToWrite() : 0;
    if (m_budget && (pending != m_reportedOutput || pending > 0))
        m_budget->notePendingOutput(pending - m_reportedOutput, pending);
    m_reportedOutput = pending;
    return pending;
}

void ConnectionGuard::onBytesWritten()
{
    const qint64 pending = accountOutput();
    m_writeProgressMs = pending > 0 ? monotonicNowMs() : 0;
    if (m_outputPaused)
        resumeInput();
}

void ConnectionGuard::pauseInput()
{
    QTcpSocket *socket = m_socket;
    if (m_outputPaused || !socket)
        return;
    m_outputPaused = true;
    if (m_writeProgressMs == 0)
        m_writeProgressMs = monotonicNowMs();
    // Only between requests: QHttpServer has committed its read transaction (the
    // framer has seen no byte of the next request, so neither has QHttpServer).
    socket->setReadBufferSize(qMax<qint64>(kPausedReadBufferBytes, socket->bytesAvailable()));
    holdInput();
}

void ConnectionGuard::holdInput()
{
    QTcpSocket *socket = m_socket;
    if (!socket || socket->bytesAvailable() <= 0)
        return;
    // Inside our own transaction QHttpServer reads on from where we stopped: it sees
    // nothing. The bytes stay in the socket's buffer for resumeInput().
    if (!socket->isTransactionStarted())
        socket->startTransaction();
    char scratch[16 * 1024];
    while (socket->bytesAvailable() > 0 && socket->read(scratch, sizeof scratch) > 0) {
    }
}

void ConnectionGuard::resumeInput()
{
    QTcpSocket *socket = m_socket;
    if (!m_outputPaused || !socket || m_closing)
        return;
    if (socket->bytesToWrite() > m_limits.maxPendingOutputBytes / 2)
        return;
    m_outputPaused = false;
    if (socket->isTransactionStarted())
        socket->rollbackTransaction();
    socket->setReadBufferSize(0);
    // Whatever was held back (and whatever the kernel kept) is read as if it had just
    // arrived: the guard inspects it, then QHttpServer takes the next request.
    QMetaObject::invokeMethod(socket, &QIODevice::readyRead, Qt::QueuedConnection);
}

bool ConnectionGuard::admit(const RequestHead &head)
{
    QTcpSocket *socket = m_socket;
    if (!m_access || !socket)
        return true;
    const QHostAddress client = m_access->clientAddress(socket->peerAddress(), head.forwardedFor);
    if (!m_access->allowsAddress(client)) {
        reject(FrameRejection {403, "Access denied: IP not whitelisted"_ba}, head.requestId);
        return false;
    }
    if (!m_access->allowsHost(head.host)) {
        reject(FrameRejection {421, "Unknown host: this server does not answer for the name in the Host header"_ba},
               head.requestId);
        return false;
    }
    return true;
}

void ConnectionGuard::onReadyRead()
{
    QTcpSocket *socket = m_socket;
    if (!socket)
        return;
    if (m_closing) {
        drainInput();
        return;
    }
    if (m_deferred || m_heldInput) {
        if (socket->bytesAvailable() > 0) {
            m_heldInput = true;
            drainInput();
        }
        return;
    }
    if (m_outputPaused) {
        holdInput();
        return;
    }
    if (!m_framer.inRequest() && accountOutput() > m_limits.maxPendingOutputBytes) {
        pauseInput();
        return;
    }
    const qint64 available = socket->bytesAvailable();
    if (available <= 0)
        return;

    // Everything available is new: QHttpServer reads all of it after this slot, up to
    // the end of the first complete request (it leaves what follows in the buffer and
    // signals readyRead again once it has answered). So the framer sees exactly the
    // bytes QHttpServer is about to consume, and no more.
    QList<RequestFramer::Event> events;
    QByteArray bytes = socket->peek(qMin(available, kPeekWindow));
    const qsizetype processed = m_framer.process(bytes.constData(), bytes.size(), events, true);
    bool messageCompleted = false;
    bool rejected = false;
    for (const RequestFramer::Event &event : std::as_const(events)) {
        messageCompleted = messageCompleted || event.type == RequestFramer::EventType::MessageComplete;
        rejected = rejected || event.type == RequestFramer::EventType::Rejected;
    }
    if (!messageCompleted && !rejected && bytes.size() < available) {
        bytes = socket->peek(available);
        const qsizetype before = events.size();
        m_framer.process(bytes.constData() + processed, bytes.size() - processed, events, true);
        for (qsizetype i = before; i < events.size(); ++i) {
            messageCompleted = messageCompleted || events.at(i).type == RequestFramer::EventType::MessageComplete;
            rejected = rejected || events.at(i).type == RequestFramer::EventType::Rejected;
        }
    }
    bytes = QByteArray();

    for (const RequestFramer::Event &event : std::as_const(events)) {
        if (m_closing)
            break;
        switch (event.type) {
        case RequestFramer::EventType::HeadComplete:
            m_requestIdOfCurrent = event.head.requestId;
            if (!admit(event.head))
                break;
            // QHttpServer 6.4 never answers "Expect: 100-continue"; the client may wait
            // for it before sending the body. Not needed when the body is already here,
            // and never sent to an HTTP/1.0 client (RFC 9110 15.2).
            if (event.head.expectContinue && event.head.httpMinor == 1 && !rejected && !messageCompleted
                && (event.head.chunked || event.head.contentLength > 0)) {
                socket->write("HTTP/1.1 100 Continue\r\n\r\n"_ba);
            }
            break;
        case RequestFramer::EventType::MessageComplete:
            if (m_completed.size() >= kMaxCompleted) {
                qCDebug(lcHttp) << "dropping the head of a request nobody took";
                m_completed.dequeue();
            }
            m_completed.enqueue(event.head);
            m_requestIdOfCurrent.clear();
            break;
        case RequestFramer::EventType::Rejected:
            reject(event.rejection, event.head.requestId.isEmpty() ? m_requestIdOfCurrent : event.head.requestId);
            break;
        }
    }
    if (!m_closing)
        updateDeadline(messageCompleted);
}

void ConnectionGuard::updateDeadline(bool messageCompleted)
{
    const qint64 now = monotonicNowMs();
    if (m_framer.inBody()) {
        // Any body progress restarts the idle timer, but never past the body's own
        // deadline, which runs from the end of its head.
        if (m_wait != Wait::Body) {
            m_wait = Wait::Body;
            m_bodyStartedMs = now;
            m_bodyDeadlineMs = now + m_limits.bodyTimeoutMs;
        }
        m_deadlineMs = qMin(now + m_limits.bodyIdleTimeoutMs, m_bodyDeadlineMs);
    } else if (m_framer.inRequest()) {
        // The head's timer runs from its first byte, whatever trickles in after.
        if (m_wait != Wait::Head) {
            m_wait = Wait::Head;
            m_deadlineMs = now + m_limits.headerTimeoutMs;
        }
    } else if (m_wait != Wait::Idle || messageCompleted) {
        m_wait = Wait::Idle;
        m_deadlineMs = now + m_limits.keepAliveIdleMs;
    }
}

void ConnectionGuard::reject(const FrameRejection &rejection, const QByteArray &requestId)
{
    QTcpSocket *socket = m_socket;
    if (m_closing || !socket)
        return;
    m_closing = true;
    m_wait = Wait::Closing;
    m_deadlineMs = monotonicNowMs() + kCloseGraceMs;
    qCDebug(lcHttp).nospace() << "refusing request from " << socket->peerAddress().toString() << ": "
                              << rejection.status << " " << rejection.detail;
    HttpResponse response = HttpResponse::error(rejection.status, QString::fromLatin1(rejection.detail));
    response.closeConnection = true;
    socket->write(serializeResponse(response, responseRequestId(requestId)));
    // Unread input is dropped here and, while the connection lingers, in onReadyRead.
    lingeringClose(socket, kCloseGraceMs, false);
}

void ConnectionGuard::drainInput()
{
    // Reading past QHttpServer's transaction position leaves it nothing to parse.
    discardAvailable(m_socket);
}

} // namespace vami::http
