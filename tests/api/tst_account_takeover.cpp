// Weakness 7 end to end, over the API with the real job runner, outbox and the SMTP
// sink: an inviter who accepts the invitation link they were shown, setting a
// password for the invited address, gets an account whose address is not verified;
// the owner of the mailbox takes it over by password reset, which ends every
// session, refresh token and API key the inviter had.

#include "apitestutil.h"
#include "smtpsink.h"

#include <QRegularExpression>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

namespace {

const QString InviterPassword = u"Inviter-Chose1!"_s;
const QString VictimPassword = u"Mailbox-0wner!"_s;

// The decoded text part of a multipart/alternative message.
QString textOf(const QByteArray &data)
{
    static const QRegularExpression boundaryRe(u"boundary=\"([^\"]+)\""_s);
    const QByteArray boundary = "--" + boundaryRe.match(QString::fromLatin1(data)).captured(1).toLatin1();
    qsizetype from = data.indexOf(boundary);
    while (from >= 0) {
        const qsizetype next = data.indexOf(boundary, from + boundary.size());
        if (next < 0)
            break;
        const QByteArray part = data.mid(from + boundary.size(), next - from - boundary.size());
        const qsizetype bodyStart = part.indexOf("\r\n\r\n");
        if (bodyStart >= 0 && part.left(bodyStart).contains("text/plain"))
            return QString::fromUtf8(QByteArray::fromBase64(part.mid(bodyStart + 4)));
        from = next;
    }
    return {};
}

} // namespace

class tst_AccountTakeover : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void mailboxOwnerTakesOverAnAccountTheInviterCreated();
    void emailedInvitationVerifiesTheAddress();
    void forgotPasswordAnswersAlikeAndResetRules();

private:
    // The text of the first mail to `to` whose subject contains `subject`, waiting for it.
    QString waitForMail(const QByteArray &to, const QByteArray &subject);
    QString resetTokenIn(const QString &text);

    std::unique_ptr<SmtpSink> m_sink;
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_client;
    ApiAccount m_owner;
};

void tst_AccountTakeover::init()
{
    m_sink = std::make_unique<SmtpSink>();
    QString error;
    QVERIFY2(m_sink->start(&error), qPrintable(error));
    TestServer::Options options;
    options.backend.runJobs = true;
    options.backend.smtp.host = u"127.0.0.1"_s;
    options.backend.smtp.port = m_sink->port();
    options.backend.smtp.security = SmtpSettings::Security::None;
    options.backend.smtp.fromAddress = u"team@vami.example"_s;
    options.backend.smtp.timeoutSeconds = 10;
    m_server = std::make_unique<TestServer>(options);
    QVERIFY2(m_server->isValid(), qPrintable(m_server->error()));
    m_client = std::make_unique<ApiClient>(m_server->url());
    m_owner = registerAccount(*m_client, u"owner@acme.test"_s, u"Acme"_s);
    QVERIFY(!m_owner.accessToken.isEmpty());
}

void tst_AccountTakeover::cleanup()
{
    m_client.reset();
    m_server.reset();
    m_sink.reset();
}

QString tst_AccountTakeover::waitForMail(const QByteArray &to, const QByteArray &subject)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 15000) {
        for (const SmtpSink::Message &m : m_sink->messages()) {
            if (m.recipients.contains(to) && m.data.contains(QByteArray("\r\nSubject: " + subject)))
                return textOf(m.data);
        }
        QTest::qWait(50);
    }
    return {};
}

QString tst_AccountTakeover::resetTokenIn(const QString &text)
{
    static const QRegularExpression link(u"https://app\\.example\\.test/reset-password\\?access_token=([A-Za-z0-9_-]+)"_s);
    return link.match(text).captured(1);
}

void tst_AccountTakeover::mailboxOwnerTakesOverAnAccountTheInviterCreated()
{
    // The inviter invites victim@ and accepts the link from the answer themselves.
    m_client->setToken(m_owner.accessToken);
    const ApiReply invited = m_client->post(u"/api/team/invite"_s, {{u"email"_s, u"victim@example.test"_s},
                                                                    {u"role"_s, u"member"_s}});
    QCOMPARE(invited.status, 200);
    const QString copied = invited.object().value(u"invitation_token"_s).toString();
    QVERIFY(!copied.isEmpty());
    m_client->setToken({});
    const ApiReply accepted = m_client->post(u"/api/team/invitations/%1/accept"_s.arg(copied),
                                             {{u"password"_s, InviterPassword}});
    QCOMPARE(accepted.status, 200);
    QVERIFY(accepted.object().value(u"account_created"_s).toBool());
    const QJsonObject session = accepted.object().value(u"session"_s).toObject();
    const QByteArray inviterAccess = session.value(u"access_token"_s).toString().toLatin1();
    const QString inviterRefresh = session.value(u"refresh_token"_s).toString();
    QVERIFY(!inviterAccess.isEmpty());
    QVERIFY(!inviterRefresh.isEmpty());

    // The account exists, but its address is not taken as proven.
    m_client->setToken(inviterAccess);
    ApiReply me = m_client->get(u"/api/auth/me"_s);
    QCOMPARE(me.status, 200);
    QCOMPARE(me.object().value(u"email_verified"_s).toBool(true), false);
    // The inviter, as victim@, makes an API key and a second session.
    const ApiReply key = m_client->post(u"/api/settings/api-keys"_s, {{u"name"_s, u"backdoor"_s}});
    QCOMPARE(key.status, 200);
    const QByteArray apiKey = key.object().value(u"full_key"_s).toString().toLatin1();
    QVERIFY(apiKey.startsWith("vami_"));
    m_client->setToken({});
    const ApiReply second = m_client->post(u"/api/auth/login"_s, {{u"email"_s, u"victim@example.test"_s},
                                                                  {u"password"_s, InviterPassword}});
    QCOMPARE(second.status, 200);
    const QByteArray secondAccess = second.object().value(u"access_token"_s).toString().toLatin1();
    m_client->setToken(apiKey);
    QCOMPARE(m_client->get(u"/api/team/members"_s).status, 200);

    // The mailbox is told, with a link to take the account over.
    const QString notice = waitForMail("victim@example.test", "A Vami account was created for this address");
    QVERIFY2(!notice.isEmpty(), "no takeover notice arrived");
    QVERIFY(!resetTokenIn(notice).isEmpty());

    // The owner of the mailbox asks for a reset and uses the token that was mailed.
    m_client->setToken({});
    const ApiReply forgot = m_client->post(u"/api/auth/forgot-password"_s, {{u"email"_s, u"Victim@Example.test"_s}});
    QCOMPARE(forgot.status, 200);
    const QString resetMail = waitForMail("victim@example.test", "Reset your Vami password");
    QVERIFY2(!resetMail.isEmpty(), "no reset e-mail arrived");
    const QString resetToken = resetTokenIn(resetMail);
    QVERIFY(!resetToken.isEmpty());
    const ApiReply reset = m_client->post(u"/api/auth/reset-password"_s, {{u"access_token"_s, resetToken},
                                                                          {u"new_password"_s, VictimPassword}});
    QCOMPARE(reset.status, 200);
    QCOMPARE(reset.object().value(u"message"_s).toString(), u"Password reset successfully"_s);

    // Nothing the inviter held works any more.
    for (const QByteArray &token : {inviterAccess, secondAccess, apiKey}) {
        m_client->setToken(token);
        QCOMPARE(m_client->get(u"/api/auth/me"_s).status, 401);
    }
    m_client->setToken({});
    QCOMPARE(m_client->post(u"/api/auth/refresh"_s, {{u"refresh_token"_s, inviterRefresh}}).status, 401);
    QCOMPARE(m_client->post(u"/api/auth/login"_s, {{u"email"_s, u"victim@example.test"_s},
                                                   {u"password"_s, InviterPassword}}).status, 401);
    // The token works once, and the notice's link died with it.
    QCOMPARE(m_client->post(u"/api/auth/reset-password"_s, {{u"token"_s, resetToken},
                                                            {u"password"_s, InviterPassword}}).status, 400);
    QCOMPARE(m_client->post(u"/api/auth/reset-password"_s, {{u"token"_s, resetTokenIn(notice)},
                                                            {u"password"_s, InviterPassword}}).status, 400);

    // The owner signs in; the address now counts as verified; the membership stays.
    const ApiReply in = m_client->post(u"/api/auth/login"_s, {{u"email"_s, u"victim@example.test"_s},
                                                              {u"password"_s, VictimPassword}});
    QCOMPARE(in.status, 200);
    QCOMPARE(in.object().value(u"user"_s).toObject().value(u"email_verified"_s).toBool(), true);
    QCOMPARE(in.object().value(u"organization"_s).toObject().value(u"id"_s).toString(), m_owner.organizationId);
}

void tst_AccountTakeover::emailedInvitationVerifiesTheAddress()
{
    m_client->setToken(m_owner.accessToken);
    QCOMPARE(m_client->post(u"/api/team/invite"_s, {{u"email"_s, u"lea@example.test"_s}, {u"role"_s, u"member"_s}})
                 .status,
             200);
    const QString mail = waitForMail("lea@example.test", "You're invited");
    static const QRegularExpression link(u"accept-invitation\\?token=([A-Za-z0-9_-]+)"_s);
    const QString token = link.match(mail).captured(1);
    QVERIFY2(!token.isEmpty(), qPrintable(mail));
    m_client->setToken({});
    const ApiReply accepted = m_client->post(u"/api/team/invitations/%1/accept"_s.arg(token),
                                             {{u"password"_s, VictimPassword}});
    QCOMPARE(accepted.status, 200);
    const QJsonObject user = accepted.object().value(u"session"_s).toObject().value(u"user"_s).toObject();
    QCOMPARE(user.value(u"email_verified"_s).toBool(), true);
    // No takeover notice for an address that proved itself.
    QTest::qWait(500);
    for (const SmtpSink::Message &m : m_sink->messages())
        QVERIFY(!m.data.contains("A Vami account was created"));
}

void tst_AccountTakeover::forgotPasswordAnswersAlikeAndResetRules()
{
    m_client->setToken({});
    const ApiReply known = m_client->post(u"/api/auth/forgot-password"_s, {{u"email"_s, u"owner@acme.test"_s}});
    const ApiReply unknown = m_client->post(u"/api/auth/forgot-password"_s, {{u"email"_s, u"nobody@acme.test"_s}});
    QCOMPARE(known.status, 200);
    QCOMPARE(unknown.status, 200);
    QCOMPARE(known.body, unknown.body);
    // The query spelling the web client uses.
    const ApiReply query = m_client->send("POST", u"/api/auth/forgot-password?email=owner%40acme.test"_s, {}, {});
    QCOMPARE(query.status, 200);
    QCOMPARE(query.body, known.body);
    QCOMPARE(m_client->post(u"/api/auth/forgot-password"_s, {}).status, 422);

    const QString text = waitForMail("owner@acme.test", "Reset your Vami password");
    const QString token = resetTokenIn(text);
    QVERIFY(!token.isEmpty());
    // The new password follows the registration rules; a refusal uses nothing up.
    const ApiReply weak = m_client->post(u"/api/auth/reset-password"_s, {{u"token"_s, token},
                                                                         {u"new_password"_s, u"short"_s}});
    QCOMPARE(weak.status, 400);
    QCOMPARE(weak.detail(), u"Password must be at least 8 characters long"_s);
    QCOMPARE(m_client->post(u"/api/auth/reset-password"_s, {{u"token"_s, u"not-a-token"_s},
                                                            {u"new_password"_s, VictimPassword}}).detail(),
             u"Invalid or expired reset token"_s);
    QCOMPARE(m_client->post(u"/api/auth/reset-password"_s, {{u"token"_s, token}, {u"new_password"_s, VictimPassword}})
                 .status,
             200);
    QCOMPARE(m_client->post(u"/api/auth/login"_s, {{u"email"_s, u"owner@acme.test"_s}, {u"password"_s, VictimPassword}})
                 .status,
             200);
}

QTEST_GUILESS_MAIN(tst_AccountTakeover)
#include "tst_account_takeover.moc"
