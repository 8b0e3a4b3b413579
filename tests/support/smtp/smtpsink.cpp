#include "smtpsink.h"

#include <QHostAddress>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include <chrono>
#include <condition_variable>
#include <mutex>

using namespace Qt::StringLiterals;

namespace vami::test {

struct SmtpSink::State
{
    mutable std::mutex mutex;
    mutable std::condition_variable changed;
    QList<Message> messages;
    QStringList commands;
    QByteArray user;
    QByteArray password;
    Failure failure = Failure::None;
    int failureTimes = -1;
    int failuresInjected = 0;
    QList<QByteArray> rejected;
    qint64 maxMessageBytes = 10 * 1024 * 1024;
    int connections = 0;

    // True when `kind` is switched on; counts one use of it.
    bool inject(Failure kind)
    {
        std::lock_guard lock(mutex);
        if (failure != kind || failureTimes == 0)
            return false;
        if (failureTimes > 0)
            --failureTimes;
        ++failuresInjected;
        return true;
    }
};

namespace {

constexpr qsizetype MaxCommandLine = 2048;

// One SMTP conversation; lives on the sink's thread, owned by its socket.
class Session : public QObject
{
public:
    Session(QTcpSocket *socket, std::shared_ptr<SmtpSink::State> state)
        : QObject(socket)
        , m_socket(socket)
        , m_state(std::move(state))
    {
        connect(socket, &QTcpSocket::readyRead, this, &Session::onReadyRead);
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        {
            std::lock_guard lock(m_state->mutex);
            ++m_state->connections;
        }
        if (m_state->inject(SmtpSink::Failure::RefuseGreeting)) {
            m_refused = true;
            reply("554 5.3.2 vami-sink refuses service");
        } else {
            reply("220 vami-sink ESMTP ready");
        }
    }

private:
    enum class Mode { Command, AuthPlain, AuthLoginUser, AuthLoginPassword, Data };

    void reply(const QByteArray &line) { m_socket->write(line + "\r\n"); }

    void log(const QByteArray &verb)
    {
        std::lock_guard lock(m_state->mutex);
        m_state->commands.append(QString::fromLatin1(verb));
    }

    void resetTransaction()
    {
        m_from.clear();
        m_hasFrom = false;
        m_recipients.clear();
        m_data.clear();
        m_tooLarge = false;
    }

    void onReadyRead()
    {
        m_buffer += m_socket->readAll();
        for (;;) {
            if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
                return;
            if (m_mode == Mode::Data && m_dropData) {
                // The client is sending the message: cut the line now.
                m_socket->abort();
                return;
            }
            const qsizetype lf = m_buffer.indexOf('\n');
            if (lf < 0) {
                if (m_mode != Mode::Data && m_buffer.size() > MaxCommandLine) {
                    reply("500 5.5.6 Line too long");
                    m_buffer.clear();
                }
                return;
            }
            QByteArray line = m_buffer.left(lf);
            m_buffer.remove(0, lf + 1);
            if (line.endsWith('\r'))
                line.chop(1);
            if (m_mode == Mode::Data)
                dataLine(line);
            else
                commandLine(line);
        }
    }

    void dataLine(const QByteArray &line)
    {
        if (line == ".") {
            m_mode = Mode::Command;
            finishMessage();
            return;
        }
        // RFC 5321 4.5.2: a leading dot was doubled by the client.
        const QByteArray content = line.startsWith('.') ? line.mid(1) : line;
        if (m_data.size() + content.size() + 2 > m_maxBytes) {
            m_tooLarge = true;
            return;
        }
        m_data += content + "\r\n";
    }

    void finishMessage()
    {
        if (m_tooLarge) {
            reply("552 5.3.4 Message size exceeds fixed limit");
            resetTransaction();
            return;
        }
        if (m_state->inject(SmtpSink::Failure::TemporaryFailure)) {
            reply("451 4.3.0 Temporary local problem, try again later");
            resetTransaction();
            return;
        }
        if (m_state->inject(SmtpSink::Failure::Throttle)) {
            reply("421 4.7.0 vami-sink: too many messages, slow down and try again later");
            resetTransaction();
            m_socket->disconnectFromHost();
            return;
        }
        SmtpSink::Message message;
        message.envelopeFrom = m_from;
        message.recipients = m_recipients;
        message.data = m_data;
        message.heloName = m_helo;
        message.authenticatedUser = m_authenticatedUser;
        qsizetype number = 0;
        {
            std::lock_guard lock(m_state->mutex);
            m_state->messages.append(message);
            number = m_state->messages.size();
        }
        m_state->changed.notify_all();
        reply("250 2.0.0 Ok: queued as " + QByteArray::number(number));
        resetTransaction();
    }

    static QByteArray pathOf(const QByteArray &argument, const char *prefix)
    {
        // "FROM:<a@b> SIZE=10" -> "a@b"; null when the syntax is wrong.
        const QByteArray p(prefix);
        if (!argument.toUpper().startsWith(p))
            return {};
        const QByteArray rest = argument.mid(p.size()).trimmed();
        if (!rest.startsWith('<'))
            return {};
        const qsizetype close = rest.indexOf('>');
        if (close < 0)
            return {};
        QByteArray path = rest.mid(1, close - 1);
        if (path.isNull())
            path = ""; // the null reverse-path <> is valid
        return path;
    }

    void commandLine(const QByteArray &line)
    {
        switch (m_mode) {
        case Mode::AuthPlain: return authPlain(line);
        case Mode::AuthLoginUser:
            if (line == "*")
                return cancelAuth();
            m_loginUser = QByteArray::fromBase64(line);
            m_mode = Mode::AuthLoginPassword;
            return reply("334 UGFzc3dvcmQ6"); // "Password:"
        case Mode::AuthLoginPassword:
            if (line == "*")
                return cancelAuth();
            m_mode = Mode::Command;
            return checkCredentials(m_loginUser, QByteArray::fromBase64(line));
        case Mode::Command:
        case Mode::Data: break;
        }

        const qsizetype space = line.indexOf(' ');
        const QByteArray verb = (space < 0 ? line : line.left(space)).toUpper();
        const QByteArray argument = space < 0 ? QByteArray() : line.mid(space + 1).trimmed();
        log(verb);

        if (verb == "QUIT") {
            reply("221 2.0.0 Bye");
            m_socket->disconnectFromHost();
            return;
        }
        if (m_refused)
            return reply("503 5.5.1 No service, send QUIT");
        if (verb == "NOOP")
            return reply("250 2.0.0 Ok");
        if (verb == "RSET") {
            resetTransaction();
            return reply("250 2.0.0 Ok");
        }
        if (verb == "VRFY")
            return reply("252 2.1.5 Cannot verify, but will accept the message");
        if (verb == "EHLO" || verb == "HELO") {
            if (argument.isEmpty())
                return reply("501 5.5.4 Domain name required");
            m_helo = argument;
            resetTransaction();
            if (verb == "HELO")
                return reply("250 vami-sink");
            qint64 max = 0;
            {
                std::lock_guard lock(m_state->mutex);
                max = m_state->maxMessageBytes;
            }
            m_maxBytes = max;
            m_socket->write("250-vami-sink greets " + argument + "\r\n");
            m_socket->write("250-AUTH PLAIN LOGIN\r\n");
            m_socket->write("250-SIZE " + QByteArray::number(max) + "\r\n");
            m_socket->write("250-8BITMIME\r\n");
            return reply("250 ENHANCEDSTATUSCODES");
        }
        if (m_helo.isEmpty())
            return reply("503 5.5.1 Send EHLO or HELO first");
        if (verb == "AUTH")
            return auth(argument);
        if (verb == "MAIL") {
            if (m_hasFrom)
                return reply("503 5.5.1 Nested MAIL command");
            bool authRequired = false;
            {
                std::lock_guard lock(m_state->mutex);
                authRequired = !m_state->user.isEmpty();
            }
            if (authRequired && m_authenticatedUser.isEmpty())
                return reply("530 5.7.0 Authentication required");
            const QByteArray from = pathOf(argument, "FROM:");
            if (from.isNull())
                return reply("501 5.5.4 Syntax: MAIL FROM:<address>");
            const qsizetype size = argument.toUpper().indexOf(" SIZE=");
            if (size >= 0) {
                const qint64 declared = argument.mid(size + 6).split(' ').first().toLongLong();
                if (declared > m_maxBytes)
                    return reply("552 5.3.4 Message size exceeds fixed limit");
            }
            m_from = from;
            m_hasFrom = true;
            return reply("250 2.1.0 Ok");
        }
        if (verb == "RCPT") {
            if (!m_hasFrom)
                return reply("503 5.5.1 Need MAIL before RCPT");
            const QByteArray to = pathOf(argument, "TO:");
            if (to.isNull() || to.isEmpty())
                return reply("501 5.5.4 Syntax: RCPT TO:<address>");
            bool listed = false;
            {
                std::lock_guard lock(m_state->mutex);
                for (const QByteArray &r : m_state->rejected)
                    listed = listed || r.compare(to, Qt::CaseInsensitive) == 0;
            }
            if (listed || m_state->inject(SmtpSink::Failure::RejectRecipient))
                return reply("550 5.1.1 <" + to + ">: Recipient address rejected: User unknown");
            if (m_recipients.size() >= 100)
                return reply("452 4.5.3 Too many recipients");
            m_recipients.append(to);
            return reply("250 2.1.5 Ok");
        }
        if (verb == "DATA") {
            if (!m_hasFrom)
                return reply("503 5.5.1 Need MAIL command");
            if (m_recipients.isEmpty())
                return reply("554 5.5.1 No valid recipients");
            m_data.clear();
            m_mode = Mode::Data;
            m_dropData = m_state->inject(SmtpSink::Failure::DropDuringData);
            reply("354 End data with <CR><LF>.<CR><LF>");
            return;
        }
        reply("500 5.5.2 Command not recognized");
    }

    void auth(const QByteArray &argument)
    {
        if (!m_authenticatedUser.isEmpty())
            return reply("503 5.5.1 Already authenticated");
        if (m_hasFrom)
            return reply("503 5.5.1 AUTH not allowed during a mail transaction");
        const QList<QByteArray> parts = argument.split(' ');
        const QByteArray mechanism = parts.value(0).toUpper();
        const QByteArray initial = parts.value(1);
        if (mechanism == "PLAIN") {
            if (initial.isEmpty()) {
                m_mode = Mode::AuthPlain;
                return reply("334 ");
            }
            return authPlain(initial);
        }
        if (mechanism == "LOGIN") {
            if (initial.isEmpty()) {
                m_mode = Mode::AuthLoginUser;
                return reply("334 VXNlcm5hbWU6"); // "Username:"
            }
            m_loginUser = QByteArray::fromBase64(initial);
            m_mode = Mode::AuthLoginPassword;
            return reply("334 UGFzc3dvcmQ6");
        }
        reply("504 5.5.4 Unrecognized authentication type");
    }

    void authPlain(const QByteArray &response)
    {
        m_mode = Mode::Command;
        if (response == "*")
            return cancelAuth();
        const auto decoded = QByteArray::fromBase64Encoding(response, QByteArray::AbortOnBase64DecodingErrors);
        const QList<QByteArray> fields = decoded ? decoded.decoded.split('\0') : QList<QByteArray>();
        if (fields.size() != 3)
            return reply("501 5.5.2 Cannot decode the response");
        checkCredentials(fields[1], fields[2]);
    }

    void cancelAuth()
    {
        m_mode = Mode::Command;
        reply("501 5.7.0 Authentication cancelled");
    }

    void checkCredentials(const QByteArray &user, const QByteArray &password)
    {
        bool ok = false;
        {
            std::lock_guard lock(m_state->mutex);
            ok = m_state->user.isEmpty() || (user == m_state->user && password == m_state->password);
        }
        if (!ok)
            return reply("535 5.7.8 Authentication credentials invalid");
        m_authenticatedUser = user;
        reply("235 2.7.0 Authentication successful");
    }

    QPointer<QTcpSocket> m_socket;
    std::shared_ptr<SmtpSink::State> m_state;
    QByteArray m_buffer;
    Mode m_mode = Mode::Command;
    bool m_refused = false;
    bool m_dropData = false;
    QByteArray m_helo;
    QByteArray m_authenticatedUser;
    QByteArray m_loginUser;
    QByteArray m_from;
    bool m_hasFrom = false;
    QList<QByteArray> m_recipients;
    QByteArray m_data;
    bool m_tooLarge = false;
    qint64 m_maxBytes = 10 * 1024 * 1024;
};

} // namespace

class SmtpSink::Thread : public QThread
{
public:
    explicit Thread(std::shared_ptr<State> state)
        : m_state(std::move(state))
    {
    }

    // Blocks until the server listens (or failed to).
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
        QTcpServer server;
        const bool listening = server.listen(QHostAddress::LocalHost, 0);
        {
            std::lock_guard lock(m_readyMutex);
            m_port = listening ? server.serverPort() : 0;
            m_error = listening ? QString() : server.errorString();
            m_done = true;
        }
        m_ready.notify_all();
        if (!listening)
            return;
        QObject::connect(&server, &QTcpServer::newConnection, &server, [&server, this] {
            while (QTcpSocket *socket = server.nextPendingConnection())
                new Session(socket, m_state);
        });
        exec();
        // Sockets (and their sessions) are children of the server and go with it.
    }

private:
    std::shared_ptr<State> m_state;
    std::mutex m_readyMutex;
    std::condition_variable m_ready;
    bool m_done = false;
    quint16 m_port = 0;
    QString m_error;
};

SmtpSink::SmtpSink()
    : m_state(std::make_shared<State>())
{
}

SmtpSink::~SmtpSink()
{
    stop();
}

bool SmtpSink::start(QString *error)
{
    if (m_thread)
        return true;
    m_thread = std::make_unique<Thread>(m_state);
    if (!m_thread->startListening(error)) {
        m_thread->wait();
        m_thread.reset();
        return false;
    }
    return true;
}

void SmtpSink::stop()
{
    if (!m_thread)
        return;
    m_thread->quit();
    m_thread->wait();
    m_thread.reset();
}

quint16 SmtpSink::port() const
{
    return m_thread ? m_thread->port() : 0;
}

void SmtpSink::requireAuthentication(const QByteArray &user, const QByteArray &password)
{
    std::lock_guard lock(m_state->mutex);
    m_state->user = user;
    m_state->password = password;
}

void SmtpSink::setFailure(Failure failure, int times)
{
    std::lock_guard lock(m_state->mutex);
    m_state->failure = failure;
    m_state->failureTimes = times;
}

void SmtpSink::rejectRecipient(const QByteArray &address)
{
    std::lock_guard lock(m_state->mutex);
    m_state->rejected.append(address);
}

void SmtpSink::setMaxMessageBytes(qint64 bytes)
{
    std::lock_guard lock(m_state->mutex);
    m_state->maxMessageBytes = bytes;
}

QList<SmtpSink::Message> SmtpSink::messages() const
{
    std::lock_guard lock(m_state->mutex);
    return m_state->messages;
}

qsizetype SmtpSink::messageCount() const
{
    std::lock_guard lock(m_state->mutex);
    return m_state->messages.size();
}

bool SmtpSink::waitForMessages(qsizetype count, int timeoutMs) const
{
    std::unique_lock lock(m_state->mutex);
    return m_state->changed.wait_for(lock, std::chrono::milliseconds(timeoutMs),
                                     [&] { return m_state->messages.size() >= count; });
}

int SmtpSink::connectionCount() const
{
    std::lock_guard lock(m_state->mutex);
    return m_state->connections;
}

int SmtpSink::failuresInjected() const
{
    std::lock_guard lock(m_state->mutex);
    return m_state->failuresInjected;
}

QStringList SmtpSink::commands() const
{
    std::lock_guard lock(m_state->mutex);
    return m_state->commands;
}

void SmtpSink::clear()
{
    std::lock_guard lock(m_state->mutex);
    m_state->messages.clear();
    m_state->commands.clear();
}

} // namespace vami::test
