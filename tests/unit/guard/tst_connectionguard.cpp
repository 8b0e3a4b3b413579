#include "http/guard/connectionguard.h"
#include "http/guard/guardedtcpserver.h"
#include "http/httpresponse.h"

#include <QAbstractHttpServer>
#include <QFile>
#include <QHttpServerRequest>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace vami::http;

namespace vami::test {

namespace {

constexpr int kWaitMs = 10'000;
constexpr qint64 kMiB = 1024 * 1024;

// Answers 200 with the body's length, records what the guard handed over.
class CountingHttpServer : public QAbstractHttpServer
{
public:
    int calls = 0;
    QList<RequestHead> heads; // ConnectionGuard::takeCompleted(), one per request
    QList<QByteArray> targets; // as QHttpServer saw them
    QPointer<QTcpSocket> deferredSocket;

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        ++calls;
        ConnectionGuard *guard = ConnectionGuard::of(socket);
        const RequestHead head = guard ? guard->takeCompleted() : RequestHead {};
        heads.append(head);
        targets.append(request.url().path().toUtf8());
        if (guard && request.url().path() == u"/defer"_s) {
            guard->beginDeferred();
            deferredSocket = socket;
            return true;
        }
        if (request.url().path() == u"/big"_s) {
            // A large answer that starts with the request's query, as the dispatcher
            // would write it (and tell the guard).
            QByteArray body = request.url().query().toUtf8() + ':';
            body.append(QByteArray(200 * 1024, 'b'));
            socket->write(serializeResponse(HttpResponse::json(200, body), head.requestId));
            if (guard)
                guard->outputQueued();
            return true;
        }
        const HttpResponse response = HttpResponse::json(200, QByteArray::number(request.body().size()));
        socket->write(serializeResponse(response, head.requestId));
        return true;
    }

    void missingHandler(const QHttpServerRequest &, QTcpSocket *) override { }
};

// A CountingHttpServer bound to a GuardedTcpServer on 127.0.0.1.
struct Fixture
{
    explicit Fixture(const FrameLimits &limits, RequestFramer::BodyLimitLookup lookup = {})
        : budget(limits)
    {
        tcp = new GuardedTcpServer(limits, std::move(lookup), budget);
        listening = tcp->listen(QHostAddress::LocalHost, 0);
        port = tcp->serverPort();
        http.bind(tcp);
    }

    ConnectionBudget budget; // outlives the server and its sockets
    CountingHttpServer http;
    GuardedTcpServer *tcp = nullptr; // owned by http
    quint16 port = 0;
    bool listening = false;
};

FrameLimits apiLimits()
{
    FrameLimits limits;
    limits.maxRequestLineBytes = 1024;
    limits.maxHeaderBytes = 4096;
    limits.maxHeaderCount = 20;
    limits.maxBodyBytes = kMiB;
    return limits;
}

struct Response
{
    int status = 0;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
};

// The complete responses at the start of `data`, in order.
QList<Response> parseResponses(const QByteArray &data)
{
    QList<Response> out;
    qsizetype pos = 0;
    while (true) {
        const qsizetype end = data.indexOf("\r\n\r\n", pos);
        if (end < 0)
            break;
        Response response;
        const QList<QByteArray> lines = data.mid(pos, end - pos).split('\n');
        const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
        response.status = statusLine.value(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0)
                response.headers.insert(
                    lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed());
        }
        const qint64 length = response.headers.value("content-length"_ba, "0"_ba).toLongLong();
        pos = end + 4;
        if (data.size() < pos + length)
            break;
        response.body = data.mid(pos, length);
        pos += length;
        out.append(response);
    }
    return out;
}

QString detailOf(const Response &response)
{
    return QJsonDocument::fromJson(response.body).object().value(u"detail"_s).toString();
}

// A raw client; everything it receives accumulates in received().
class Client
{
public:
    explicit Client(quint16 port) { m_socket.connectToHost(QHostAddress::LocalHost, port); }

    bool connected() { return m_socket.state() == QAbstractSocket::ConnectedState; }
    void send(const QByteArray &bytes) { m_socket.write(bytes); }
    const QByteArray &received()
    {
        m_received += m_socket.readAll();
        return m_received;
    }
    bool closed()
    {
        received();
        return m_socket.state() == QAbstractSocket::UnconnectedState;
    }
    QList<Response> responses() { return parseResponses(received()); }
    QTcpSocket &socket() { return m_socket; }

private:
    QTcpSocket m_socket;
    QByteArray m_received;
};

qint64 vmRssKiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

const QByteArray kNormalRequest = "GET /ok HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"_ba;

} // namespace

class TestConnectionGuard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void framingAttacks_data();
    void framingAttacks();
    void acceptedRequestsReachTheHandler_data();
    void acceptedRequestsReachTheHandler();
    void requestIdEchoedOnlyWhenSafe();
    void hugeDeclaredUploadRefusedWithoutBuffering();
    void expectContinue();
    void trailerArrivingLater();
    void pipelinedRequests();
    void fragmentedArrival();
    void pipelinedValidThenInvalid();
    void slowlorisGets408();
    void slowBodyGets408();
    void idleKeepAliveClosed();
    void connectionBudget();
    void clientDisconnectsMidBody();
    void deferredHoldsInputBack();
    void deferredWithoutInput();
    void pipelinedRequestsWaitForUnsentOutput();

private:
    // A normal request on a new connection still gets its 200.
    void verifyStillServing(Fixture &fixture);
};

void TestConnectionGuard::verifyStillServing(Fixture &fixture)
{
    const int callsBefore = fixture.http.calls;
    Client client(fixture.port);
    QTRY_VERIFY_WITH_TIMEOUT(client.connected(), kWaitMs);
    client.send(kNormalRequest);
    QTRY_VERIFY_WITH_TIMEOUT(client.responses().size() == 1, kWaitMs);
    QCOMPARE(client.responses().at(0).status, 200);
    QCOMPARE(fixture.http.calls, callsBefore + 1);
    QCOMPARE(fixture.http.heads.constLast().target, "/ok"_ba);
}

void TestConnectionGuard::framingAttacks_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");

    const QByteArray host = "Host: 127.0.0.1\r\n"_ba;
    const QByteArray post = "POST /p HTTP/1.1\r\n"_ba;
    QTest::newRow("non-numeric Content-Length") << post + host + "Content-Length: abc\r\n\r\nabc" << 400;
    QTest::newRow("conflicting Content-Length")
        << post + host + "Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd" << 400;
    QTest::newRow("CL and TE") << post + host + "Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                               << 400;
    QTest::newRow("TE list") << post + host + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n" << 400;
    QTest::newRow("TE unknown") << post + host + "Transfer-Encoding: gzip\r\n\r\n" << 501;
    QTest::newRow("NUL in header") << "GET / HTTP/1.1\r\n"_ba + host + QByteArray("X-A: a\0b\r\n\r\n", 12) << 400;
    QTest::newRow("obs-fold") << "GET / HTTP/1.1\r\n"_ba + host + "X-A: a\r\n b\r\n\r\n" << 400;
    QTest::newRow("whitespace before colon") << "GET / HTTP/1.1\r\nHost : 127.0.0.1\r\n\r\n"_ba << 400;
    QTest::newRow("missing Host") << "GET / HTTP/1.1\r\n\r\n"_ba << 400;
    QTest::newRow("two Host") << "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"_ba << 400;
    QTest::newRow("bare LF") << "GET / HTTP/1.1\nHost: a\n\n"_ba << 400;
    QTest::newRow("garbage") << "\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03 garbage"_ba << 400;
    QTest::newRow("absolute form") << "GET http://evil/ HTTP/1.1\r\n"_ba + host + "\r\n" << 400;
    QTest::newRow("bad chunk size") << post + host + "Transfer-Encoding: chunked\r\n\r\nzz\r\n" << 400;
    QTest::newRow("chunk without CRLF") << post + host + "Transfer-Encoding: chunked\r\n\r\n3\r\nabcdef" << 400;
    // QHttpServer 6.4 would dispatch these two bytes into the trailer section and then
    // parse the rest of it as a new request.
    QTest::newRow("trailer field") << post + host
            + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-Sum: 1\r\n\r\n"
                                   << 501;
    QTest::newRow("trailer overrides Host")
        << post + host + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nHost: evil\r\n\r\n"
        << 501;
    QTest::newRow("request line too long") << "GET /" + QByteArray(2000, 'a') + " HTTP/1.1\r\n" + host + "\r\n" << 414;
    QTest::newRow("too many headers") << [&]() -> QByteArray {
        QByteArray request = "GET / HTTP/1.1\r\n"_ba + host;
        for (int i = 0; i < 25; ++i)
            request += "X-" + QByteArray::number(i) + ": v\r\n";
        return request + "\r\n";
    }() << 431;
    QTest::newRow("header section too large") << "GET / HTTP/1.1\r\n"_ba + host + "X-A: " + QByteArray(5000, 'a')
            + "\r\n\r\n" << 431;
    QTest::newRow("declared body too large") << post + host + "Content-Length: 1048577\r\n\r\n" << 413;
    QTest::newRow("chunked body too large")
        << post + host + "Transfer-Encoding: chunked\r\n\r\n80000\r\n" + QByteArray(0x80000, 'x') + "\r\n80001\r\n"
        << 413;
    QTest::newRow("unknown method") << "FOO / HTTP/1.1\r\n"_ba + host + "\r\n" << 501;
    QTest::newRow("TRACE") << "TRACE / HTTP/1.1\r\n"_ba + host + "\r\n" << 501;
    QTest::newRow("HTTP/2.0") << "GET / HTTP/2.0\r\n"_ba + host + "\r\n" << 505;
    QTest::newRow("HTTP/0.9") << "GET /\r\n"_ba << 400;
    QTest::newRow("Expect other") << post + host + "Expect: something\r\nContent-Length: 1\r\n\r\nx" << 417;
}

void TestConnectionGuard::framingAttacks()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);

    Fixture fixture(apiLimits());
    QVERIFY(fixture.listening);
    Client client(fixture.port);
    QTRY_VERIFY_WITH_TIMEOUT(client.connected(), kWaitMs);
    client.send(request);
    QTRY_VERIFY_WITH_TIMEOUT(client.closed(), kWaitMs);

    const QList<Response> responses = client.responses();
    QCOMPARE(responses.size(), 1);
    const Response &response = responses.at(0);
    QCOMPARE(response.status, status);
    QCOMPARE(response.headers.value("connection"_ba), "close"_ba);
    QCOMPARE(response.headers.value("x-content-type-options"_ba), "nosniff"_ba);
    QVERIFY(response.headers.value("content-type"_ba).startsWith("application/json"));
    QVERIFY(!response.headers.value("x-request-id"_ba).isEmpty());
    QVERIFY2(!detailOf(response).isEmpty(), response.body.constData());
    if (status == 413)
        QCOMPARE(detailOf(response), u"Request body too large. Maximum size: 1048576 bytes"_s);
    QCOMPARE(fixture.http.calls, 0);

    verifyStillServing(fixture);
}

void TestConnectionGuard::acceptedRequestsReachTheHandler_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("bodyLength");

    QTest::newRow("GET with query") << "GET /ok?a=1&b=%20x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"_ba
                                    << "/ok"_ba
                                    << "0"_ba;
    QTest::newRow("POST with body") << "POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"_ba
                                    << "/p"_ba
                                    << "5"_ba;
    QTest::newRow("chunked with extensions")
        << "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n5;n=v\r\nhello\r\n"
           "6 ; a=\"b c\"\r\n world\r\n0;last\r\n\r\n"_ba
        << "/c"_ba
        << "11"_ba;
    QTest::newRow("empty line first") << "\r\nGET /e HTTP/1.1\r\nHost: a\r\n\r\n"_ba
                                      << "/e"_ba
                                      << "0"_ba;
    QTest::newRow("HTTP/1.0 without Host") << "GET /old HTTP/1.0\r\n\r\n"_ba
                                           << "/old"_ba
                                           << "0"_ba;
    QTest::newRow("obs-text value") << "GET /u HTTP/1.1\r\nHost: a\r\nX-Name: caf\xc3\xa9\r\n\r\n"_ba
                                    << "/u"_ba
                                    << "0"_ba;
    QTest::newRow("leading zeros") << "PUT /z HTTP/1.1\r\nHost: a\r\nContent-Length: 0003\r\n\r\nabc"_ba
                                   << "/z"_ba
                                   << "3"_ba;
    QTest::newRow("expectation with body sent") << "PUT /x HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n"
                                                   "Content-Length: 2\r\n\r\nhi"_ba
                                                << "/x"_ba
                                                << "2"_ba;
    QTest::newRow("DELETE") << "DELETE /d/1 HTTP/1.1\r\nHost: a\r\n\r\n"_ba
                            << "/d/1"_ba
                            << "0"_ba;
    QTest::newRow("PATCH") << "PATCH /p HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}"_ba
                           << "/p"_ba
                           << "2"_ba;
    QTest::newRow("OPTIONS") << "OPTIONS /o HTTP/1.1\r\nHost: a\r\n\r\n"_ba
                             << "/o"_ba
                             << "0"_ba;
}

void TestConnectionGuard::acceptedRequestsReachTheHandler()
{
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, bodyLength);

    Fixture fixture(apiLimits());
    QVERIFY(fixture.listening);
    Client client(fixture.port);
    QTRY_VERIFY_WITH_TIMEOUT(client.connected(), kWaitMs);
    client.send(request);
    QTRY_VERIFY_WITH_TIMEOUT(client.responses().size() == 1 || client.closed(), kWaitMs);
    QCOMPARE(client.responses().size(), 1);
    QCOMPARE(client.responses().at(0).status, 200);
    QCOMPARE(client.responses().at(0).body, bodyLength);
    QCOMPARE(fixture.http.calls, 1);
    QCOMPARE(fixture.http.heads.at(0).target.left(target.size()), target);
    QCOMPARE(fixture.http.targets.at(0), target);

    // And the connection is still usable (or, for HTTP/1.0, the request was still served).
    client.send(kNormalRequest);
    QTRY_VERIFY_WITH_TIMEOUT(client.responses().size() == 2 || client.closed(), kWaitMs);
    QCOMPARE(client.responses().size(), 2);
    QCOMPARE(fixture.http.calls, 2);
}

void TestConnectionGuard::requestIdEchoedOnlyWhenSafe()
{
    Fixture fixture(apiLimits());
    QVERIFY(fixture.listening);
    {
        Client client(fixture.port);
        QTRY_VERIFY_WITH_TIMEOUT(client.connected(), kWaitMs);
        client.send("GET / HTTP/1.1\r\nHost: a\r\nX-Request-ID: abc.DEF_123-x\r\nExpect: nope\r\n\r\n"_ba);
        QTRY_VERIFY_WITH_TIMEOUT(client.closed(), kWaitMs);
        QCOMPARE(client.responses().size(), 1);
        QCOMPARE(client.responses().at(0).status, 417);
        QCOMPARE(client.responses().at(0).headers.value("x-request-id"_ba), "abc.DEF_123-x"_ba);
    }
    {
        Client client(fixture.port);
        QTRY_VERIFY_WITH_TIMEOUT(client.connected(), kWaitMs);
        client.send("GET / HTTP/1.1\r\nHost: a\r\nX-Request-ID: <script>\r\nExpect: nope\r\n\r\n"_ba);
        QTRY_VERIFY_WITH_TIMEOUT(client.closed(), kWaitMs);
        QCOMPARE(client.responses().size(), 1);
        const QByteArray id = client.responses().at(0).headers.value("x-request-id"_ba);
        QCOMPARE(id.size(), 36); // a generated UUID
        QVERIFY(!id.contains('<'));
    }
}

void TestConnectionGuard::hugeDeclaredUploadRefusedWithoutBuffering()
{
    Fixture fixture(FrameLimits {}); // default limits: 10 MiB bodies
    QVERIFY(fixture.listening);
    Client client(fixture.port);
    QTRY_VERIFY_WITH_TIMEOUT(client.connected(), kWaitMs);

    // A client that does not wait for an answer: head and 5 MB of body in one write.
    // The request is built before the baseline and handed to the socket without a copy,
    // so the client's own memory does not count.
    const QByteArray upload = "POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 209715200\r\n\r\n"_ba
        + QByteArray(5 * kMiB, 'u');
    const qint64 rssBefore = vmRssKiB();
    QVERIFY(rssBefore > 0);
    client.send(upload);
    QTRY_VERIFY_WITH_TIMEOUT(client.closed(), kWaitMs);
    const qint64 rssAfter = vmRssKiB();
    qDebug() << "RSS growth KiB:" << rssAfter - rssBefore << "unsent:" << client.socket().bytesToWrite();

    const QList<Response> responses = client.responses();
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses.at(0).status, 413);
    QCOMPARE(detailOf(responses.at(0)), u"Request body too large. Maximum size: 10485760 bytes"_s);
    QCOMPARE(fixture.http.calls, 0);
    QVERIFY2(rssAfter - rssBefore < 4 * 1024, qPrintable(u"RSS grew by %1 KiB"_s.arg(rssAfter - rssBefore)));

    verifyStillServing(fixture);
}

void TestConnectionGuard::expectContinue()
{
    Fixture fixture(apiLimits());
    QVERIFY(fixture.listening);
    Client client(fixture.port);
    QTRY_VERIFY_WITH_TIMEOUT(client.connected(), kWaitMs);
    client.send("PUT /doc HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"_ba);
    QTRY_COMPARE_WITH_TIMEOUT(client.received(), "HTTP/1.1 100 Continue\r\n\r\n"_ba, kWaitMs);
    QCOMPARE(fixture.http.calls, 0);
    client.send("hello"_ba);
    QTRY_VERIFY_WITH_TIMEOUT(client.responses().size() == 2, kWaitMs);
    QCOMPARE(client.responses().at(0).status, 100);
    QCOMPARE(client.responses().at(1).status, 200);
    QCOMPARE(client.responses().at(1).body, "5"_ba);
    QCOMPARE(fixture.http.calls, 1);
    QVERIFY(fixture.http.heads.at(0).expectContinue);
    QVERIFY(!client.closed());
}

void TestConnectionGuard::trailerArrivingLater()
{
    Fixture fixture(apiLimits());
    QVERIFY(fixture.listening);
    Client client(fixture.port);
    QTRY_VERIFY_WITH_TIMEOUT(client.connected(), kWaitMs);
    client.send("POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n"_ba);
    QTest::qWait(100);
    client.send("Xy: 1\r\n\r\n"_ba);
    QTRY_VERIFY_WITH_TIMEOUT(client.closed(), kWaitMs);
    QCOMPARE(client.responses().size(), 1);
    QCOMPARE(client.responses().at(0).status, 501);
    QCOMPARE(fixture.http.calls, 0);
}

void TestConnectionGuard::pipelinedRequests()
{
    Fixture fixture(apiLimits());
    QVERIFY(fixture.listening);
    Client client(fixture.port);
    QTRY_VERIFY_WITH_TIMEOUT(client.connected(), kWaitMs);
    client.send("GET /1 HTTP/1.1\r\nHost: a\r\nX-Request-ID: one\r\n\r\n"
                "POST /2 HTTP/1.1\r\nHost: a\r\nX-Request-ID: two\r\nContent-Length: 3\r\n\r\nabc"
                "PUT /3 HTTP/1.1\r\nHost: a\r\nX-Request-ID: three\r\nTransfer-Encoding: chunked\r\n\r\n"
                "2\r\nxy\r\n0\r\n\r\n"_ba);
    QTRY_VERIFY_WITH_TIMEOUT(client.responses().size() == 3, kWaitMs);
    const QList<Response> responses = client.responses();
    QCOMPARE(responses.at(0).body, "0"_ba);
    QCOMPARE(responses.at(1).body, "3"_ba);
    QCOMPARE(responses.at(2).body, "2"_ba);
    QCOMPARE(fixture.http.calls, 3);
    // The guard hands over the heads in the order QHttpServer handles the requests.
    QCOMPARE(fixture.http.targets, (QList<QByteArray> {"/1"_ba, "/2"_ba, "/3"_ba}));
    QCOMPARE(fixture.http.heads.at(0).target, "/1"_ba);
    QCOMPARE(fixture.http.heads.at(1).target, "/2"_ba);
    QCOMPARE(fixture.http.heads.at(2).target, "/3"_ba);
    QCOMPARE(fixture.http.heads.at(2).requestId, "three"_ba);
    QCOMPARE(responses.at(2).headers.value("x-request-id"_ba), "three"_ba);
    QVERIFY(!client.closed());
}

void TestConnectionGuard::fragmentedArrival()
{
    // The same pipeline in small random pieces: whatever QHttpServer reads at a time,
    // the guard inspects exactly those bytes once.
    const QByteArray pipeline = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
                                "POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
                                "\r\nPUT /3 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                                "2;x=y\r\nxy\r\n3\r\nabc\r\n0\r\n\r\n"
                                "DELETE /4 HTTP/1.1\r\nHost: a\r\n\r\n"_ba;
    Fixture fixture(apiLimits());
    QVERIFY(fixture.listening);
    QRandomGenerator rng(7);
    for (int round = 0; round < 4; ++round) {
        const int callsBefore = fixture.http.calls;
        Client client(fixture.port);
        client.socket().setSocketOption(QAbstractSocket::LowDelayOption, 1);
        QTRY_VERIFY_WITH_TIMEOUT(client.connected(), kWaitMs);
        qsizetype pos = 0;
        while (pos < pipeline.size()) {
            const qsizetype n = qMin<qsizetype>(pipeline.size() - pos, round == 0 ? 1 : rng.bounded(1, 24));
            client.send(pipeline.mid(pos, n));
            client.socket().flush();
            pos += n;
            QTest::qWait(1);
        }
        QTRY_VERIFY_WITH_TIMEOUT(client.responses().size() == 4 || client.closed(), kWaitMs);
        const QList<Response> responses = client.responses();
        QCOMPARE(responses.size(), 4);
        QCOMPARE(responses.at(1).body, "3"_ba);
        QCOMPARE(responses.at(2).body, "5"_ba);
        QCOMPARE(fixture.http.calls, callsBefore + 4);
        const QList<QByteArray> expected = {"/1"_ba, "/2"_ba, "/3"_ba, "/4"_ba};
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(fixture.http.heads.at(callsBefore + i).target, expected.at(i));
            QCOMPARE(fixture.http.targets.at(callsBefore + i), expected.at(i));
        }
        QVERIFY(!client.closed());
    }
}

void TestConnectionGuard::pipelinedValidThenInvalid()
{
    Fixture fixture(apiLimits());
    QVERIFY(fixture.listening);
    Client client(fixture.port);
    QTRY_VERIFY_WITH_TIMEOUT(client.connected(), kWaitMs);
    // The second request smuggles a body QHttpServer would read with another length.
    client.send("GET /first HTTP/1.1\r\nHost: a\r\n\r\n"
                "POST /second HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n"_ba);
    QTRY_VERIFY_WITH_TIMEOUT(client.closed(), kWaitMs);
    const QList<Response> responses = client.responses();
    QCOMPARE(responses.size(), 2);
    QCOMPARE(responses.at(0).status, 200);
    QCOMPARE(responses.at(1).status, 400);
    QCOMPARE(responses.at(1).headers.value("connection"_ba), "close"_ba);
    QCOMPARE(fixture.http.calls, 1);
    QCOMPARE(fixture.http.targets, QList<QByteArray> {"/first"_ba});
}

void TestConnectionGuard::slowlorisGets408()
{
    FrameLimits limits = apiLimits();
    limits.headerTimeoutMs = 300;
    Fixture fixture(limits);
    QVERIFY(fixture.listening);
    Client client(fixture.port);
    QTRY_VERIFY_WITH_TIMEOUT(client.connected(), kWaitMs);
    client.send("GET /slow HTTP/1.1\r\nHost: a\r\nX-Request-ID: slow-1\r\n"_ba);
    // Trickling more bytes does not extend the head's deadline.
    for (int i = 0; i < 5 && !client.closed(); ++i) {
        QTest::qWait(150);
        client.send("X-Drip: 1\r\n"_ba);
    }
    QTRY_VERIFY_WITH_TIMEOUT(client.closed(), kWaitMs);
    const QList<Response> responses = client.responses();
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses.at(0).status, 408);
    QCOMPARE(detailOf(responses.at(0)), u"Request timeout"_s);
    QCOMPARE(responses.at(0).headers.value("connection"_ba), "close"_ba);
    QCOMPARE(fixture.http.calls, 0);
    verifyStillServing(fixture);
}

void TestConnectionGuard::slowBodyGets408()
{
    FrameLimits limits = apiLimits();
    limits.bodyIdleTimeoutMs = 300;
    Fixture fixture(limits);
    QVERIFY(fixture.listening);
    Client client(fixture.port);
    QTRY_VERIFY_WITH_TIMEOUT(client.connected(), kWaitMs);
    client.send("POST /p HTTP/1.1\r\nHost: a\r\nX-Request-ID: body-1\r\nContent-Length: 100\r\n\r\nhalf"_ba);
    QTRY_VERIFY_WITH_TIMEOUT(client.closed(), kWaitMs);
    const QList<Response> responses = client.responses();
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses.at(0).status, 408);
    QCOMPARE(responses.at(0).headers.value("x-request-id"_ba), "body-1"_ba);
    QCOMPARE(fixture.http.calls, 0);
}

void TestConnectionGuard::idleKeepAliveClosed()
{
    FrameLimits limits = apiLimits();
    limits.keepAliveIdleMs = 300;
    Fixture fixture(limits);
    QVERIFY(fixture.listening);
    Client client(fixture.port);
    QTRY_VERIFY_WITH_TIMEOUT(client.connected(), kWaitMs);
    client.send(kNormalRequest);
    QTRY_VERIFY_WITH_TIMEOUT(client.responses().size() == 1, kWaitMs);
    const QByteArray afterResponse = client.received();
    QTRY_VERIFY_WITH_TIMEOUT(client.closed(), kWaitMs);
    QCOMPARE(client.received(), afterResponse); // closed silently
    QCOMPARE(fixture.http.calls, 1);
}

void TestConnectionGuard::connectionBudget()
{
    FrameLimits limits = apiLimits();
    limits.maxConnectionsPerAddress = 2;
    Fixture fixture(limits);
    QVERIFY(fixture.listening);

    auto first = std::make_unique<Client>(fixture.port);
    Client second(fixture.port);
    QTRY_VERIFY_WITH_TIMEOUT(first->connected() && second.connected(), kWaitMs);
    first->send(kNormalRequest);
    second.send(kNormalRequest);
    QTRY_VERIFY_WITH_TIMEOUT(first->responses().size() == 1 && second.responses().size() == 1, kWaitMs);
    QCOMPARE(fixture.budget.open(), 2);

    Client third(fixture.port);
    QTRY_VERIFY_WITH_TIMEOUT(third.closed(), kWaitMs);
    QCOMPARE(third.responses().size(), 1);
    QCOMPARE(third.responses().at(0).status, 503);
    QCOMPARE(detailOf(third.responses().at(0)), u"Server is at its connection limit"_s);
    QCOMPARE(third.responses().at(0).headers.value("connection"_ba), "close"_ba);
    QCOMPARE(fixture.budget.open(), 2);
    QCOMPARE(fixture.http.calls, 2);

    // Closing one frees its slot, exactly once.
    first.reset();
    QTRY_COMPARE_WITH_TIMEOUT(fixture.budget.open(), 1, kWaitMs);
    verifyStillServing(fixture);
    QTRY_COMPARE_WITH_TIMEOUT(fixture.budget.open(), 1, kWaitMs);
    QTest::qWait(100);
    QCOMPARE(fixture.budget.open(), 1);
}

void TestConnectionGuard::clientDisconnectsMidBody()
{
    Fixture fixture(apiLimits());
    QVERIFY(fixture.listening);
    for (int round = 0; round < 3; ++round) {
        Client client(fixture.port);
        QTRY_VERIFY_WITH_TIMEOUT(client.connected(), kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(fixture.budget.open(), 1, kWaitMs);
        client.send("POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n"_ba + QByteArray(1000 * round, 'b'));
        QTest::qWait(50);
        if (round == 1)
            client.socket().abort();
        else
            client.socket().disconnectFromHost();
        QTRY_COMPARE_WITH_TIMEOUT(fixture.budget.open(), 0, kWaitMs);
    }
    QCOMPARE(fixture.http.calls, 0);
    verifyStillServing(fixture);
}

void TestConnectionGuard::deferredHoldsInputBack()
{
    FrameLimits limits = apiLimits();
    limits.headerTimeoutMs = 200;
    limits.keepAliveIdleMs = 200;
    Fixture fixture(limits);
    QVERIFY(fixture.listening);
    Client client(fixture.port);
    QTRY_VERIFY_WITH_TIMEOUT(client.connected(), kWaitMs);
    client.send("GET /defer HTTP/1.1\r\nHost: a\r\n\r\n"_ba);
    QTRY_VERIFY_WITH_TIMEOUT(fixture.http.deferredSocket, kWaitMs);
    QCOMPARE(fixture.http.calls, 1);

    // Input during the deferral is held back from QHttpServer, and no timeout applies.
    client.send("GET /next HTTP/1.1\r\nHost: a\r\n\r\n"_ba);
    QTest::qWait(1500);
    QCOMPARE(fixture.http.calls, 1);
    QVERIFY(!client.closed());

    QTcpSocket *socket = fixture.http.deferredSocket;
    ConnectionGuard *guard = ConnectionGuard::of(socket);
    QVERIFY(guard);
    QVERIFY(guard->finishDeferred());
    HttpResponse response = HttpResponse::json(200, "late"_ba);
    response.closeConnection = true;
    socket->write(serializeResponse(response, "id"_ba));
    socket->disconnectFromHost();
    QTRY_VERIFY_WITH_TIMEOUT(client.closed(), kWaitMs);
    QCOMPARE(client.responses().size(), 1);
    QCOMPARE(client.responses().at(0).body, "late"_ba);
    QCOMPARE(fixture.http.calls, 1);
}

void TestConnectionGuard::deferredWithoutInput()
{
    Fixture fixture(apiLimits());
    QVERIFY(fixture.listening);
    Client client(fixture.port);
    QTRY_VERIFY_WITH_TIMEOUT(client.connected(), kWaitMs);
    client.send("GET /defer HTTP/1.1\r\nHost: a\r\n\r\n"_ba);
    QTRY_VERIFY_WITH_TIMEOUT(fixture.http.deferredSocket, kWaitMs);
    QTcpSocket *socket = fixture.http.deferredSocket;
    ConnectionGuard *guard = ConnectionGuard::of(socket);
    QVERIFY(guard);
    QVERIFY(!guard->finishDeferred());
    socket->write(serializeResponse(HttpResponse::json(200, "late"_ba), "id"_ba));
    QTRY_VERIFY_WITH_TIMEOUT(client.responses().size() == 1, kWaitMs);

    // The connection carries on normally.
    client.send(kNormalRequest);
    QTRY_VERIFY_WITH_TIMEOUT(client.responses().size() == 2, kWaitMs);
    QCOMPARE(client.responses().at(1).status, 200);
    QCOMPARE(fixture.http.calls, 2);
    QCOMPARE(fixture.http.heads.at(1).target, "/ok"_ba);
}

void TestConnectionGuard::pipelinedRequestsWaitForUnsentOutput()
{
    FrameLimits limits = apiLimits();
    limits.maxPendingOutputBytes = 64 * 1024;
    Fixture fixture(limits);
    QVERIFY(fixture.listening);
    Client client(fixture.port);
    // The client reads at most 16 KiB and then stops: the kernel's buffers fill and
    // the server's output no longer drains.
    client.socket().setReadBufferSize(16 * 1024);
    QTRY_VERIFY_WITH_TIMEOUT(client.connected(), kWaitMs);
    constexpr int requests = 100; // 20 MiB of answers
    QByteArray pipeline;
    for (int i = 0; i < requests; ++i)
        pipeline += "GET /big?" + QByteArray::number(i) + " HTTP/1.1\r\nHost: a\r\n\r\n";
    client.send(pipeline);
    QTest::qWait(1500);
    const int answeredWhileStalled = fixture.http.calls;
    qDebug() << "answered while the client did not read:" << answeredWhileStalled << "peak unsent"
             << fixture.budget.peakPendingOutputBytes();
    QVERIFY2(answeredWhileStalled < requests / 2, qPrintable(QString::number(answeredWhileStalled)));
    QVERIFY(fixture.budget.peakPendingOutputBytes() <= limits.maxPendingOutputBytes + 256 * 1024);

    // Once the client reads, every held request is answered, in order, on the same
    // connection.
    client.socket().setReadBufferSize(0);
    QByteArray all;
    QElapsedTimer timer;
    timer.start();
    while (all.count("HTTP/1.1 200") < requests && timer.elapsed() < 30'000) {
        QTest::qWait(5); // the server lives in this thread too
        all += client.socket().readAll();
    }
    all += client.socket().readAll();
    QCOMPARE(fixture.http.calls, requests);
    const QList<Response> responses = parseResponses(all);
    QCOMPARE(responses.size(), requests);
    for (int i = 0; i < requests; ++i)
        QVERIFY(responses.at(i).body.startsWith(QByteArray(QByteArray::number(i) + ':')));
    QCOMPARE(client.socket().state(), QAbstractSocket::ConnectedState);
    QTRY_COMPARE_WITH_TIMEOUT(fixture.budget.pendingOutputBytes(), 0, kWaitMs);
}

} // namespace vami::test

QTEST_GUILESS_MAIN(vami::test::TestConnectionGuard)
#include "tst_connectionguard.moc"
