// Invitation e-mail end to end: the real HTTP server, the background job runner and
// the outbox, with SMTP pointing at the loopback sink. The accept link is taken from
// the e-mail that actually arrived, and the outbox/job retry rules are checked
// against transient (451) and permanent (550) refusals. Time is a manual clock, so
// retries are due when the test says so, not after minutes of waiting.

#include "apitestutil.h"
#include "smtpsink.h"

#include "jobs/jobrunner.h"
#include "storage/database.h"

#include <QRegularExpression>
#include <QtTest>

#include <functional>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

namespace {

struct OutboxRow
{
    QString status;
    int attempts = -1;
    QString lastError;
};

struct MailParts
{
    QString text;
    QString html;
};

// The decoded text and HTML parts of a multipart/alternative message.
MailParts partsOf(const QByteArray &data)
{
    MailParts parts;
    static const QRegularExpression boundaryRe(u"boundary=\"([^\"]+)\""_s);
    const QByteArray boundary = boundaryRe.match(QString::fromLatin1(data)).captured(1).toLatin1();
    if (boundary.isEmpty())
        return parts;
    const QList<QByteArray> pieces = [&] {
        QList<QByteArray> out;
        const QByteArray delimiter = "--" + boundary;
        qsizetype from = data.indexOf(delimiter);
        while (from >= 0) {
            const qsizetype next = data.indexOf(delimiter, from + delimiter.size());
            if (next < 0)
                break;
            out.append(data.mid(from + delimiter.size(), next - from - delimiter.size()));
            from = next;
        }
        return out;
    }();
    for (const QByteArray &piece : pieces) {
        const qsizetype bodyStart = piece.indexOf("\r\n\r\n");
        if (bodyStart < 0)
            continue;
        const QString decoded = QString::fromUtf8(QByteArray::fromBase64(piece.mid(bodyStart + 4)));
        if (piece.left(bodyStart).contains("text/plain"))
            parts.text = decoded;
        else if (piece.left(bodyStart).contains("text/html"))
            parts.html = decoded;
    }
    return parts;
}

bool waitFor(const std::function<bool()> &condition, int timeoutMs = 10000)
{
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QTest::qWait(20);
    }
    return true;
}

} // namespace

class tst_InvitationMail : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void invitationMailLeadsToMembership();
    void temporaryFailureIsRetriedLater();
    void permanentFailureIsRecordedWithoutLosingOthers();

private:
    OutboxRow outbox(const QString &address);
    QString jobStatusFor(const QString &address);
    ApiReply invite(const QString &email, const QString &role = u"member"_s);

    std::unique_ptr<SmtpSink> m_sink;
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_client;
    ApiAccount m_owner;
};

void tst_InvitationMail::init()
{
    m_sink = std::make_unique<SmtpSink>();
    QString error;
    QVERIFY2(m_sink->start(&error), qPrintable(error));
    m_sink->requireAuthentication("vami", "mail-secret");

    TestServer::Options options;
    options.backend.manualClock = true;
    options.backend.runJobs = true; // the real runner thread, polling every 100 ms
    options.backend.smtp.host = u"127.0.0.1"_s;
    options.backend.smtp.port = m_sink->port();
    options.backend.smtp.security = SmtpSettings::Security::None;
    options.backend.smtp.username = u"vami"_s;
    options.backend.smtp.password = u"mail-secret"_s;
    options.backend.smtp.fromAddress = u"team@vami.example"_s;
    options.backend.smtp.timeoutSeconds = 10;
    m_server = std::make_unique<TestServer>(options);
    QVERIFY2(m_server->isValid(), qPrintable(m_server->error()));
    m_client = std::make_unique<ApiClient>(m_server->url());
    m_owner = registerAccount(*m_client, u"owner@acme.test"_s, u"Acme"_s);
    QVERIFY(!m_owner.accessToken.isEmpty());
    m_client->setToken(m_owner.accessToken);
}

void tst_InvitationMail::cleanup()
{
    m_client.reset();
    m_server.reset(); // stops the job runner before the sink goes
    m_sink.reset();
}

OutboxRow tst_InvitationMail::outbox(const QString &address)
{
    auto rows = m_server->backend().database().exec(
        u"SELECT status, attempts, last_error FROM outbox WHERE recipient = ?"_s, {address});
    OutboxRow row;
    if (rows && rows->next()) {
        row.status = rows->text(0);
        row.attempts = int(rows->integer(1));
        row.lastError = rows->text(2);
    }
    return row;
}

QString tst_InvitationMail::jobStatusFor(const QString &address)
{
    auto rows = m_server->backend().database().exec(
        u"SELECT j.status FROM jobs j JOIN outbox o "
        "ON CAST(j.payload AS TEXT) LIKE '%' || CAST(o.id AS TEXT) || '%' WHERE o.recipient = ?"_s,
        {address});
    if (rows && rows->next())
        return rows->text(0);
    return {};
}

ApiReply tst_InvitationMail::invite(const QString &email, const QString &role)
{
    return m_client->post(u"/api/team/invite"_s, {{u"email"_s, email}, {u"role"_s, role}});
}

void tst_InvitationMail::invitationMailLeadsToMembership()
{
    const ApiReply invited = invite(u"x@example.test"_s, u"admin"_s);
    QCOMPARE(invited.status, 200);

    QVERIFY2(m_sink->waitForMessages(1, 15000), "the invitation e-mail did not arrive");
    const SmtpSink::Message mail = m_sink->messages().first();
    QCOMPARE(mail.recipients, QList<QByteArray>({"x@example.test"_ba}));
    QCOMPARE(mail.envelopeFrom, "team@vami.example"_ba);
    QCOMPARE(mail.authenticatedUser, "vami"_ba);
    QVERIFY(mail.data.contains("\r\nTo: x@example.test\r\n"));
    QVERIFY(mail.data.contains("\r\nSubject: You're invited to join Acme on Vami\r\n"));

    const MailParts parts = partsOf(mail.data);
    QVERIFY2(!parts.text.isEmpty(), mail.data.constData());
    QVERIFY(!parts.html.isEmpty());
    static const QRegularExpression link(u"https://app\\.example\\.test/team/accept-invitation\\?token=([A-Za-z0-9_-]+)"_s);
    const auto textLink = link.match(parts.text);
    QVERIFY2(textLink.hasMatch(), qPrintable(parts.text));
    const QString token = textLink.captured(1);
    QVERIFY(parts.html.contains(textLink.captured(0)));
    QVERIFY(parts.text.contains(u"as admin"_s));
    // The e-mail carries its own token, minted when it was sent.
    QVERIFY(token != invited.object().value(u"invitation_token"_s).toString());

    QVERIFY(waitFor([&] { return outbox(u"x@example.test"_s).status == u"sent"_s; }));
    QCOMPARE(outbox(u"x@example.test"_s).attempts, 1);
    QVERIFY(waitFor([&] { return jobStatusFor(u"x@example.test"_s) == u"done"_s; }));

    // Accept through the API with the token from the e-mail.
    m_client->setToken({});
    const ApiReply accepted = m_client->post(u"/api/team/invitations/%1/accept"_s.arg(token),
                                             {{u"password"_s, apiPassword()}, {u"full_name"_s, u"Xavier"_s}});
    QCOMPARE(accepted.status, 200);
    QCOMPARE(accepted.object().value(u"role"_s).toString(), u"admin"_s);
    const QString userId = accepted.object().value(u"user_id"_s).toString();
    QVERIFY(!userId.isEmpty());

    m_client->setToken(m_owner.accessToken);
    const ApiReply members = m_client->get(u"/api/team/members"_s);
    QCOMPARE(members.status, 200);
    bool found = false;
    for (const QJsonValue &v : members.array()) {
        const QJsonObject member = v.toObject();
        if (member.value(u"email"_s).toString() == u"x@example.test"_s) {
            found = true;
            QCOMPARE(member.value(u"role"_s).toString(), u"admin"_s);
        }
    }
    QVERIFY2(found, members.body.constData());

    // The same link a second time is refused, and so is the token from the API answer.
    m_client->setToken({});
    QCOMPARE(m_client->post(u"/api/team/invitations/%1/accept"_s.arg(token), {{u"password"_s, apiPassword()}}).status,
             404);
    QCOMPARE(m_client
                 ->post(u"/api/team/invitations/%1/accept"_s.arg(invited.object().value(u"invitation_token"_s).toString()),
                        {{u"password"_s, apiPassword()}})
                 .status,
             404);
    QCOMPARE(m_sink->messageCount(), 1);
}

void tst_InvitationMail::temporaryFailureIsRetriedLater()
{
    m_sink->setFailure(SmtpSink::Failure::TemporaryFailure, 1);
    QCOMPARE(invite(u"y@example.test"_s).status, 200);

    // The first attempt meets the 451: recorded, kept pending, nothing delivered.
    QVERIFY(waitFor([&] { return outbox(u"y@example.test"_s).attempts == 1; }));
    const OutboxRow failed = outbox(u"y@example.test"_s);
    QCOMPARE(failed.status, u"pending"_s);
    QVERIFY(!failed.lastError.isEmpty());
    QVERIFY(waitFor([&] { return jobStatusFor(u"y@example.test"_s) == u"pending"_s; }));
    QCOMPARE(m_sink->messageCount(), 0);
    QCOMPARE(m_sink->failuresInjected(), 1);

    // Not before its retry time (at least the 120 s the mailer asks for)...
    m_server->testBackend().clock().advanceSeconds(60);
    m_server->backend().jobRunner().wake();
    QVERIFY(!m_sink->waitForMessages(1, 500));
    QCOMPARE(outbox(u"y@example.test"_s).attempts, 1);

    // ...but once it is due, the retry delivers it.
    m_server->testBackend().clock().advanceSeconds(3600);
    m_server->backend().jobRunner().wake();
    QVERIFY2(m_sink->waitForMessages(1, 15000), "the retry did not deliver the e-mail");
    QCOMPARE(m_sink->messages().first().recipients, QList<QByteArray>({"y@example.test"_ba}));
    QVERIFY(waitFor([&] { return outbox(u"y@example.test"_s).status == u"sent"_s; }));
    QCOMPARE(outbox(u"y@example.test"_s).attempts, 2);
    QVERIFY(waitFor([&] { return jobStatusFor(u"y@example.test"_s) == u"done"_s; }));
}

void tst_InvitationMail::permanentFailureIsRecordedWithoutLosingOthers()
{
    m_sink->rejectRecipient("bad@example.test");
    QCOMPARE(invite(u"bad@example.test"_s).status, 200);
    QCOMPARE(invite(u"good1@example.test"_s).status, 200);
    QCOMPARE(invite(u"good2@example.test"_s).status, 200);

    QVERIFY2(m_sink->waitForMessages(2, 15000), "the other invitations were not delivered");
    QVERIFY(waitFor([&] { return outbox(u"bad@example.test"_s).status == u"failed"_s; }));
    const OutboxRow bad = outbox(u"bad@example.test"_s);
    QCOMPARE(bad.attempts, 1);
    QVERIFY(!bad.lastError.isEmpty());
    QVERIFY(waitFor([&] { return jobStatusFor(u"bad@example.test"_s) == u"failed"_s; }));
    QVERIFY(waitFor([&] { return outbox(u"good1@example.test"_s).status == u"sent"_s; }));
    QVERIFY(waitFor([&] { return outbox(u"good2@example.test"_s).status == u"sent"_s; }));

    QStringList delivered;
    for (const SmtpSink::Message &m : m_sink->messages())
        delivered << QString::fromLatin1(m.recipients.join(','));
    delivered.sort();
    QCOMPARE(delivered, QStringList({u"good1@example.test"_s, u"good2@example.test"_s}));

    // A permanent refusal is never retried, however much later it is.
    m_server->testBackend().clock().advanceSeconds(2 * 86400);
    m_server->backend().jobRunner().wake();
    QVERIFY(!m_sink->waitForMessages(3, 800));
    QCOMPARE(outbox(u"bad@example.test"_s).attempts, 1);
    QCOMPARE(outbox(u"bad@example.test"_s).status, u"failed"_s);
}

QTEST_GUILESS_MAIN(tst_InvitationMail)
#include "tst_invitation_mail.moc"
