#pragma once

#include "requestframer.h"

#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QTcpSocket>

namespace vami::http {

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
// Closing after a refusal is a lingering close: the response is flushed, the sending
// direction shut down, and input discarded until the client closes or a few seconds
// pass. Closing outright with the client's upload still unread makes the kernel reset
// the connection, and the client then loses the response it had not read yet.
class ConnectionGuard : public QObject
{
    Q_OBJECT

public:
    ConnectionGuard(QTcpSocket *socket, const FrameLimits &limits, RequestFramer::BodyLimitLookup bodyLimit);
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
    void checkTimeouts(qint64 nowMs);

    [[nodiscard]] QTcpSocket *socket() const { return m_socket; }

private:
    // What the connection is waiting for, which decides the timeout that applies.
    enum class Wait { Idle, Head, Body, Closing };

    void onReadyRead();
    void reject(const FrameRejection &rejection, const QByteArray &requestId);
    void drainInput();
    void updateDeadline(bool messageCompleted);

    QPointer<QTcpSocket> m_socket;
    FrameLimits m_limits;
    RequestFramer m_framer;
    QQueue<RequestHead> m_completed;
    QByteArray m_requestIdOfCurrent;
    qint64 m_deadlineMs = 0;
    Wait m_wait = Wait::Idle;
    bool m_deferred = false;
    bool m_heldInput = false; // input was dropped; the connection must close after the current response
    bool m_closing = false;
};

} // namespace vami::http
