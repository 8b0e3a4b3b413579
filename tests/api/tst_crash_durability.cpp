// kill -9 under a sustained write load, against the real vami-server: a few
// client threads register accounts, invite people and create API keys in a loop
// and log every write answered 2xx; the server is SIGKILLed at random moments ten
// times and restarted on the same database. Afterwards every acknowledged write
// is in the database with what was acknowledged, nothing is half-written or
// unasked-for, every restart came up cleanly, and no migration ran twice.
// SQLite by default; the postgres variant runs on the fixture's server.

#include "processutil.h"
#include "testdatabase.h"

#include "core/random.h"
#include "storage/database.h"
#include "storage/databaseconfig.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <mutex>
#include <thread>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

namespace {

constexpr int Kills = 10;
constexpr int Writers = 3;
const QString Password = u"Str0ng-Passw0rd!"_s;

struct AckedInvitation
{
    QString id;
    QString email;
    QString organizationId;
};

struct AckedKey
{
    QString id;
    QString name;
    QString secret;
};

// What one writer attempted and what was acknowledged to it.
struct WriterLog
{
    QSet<QString> attemptedUsers, attemptedInvitations, attemptedKeys;
    QSet<QString> ackedUsers;
    QList<AckedInvitation> ackedInvitations;
    QList<AckedKey> ackedKeys;
    int refusedAnswers = 0; // answers that were neither 2xx nor an expected refusal
};

} // namespace

class tst_CrashDurability : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void killNineUnderWriteLoad();

private:
    QStringList serverArguments() const;
    // Retries while the server is down; returns the first definite answer.
    HttpAnswer definite(const QByteArray &path, const QJsonObject &body, const QByteArray &bearer = {});
    void write(int writer, WriterLog &log);

    std::unique_ptr<TestDatabase> m_pg;
    QTemporaryDir m_dir;
    quint16 m_port = 0;
    QProcessEnvironment m_env;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_ackCount{0};
};

void tst_CrashDurability::initTestCase()
{
    QVERIFY2(QFile::exists(qEnvironmentVariable("VAMI_SERVER_BINARY")), "VAMI_SERVER_BINARY must name vami-server");
    if (TestDatabase::kindFromEnvironment() == TestDatabase::Kind::Postgres) {
        m_pg = std::make_unique<TestDatabase>(TestDatabase::Kind::Postgres);
        QVERIFY2(m_pg->isValid(), qPrintable(m_pg->error()));
    }
    m_port = freePort();
    m_env = QProcessEnvironment::systemEnvironment();
    m_env.insert(u"VAMI_RATE_LIMIT_ENABLED"_s, u"false"_s);
    m_env.insert(u"VAMI_AUTH_SCRYPT_LOG_N"_s, u"14"_s);
    m_env.insert(u"VAMI_AUTH_SECRET"_s, QString::fromLatin1(QByteArray(32, 'd').toBase64()));
}

QStringList tst_CrashDurability::serverArguments() const
{
    QStringList args{u"--listen"_s, u"127.0.0.1:%1"_s.arg(m_port), u"--data-dir"_s, m_dir.path()};
    if (m_pg)
        args << u"--database"_s << m_pg->url();
    return args;
}

HttpAnswer tst_CrashDurability::definite(const QByteArray &path, const QJsonObject &body, const QByteArray &bearer)
{
    for (;;) {
        HttpAnswer a = httpRequest(m_port, "POST", path, body, bearer);
        if (a.status != 0 && a.status != 503)
            return a;
        if (m_stop)
            return a;
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
    }
}

void tst_CrashDurability::write(int writer, WriterLog &log)
{
    for (int i = 0; !m_stop; ++i) {
        const QString email = u"w%1-%2@crash.test"_s.arg(writer).arg(i);
        log.attemptedUsers.insert(email);
        HttpAnswer reg = definite("/api/auth/register", {{u"email"_s, email}, {u"password"_s, Password},
                                                         {u"company_name"_s, u"Crash %1-%2"_s.arg(writer).arg(i)}});
        QJsonObject signedIn;
        if (reg.status == 200) {
            log.ackedUsers.insert(email);
            ++m_ackCount;
            signedIn = reg.body;
        } else if (reg.status == 400) {
            // Committed, but the answer was lost in a kill: sign in instead.
            signedIn = definite("/api/auth/login", {{u"email"_s, email}, {u"password"_s, Password}}).body;
        } else if (reg.status != 0) {
            ++log.refusedAnswers;
        }
        const QByteArray token = signedIn.value(u"access_token"_s).toString().toLatin1();
        const QString organizationId = signedIn.value(u"organization"_s).toObject().value(u"id"_s).toString();
        if (token.isEmpty())
            continue;
        for (int n = 0; n < 2 && !m_stop; ++n) {
            const QString invitee = u"i%1-%2-%3@crash.test"_s.arg(writer).arg(i).arg(n);
            log.attemptedInvitations.insert(invitee);
            HttpAnswer inv = definite("/api/team/invite", {{u"email"_s, invitee}, {u"role"_s, u"member"_s}}, token);
            if (inv.status == 200) {
                log.ackedInvitations.append({inv.body.value(u"id"_s).toString(), invitee, organizationId});
                ++m_ackCount;
            } else if (inv.status != 400 && inv.status != 0) {
                ++log.refusedAnswers;
            }
            const QString name = u"k%1-%2-%3"_s.arg(writer).arg(i).arg(n);
            log.attemptedKeys.insert(name);
            HttpAnswer key = definite("/api/settings/api-keys", {{u"name"_s, name}}, token);
            if (key.status == 200) {
                log.ackedKeys.append({key.body.value(u"id"_s).toString(), name,
                                      key.body.value(u"full_key"_s).toString()});
                ++m_ackCount;
            } else if (key.status != 0) {
                ++log.refusedAnswers;
            }
        }
    }
}

void tst_CrashDurability::killNineUnderWriteLoad()
{
    QElapsedTimer elapsed;
    elapsed.start();
    QProcess server;
    QByteArray firstOutput;
    QVERIFY2(startServerProcess(server, serverArguments(), m_env, &firstOutput), firstOutput.constData());
    const QDateTime migratedBy = QDateTime::currentDateTimeUtc();

    std::vector<WriterLog> logs(Writers);
    std::vector<std::thread> threads;
    for (int w = 0; w < Writers; ++w)
        threads.emplace_back([this, w, &logs] { write(w, logs[w]); });

    QList<QByteArray> restartOutputs;
    for (int k = 0; k < Kills; ++k) {
        // Let acknowledged writes pile up, then kill at a random moment.
        const int before = m_ackCount;
        QElapsedTimer wait;
        wait.start();
        while (m_ackCount < before + 5 && wait.elapsed() < 10000)
            QThread::msleep(20);
        QThread::msleep(QRandomGenerator::global()->bounded(50, 700));
        killServerProcess(server, SIGKILL);
        QCOMPARE(server.exitStatus(), QProcess::CrashExit);
        QByteArray output;
        QVERIFY2(startServerProcess(server, serverArguments(), m_env, &output),
                 qPrintable(u"restart %1 failed: %2"_s.arg(k + 1).arg(QString::fromUtf8(output))));
        restartOutputs.append(output);
    }
    QThread::msleep(300);
    m_stop = true;
    for (std::thread &t : threads)
        t.join();
    killServerProcess(server, SIGTERM);
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    for (const QByteArray &output : restartOutputs)
        QVERIFY2(!output.contains("applied migration"), output.constData());

    // Check the database itself.
    DatabaseConfig config = m_pg ? *DatabaseConfig::fromUrl(m_pg->url())
                                 : DatabaseConfig::sqliteFile(m_dir.filePath(u"vami.db"_s));
    Database db(config);
    QVERIFY(db.open());
    auto count = [&](const QString &sql, const QVariantList &args = {}) -> qint64 {
        auto rows = db.exec(sql, args);
        if (!rows || !rows->next())
            return -1;
        return rows->integer(0);
    };

    WriterLog all;
    for (const WriterLog &log : logs) {
        all.attemptedUsers += log.attemptedUsers;
        all.attemptedInvitations += log.attemptedInvitations;
        all.attemptedKeys += log.attemptedKeys;
        all.ackedUsers += log.ackedUsers;
        all.ackedInvitations += log.ackedInvitations;
        all.ackedKeys += log.ackedKeys;
        all.refusedAnswers += log.refusedAnswers;
    }
    QCOMPARE(all.refusedAnswers, 0);
    QVERIFY2(all.ackedUsers.size() >= Kills, "too few writes were acknowledged to prove anything");

    // Acknowledged ⊆ durable, with the acknowledged content.
    QSet<QString> users;
    {
        auto rows = db.exec(u"SELECT email FROM users"_s, {});
        QVERIFY(rows);
        while (rows->next())
            users.insert(rows->text(0));
    }
    for (const QString &email : std::as_const(all.ackedUsers))
        QVERIFY2(users.contains(email), qPrintable(u"acknowledged account lost: "_s + email));
    for (const AckedInvitation &inv : std::as_const(all.ackedInvitations))
        QVERIFY2(count(u"SELECT COUNT(*) FROM team_invitations WHERE CAST(id AS TEXT) = ? AND email = ? "
                       "AND CAST(organization_id AS TEXT) = ?"_s,
                       {inv.id, inv.email, inv.organizationId})
                     == 1,
                 qPrintable(u"acknowledged invitation lost: "_s + inv.email));
    for (const AckedKey &key : std::as_const(all.ackedKeys))
        QVERIFY2(count(u"SELECT COUNT(*) FROM api_keys WHERE CAST(id AS TEXT) = ? AND name = ? AND key_hash = ? "
                       "AND revoked_at IS NULL"_s,
                       {key.id, key.name, sha256Hex(key.secret.toUtf8())})
                     == 1,
                 qPrintable(u"acknowledged API key lost: "_s + key.name));

    // Durable ⊆ attempted: nothing nobody asked for.
    for (const QString &email : std::as_const(users))
        QVERIFY2(all.attemptedUsers.contains(email), qPrintable(u"unasked-for account: "_s + email));
    {
        auto rows = db.exec(u"SELECT email FROM team_invitations"_s, {});
        QVERIFY(rows);
        while (rows->next())
            QVERIFY2(all.attemptedInvitations.contains(rows->text(0)), qPrintable(rows->text(0)));
        auto keys = db.exec(u"SELECT name FROM api_keys"_s, {});
        QVERIFY(keys);
        while (keys->next())
            QVERIFY2(all.attemptedKeys.contains(keys->text(0)), qPrintable(keys->text(0)));
    }

    // Nothing half-written: every account has its organization and owner
    // membership, every invitation its link token, outbox item and delivery job.
    QCOMPARE(count(u"SELECT COUNT(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM organizations o "
                   "JOIN team_members m ON m.organization_id = o.id AND m.user_id = u.id AND m.role = 'owner' "
                   "WHERE o.owner_id = u.id)"_s),
             qint64(0));
    QCOMPARE(count(u"SELECT COUNT(*) FROM team_invitations i WHERE NOT EXISTS (SELECT 1 FROM invitation_tokens t "
                   "WHERE t.invitation_id = i.id AND t.channel = 'link') OR NOT EXISTS (SELECT 1 FROM outbox o "
                   "WHERE o.related_id = i.id)"_s),
             qint64(0));
    QCOMPARE(count(u"SELECT COUNT(*) FROM outbox o WHERE NOT EXISTS (SELECT 1 FROM jobs j "
                   "WHERE CAST(j.payload AS TEXT) LIKE '%' || CAST(o.id AS TEXT) || '%')"_s),
             qint64(0));
    QCOMPARE(count(u"SELECT COUNT(*) FROM api_keys k WHERE NOT EXISTS (SELECT 1 FROM team_members m "
                   "WHERE m.organization_id = k.organization_id AND m.user_id = k.user_id)"_s),
             qint64(0));
    if (!m_pg) {
        auto integrity = db.exec(u"PRAGMA integrity_check"_s, {});
        QVERIFY(integrity && integrity->next());
        QCOMPARE(integrity->text(0), u"ok"_s);
        auto foreign = db.exec(u"PRAGMA foreign_key_check"_s, {});
        QVERIFY(foreign);
        QVERIFY(!foreign->next());
    }

    // Migrations ran once, at the first start.
    QCOMPARE(count(u"SELECT COUNT(*) FROM (SELECT version FROM schema_migrations GROUP BY version "
                   "HAVING COUNT(*) > 1) d"_s),
             qint64(0));
    {
        auto rows = db.exec(u"SELECT applied_at FROM schema_migrations"_s, {});
        QVERIFY(rows);
        while (rows->next())
            QVERIFY(rows->instant(0) <= migratedBy);
    }
    qInfo().noquote() << u"%1 kills, %2 accounts, %3 invitations and %4 API keys acknowledged, %5 accounts stored, "
                         "%6 s"_s.arg(Kills)
                             .arg(all.ackedUsers.size())
                             .arg(all.ackedInvitations.size())
                             .arg(all.ackedKeys.size())
                             .arg(users.size())
                             .arg(elapsed.elapsed() / 1000.0, 0, 'f', 1);
}

QTEST_GUILESS_MAIN(tst_CrashDurability)
#include "tst_crash_durability.moc"
