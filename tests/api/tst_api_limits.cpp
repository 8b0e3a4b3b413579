// Request limits and origin rules of the HTTP face: sliding-window rate limits,
// per-route limits, CORS, the IP allowlist, trusted proxies, host names, the
// bounded hashing pool, clients that leave while their answer is being computed,
// clients that never read and bodies that trickle.

#include "apitestutil.h"

#include <QTcpSocket>
#include <QtTest>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

namespace {

// What a raw client received: the status of the first response (0: none) and
// whether the server closed the connection.
struct RawResult
{
    QByteArray bytes;
    int status = 0;
    bool closed = false;
    qint64 elapsedMs = 0;
};

// Sends `head`, then `drip` one piece every `intervalMs` while the connection stays
// open and silent, for at most `limitMs`.
RawResult trickle(quint16 port, const QByteArray &head, const QList<QByteArray> &drip, int intervalMs, int limitMs)
{
    RawResult out;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return out;
    QElapsedTimer timer;
    timer.start();
    socket.write(head);
    socket.flush();
    qsizetype next = 0;
    while (timer.elapsed() < limitMs) {
        if (socket.waitForReadyRead(intervalMs))
            out.bytes += socket.readAll();
        if (socket.state() != QAbstractSocket::ConnectedState || out.bytes.contains("\r\n\r\n"))
            break;
        if (next < drip.size()) {
            socket.write(drip.at(next++));
            socket.flush();
        }
    }
    out.elapsedMs = timer.elapsed();
    while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(1000))
        out.bytes += socket.readAll();
    out.bytes += socket.readAll();
    out.closed = socket.state() != QAbstractSocket::ConnectedState;
    if (out.bytes.startsWith("HTTP/1.1 "))
        out.status = out.bytes.mid(9, 3).toInt();
    return out;
}

QByteArray detailOf(const QByteArray &response)
{
    const qsizetype end = response.indexOf("\r\n\r\n");
    return end < 0 ? QByteArray() : QJsonDocument::fromJson(response.mid(end + 4)).object().value(u"detail"_s)
                                                                                  .toString().toUtf8();
}

} // namespace

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
    void clientThatNeverReadsIsBounded();
    void tricklingBodyMeetsItsDeadline();
    void tricklingBodyBelowTheMinimumRate();
    void deniedAddressIsRefusedBeforeTheBody();
    void deniedForwardedClientIsRefusedBeforeTheBody();
    void metricsBehindAProxyAreNotPublic();
    void unknownHostNamesAreRefused();
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

void tst_ApiLimits::clientThatNeverReadsIsBounded()
{
    TestServer::Options options;
    options.http.limits.maxPendingOutputBytes = 256 * 1024;
    options.http.limits.writeTimeoutMs = 1500;
    options.http.limits.keepAliveIdleMs = 60'000;
    TestServer server(options);
    QVERIFY(server.isValid());
    qsizetype document = 0;
    {
        ApiClient client(server.url());
        document = client.get(u"/openapi.json"_s).body.size();
    }
    QVERIFY(document > 10'000);
    const http::ConnectionBudget &connections = server.server().context().connections;
    QTRY_COMPARE(connections.open(), 0);

    // A raw client with a small receive window pipelines thousands of requests and
    // never reads a byte of the answers (which add up to hundreds of MiB).
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    QVERIFY(fd >= 0);
    const int window = 16 * 1024;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &window, sizeof window);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(server.port());
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QCOMPARE(::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address), 0);
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    const QByteArray pipeline = QByteArray("GET /openapi.json HTTP/1.1\r\nHost: x\r\n\r\n").repeated(4000);
    qsizetype sent = 0;
    QElapsedTimer timer;
    timer.start();
    while (sent < pipeline.size() && timer.elapsed() < 3000) {
        const ssize_t n = ::send(fd, pipeline.constData() + sent, size_t(pipeline.size() - sent), MSG_NOSIGNAL);
        if (n > 0)
            sent += n;
        else
            QTest::qWait(10);
    }
    QTest::qWait(500);
    const qint64 bound = options.http.limits.maxPendingOutputBytes + 2 * document;
    qDebug() << "sent" << sent << "bytes of requests; peak unsent output" << connections.peakPendingOutputBytes()
             << "now" << connections.pendingOutputBytes() << "bound" << bound;
    QVERIFY2(connections.peakPendingOutputBytes() <= bound,
             qPrintable(u"peak unsent output %1 bytes"_s.arg(connections.peakPendingOutputBytes())));
    QVERIFY(connections.pendingOutputBytes() <= bound);

    // The output does not drain: after the write timeout the connection is closed and
    // its buffers are gone.
    QTRY_COMPARE_WITH_TIMEOUT(connections.open(), 0, 8000);
    QCOMPARE(connections.writeTimeouts(), 1);
    QCOMPARE(connections.pendingOutputBytes(), 0);
    ::close(fd);
    ApiClient client(server.url());
    QCOMPARE(client.get(u"/health"_s).status, 200);
}

void tst_ApiLimits::tricklingBodyMeetsItsDeadline()
{
    TestServer::Options options;
    options.http.limits.bodyTimeoutMs = 1500;
    options.http.limits.bodyIdleTimeoutMs = 10'000;
    options.http.limits.minBodyBytesPerSecond = 0;
    TestServer server(options);
    QVERIFY(server.isValid());
    // One byte every 200 ms keeps the idle timer happy forever; the body's own
    // deadline does not move.
    const QByteArray head = "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            "X-Request-ID: trickle-1\r\nContent-Length: 1000\r\n\r\n";
    const RawResult result = trickle(server.port(), head, QList<QByteArray>(100, " "), 200, 10'000);
    QCOMPARE(result.status, 408);
    QCOMPARE(detailOf(result.bytes), "Request timeout");
    QVERIFY(result.bytes.contains("X-Request-ID: trickle-1"));
    QVERIFY(result.closed);
    QVERIFY2(result.elapsedMs < 4000, qPrintable(QString::number(result.elapsedMs)));
}

void tst_ApiLimits::tricklingBodyBelowTheMinimumRate()
{
    TestServer::Options options;
    options.http.limits.bodyTimeoutMs = 60'000;
    options.http.limits.bodyIdleTimeoutMs = 10'000;
    options.http.limits.minBodyBytesPerSecond = 100;
    options.http.limits.minRateGraceMs = 500;
    TestServer server(options);
    QVERIFY(server.isValid());
    const QByteArray head = "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            "Content-Length: 1000\r\n\r\n";
    const RawResult result = trickle(server.port(), head, QList<QByteArray>(100, " "), 200, 10'000);
    QCOMPARE(result.status, 408);
    QCOMPARE(detailOf(result.bytes), "Request body too slow");
    QVERIFY(result.closed);
    QVERIFY2(result.elapsedMs < 4000, qPrintable(QString::number(result.elapsedMs)));
}

void tst_ApiLimits::deniedAddressIsRefusedBeforeTheBody()
{
    TestServer::Options options;
    options.http.ipAllowlist = {u"10.0.0.0/8"_s};
    TestServer server(options);
    QVERIFY(server.isValid());
    // A large declared body that never comes: the answer does not wait for it.
    const QByteArray head = "POST /api/auth/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            "Content-Length: 900000\r\n\r\n";
    const RawResult result = trickle(server.port(), head, {}, 100, 3000);
    QCOMPARE(result.status, 403);
    QCOMPARE(detailOf(result.bytes), "Access denied: IP not whitelisted");
    QVERIFY(result.bytes.contains("Connection: close"));
    QVERIFY(result.closed);
    QVERIFY2(result.elapsedMs < 1000, qPrintable(QString::number(result.elapsedMs)));
    QCOMPARE(server.server().context().connections.open(), 0); // never counted
}

void tst_ApiLimits::deniedForwardedClientIsRefusedBeforeTheBody()
{
    TestServer::Options options;
    options.http.trustedProxies = {u"127.0.0.1"_s};
    options.http.ipAllowlist = {u"10.0.0.0/8"_s};
    TestServer server(options);
    QVERIFY(server.isValid());
    const QByteArray head = "POST /api/auth/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            "Content-Length: 900000\r\n";
    const RawResult denied = trickle(server.port(), head + "X-Forwarded-For: 192.0.2.7\r\n\r\n", {}, 100, 3000);
    QCOMPARE(denied.status, 403);
    QCOMPARE(detailOf(denied.bytes), "Access denied: IP not whitelisted");
    QVERIFY2(denied.elapsedMs < 1000, qPrintable(QString::number(denied.elapsedMs)));
    // An allowed forwarded client is served as before.
    const QByteArray body = R"({"email":"nobody@proxy.test","password":"Whatever-1!"})";
    const QByteArray login = "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                             "X-Forwarded-For: 10.1.2.3\r\nConnection: close\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    QCOMPARE(trickle(server.port(), login, {}, 100, 5000).status, 401);
}

void tst_ApiLimits::metricsBehindAProxyAreNotPublic()
{
    TestServer::Options options;
    options.http.trustedProxies = {u"127.0.0.1"_s};
    options.http.metricsToken = u"metrics-secret"_s;
    TestServer server(options);
    QVERIFY(server.isValid());
    ApiClient client(server.url());
    QCOMPARE(client.get(u"/metrics"_s).status, 200); // the proxy host itself
    // A client of the local reverse proxy is not local.
    client.setHeader("X-Forwarded-For", "203.0.113.5");
    const ApiReply forwarded = client.get(u"/metrics"_s);
    QCOMPARE(forwarded.status, 403);
    QVERIFY(!forwarded.detail().isEmpty());
    QVERIFY(!forwarded.body.contains("vami_http"));
    client.setHeader("Authorization", "Bearer metrics-secret");
    QCOMPARE(client.get(u"/metrics"_s).status, 200);
    // A forwarded loopback client (a local process going through the proxy) is local.
    client.clearHeaders();
    client.setHeader("X-Forwarded-For", "127.0.0.1");
    QCOMPARE(client.get(u"/metrics"_s).status, 200);
}

void tst_ApiLimits::unknownHostNamesAreRefused()
{
    TestServer::Options options;
    options.http.allowedHosts = {u"api.vami.test"_s, u"127.0.0.1:8443"_s};
    TestServer server(options);
    QVERIFY(server.isValid());
    const auto ask = [&](const QByteArray &host) {
        return trickle(server.port(), "GET /health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n", {},
                       100, 5000);
    };
    QCOMPARE(ask("api.vami.test").status, 200);
    QCOMPARE(ask("API.vami.test:8000").status, 200); // any port when the entry names none
    QCOMPARE(ask("127.0.0.1:8443").status, 200);
    const RawResult rebound = ask("evil.example");
    QCOMPARE(rebound.status, 421);
    QVERIFY(detailOf(rebound.bytes).contains("Host"));
    QVERIFY(rebound.closed);
    QCOMPARE(ask("127.0.0.1:9000").status, 421);
    QCOMPARE(ask("api.vami.test.evil.example").status, 421);
    // HTTP/1.0 without a Host header names no allowed host either.
    QCOMPARE(trickle(server.port(), "GET /health HTTP/1.0\r\n\r\n", {}, 100, 5000).status, 421);
    // Without the setting any host name is served.
    TestServer open;
    QVERIFY(open.isValid());
    QCOMPARE(trickle(open.port(), "GET /health HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n", {},
                     100, 5000)
                 .status,
             200);
}

QTEST_GUILESS_MAIN(tst_ApiLimits)
#include "tst_api_limits.moc"
