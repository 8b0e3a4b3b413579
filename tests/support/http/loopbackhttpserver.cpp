#include "loopbackhttpserver.h"

#include <QHash>
#include <QHostAddress>
#include <QPointer>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QThread>
#include <QTimer>

#include <chrono>
#include <condition_variable>
#include <mutex>

using namespace Qt::StringLiterals;

namespace vami::test {

struct LoopbackHttpServer::State
{
    mutable std::mutex mutex;
    mutable std::condition_variable changed;
    QHash<QByteArray, QList<Reply>> replies;
    QHash<QByteArray, int> used;
    QList<Request> requests;
    int connections = 0;

    Reply next(const QByteArray &path)
    {
        std::lock_guard lock(mutex);
        const auto it = replies.constFind(path);
        if (it == replies.constEnd() || it->isEmpty())
            return LoopbackHttpServer::status(404);
        const int index = used[path]++;
        return it->at(std::min<qsizetype>(index, it->size() - 1));
    }
};

namespace {

constexpr qsizetype MaxHead = 64 * 1024;
constexpr qint64 StreamPiece = 64 * 1024;

QByteArray reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 303:
        return "See Other";
    case 307:
        return "Temporary Redirect";
    case 308:
        return "Permanent Redirect";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 410:
        return "Gone";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

// One client connection; lives on the server's thread, owned by its socket.
class Session : public QObject
{
public:
    Session(QTcpSocket *socket, std::shared_ptr<LoopbackHttpServer::State> state)
        : QObject(socket)
        , m_socket(socket)
        , m_state(std::move(state))
    {
        connect(socket, &QTcpSocket::readyRead, this, &Session::onReadyRead);
        connect(socket, &QTcpSocket::bytesWritten, this, &Session::onBytesWritten);
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        m_timer.setParent(this);
        connect(&m_timer, &QTimer::timeout, this, &Session::onPiece);
    }

private:
    void onReadyRead()
    {
        m_buffer += m_socket->readAll();
        processBuffer();
    }

    void processBuffer()
    {
        while (!m_busy && m_socket && m_socket->state() == QAbstractSocket::ConnectedState) {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end < 0) {
                if (m_buffer.size() > MaxHead)
                    m_socket->abort();
                return;
            }
            const QList<QByteArray> lines = m_buffer.left(end).split('\n');
            LoopbackHttpServer::Request request;
            const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
            request.method = requestLine.value(0);
            request.target = requestLine.value(1);
            qint64 length = 0;
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const QByteArray line = lines[i].trimmed();
                const qsizetype colon = line.indexOf(':');
                if (colon <= 0)
                    continue;
                const QByteArray name = line.left(colon).trimmed().toLower();
                const QByteArray value = line.mid(colon + 1).trimmed();
                request.headers.append({name, value});
                if (name == "content-length")
                    length = value.toLongLong();
            }
            if (m_buffer.size() < end + 4 + length)
                return; // the body is still on its way
            request.body = m_buffer.mid(end + 4, length);
            m_buffer.remove(0, end + 4 + length);
            request.peer = m_socket->peerAddress().toString();
            const qsizetype query = request.target.indexOf('?');
            const QByteArray path = query < 0 ? request.target : request.target.left(query);
            {
                std::lock_guard lock(m_state->mutex);
                m_state->requests.append(request);
            }
            m_state->changed.notify_all();
            answer(m_state->next(path));
        }
    }

    void writeHead(const LoopbackHttpServer::Reply &reply, qint64 length, bool chunked)
    {
        QByteArray head = "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reason(reply.status) + "\r\n";
        for (const auto &[name, value] : reply.headers)
            head += name + ": " + value + "\r\n";
        if (chunked)
            head += "Transfer-Encoding: chunked\r\n";
        else
            head += "Content-Length: " + QByteArray::number(length) + "\r\n";
        head += "\r\n";
        m_socket->write(head);
    }

    void answer(const LoopbackHttpServer::Reply &reply)
    {
        using Mode = LoopbackHttpServer::Reply::Mode;
        switch (reply.mode) {
        case Mode::Normal:
            writeHead(reply, reply.body.size(), false);
            m_socket->write(reply.body);
            return;
        case Mode::Hang:
            m_busy = true;
            return;
        case Mode::Close:
            m_busy = true;
            m_socket->disconnectFromHost();
            return;
        case Mode::Slow:
            m_busy = true;
            writeHead(reply, reply.body.size(), false);
            m_pending = reply.body;
            m_pieceBytes = std::max(1, reply.pieceBytes);
            m_timer.start(std::max(1, reply.intervalMs));
            return;
        case Mode::Stream:
            m_busy = true;
            m_chunked = reply.chunked;
            m_left = reply.streamBytes;
            writeHead(reply, reply.streamBytes, reply.chunked);
            onBytesWritten();
            return;
        }
    }

    void onPiece()
    {
        if (!m_socket)
            return;
        m_socket->write(m_pending.left(m_pieceBytes));
        m_pending.remove(0, m_pieceBytes);
        if (m_pending.isEmpty()) {
            m_timer.stop();
            m_busy = false;
            processBuffer();
        }
    }

    void onBytesWritten()
    {
        if (!m_socket || m_left < 0 || (m_left == 0 && !m_chunked) || m_socket->bytesToWrite() > 4 * StreamPiece)
            return;
        while (m_left > 0 && m_socket->bytesToWrite() <= 4 * StreamPiece) {
            const qint64 n = std::min(m_left, StreamPiece);
            const QByteArray piece(n, 'x');
            if (m_chunked)
                m_socket->write(QByteArray::number(n, 16) + "\r\n" + piece + "\r\n");
            else
                m_socket->write(piece);
            m_left -= n;
        }
        if (m_left == 0) {
            if (m_chunked)
                m_socket->write("0\r\n\r\n");
            m_left = -1;
            m_busy = false;
            processBuffer();
        }
    }

    QPointer<QTcpSocket> m_socket;
    std::shared_ptr<LoopbackHttpServer::State> m_state;
    QByteArray m_buffer;
    bool m_busy = false;
    QTimer m_timer;
    QByteArray m_pending;
    int m_pieceBytes = 1;
    qint64 m_left = -1;
    bool m_chunked = false;
};

class Listener : public QTcpServer
{
public:
    Listener(
        std::shared_ptr<LoopbackHttpServer::State> state, const QByteArray &certificatePem, const QByteArray &keyPem)
        : m_state(std::move(state))
    {
        if (!certificatePem.isEmpty()) {
            m_chain = QSslCertificate::fromData(certificatePem, QSsl::Pem);
            m_key = QSslKey(keyPem, QSsl::Ec, QSsl::Pem);
        }
    }

    [[nodiscard]] bool tlsReady() const { return !m_chain.isEmpty() && !m_key.isNull(); }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        {
            std::lock_guard lock(m_state->mutex);
            ++m_state->connections;
        }
        m_state->changed.notify_all();
        QTcpSocket *socket = nullptr;
        if (tlsReady()) {
            auto *ssl = new QSslSocket(this);
            if (!ssl->setSocketDescriptor(descriptor)) {
                delete ssl;
                return;
            }
            ssl->setLocalCertificateChain(m_chain);
            ssl->setPrivateKey(m_key);
            ssl->setPeerVerifyMode(QSslSocket::VerifyNone);
            connect(ssl, &QSslSocket::sslErrors, ssl, [ssl](const QList<QSslError> &) { ssl->abort(); });
            ssl->startServerEncryption();
            socket = ssl;
        } else {
            socket = new QTcpSocket(this);
            if (!socket->setSocketDescriptor(descriptor)) {
                delete socket;
                return;
            }
        }
        new Session(socket, m_state);
    }

private:
    std::shared_ptr<LoopbackHttpServer::State> m_state;
    QList<QSslCertificate> m_chain;
    QSslKey m_key;
};

} // namespace

class LoopbackHttpServer::Thread : public QThread
{
public:
    Thread(std::shared_ptr<State> state, QByteArray certificatePem, QByteArray keyPem)
        : m_state(std::move(state))
        , m_certificatePem(std::move(certificatePem))
        , m_keyPem(std::move(keyPem))
    { }

    bool startListening(QString *error)
    {
        start();
        std::unique_lock lock(m_readyMutex);
        m_ready.wait(lock, [this] { return m_done; });
        if (error)
            *error = m_error;
        return m_port != 0;
    }

    quint16 port() const { return m_port; }

protected:
    void run() override
    {
        Listener server(m_state, m_certificatePem, m_keyPem);
        QString problem;
        if (!m_certificatePem.isEmpty() && !server.tlsReady())
            problem = u"the TLS certificate or key cannot be read"_s;
        else if (!m_certificatePem.isEmpty() && !QSslSocket::supportsSsl())
            problem = u"Qt has no TLS backend here"_s;
        else if (!server.listen(QHostAddress::LocalHost, 0))
            problem = server.errorString();
        {
            std::lock_guard lock(m_readyMutex);
            m_port = problem.isEmpty() ? server.serverPort() : 0;
            m_error = problem;
            m_done = true;
        }
        m_ready.notify_all();
        if (!problem.isEmpty())
            return;
        exec();
        // Sockets (and their sessions) are children of the server and go with it.
    }

private:
    std::shared_ptr<State> m_state;
    QByteArray m_certificatePem;
    QByteArray m_keyPem;
    std::mutex m_readyMutex;
    std::condition_variable m_ready;
    bool m_done = false;
    quint16 m_port = 0;
    QString m_error;
};

LoopbackHttpServer::Reply LoopbackHttpServer::ok(const QByteArray &body, const QByteArray &contentType)
{
    Reply r;
    r.body = body;
    r.headers = {{"Content-Type", contentType}};
    return r;
}

LoopbackHttpServer::Reply LoopbackHttpServer::status(int code, const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    Reply r;
    r.status = code;
    r.headers = headers;
    return r;
}

LoopbackHttpServer::Reply LoopbackHttpServer::redirect(int code, const QByteArray &location)
{
    return status(code, {{"Location", location}});
}

LoopbackHttpServer::Reply LoopbackHttpServer::slow(const QByteArray &body, int pieceBytes, int intervalMs)
{
    Reply r;
    r.body = body;
    r.mode = Reply::Mode::Slow;
    r.pieceBytes = pieceBytes;
    r.intervalMs = intervalMs;
    return r;
}

LoopbackHttpServer::Reply LoopbackHttpServer::stream(qint64 bytes, bool chunked)
{
    Reply r;
    r.mode = Reply::Mode::Stream;
    r.streamBytes = bytes;
    r.chunked = chunked;
    return r;
}

LoopbackHttpServer::Reply LoopbackHttpServer::hang()
{
    Reply r;
    r.mode = Reply::Mode::Hang;
    return r;
}

LoopbackHttpServer::Reply LoopbackHttpServer::close()
{
    Reply r;
    r.mode = Reply::Mode::Close;
    return r;
}

QByteArray LoopbackHttpServer::Request::header(const QByteArray &name) const
{
    const QByteArray lower = name.toLower();
    for (const auto &[key, value] : headers) {
        if (key == lower)
            return value;
    }
    return {};
}

bool LoopbackHttpServer::Request::hasHeader(const QByteArray &name) const
{
    const QByteArray lower = name.toLower();
    for (const auto &header : headers) {
        if (header.first == lower)
            return true;
    }
    return false;
}

LoopbackHttpServer::LoopbackHttpServer()
    : m_state(std::make_shared<State>())
{ }

LoopbackHttpServer::~LoopbackHttpServer()
{
    stop();
}

bool LoopbackHttpServer::start(QString *error)
{
    return startWith({}, {}, error);
}

bool LoopbackHttpServer::startTls(const QByteArray &certificatePem, const QByteArray &keyPem, QString *error)
{
    if (certificatePem.isEmpty()) {
        if (error)
            *error = u"no certificate given"_s;
        return false;
    }
    return startWith(certificatePem, keyPem, error);
}

bool LoopbackHttpServer::startWith(const QByteArray &certificatePem, const QByteArray &keyPem, QString *error)
{
    if (m_thread)
        return true;
    m_tls = !certificatePem.isEmpty();
    m_thread = std::make_unique<Thread>(m_state, certificatePem, keyPem);
    if (!m_thread->startListening(error)) {
        m_thread->wait();
        m_thread.reset();
        return false;
    }
    return true;
}

void LoopbackHttpServer::stop()
{
    if (!m_thread)
        return;
    m_thread->quit();
    m_thread->wait();
    m_thread.reset();
}

quint16 LoopbackHttpServer::port() const
{
    return m_thread ? m_thread->port() : 0;
}

QUrl LoopbackHttpServer::url(const QString &path, const QString &host) const
{
    QUrl u;
    u.setScheme(m_tls ? u"https"_s : u"http"_s);
    u.setHost(host);
    u.setPort(port());
    const qsizetype query = path.indexOf(u'?');
    u.setPath(query < 0 ? path : path.left(query));
    if (query >= 0)
        u.setQuery(path.mid(query + 1));
    return u;
}

void LoopbackHttpServer::setReplies(const QByteArray &path, const QList<Reply> &replies)
{
    std::lock_guard lock(m_state->mutex);
    m_state->replies.insert(path, replies);
    m_state->used.remove(path);
}

QList<LoopbackHttpServer::Request> LoopbackHttpServer::requests() const
{
    std::lock_guard lock(m_state->mutex);
    return m_state->requests;
}

qsizetype LoopbackHttpServer::requestCount() const
{
    std::lock_guard lock(m_state->mutex);
    return m_state->requests.size();
}

bool LoopbackHttpServer::waitForRequests(qsizetype count, int timeoutMs) const
{
    std::unique_lock lock(m_state->mutex);
    return m_state->changed.wait_for(
        lock, std::chrono::milliseconds(timeoutMs), [&] { return m_state->requests.size() >= count; });
}

int LoopbackHttpServer::connectionCount() const
{
    std::lock_guard lock(m_state->mutex);
    return m_state->connections;
}

} // namespace vami::test
