// Request limits and origin rules of the HTTP face: sliding-window rate limits,
// per-route limits, CORS, the IP allowlist, trusted proxies, the bounded hashing
// pool, and clients that leave while their answer is being computed.

#include "apitestutil.h"

#include <QTcpSocket>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

class tst_ApiLimits : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rateLimitPerClientAddress();
    void rateLimitPerUser();
    void routeLimitOnLogin();
    void corsPreflightAndResponses();
    void ipAllowlist();
    void trustedProxyNamesTheClient();
    void busyHashingPoolAnswers503();
    void clientLeavingDuringHashingDoesNotHurt();
    void keepAliveConnectionsServeManyRequests();
};

void tst_ApiLimits::rateLimitPerClientAddress()
{
    TestServer::Options options;
    options.http.rateLimit = {true, 60, 1000};
    TestServer server(options);
    QVERIFY2(server.isValid(), qPrintable(server.error()));
    ApiClient client(server.url());
    for (int i = 0; i < 60; ++i) {
        const ApiReply ok = client.get(u"/api/team/permissions"_s);
        QCOMPARE(ok.status, 200);
        QCOMPARE(ok.header("x-ratelimit-limit-minute"), "60");
        QCOMPARE(ok.header("x-ratelimit-limit-hour"), "1000");
        QCOMPARE(ok.header("x-ratelimit-remaining-minute").toInt(), 59 - i);
        QCOMPARE(ok.header("x-ratelimit-remaining-hour").toInt(), 999 - i);
    }
    const ApiReply limited = client.get(u"/api/team/permissions"_s);
    QCOMPARE(limited.status, 429);
    const int retry = limited.header("retry-after").toInt();
    QVERIFY(retry >= 1 && retry <= 60);
    QCOMPARE(limited.object().value(u"retry_after"_s).toInt(), retry);
    QVERIFY(limited.detail().startsWith(u"Rate limit exceeded"_s));
    QCOMPARE(limited.object().value(u"error"_s).toString(), limited.detail());
    QCOMPARE(limited.header("x-content-type-options"), "nosniff");
    // Health checks are never limited.
    QCOMPARE(client.get(u"/health"_s).status, 200);
    QVERIFY(client.get(u"/metrics"_s).body.contains("vami_http_rate_limited_total 1"));
}

void tst_ApiLimits::rateLimitPerUser()
{
    TestServer::Options options;
    options.http.rateLimit = {true, 5, 1000};
    options.http.trustedProxies = {u"127.0.0.1"_s};
    TestServer server(options);
    QVERIFY(server.isValid());
    ApiClient client(server.url());
    client.setHeader("X-Forwarded-For", "203.0.113.1");
    const ApiAccount account = registerAccount(client, u"limited@user.test"_s);
    QVERIFY(!account.accessToken.isEmpty());
    client.setToken(account.accessToken);
    // Each request from a new address: only the per-user window counts them all.
    int ok = 0;
    int limited = 0;
    for (int i = 0; i < 8; ++i) {
        client.setHeader("X-Forwarded-For", "203.0.113." + QByteArray::number(10 + i));
        const int status = client.get(u"/api/auth/me"_s).status;
        ok += status == 200;
        limited += status == 429;
    }
    QCOMPARE(ok, 5);
    QCOMPARE(limited, 3);
}

void tst_ApiLimits::routeLimitOnLogin()
{
    TestServer::Options options;
    options.http.rateLimit = {true, 1000, 10000};
    TestServer server(options);
    QVERIFY(server.isValid());
    ApiClient client(server.url());
    for (int i = 0; i < 10; ++i) {
        const ApiReply r = client.post(u"/api/auth/login"_s, {{u"email"_s, u"x%1@route.test"_s.arg(i)},
                                                             {u"password"_s, u"Whatever-1!"_s}});
        QCOMPARE(r.status, 401);
    }
    const ApiReply limited = client.post(u"/api/auth/login"_s,
                                         {{u"email"_s, u"x@route.test"_s}, {u"password"_s, u"Whatever-1!"_s}});
    QCOMPARE(limited.status, 429);
    QVERIFY(limited.detail().contains(u"10 per 60 seconds"_s));
    // Other routes are not affected by the login limit.
    QCOMPARE(client.get(u"/api/team/permissions"_s).status, 200);
}

void tst_ApiLimits::corsPreflightAndResponses()
{
    TestServer server;
    QVERIFY(server.isValid());
    ApiClient client(server.url());
    client.setHeader("Origin", "https://app.example.test");
    client.setHeader("Access-Control-Request-Method", "POST");
    client.setHeader("Access-Control-Request-Headers", "authorization, content-type");
    const ApiReply preflight = client.send("OPTIONS", u"/api/team/invite"_s, QByteArray(), QByteArray());
    QCOMPARE(preflight.status, 200);
    QCOMPARE(preflight.body, "OK");
    QCOMPARE(preflight.header("access-control-allow-origin"), "https://app.example.test");
    QCOMPARE(preflight.header("access-control-allow-credentials"), "true");
    QVERIFY(preflight.header("access-control-allow-methods").contains("POST"));
    QCOMPARE(preflight.header("access-control-max-age"), "600");

    client.setHeader("Origin", "https://evil.example");
    const ApiReply foreign = client.send("OPTIONS", u"/api/team/invite"_s, QByteArray(), QByteArray());
    QCOMPARE(foreign.status, 400);
    QVERIFY(foreign.body.contains("origin"));
    QVERIFY(foreign.header("access-control-allow-origin").isEmpty());

    client.setHeader("Origin", "https://app.example.test");
    client.setHeader("Access-Control-Request-Method", "DELETE");
    const ApiReply method = client.send("OPTIONS", u"/api/team/invite"_s, QByteArray(), QByteArray());
    QCOMPARE(method.status, 400);
    QVERIFY(method.body.contains("method"));

    client.setHeader("Origin", "null");
    client.setHeader("Access-Control-Request-Method", "GET");
    QCOMPARE(client.send("OPTIONS", u"/api/team/permissions"_s, QByteArray(), QByteArray()).status, 400);

    client.clearHeaders();
    client.setHeader("Origin", "https://app.example.test");
    const ApiReply actual = client.get(u"/api/team/permissions"_s);
    QCOMPARE(actual.header("access-control-allow-origin"), "https://app.example.test");
    QVERIFY(actual.header("access-control-expose-headers").contains("X-Request-ID"));
    QCOMPARE(actual.header("vary"), "Origin");
    client.setHeader("Origin", "https://app.example.test.evil.example");
    QVERIFY(client.get(u"/api/team/permissions"_s).header("access-control-allow-origin").isEmpty());
}

void tst_ApiLimits::ipAllowlist()
{
    TestServer::Options options;
    options.http.ipAllowlist = {u"10.0.0.0/8"_s};
    TestServer server(options);
    QVERIFY(server.isValid());
    ApiClient client(server.url());
    const ApiReply denied = client.get(u"/health"_s);
    QCOMPARE(denied.status, 403);
    QCOMPARE(denied.detail(), u"Access denied: IP not whitelisted"_s);
    // A spoofed X-Forwarded-For from an untrusted peer changes nothing.
    client.setHeader("X-Forwarded-For", "10.1.2.3");
    QCOMPARE(client.get(u"/health"_s).status, 403);

    TestServer::Options allowed;
    allowed.http.ipAllowlist = {u"127.0.0.0/8"_s, u"::1"_s};
    TestServer open(allowed);
    QVERIFY(open.isValid());
    ApiClient local(open.url());
    QCOMPARE(local.get(u"/health"_s).status, 200);
}

void tst_ApiLimits::trustedProxyNamesTheClient()
{
    TestServer::Options options;
    options.http.trustedProxies = {u"127.0.0.1"_s};
    options.http.ipAllowlist = {u"10.0.0.0/8"_s, u"127.0.0.1"_s};
    TestServer server(options);
    QVERIFY(server.isValid());
    ApiClient client(server.url());
    // The right-most address that is not a trusted proxy is the client.
    client.setHeader("X-Forwarded-For", "10.9.9.9, 192.0.2.55");
    QCOMPARE(client.get(u"/health"_s).status, 403);
    client.setHeader("X-Forwarded-For", "192.0.2.55, 10.9.9.9");
    QCOMPARE(client.get(u"/health"_s).status, 200);
    client.setHeader("X-Forwarded-For", "not-an-address");
    QCOMPARE(client.get(u"/health"_s).status, 200); // falls back to the peer
}

void tst_ApiLimits::busyHashingPoolAnswers503()
{
    TestServer::Options options;
    options.http.heavyThreads = 1;
    options.http.heavyQueue = 0;
    options.backend.kind = TestDatabase::Kind::Sqlite;
    options.backend.scrypt = ScryptParams{16, 8, 1}; // slow enough that the requests overlap
    TestServer server(options);
    QVERIFY(server.isValid());
    // Many sign-ins at once on separate connections: the pool holds one at a time,
    // so some are refused with 503 + Retry-After while /health keeps answering.
    const QByteArray body = R"({"email":"nobody@busy.test","password":"Whatever-1!"})";
    const QByteArray request = "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                               "Connection: close\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    QList<QTcpSocket *> sockets;
    for (int i = 0; i < 12; ++i) {
        auto *s = new QTcpSocket(this);
        s->connectToHost(QHostAddress::LocalHost, server.port());
        QVERIFY(s->waitForConnected(5000));
        s->write(request);
        s->flush();
        sockets.append(s);
    }
    ApiClient client(server.url());
    QCOMPARE(client.get(u"/health"_s).status, 200);
    int busy = 0;
    int answered = 0;
    for (QTcpSocket *s : sockets) {
        QByteArray reply;
        while (s->state() == QAbstractSocket::ConnectedState && s->waitForReadyRead(10000))
            reply += s->readAll();
        reply += s->readAll();
        if (reply.startsWith("HTTP/1.1 503")) {
            ++busy;
            QVERIFY(reply.contains("Retry-After: 2"));
        } else if (reply.startsWith("HTTP/1.1 401")) {
            ++answered;
        }
        delete s;
    }
    QCOMPARE(busy + answered, 12);
    QVERIFY(answered >= 1);
    QVERIFY(busy >= 1);
}

void tst_ApiLimits::clientLeavingDuringHashingDoesNotHurt()
{
    TestServer server;
    QVERIFY(server.isValid());
    const QByteArray body = R"({"email":"leaver@busy.test","password":"Str0ng-Passw0rd!"})";
    const QByteArray request = "POST /api/auth/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                               "Content-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    for (int i = 0; i < 20; ++i) {
        QTcpSocket s;
        s.connectToHost(QHostAddress::LocalHost, server.port());
        QVERIFY(s.waitForConnected(5000));
        s.write(request);
        s.flush();
        s.abort(); // gone before the answer
    }
    QTest::qWait(300);
    ApiClient client(server.url());
    QCOMPARE(client.get(u"/health"_s).status, 200);
    // The first registration went through even though nobody was there to hear it.
    QCOMPARE(client.post(u"/api/auth/login"_s, {{u"email"_s, u"leaver@busy.test"_s},
                                               {u"password"_s, u"Str0ng-Passw0rd!"_s}})
                 .status,
             200);
}

void tst_ApiLimits::keepAliveConnectionsServeManyRequests()
{
    TestServer server;
    QVERIFY(server.isValid());
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(s.waitForConnected(5000));
    // Three pipelined requests in one write are answered in order on one connection.
    s.write("GET /health HTTP/1.1\r\nHost: x\r\nX-Request-ID: one\r\n\r\n"
            "GET /nope HTTP/1.1\r\nHost: x\r\nX-Request-ID: two\r\n\r\n"
            "GET /api/team/permissions HTTP/1.1\r\nHost: x\r\nX-Request-ID: three\r\n\r\n");
    QByteArray all;
    QElapsedTimer timer;
    timer.start();
    while (all.count("HTTP/1.1 ") < 3 && timer.elapsed() < 10000 && s.waitForReadyRead(2000))
        all += s.readAll();
    QCOMPARE(all.count("HTTP/1.1 "), 3);
    const qsizetype one = all.indexOf("X-Request-ID: one");
    const qsizetype two = all.indexOf("X-Request-ID: two");
    const qsizetype three = all.indexOf("X-Request-ID: three");
    QVERIFY(one >= 0 && two > one && three > two);
    QVERIFY(all.contains("HTTP/1.1 404"));
    QCOMPARE(s.state(), QAbstractSocket::ConnectedState);
}

QTEST_GUILESS_MAIN(tst_ApiLimits)
#include "tst_api_limits.moc"
