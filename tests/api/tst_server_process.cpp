// The vami-server executable as an operator runs it: command line, environment
// and config file precedence, first start (database and secret created), health,
// orderly shutdown on SIGTERM, and two instances sharing one PostgreSQL database.

#include "apiclient.h"
#include "testdatabase.h"

#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

namespace {

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

QString serverBinary()
{
    return qEnvironmentVariable("VAMI_SERVER_BINARY");
}

// Starts vami-server and waits until it prints its "listening" line.
bool startServer(QProcess &process, const QStringList &arguments, const QProcessEnvironment &env = {})
{
    QProcessEnvironment e = env.isEmpty() ? QProcessEnvironment::systemEnvironment() : env;
    process.setProcessEnvironment(e);
    process.setProgram(serverBinary());
    process.setArguments(arguments);
    process.start();
    if (!process.waitForStarted(10000))
        return false;
    QByteArray out;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 20000) {
        if (process.state() != QProcess::Running)
            return false;
        process.setReadChannel(QProcess::StandardOutput);
        process.waitForReadyRead(200);
        out += process.readAllStandardOutput();
        if (out.contains("listening on"))
            return true;
    }
    return false;
}

void stopServer(QProcess &process)
{
    if (process.state() == QProcess::Running) {
        ::kill(pid_t(process.processId()), SIGTERM);
        process.waitForFinished(15000);
    }
}

} // namespace

class tst_ServerProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void versionAndHelp();
    void badSettingsAreExplained();
    void firstStartCreatesDatabaseAndSecret();
    void commandLineBeatsEnvironmentBeatsFile();
    void twoInstancesShareOnePostgresDatabase();
};

void tst_ServerProcess::initTestCase()
{
    QVERIFY2(QFile::exists(serverBinary()), "VAMI_SERVER_BINARY must name the built vami-server");
}

void tst_ServerProcess::versionAndHelp()
{
    QProcess p;
    p.start(serverBinary(), {u"--version"_s});
    QVERIFY(p.waitForFinished(10000));
    QCOMPARE(p.exitCode(), 0);
    QVERIFY(p.readAllStandardOutput().startsWith("vami-server " VAMI_VERSION));
    p.start(serverBinary(), {u"--help"_s});
    QVERIFY(p.waitForFinished(10000));
    const QByteArray help = p.readAllStandardOutput();
    for (const char *option : {"--listen", "--database", "--config", "--data-dir", "--help-config"})
        QVERIFY2(help.contains(option), option);
    p.start(serverBinary(), {u"--help-config"_s});
    QVERIFY(p.waitForFinished(10000));
    const QByteArray reference = p.readAllStandardOutput();
    QVERIFY(reference.contains("VAMI_DATABASE_URL"));
    QVERIFY(reference.contains("VAMI_SERVER_LISTEN"));
    QVERIFY(reference.contains("VAMI_RATE_LIMIT_PER_MINUTE"));
}

void tst_ServerProcess::badSettingsAreExplained()
{
    QTemporaryDir dir;
    struct Case
    {
        QStringList args;
        QByteArray env;
        QByteArray value;
        QByteArray message;
    };
    const QList<Case> cases = {
        {{u"--listen"_s, u"nonsense"_s}, {}, {}, "server.listen"},
        {{u"--database"_s, u"mysql://x/y"_s}, {}, {}, "Invalid database URL"},
        {{u"--config"_s, dir.filePath(u"missing.ini"_s)}, {}, {}, "does not exist"},
        {{}, "VAMI_RATE_LIMIT_PER_MINUTE", "zero", "rate_limit.per_minute"},
        {{}, "VAMI_AUTH_SCRYPT_LOG_N", "8", "auth.scrypt_log_n"},
        {{}, "VAMI_SECURITY_IP_ALLOWLIST", "10.0.0.0/99", "security.ip_allowlist"},
        {{}, "VAMI_SECURITY_ALLOWED_HOSTS", "api.example.com/x", "security.allowed_hosts"},
        {{}, "VAMI_SECURITY_BODY_TIMEOUT_SECONDS", "0", "security.body_timeout_seconds"},
        {{}, "VAMI_SECURITY_MIN_BODY_RATE", "-1", "security.min_body_rate"},
        {{}, "VAMI_SECURITY_MAX_PENDING_OUTPUT_BYTES", "10", "security.max_pending_output_bytes"},
        {{}, "VAMI_SECURITY_WRITE_TIMEOUT_SECONDS", "never", "security.write_timeout_seconds"},
    };
    for (const Case &c : cases) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        if (!c.env.isEmpty())
            env.insert(QString::fromLatin1(c.env), QString::fromLatin1(c.value));
        p.setProcessEnvironment(env);
        p.start(serverBinary(), QStringList{u"--data-dir"_s, dir.path()} + c.args);
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 2);
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(err.contains(c.message), err.constData());
    }
}

void tst_ServerProcess::firstStartCreatesDatabaseAndSecret()
{
    QTemporaryDir dir;
    const quint16 port = freePort();
    QProcess server;
    QVERIFY(startServer(server, {u"--listen"_s, u"127.0.0.1:%1"_s.arg(port), u"--data-dir"_s, dir.path()}));
    ApiClient client(QUrl(u"http://127.0.0.1:%1"_s.arg(port)));
    QCOMPARE(client.get(u"/health"_s).status, 200);
    QCOMPARE(client.get(u"/health/ready"_s).status, 200);
    const ApiReply reg = client.post(u"/api/auth/register"_s, {{u"email"_s, u"proc@example.test"_s},
                                                              {u"password"_s, u"Str0ng-Passw0rd!"_s}});
    QCOMPARE(reg.status, 200);
    QVERIFY(QFile::exists(dir.filePath(u"vami.db"_s)));
    const QString secret = dir.filePath(u"server.key"_s);
    QVERIFY(QFile::exists(secret));
    QCOMPARE(QFile::permissions(secret) & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
    stopServer(server);
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.exitCode(), 0);

    // A restart keeps the secret: the earlier access token still works.
    QProcess again;
    QVERIFY(startServer(again, {u"--listen"_s, u"127.0.0.1:%1"_s.arg(port), u"--data-dir"_s, dir.path()}));
    client.setToken(reg.object().value(u"access_token"_s).toString().toLatin1());
    QCOMPARE(client.get(u"/api/auth/me"_s).status, 200);
    stopServer(again);
}

void tst_ServerProcess::commandLineBeatsEnvironmentBeatsFile()
{
    QTemporaryDir dir;
    const quint16 filePort = freePort();
    const quint16 envPort = freePort();
    const quint16 cliPort = freePort();
    const QString config = dir.filePath(u"vami.ini"_s);
    {
        QFile f(config);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[server]\nlisten = 127.0.0.1:" + QByteArray::number(filePort)
                + "\n\n[rate_limit]\nenabled = false\n");
    }
    auto listensOn = [](quint16 port) {
        ApiClient client(QUrl(u"http://127.0.0.1:%1"_s.arg(port)));
        return client.get(u"/health"_s).status == 200;
    };
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    {
        QProcess p;
        QVERIFY(startServer(p, {u"--config"_s, config, u"--data-dir"_s, dir.path()}, env));
        QVERIFY(listensOn(filePort));
        stopServer(p);
    }
    env.insert(u"VAMI_SERVER_LISTEN"_s, u"127.0.0.1:%1"_s.arg(envPort));
    {
        QProcess p;
        QVERIFY(startServer(p, {u"--config"_s, config, u"--data-dir"_s, dir.path()}, env));
        QVERIFY(listensOn(envPort));
        stopServer(p);
    }
    {
        QProcess p;
        QVERIFY(startServer(p, {u"--config"_s, config, u"--data-dir"_s, dir.path(), u"--listen"_s,
                                u"127.0.0.1:%1"_s.arg(cliPort)},
                            env));
        QVERIFY(listensOn(cliPort));
        stopServer(p);
    }
}

void tst_ServerProcess::twoInstancesShareOnePostgresDatabase()
{
    if (TestDatabase::kindFromEnvironment() != TestDatabase::Kind::Postgres)
        QSKIP("runs in the PostgreSQL variant of this test");
    TestDatabase database(TestDatabase::Kind::Postgres);
    QVERIFY2(database.isValid(), qPrintable(database.error()));
    QTemporaryDir dirA, dirB;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"VAMI_AUTH_SECRET"_s, QString::fromLatin1(QByteArray(32, 'k').toBase64()));
    env.insert(u"VAMI_RATE_LIMIT_ENABLED"_s, u"false"_s);
    const quint16 portA = freePort();
    const quint16 portB = freePort();
    QProcess a, b;
    // Both start at once: the migrations are applied exactly once.
    a.setProcessEnvironment(env);
    QVERIFY(startServer(a, {u"--listen"_s, u"127.0.0.1:%1"_s.arg(portA), u"--data-dir"_s, dirA.path(),
                            u"--database"_s, database.url()},
                        env));
    QVERIFY(startServer(b, {u"--listen"_s, u"127.0.0.1:%1"_s.arg(portB), u"--data-dir"_s, dirB.path(),
                            u"--database"_s, database.url()},
                        env));
    ApiClient clientA(QUrl(u"http://127.0.0.1:%1"_s.arg(portA)));
    ApiClient clientB(QUrl(u"http://127.0.0.1:%1"_s.arg(portB)));
    const ApiReply reg = clientA.post(u"/api/auth/register"_s, {{u"email"_s, u"shared@example.test"_s},
                                                               {u"password"_s, u"Str0ng-Passw0rd!"_s}});
    QCOMPARE(reg.status, 200);
    // A session started on one instance works on the other, and logging out on
    // the second ends it on the first.
    const QByteArray token = reg.object().value(u"access_token"_s).toString().toLatin1();
    clientB.setToken(token);
    QCOMPARE(clientB.get(u"/api/auth/me"_s).status, 200);
    QCOMPARE(clientB.post(u"/api/auth/logout"_s, {}).status, 200);
    clientA.setToken(token);
    QCOMPARE(clientA.get(u"/api/auth/me"_s).status, 401);
    stopServer(a);
    stopServer(b);
    QCOMPARE(a.exitCode(), 0);
    QCOMPARE(b.exitCode(), 0);
}

QTEST_GUILESS_MAIN(tst_ServerProcess)
#include "tst_server_process.moc"
