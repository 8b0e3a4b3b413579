// SmtpMailer (libcurl) against the loopback SMTP sink: delivery with and without
// AUTH, encoded headers on arrival, and how each kind of server failure is
// classified (permanent Rejected vs retryable Unavailable). The sink's protocol
// details (AUTH LOGIN, dot-unstuffing, RSET, ...) are checked with a raw socket.

#include "smtpsink.h"
#include "testdatabase.h"

#include "mail/smtpmailer.h"
#include "storage/database.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

namespace {

MailMessage message(const QString &to = u"ann@example.test"_s)
{
    MailMessage m;
    m.toAddress = to;
    m.toName = u"Ann"_s;
    m.subject = u"Hello from the test"_s;
    m.textBody = u"Body line\n.line with a leading dot\n"_s;
    return m;
}

// A blocking line-based client for protocol checks (the sink runs on its own thread).
class RawClient
{
public:
    explicit RawClient(quint16 port)
    {
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        m_socket.waitForConnected(5000);
    }
    // Reads one complete (possibly multi-line) reply; returns all its lines.
    QList<QByteArray> read()
    {
        QList<QByteArray> lines;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 5000) {
            while (m_socket.canReadLine()) {
                QByteArray line = m_socket.readLine();
                line.chop(2); // CRLF
                lines.append(line);
                if (line.size() < 4 || line.at(3) == ' ')
                    return lines;
            }
            m_socket.waitForReadyRead(100);
        }
        return lines;
    }
    int code() { return read().value(0).left(3).toInt(); }
    int send(const QByteArray &line)
    {
        m_socket.write(line + "\r\n");
        m_socket.flush();
        return code();
    }
    void write(const QByteArray &raw)
    {
        m_socket.write(raw);
        m_socket.flush();
    }
    bool waitForClose()
    {
        if (m_socket.state() == QAbstractSocket::UnconnectedState)
            return true;
        return m_socket.waitForDisconnected(5000);
    }

private:
    QTcpSocket m_socket;
};

} // namespace

class tst_SmtpMailer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void deliversWithoutAuthentication();
    void deliversWithAuthentication();
    void nonAsciiSubjectArrivesEncoded();
    void wrongPasswordIsAClearError();
    void missingCredentialsAreAnAuthenticationError();
    void rejectedRecipientIsPermanent();
    void temporaryFailureIsRetryable();
    void throttlingIsRateLimited();
    void droppedConnectionIsRetryable();
    void refusedGreetingIsPermanent();
    void oversizedMessageIsPermanent();
    void unreachablePortFailsFast();
    void silentServerTimesOut();
    void unconfiguredOrHostileRecipientsNeverConnect();
    void sinkSpeaksEsmtp();
    void sinkAuthLoginAndPlain();
    void sinkUnstuffsDotsAndResets();
    void sinkRefusedGreetingWaitsForQuit();
    void noMailLeavesFromInsideATransaction();

private:
    SmtpSettings settings() const;
    std::unique_ptr<SmtpSink> m_sink;
};

void tst_SmtpMailer::init()
{
    m_sink = std::make_unique<SmtpSink>();
    QString error;
    QVERIFY2(m_sink->start(&error), qPrintable(error));
    QVERIFY(m_sink->port() != 0);
}

void tst_SmtpMailer::cleanup()
{
    m_sink.reset();
}

SmtpSettings tst_SmtpMailer::settings() const
{
    SmtpSettings s;
    s.host = u"127.0.0.1"_s;
    s.port = m_sink->port();
    s.security = SmtpSettings::Security::None;
    s.fromAddress = u"noreply@vami.test"_s;
    s.fromName = u"Vami Test"_s;
    s.timeoutSeconds = 10;
    return s;
}

void tst_SmtpMailer::deliversWithoutAuthentication()
{
    const Status sent = SmtpMailer(settings()).send(message(), u"m1@vami.test"_s);
    QVERIFY2(sent, sent ? "" : qPrintable(sent.error().message()));
    QVERIFY(m_sink->waitForMessages(1, 5000));
    const SmtpSink::Message m = m_sink->messages().first();
    QCOMPARE(m.envelopeFrom, "noreply@vami.test"_ba);
    QCOMPARE(m.recipients, QList<QByteArray>({"ann@example.test"_ba}));
    QVERIFY(m.authenticatedUser.isEmpty());
    QVERIFY(!m.heloName.isEmpty());
    QVERIFY(m.data.contains("\r\nSubject: Hello from the test\r\n"));
    QVERIFY(m.data.contains("\r\nMessage-ID: <m1@vami.test>\r\n"));
    QVERIFY(m.data.startsWith("From: Vami Test <noreply@vami.test>\r\n"));
    QVERIFY(m.data.endsWith("\r\n"));
    // The body survived the transport (libcurl dot-stuffs, the sink unstuffs).
    const QByteArray body = m.data.mid(m.data.indexOf("\r\n\r\n") + 4);
    QCOMPARE(QString::fromUtf8(QByteArray::fromBase64(body)), u"Body line\r\n.line with a leading dot\r\n"_s);
    const QStringList commands = m_sink->commands();
    QVERIFY2(!commands.contains(u"AUTH"_s), qPrintable(commands.join(u' ')));
    for (const QString &verb : {u"EHLO"_s, u"MAIL"_s, u"RCPT"_s, u"DATA"_s, u"QUIT"_s})
        QVERIFY2(commands.contains(verb), qPrintable(commands.join(u' ')));
}

void tst_SmtpMailer::deliversWithAuthentication()
{
    m_sink->requireAuthentication("mailer", "s3cret pass");
    SmtpSettings s = settings();
    s.username = u"mailer"_s;
    s.password = u"s3cret pass"_s;
    const Status sent = SmtpMailer(s).send(message(), u"m2@vami.test"_s);
    QVERIFY2(sent, sent ? "" : qPrintable(sent.error().message()));
    QVERIFY(m_sink->waitForMessages(1, 5000));
    QCOMPARE(m_sink->messages().first().authenticatedUser, "mailer"_ba);
    QVERIFY(m_sink->commands().contains(u"AUTH"_s));
}

void tst_SmtpMailer::nonAsciiSubjectArrivesEncoded()
{
    MailMessage m = message(u"joerg@example.test"_s);
    m.subject = u"Einladung für Jörg 😀"_s;
    m.toName = u"Jörg Müller"_s;
    QVERIFY(SmtpMailer(settings()).send(m, u"m3@vami.test"_s));
    QVERIFY(m_sink->waitForMessages(1, 5000));
    const QByteArray data = m_sink->messages().first().data;
    static const QRegularExpression subject(u"\r\nSubject: (=\\?UTF-8\\?B\\?[^\r]*)\r\n((?: [^\r]*\r\n)*)"_s);
    const auto match = subject.match(QString::fromLatin1(data));
    QVERIFY2(match.hasMatch(), data.constData());
    QByteArray decoded;
    static const QRegularExpression word(u"=\\?UTF-8\\?B\\?([^?]*)\\?="_s);
    auto it = word.globalMatch(match.captured(1) + match.captured(2));
    while (it.hasNext())
        decoded += QByteArray::fromBase64(it.next().captured(1).toLatin1());
    QCOMPARE(QString::fromUtf8(decoded), u"Einladung für Jörg 😀"_s);
    for (const char c : data)
        QVERIFY(uchar(c) < 0x80);
}

void tst_SmtpMailer::wrongPasswordIsAClearError()
{
    m_sink->requireAuthentication("mailer", "right");
    SmtpSettings s = settings();
    s.username = u"mailer"_s;
    s.password = u"wrong"_s;
    const Status sent = SmtpMailer(s).send(message(), u"m4@vami.test"_s);
    QVERIFY(!sent);
    QCOMPARE(sent.error().kind(), ErrorKind::Unavailable); // fixable settings: keep the mail
    QCOMPARE(sent.error().code(), u"mail.auth_failed"_s);
    QCOMPARE(sent.error().message(), u"The mail server refused the user name or password."_s);
    QVERIFY(!sent.error().message().contains(u"wrong"_s));
    QCOMPARE(m_sink->messageCount(), 0);
}

void tst_SmtpMailer::missingCredentialsAreAnAuthenticationError()
{
    m_sink->requireAuthentication("mailer", "right");
    const Status sent = SmtpMailer(settings()).send(message(), u"m5@vami.test"_s); // 530 at MAIL FROM
    QVERIFY(!sent);
    QCOMPARE(sent.error().kind(), ErrorKind::Unavailable);
    QCOMPARE(sent.error().code(), u"mail.auth_failed"_s);
}

void tst_SmtpMailer::rejectedRecipientIsPermanent()
{
    m_sink->setFailure(SmtpSink::Failure::RejectRecipient);
    const Status sent = SmtpMailer(settings()).send(message(), u"m6@vami.test"_s);
    QVERIFY(!sent);
    QCOMPARE(sent.error().kind(), ErrorKind::Rejected);
    QCOMPARE(sent.error().code(), u"mail.rejected"_s);
    QCOMPARE(m_sink->messageCount(), 0);
    // Only the listed address is refused.
    m_sink->setFailure(SmtpSink::Failure::None);
    m_sink->rejectRecipient("Nobody@Example.TEST");
    QCOMPARE(SmtpMailer(settings()).send(message(u"nobody@example.test"_s), u"m7@vami.test"_s).error().kind(),
             ErrorKind::Rejected);
    QVERIFY(SmtpMailer(settings()).send(message(), u"m8@vami.test"_s));
    QCOMPARE(m_sink->messageCount(), 1);
}

void tst_SmtpMailer::temporaryFailureIsRetryable()
{
    m_sink->setFailure(SmtpSink::Failure::TemporaryFailure, 1);
    const Status first = SmtpMailer(settings()).send(message(), u"m9@vami.test"_s);
    QVERIFY(!first);
    QCOMPARE(first.error().kind(), ErrorKind::Unavailable);
    QCOMPARE(first.error().code(), u"mail.deferred"_s);
    QVERIFY(first.error().retryAfterSeconds() > 0);
    QCOMPARE(m_sink->messageCount(), 0);
    // The next attempt goes through.
    QVERIFY(SmtpMailer(settings()).send(message(), u"m9@vami.test"_s));
    QCOMPARE(m_sink->messageCount(), 1);
    QCOMPARE(m_sink->failuresInjected(), 1);
}

void tst_SmtpMailer::throttlingIsRateLimited()
{
    m_sink->setFailure(SmtpSink::Failure::Throttle, 1);
    const Status throttled = SmtpMailer(settings()).send(message(), u"m10@vami.test"_s);
    QVERIFY(!throttled);
    QCOMPARE(throttled.error().kind(), ErrorKind::RateLimited);
    QCOMPARE(throttled.error().code(), u"mail.throttled"_s);
    QCOMPARE(throttled.error().retryAfterSeconds(), 300);
    QCOMPARE(m_sink->messageCount(), 0);
    QVERIFY(SmtpMailer(settings()).send(message(), u"m10@vami.test"_s));
    QCOMPARE(m_sink->messageCount(), 1);
}

void tst_SmtpMailer::droppedConnectionIsRetryable()
{
    m_sink->setFailure(SmtpSink::Failure::DropDuringData, 1);
    QElapsedTimer timer;
    timer.start();
    const Status sent = SmtpMailer(settings()).send(message(), u"m10@vami.test"_s);
    QVERIFY(!sent);
    QVERIFY2(timer.elapsed() < 9000, "the mailer waited for its timeout instead of noticing the drop");
    QCOMPARE(sent.error().kind(), ErrorKind::Unavailable);
    QCOMPARE(m_sink->messageCount(), 0);
    QCOMPARE(m_sink->failuresInjected(), 1);
    QVERIFY(SmtpMailer(settings()).send(message(), u"m10@vami.test"_s));
}

void tst_SmtpMailer::refusedGreetingIsPermanent()
{
    // RFC 5321 3.1: a 554 greeting means "no SMTP service here"; like every 5yz
    // reply it must not be retried with the same server.
    m_sink->setFailure(SmtpSink::Failure::RefuseGreeting, 1);
    const Status sent = SmtpMailer(settings()).send(message(), u"m11@vami.test"_s);
    QVERIFY(!sent);
    QCOMPARE(sent.error().kind(), ErrorKind::Rejected);
    QCOMPARE(m_sink->messageCount(), 0);
}

void tst_SmtpMailer::oversizedMessageIsPermanent()
{
    m_sink->setMaxMessageBytes(2000);
    MailMessage big = message();
    big.textBody = QString(5000, u'x');
    const Status sent = SmtpMailer(settings()).send(big, u"m12@vami.test"_s);
    QVERIFY(!sent);
    QCOMPARE(sent.error().kind(), ErrorKind::Rejected);
    QCOMPARE(m_sink->messageCount(), 0);
}

void tst_SmtpMailer::unreachablePortFailsFast()
{
    quint16 closedPort = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        closedPort = probe.serverPort();
    }
    SmtpSettings s = settings();
    s.port = closedPort;
    QElapsedTimer timer;
    timer.start();
    const Status sent = SmtpMailer(s).send(message(), u"m13@vami.test"_s);
    QVERIFY(!sent);
    QVERIFY(timer.elapsed() < 5000);
    QCOMPARE(sent.error().kind(), ErrorKind::Unavailable);
    QCOMPARE(sent.error().code(), u"mail.connect_failed"_s);
}

void tst_SmtpMailer::silentServerTimesOut()
{
    // The kernel accepts the connection, but nothing ever answers.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    SmtpSettings s = settings();
    s.port = silent.serverPort();
    s.timeoutSeconds = 2;
    QElapsedTimer timer;
    timer.start();
    const Status sent = SmtpMailer(s).send(message(), u"m14@vami.test"_s);
    QVERIFY(!sent);
    QVERIFY2(timer.elapsed() < 8000, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(sent.error().kind(), ErrorKind::Unavailable);
    QCOMPARE(sent.error().code(), u"mail.timeout"_s);
}

void tst_SmtpMailer::unconfiguredOrHostileRecipientsNeverConnect()
{
    SmtpSettings none = settings();
    none.host.clear();
    const Status notConfigured = SmtpMailer(none).send(message(), u"x@vami.test"_s);
    QCOMPARE(notConfigured.error().code(), u"mail.not_configured"_s);
    QCOMPARE(notConfigured.error().kind(), ErrorKind::Unavailable);
    for (const QString &to : {u"ann@example.test>\r\nRCPT TO:<victim@evil.test"_s, u"a@b.test\nx"_s,
                              u"<a@b.test>"_s, u"  "_s}) {
        const Status sent = SmtpMailer(settings()).send(message(to), u"x@vami.test"_s);
        QVERIFY(!sent);
        QCOMPARE(sent.error().kind(), ErrorKind::Validation);
    }
    QCOMPARE(m_sink->connectionCount(), 0);
}

void tst_SmtpMailer::sinkSpeaksEsmtp()
{
    RawClient c(m_sink->port());
    QCOMPARE(c.code(), 220);
    QCOMPARE(c.send("MAIL FROM:<a@b.test>"), 503); // EHLO first
    c.write("EHLO client.test\r\n");
    const QList<QByteArray> ehlo = c.read();
    QVERIFY(ehlo.contains("250-AUTH PLAIN LOGIN"));
    QVERIFY(ehlo.contains("250-SIZE 10485760"));
    QVERIFY(ehlo.contains("250-8BITMIME"));
    QVERIFY(ehlo.last().startsWith("250 "));
    QCOMPARE(c.send("HELO client.test"), 250);
    QCOMPARE(c.send("NOOP"), 250);
    QCOMPARE(c.send("VRFY someone"), 252);
    QCOMPARE(c.send("XYZZY"), 500);
    QCOMPARE(c.send("RCPT TO:<a@b.test>"), 503); // no MAIL yet
    QCOMPARE(c.send("DATA"), 503);
    QCOMPARE(c.send("MAIL FROM:<a@b.test> SIZE=99999999999"), 552);
    QCOMPARE(c.send("MAIL FROM:a@b.test"), 501);
    QCOMPARE(c.send("MAIL FROM:<>"), 250); // the null reverse-path (bounces)
    QCOMPARE(c.send("MAIL FROM:<x@b.test>"), 503);
    QCOMPARE(c.send("DATA"), 554); // no recipients
    QCOMPARE(c.send("AUTH PLAIN"), 503); // not inside a transaction
    QCOMPARE(c.send("QUIT"), 221);
    QVERIFY(c.waitForClose());
}

void tst_SmtpMailer::sinkAuthLoginAndPlain()
{
    m_sink->requireAuthentication("user", "pass");
    {
        RawClient c(m_sink->port());
        QCOMPARE(c.code(), 220);
        QCOMPARE(c.send("EHLO c"), 250);
        QCOMPARE(c.send("MAIL FROM:<a@b.test>"), 530);
        QCOMPARE(c.send("AUTH CRAM-MD5"), 504);
        QCOMPARE(c.send("AUTH LOGIN"), 334);
        QCOMPARE(c.send("dXNlcg=="), 334);       // "user"
        QCOMPARE(c.send("d3Jvbmc="), 535);       // "wrong"
        QCOMPARE(c.send("AUTH LOGIN dXNlcg=="), 334); // initial response
        QCOMPARE(c.send("*"), 501);              // cancelled
        QCOMPARE(c.send("AUTH LOGIN"), 334);
        QCOMPARE(c.send("dXNlcg=="), 334);
        QCOMPARE(c.send("cGFzcw=="), 235);       // "pass"
        QCOMPARE(c.send("AUTH LOGIN"), 503);     // once per session
        QCOMPARE(c.send("MAIL FROM:<a@b.test>"), 250);
        QCOMPARE(c.send("QUIT"), 221);
    }
    {
        RawClient c(m_sink->port());
        QCOMPARE(c.code(), 220);
        QCOMPARE(c.send("EHLO c"), 250);
        QCOMPARE(c.send("AUTH PLAIN " + QByteArray("\0user\0nope", 10).toBase64()), 535);
        QCOMPARE(c.send("AUTH PLAIN !!!"), 501);
        QCOMPARE(c.send("AUTH PLAIN"), 334);
        QCOMPARE(c.send(QByteArray("authz\0user\0pass", 15).toBase64()), 235);
        QCOMPARE(c.send("QUIT"), 221);
    }
}

void tst_SmtpMailer::sinkUnstuffsDotsAndResets()
{
    RawClient c(m_sink->port());
    QCOMPARE(c.code(), 220);
    QCOMPARE(c.send("EHLO c"), 250);
    QCOMPARE(c.send("MAIL FROM:<a@b.test>"), 250);
    QCOMPARE(c.send("RCPT TO:<first@b.test>"), 250);
    QCOMPARE(c.send("RSET"), 250); // forgets the transaction
    QCOMPARE(c.send("DATA"), 503);
    QCOMPARE(c.send("MAIL FROM:<a@b.test>"), 250);
    QCOMPARE(c.send("RCPT TO:<x@b.test>"), 250);
    QCOMPARE(c.send("RCPT TO:<y@b.test>"), 250);
    QCOMPARE(c.send("DATA"), 354);
    c.write("Subject: dots\r\n\r\n..leading dot\r\n...\r\nplain\r\n.\r\n");
    QCOMPARE(c.code(), 250);
    QCOMPARE(c.send("QUIT"), 221);
    QVERIFY(m_sink->waitForMessages(1, 5000));
    const SmtpSink::Message m = m_sink->messages().first();
    QCOMPARE(m.recipients, QList<QByteArray>({"x@b.test"_ba, "y@b.test"_ba}));
    QCOMPARE(m.data, "Subject: dots\r\n\r\n.leading dot\r\n..\r\nplain\r\n"_ba);
    QCOMPARE(m.heloName, "c"_ba);
    // waitForMessages gives up instead of hanging.
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!m_sink->waitForMessages(2, 200));
    QVERIFY(timer.elapsed() < 2000);
    m_sink->clear();
    QCOMPARE(m_sink->messageCount(), 0);
}

void tst_SmtpMailer::sinkRefusedGreetingWaitsForQuit()
{
    m_sink->setFailure(SmtpSink::Failure::RefuseGreeting, 1);
    {
        RawClient c(m_sink->port());
        QCOMPARE(c.code(), 554);
        QCOMPARE(c.send("EHLO c"), 503);
        QCOMPARE(c.send("QUIT"), 221);
        QVERIFY(c.waitForClose());
    }
    RawClient again(m_sink->port()); // only once
    QCOMPARE(again.code(), 220);
    QCOMPARE(m_sink->connectionCount(), 2);
}

void tst_SmtpMailer::noMailLeavesFromInsideATransaction()
{
    // A transaction may run its work again (retries), so a mail sent from inside
    // it could be sent twice: it is refused before a connection is made.
    TestDatabase t;
    QVERIFY2(t.isValid(), qPrintable(t.error()));
    Database db(t.config());
    Status outcome = db.transaction([&]() -> Status { return SmtpMailer(settings()).send(message(), u"tx@vami.test"_s); });
    QVERIFY(!outcome);
    QCOMPARE(outcome.error().kind(), ErrorKind::Internal);
    QVERIFY(!m_sink->waitForMessages(1, 200));
    QVERIFY(SmtpMailer(settings()).send(message(), u"tx2@vami.test"_s));
    QVERIFY(m_sink->waitForMessages(1, 5000));
}

QTEST_GUILESS_MAIN(tst_SmtpMailer)
#include "tst_smtpmailer.moc"
