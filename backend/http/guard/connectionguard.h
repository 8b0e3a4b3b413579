#pragma once

#include "requestframer.h"

#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QTcpSocket>

namespace vami::http {

class AccessPolicy;
class ConnectionBudget;

// Sits in front of QHttpServer on one socket. Its readyRead handler is connected
// before QHttpServer's, so it inspects new bytes (peek, never consuming them) and
// refuses bad framing before QHttpServer buffers or parses anything: it writes a
// JSON error with the common security headers and Connection: close, drops the
// unread input (so QHttpServer sees nothing) and closes the connection.
// It also answers "Expect: 100-continue" (QHttpServer 6.4 never does), remembers
// each complete request's head for the dispatcher, enforces timeouts, and holds
// back input that arrives while a deferred (asynchronous) response is pending.
// Lives in the socket's thread as the socket's child.
//
// How it keeps in step with QHttpServer 6.4: on readyRead, QHttpServer reads all
// available bytes, but when they hold a complete request it takes only that request
// (up to its last byte), answers it, and signals readyRead again for the rest. The
// guard therefore feeds its framer the available bytes only up to the end of the
// first complete request, so every byte is inspected exactly once, just before
// QHttpServer reads it. Chunked requests with trailer fields are refused (501):
// QHttpServer 6.4 ends such a message two bytes into the trailer section.
//
// Output is bounded too: while a connection's unsent output is above
// FrameLimits::maxPendingOutputBytes (a client that pipelines requests and does not
// read), the guard stops QHttpServer from taking the next pipelined request. It
// opens a read transaction of its own and moves past the waiting bytes, so
// QHttpServer finds nothing to parse, and caps the socket's read buffer, so the
// kernel (and TCP flow control) holds the rest. Once the output has drained to half
// the limit, it rolls the transaction back and signals readyRead again: every held
// byte is then inspected and served as usual. Output that makes no progress for
// FrameLimits::writeTimeoutMs closes the connection (and frees its buffers).
//
// Before any body is read, the end of each head decides the access policy: the
// client address (named by a trusted proxy, or the peer) against the IP allowlist
// (403), and the Host header against the configured host names (421).
//
// Closing after a refusal is a lingering close: the response is flushed, the sending
// direction shut down, and input discarded until the client closes or a few seconds
// pass. Closing outright with the client's upload still unread makes the kernel reset
// the connection, and the client then loses the response it had not read yet.
class ConnectionGuard : public QObject
{
    Q_OBJECT

public:
    // `budget` (unsent output is accounted there) and `access` may be null; both must
    // outlive the guard.
    ConnectionGuard(QTcpSocket *socket, const FrameLimits &limits, RequestFramer::BodyLimitLookup bodyLimit,
                    ConnectionBudget *budget = nullptr, const AccessPolicy *access = nullptr);
    ~ConnectionGuard() override;

    // The guard of a socket, or nullptr.
    static ConnectionGuard *of(QTcpSocket *socket);

    // The head of the oldest complete request not yet taken. QHttpServer hands
    // requests over in arrival order, so the dispatcher calls this once per request.
    [[nodiscard]] RequestHead takeCompleted();

    // The dispatcher answers the current request later (off-thread work). Until
    // finishDeferred(), new input is read out of the socket and held back, and no
    // timeout applies. finishDeferred() returns true when input was held back: the
    // caller then sends its response with Connection: close and closes.
    void beginDeferred();
    bool finishDeferred();

    // Called by the worker's sweep timer (about once a second) with the current
    // monotonic time (std::chrono::steady_clock, in ms); closes the connection when a
    // timeout expired (408 with a JSON body mid-request, silently when idle between
    // requests). A new connection that sends nothing counts as idle, with the shorter
    // of headerTimeoutMs and keepAliveIdleMs.
    // The write timeout is checked here too. A body must also arrive within
    // bodyTimeoutMs of its head and, after minRateGraceMs, at minBodyBytesPerSecond
    // on average.
    void checkTimeouts(qint64 nowMs);

    // Called after a response was written to the socket: accounts the unsent output
    // and, when it is above the limit, holds back the next pipelined request.
    void outputQueued();
    // True while pipelined input is held back because output is not draining.
    [[nodiscard]] bool inputPaused() const { return m_outputPaused; }

    [[nodiscard]] QTcpSocket *socket() const { return m_socket; }

private:
    // What the connection is waiting for, which decides the timeout that applies.
    enum class Wait { Idle, Head, Body, Closing };

    void onReadyRead();
    void onBytesWritten();
    // Samples the socket's unsent output into the budget's figures; returns it.
    qint64 accountOutput();
    void pauseInput();
    void holdInput();
    void resumeInput();
    // The access policy for a complete head; false after refusing the request.
    bool admit(const RequestHead &head);
    void reject(const FrameRejection &rejection, const QByteArray &requestId);
    void drainInput();
    void updateDeadline(bool messageCompleted);

    QPointer<QTcpSocket> m_socket;
    FrameLimits m_limits;
    ConnectionBudget *m_budget;
    const AccessPolicy *m_access;
    RequestFramer m_framer;
    QQueue<RequestHead> m_completed;
    QByteArray m_requestIdOfCurrent;
    qint64 m_deadlineMs = 0;
    qint64 m_bodyStartedMs = 0;   // when the current body began
    qint64 m_bodyDeadlineMs = 0;  // when it must be complete
    qint64 m_reportedOutput = 0;  // unsent output last accounted in the budget
    qint64 m_writeProgressMs = 0; // last time unsent output moved (0: nothing unsent)
    Wait m_wait = Wait::Idle;
    bool m_deferred = false;
    bool m_heldInput = false; // input was dropped; the connection must close after the current response
    bool m_closing = false;
    bool m_outputPaused = false;
};

} // namespace vami::http
