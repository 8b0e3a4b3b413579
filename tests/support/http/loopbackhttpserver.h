#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

#include <memory>
#include <utility>

namespace vami::test {

// An HTTP/1.1 server on 127.0.0.1 (plain, or TLS with a given certificate) for
// tests of outbound HTTP. It runs its own QThread with its own event loop, so
// blocking clients (libcurl) on other threads can talk to it. It parses requests
// (request line, headers, Content-Length bodies, keep-alive) and answers each path
// with the replies the test set: ordinary answers, redirects, answers that trickle
// in slowly, bodies of any size streamed without holding them in memory, a closed
// connection, or no answer at all. Every request is recorded. Thread-safe.
class LoopbackHttpServer
{
public:
    struct Reply
    {
        enum class Mode {
            Normal, // status, headers and body at once
            Slow, // the body in pieces of `pieceBytes`, `intervalMs` apart
            Stream, // `streamBytes` of body generated on the fly
            Hang, // read the request, never answer
            Close, // read the request, close the connection without an answer
        };
        int status = 200;
        QList<std::pair<QByteArray, QByteArray>> headers;
        QByteArray body;
        Mode mode = Mode::Normal;
        int pieceBytes = 1;
        int intervalMs = 0;
        qint64 streamBytes = 0;
        bool chunked = false; // Stream: chunked transfer coding instead of Content-Length
    };
    static Reply ok(const QByteArray &body, const QByteArray &contentType = "text/plain");
    static Reply status(int code, const QList<std::pair<QByteArray, QByteArray>> &headers = {});
    static Reply redirect(int code, const QByteArray &location);
    static Reply slow(const QByteArray &body, int pieceBytes, int intervalMs);
    static Reply stream(qint64 bytes, bool chunked);
    static Reply hang();
    static Reply close();

    struct Request
    {
        QByteArray method;
        QByteArray target; // path and query as sent
        QList<std::pair<QByteArray, QByteArray>> headers; // names lower-cased
        QByteArray body;
        QString peer;

        [[nodiscard]] QByteArray header(const QByteArray &name) const;
        [[nodiscard]] bool hasHeader(const QByteArray &name) const;
    };

    LoopbackHttpServer();
    ~LoopbackHttpServer();
    LoopbackHttpServer(const LoopbackHttpServer &) = delete;
    LoopbackHttpServer &operator=(const LoopbackHttpServer &) = delete;

    // Listens on a free port of 127.0.0.1; false (with a reason) if it cannot.
    bool start(QString *error = nullptr);
    // The same over TLS with this certificate (chain) and private key, both PEM.
    bool startTls(const QByteArray &certificatePem, const QByteArray &keyPem, QString *error = nullptr);
    void stop();
    [[nodiscard]] quint16 port() const;
    // http(s)://<host>:<port><path>
    [[nodiscard]] QUrl url(const QString &path, const QString &host = QStringLiteral("127.0.0.1")) const;

    // Replies for a path (the target without its query), used in order; the last
    // one answers every later request. Paths without replies get 404.
    void setReplies(const QByteArray &path, const QList<Reply> &replies);
    void setReply(const QByteArray &path, const Reply &reply) { setReplies(path, {reply}); }

    [[nodiscard]] QList<Request> requests() const;
    [[nodiscard]] qsizetype requestCount() const;
    // Waits until at least `count` requests arrived; false on timeout.
    [[nodiscard]] bool waitForRequests(qsizetype count, int timeoutMs = 10000) const;
    // TCP connections accepted so far (TLS handshakes included, failed or not).
    [[nodiscard]] int connectionCount() const;

    struct State;

private:
    class Thread;
    bool startWith(const QByteArray &certificatePem, const QByteArray &keyPem, QString *error);
    std::shared_ptr<State> m_state;
    std::unique_ptr<Thread> m_thread;
    bool m_tls = false;
};

} // namespace vami::test
