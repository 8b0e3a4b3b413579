#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace vami::test {

// A small ESMTP server on 127.0.0.1 for tests. It runs its own QThread with its own
// event loop, so blocking test code and libcurl clients on other threads can talk
// to it. It speaks the real protocol: greeting, EHLO (AUTH PLAIN LOGIN, SIZE,
// 8BITMIME), HELO, AUTH PLAIN / AUTH LOGIN (with or without an initial response),
// MAIL FROM, RCPT TO, DATA with dot-unstuffing, RSET, NOOP, VRFY, QUIT, and stores
// every accepted message. Failures can be switched on to test the client's error
// handling. Every method is thread-safe.
class SmtpSink
{
public:
    enum class Failure {
        None,
        RefuseGreeting,   // 554 instead of 220, then only QUIT is honoured
        RejectRecipient,  // 550 to every RCPT TO
        TemporaryFailure, // 451 after the end of DATA; the message is not stored
        Throttle,         // 421 4.7.0 after the end of DATA ("slow down"), then the connection is closed
        DropDuringData,   // the connection is cut while the client sends the message
    };

    struct Message
    {
        QByteArray envelopeFrom;     // without angle brackets
        QList<QByteArray> recipients;
        QByteArray data;             // as received, CRLF line ends, dot-unstuffed, without the final "."
        QByteArray heloName;
        QByteArray authenticatedUser; // empty: not authenticated
    };

    SmtpSink();
    ~SmtpSink();
    SmtpSink(const SmtpSink &) = delete;
    SmtpSink &operator=(const SmtpSink &) = delete;

    // Listens on a free port of 127.0.0.1; false (with a reason) if it cannot.
    bool start(QString *error = nullptr);
    void stop();
    [[nodiscard]] quint16 port() const;

    // With credentials set, MAIL FROM needs a successful AUTH first (530 otherwise)
    // and wrong credentials get 535. Without them AUTH accepts anything.
    void requireAuthentication(const QByteArray &user, const QByteArray &password);
    // The failure applies to the next `times` occasions it can (greetings,
    // recipients, messages); -1: until it is changed.
    void setFailure(Failure failure, int times = -1);
    // 550 for this recipient only (case-insensitive), whatever setFailure says.
    void rejectRecipient(const QByteArray &address);
    // Largest message accepted (advertised as SIZE); larger ones get 552.
    void setMaxMessageBytes(qint64 bytes);

    [[nodiscard]] QList<Message> messages() const;
    [[nodiscard]] qsizetype messageCount() const;
    // Waits until at least `count` messages were stored; false on timeout.
    [[nodiscard]] bool waitForMessages(qsizetype count, int timeoutMs = 10000) const;
    // Connections accepted so far.
    [[nodiscard]] int connectionCount() const;
    // Failures actually injected so far.
    [[nodiscard]] int failuresInjected() const;
    // Command verbs received, in order ("EHLO", "AUTH", "MAIL", ...); no arguments,
    // so no credentials end up in test output.
    [[nodiscard]] QStringList commands() const;
    // Forgets stored messages and the command log.
    void clear();

    struct State;

private:
    class Thread;
    std::shared_ptr<State> m_state;
    std::unique_ptr<Thread> m_thread;
};

} // namespace vami::test
