// Two vami-server processes on one PostgreSQL database under mixed load (sign-up,
// sign-in, invitations, API keys, reads) sent to both at once: every invitation
// e-mail reaches the SMTP sink exactly once (the outbox jobs are claimed by one
// instance each), concurrent conflicting writes sent to different instances are
// decided as one instance would (one wins, the other is refused), and either
// instance gives the same answer for the same read.

#include "processutil.h"
#include "smtpsink.h"
#include "testdatabase.h"

#include "storage/database.h"
#include "storage/databaseconfig.h"

#include <QHash>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <mutex>
#include <thread>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

namespace {

const QString Password = u"Str0ng-Passw0rd!"_s;
constexpr int Clients = 4;
constexpr int InvitesPerClient = 6;

} // namespace

class tst_TwoInstances : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void mixedLoadOnTwoInstances();

private:
    std::unique_ptr<TestDatabase> m_database;
    SmtpSink m_sink;
    QTemporaryDir m_dirA, m_dirB;
    QProcess m_a, m_b;
    quint16 m_ports[2] = {0, 0};
};

void tst_TwoInstances::initTestCase()
{
    if (TestDatabase::kindFromEnvironment() != TestDatabase::Kind::Postgres)
        QSKIP("needs PostgreSQL (the postgres variant)");
    m_database = std::make_unique<TestDatabase>(TestDatabase::Kind::Postgres);
    QVERIFY2(m_database->isValid(), qPrintable(m_database->error()));
    QString error;
    QVERIFY2(m_sink.start(&error), qPrintable(error));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"VAMI_AUTH_SECRET"_s, QString::fromLatin1(QByteArray(32, 't').toBase64()));
    env.insert(u"VAMI_RATE_LIMIT_ENABLED"_s, u"false"_s);
    env.insert(u"VAMI_AUTH_SCRYPT_LOG_N"_s, u"14"_s);
    env.insert(u"VAMI_SMTP_HOST"_s, u"127.0.0.1"_s);
    env.insert(u"VAMI_SMTP_PORT"_s, QString::number(m_sink.port()));
    env.insert(u"VAMI_SMTP_SECURITY"_s, u"none"_s);
    env.insert(u"VAMI_SMTP_FROM"_s, u"team@vami.example"_s);
    env.insert(u"VAMI_SMTP_TIMEOUT_SECONDS"_s, u"10"_s);
    m_ports[0] = freePort();
    m_ports[1] = freePort();
    QByteArray out;
    QVERIFY2(startServerProcess(m_a, {u"--listen"_s, u"127.0.0.1:%1"_s.arg(m_ports[0]), u"--data-dir"_s, m_dirA.path(),
                                      u"--database"_s, m_database->url()},
                                env, &out),
             out.constData());
    QVERIFY2(startServerProcess(m_b, {u"--listen"_s, u"127.0.0.1:%1"_s.arg(m_ports[1]), u"--data-dir"_s, m_dirB.path(),
                                      u"--database"_s, m_database->url()},
                                env, &out),
             out.constData());
}

void tst_TwoInstances::cleanupTestCase()
{
    killServerProcess(m_a, SIGTERM);
    killServerProcess(m_b, SIGTERM);
    m_sink.stop();
}

void tst_TwoInstances::mixedLoadOnTwoInstances()
{
    std::mutex mutex;
    QStringList invited;        // acknowledged invitations (their addresses)
    QStringList failures;       // anything unexpected, reported at the end
    auto note = [&](const QString &what) {
        std::lock_guard lock(mutex);
        failures.append(what);
    };

    std::vector<std::thread> threads;
    for (int c = 0; c < Clients; ++c) {
        threads.emplace_back([&, c] {
            const quint16 home = m_ports[c % 2];
            const quint16 other = m_ports[(c + 1) % 2];
            const QString email = u"client%1@two.test"_s.arg(c);
            HttpAnswer reg = httpRequest(home, "POST", "/api/auth/register",
                                         {{u"email"_s, email}, {u"password"_s, Password}, {u"company_name"_s, email}});
            if (reg.status != 200)
                return note(u"register %1: %2"_s.arg(email).arg(reg.status));
            const QByteArray token = reg.body.value(u"access_token"_s).toString().toLatin1();
            // A sign-in on the other instance, then invitations alternating between both.
            HttpAnswer in = httpRequest(other, "POST", "/api/auth/login", {{u"email"_s, email}, {u"password"_s, Password}});
            if (in.status != 200)
                note(u"login %1: %2"_s.arg(email).arg(in.status));
            for (int i = 0; i < InvitesPerClient; ++i) {
                const QString invitee = u"invitee%1-%2@two.test"_s.arg(c).arg(i);
                HttpAnswer inv = httpRequest(m_ports[i % 2], "POST", "/api/team/invite",
                                             {{u"email"_s, invitee}, {u"role"_s, u"member"_s}}, token);
                if (inv.status == 200) {
                    std::lock_guard lock(mutex);
                    invited.append(invitee);
                } else {
                    note(u"invite %1: %2"_s.arg(invitee).arg(inv.status));
                }
                // Reads in between, from both.
                if (httpRequest(m_ports[(i + 1) % 2], "GET", "/api/team/members", {}, token).status != 200)
                    note(u"members read failed"_s);
            }
            // An API key made on one instance works on the other, and its revocation too.
            HttpAnswer key = httpRequest(home, "POST", "/api/settings/api-keys", {{u"name"_s, u"ci"_s}}, token);
            const QByteArray secret = key.body.value(u"full_key"_s).toString().toLatin1();
            if (httpRequest(other, "GET", "/api/team/members", {}, secret).status != 200)
                note(u"API key from one instance refused by the other"_s);
            const QByteArray revokePath = "/api/settings/api-keys/" + key.body.value(u"id"_s).toString().toLatin1();
            if (httpRequest(home, "DELETE", revokePath, {}, token).status != 200)
                note(u"revoke failed"_s);
            if (httpRequest(other, "GET", "/api/team/members", {}, secret).status != 401)
                note(u"revoked API key still works on the other instance"_s);
        });
    }
    for (std::thread &t : threads)
        t.join();
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u"; "_s)));

    // Conflicting writes at the same moment on different instances: one wins.
    for (int r = 0; r < 8; ++r) {
        const QString email = u"race%1@two.test"_s.arg(r);
        HttpAnswer answers[2];
        std::thread first([&] {
            answers[0] = httpRequest(m_ports[0], "POST", "/api/auth/register", {{u"email"_s, email}, {u"password"_s, Password}});
        });
        std::thread second([&] {
            answers[1] = httpRequest(m_ports[1], "POST", "/api/auth/register", {{u"email"_s, email}, {u"password"_s, Password}});
        });
        first.join();
        second.join();
        QList<int> statuses{answers[0].status, answers[1].status};
        std::sort(statuses.begin(), statuses.end());
        QCOMPARE(statuses, QList<int>({200, 400}));
        // The same address invited on both at once: one invitation, one refusal.
        const QByteArray token = (answers[0].status == 200 ? answers[0] : answers[1])
                                     .body.value(u"access_token"_s).toString().toLatin1();
        const QString invitee = u"race-invitee%1@two.test"_s.arg(r);
        std::thread third([&] {
            answers[0] = httpRequest(m_ports[0], "POST", "/api/team/invite", {{u"email"_s, invitee}, {u"role"_s, u"member"_s}},
                                     token);
        });
        std::thread fourth([&] {
            answers[1] = httpRequest(m_ports[1], "POST", "/api/team/invite", {{u"email"_s, invitee}, {u"role"_s, u"member"_s}},
                                     token);
        });
        third.join();
        fourth.join();
        statuses = {answers[0].status, answers[1].status};
        std::sort(statuses.begin(), statuses.end());
        QCOMPARE(statuses, QList<int>({200, 400}));
        invited.append(invitee);

        // Either instance answers a read alike (B, then A once more: activity was
        // already recorded by both).
        (void)httpRequest(m_ports[0], "GET", "/api/team/members", {}, token);
        const HttpAnswer fromB = httpRequest(m_ports[1], "GET", "/api/team/members", {}, token);
        const HttpAnswer fromA = httpRequest(m_ports[0], "GET", "/api/team/members", {}, token);
        QCOMPARE(fromB.status, 200);
        QCOMPARE(fromA.raw, fromB.raw);
    }

    // Every invitation e-mail arrives exactly once, whichever instance sends it.
    QVERIFY2(m_sink.waitForMessages(invited.size(), 60000),
             qPrintable(u"%1 of %2 e-mails arrived"_s.arg(m_sink.messageCount()).arg(invited.size())));
    Database db(*DatabaseConfig::fromUrl(m_database->url()));
    QVERIFY(db.open());
    QElapsedTimer settle;
    settle.start();
    for (;;) {
        auto rows = db.exec(u"SELECT COUNT(*) FROM outbox WHERE status <> 'sent'"_s, {});
        QVERIFY(rows && rows->next());
        if (rows->integer(0) == 0)
            break;
        QVERIFY2(settle.elapsed() < 30000, "outbox items left unsent");
        QThread::msleep(100);
    }
    QThread::msleep(2500); // room for a duplicate to show up
    QHash<QString, int> received;
    for (const SmtpSink::Message &m : m_sink.messages())
        for (const QByteArray &to : m.recipients)
            ++received[QString::fromLatin1(to)];
    QCOMPARE(received.size(), invited.size());
    for (const QString &address : std::as_const(invited))
        QVERIFY2(received.value(address) == 1, qPrintable(u"%1 received %2 e-mails"_s.arg(address).arg(received.value(address))));
    qInfo().noquote() << invited.size() << "invitation e-mails, each delivered exactly once";
}

QTEST_GUILESS_MAIN(tst_TwoInstances)
#include "tst_two_instances.moc"
