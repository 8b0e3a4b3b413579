// The connection workers: connections spread over every worker, one server per
// port, and the sign-in path keeps the low-priority hashing threads away from the
// database writer lock.

#include "apiclient.h"
#include "testserver.h"

#include "http/httpserver.h"
#include "runtime/backend.h"
#include "storage/database.h"

#include <QTcpSocket>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

class tst_HttpWorkers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void connectionsSpreadOverTheWorkers();
    void secondServerOnThePortIsRefused();
    void signInKeepsHashingThreadsAwayFromTheWriterLock();
};

void tst_HttpWorkers::connectionsSpreadOverTheWorkers()
{
    TestServer server;
    QVERIFY2(server.isValid(), qPrintable(server.error()));
    QCOMPARE(server.server().requestsPerWorker().size(), 2);
    // The kernel spreads connections over the workers' sockets by their addresses:
    // with 32 connections, one worker taking all of them has odds of 1 in 2^31.
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int i = 0; i < 32; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, server.port());
        QVERIFY(socket->waitForConnected(5000));
        socket->write("GET /health HTTP/1.1\r\nHost: test\r\n\r\n");
        sockets.push_back(std::move(socket));
    }
    for (auto &socket : sockets) {
        QTRY_VERIFY_WITH_TIMEOUT(socket->bytesAvailable() > 0 || socket->waitForReadyRead(100), 10000);
        QVERIFY(socket->readAll().startsWith("HTTP/1.1 200"));
    }
    const QList<quint64> perWorker = server.server().requestsPerWorker();
    QCOMPARE(perWorker[0] + perWorker[1], quint64(32));
    QVERIFY2(perWorker[0] > 0 && perWorker[1] > 0,
             qPrintable(u"requests per worker: %1, %2"_s.arg(perWorker[0]).arg(perWorker[1])));
}

void tst_HttpWorkers::secondServerOnThePortIsRefused()
{
    TestServer first;
    QVERIFY2(first.isValid(), qPrintable(first.error()));
    http::HttpConfig config = TestServer::defaultHttpConfig();
    config.port = first.port();
    http::HttpServer second(first.backend(), config, QByteArray(32, 'k'));
    auto started = second.start();
    QVERIFY(!started);
    QCOMPARE(started.error().code(), u"http.listen_failed"_s);
    // The first server still serves every connection.
    ApiClient client(first.url());
    for (int i = 0; i < 8; ++i)
        QCOMPARE(client.get(u"/health"_s).status, 200);
}

void tst_HttpWorkers::signInKeepsHashingThreadsAwayFromTheWriterLock()
{
    TestServer server;
    QVERIFY2(server.isValid(), qPrintable(server.error()));
    ApiClient client(server.url());
    const QJsonObject account{{u"email"_s, u"owner@workers.test"_s},
                              {u"password"_s, u"Worker-Passw0rd!"_s},
                              {u"company_name"_s, u"Workers"_s}};
    QCOMPARE(client.post(u"/api/auth/register"_s, account).status, 200);
    for (int i = 0; i < 3; ++i) {
        const ApiReply login = client.post(
            u"/api/auth/login"_s,
            QJsonObject{{u"email"_s, account.value(u"email"_s)}, {u"password"_s, account.value(u"password"_s)}});
        QCOMPARE(login.status, 200);
    }
    QCOMPARE(server.backend().database().lowPriorityWriterLocks(), quint64(0));
}

QTEST_GUILESS_MAIN(tst_HttpWorkers)
#include "tst_http_workers.moc"
