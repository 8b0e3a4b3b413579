// HttpClient (libcurl) against a real HTTP/1.1 server on loopback: answers,
// redirects (each hop re-checked, credentials kept to their origin), time and size
// limits, the classification of failures as transient or permanent, the SSRF rules
// applied to the address actually connected to, cancellation, and TLS with a
// throwaway certificate authority. Time limits are small and only the kind of the
// failure is asserted, never how long anything took.

#include "loopbackhttpserver.h"
#include "manualclock.h"
#include "testcertificates.h"

#include "net/httpclient.h"

#include "testdatabase.h"

#include "storage/database.h"

#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <thread>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

namespace {

OutboundConfig loopbackConfig()
{
    OutboundConfig config;
    config.allowHttp = true;
    config.ports = {};
    config.allowedTargets = AddressRange::parseList({u"127.0.0.0/8"_s, u"::1/128"_s});
    config.connectTimeoutMs = 2000;
    config.totalTimeoutMs = 5000;
    return config;
}

OutboundRequest get(const QUrl &url)
{
    OutboundRequest request;
    request.url = url;
    return request;
}

} // namespace

class tst_HttpClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void answersCarryStatusHeadersAndBody();
    void bodiesAndMethodsAreSent();
    void clientErrorBodiesAreReadable();
    void redirectsAreFollowedWithinTheLimit();
    void redirectsChangeMethodsAsHttpSays();
    void redirectToADeniedAddressIsRefused();
    void credentialsStayWithTheirOrigin();
    void slowAndSilentServersTimeOut();
    void aConnectionClosedWithoutAnswerIsTransient();
    void refusedConnectionsAreTransient();
    void largeAnswersAreCut();
    void serverErrorsAreTransient();
    void tooManyRequestsCarriesRetryAfter();
    void loopbackNeedsTheAllowList_data();
    void loopbackNeedsTheAllowList();
    void metadataIsDeniedEvenWhenAllowListed();
    void badUrlsAndHeadersAreRefused();
    void aStopRequestAbortsTheTransfer();
    void tlsIsVerified();
    void noRequestLeavesFromInsideATransaction();

private:
    std::unique_ptr<LoopbackHttpServer> m_server;
    ManualClock m_clock;
};

void tst_HttpClient::init()
{
    m_server = std::make_unique<LoopbackHttpServer>();
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
}

void tst_HttpClient::cleanup()
{
    m_server.reset();
}

void tst_HttpClient::answersCarryStatusHeadersAndBody()
{
    auto reply = LoopbackHttpServer::ok("hello", "text/plain");
    reply.headers.append(std::pair<QByteArray, QByteArray>("X-Test", "yes"));
    m_server->setReply("/hello", reply);
    const HttpClient client(loopbackConfig(), m_clock);
    OutboundRequest request = get(m_server->url(u"/hello?x=1"_s));
    request.headers = {{"Accept", "text/plain"}, {"X-Trace", "abc"}};
    auto response = client.send(request);
    QVERIFY2(response, qPrintable(response ? QString() : response.error().code()));
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, "hello"_ba);
    QCOMPARE(response->header("x-test"), "yes"_ba);
    QCOMPARE(response->header("Content-Type"), "text/plain"_ba);
    QCOMPARE(response->remoteAddress, u"127.0.0.1"_s);
    QCOMPARE(response->redirects, 0);

    QCOMPARE(m_server->requestCount(), 1);
    const LoopbackHttpServer::Request seen = m_server->requests().first();
    QCOMPARE(seen.method, "GET"_ba);
    QCOMPARE(seen.target, "/hello?x=1"_ba);
    QCOMPARE(seen.header("x-trace"), "abc"_ba);
    QVERIFY(seen.header("user-agent").startsWith("Vami/"));
    QVERIFY(!seen.hasHeader("accept-encoding")); // answers are never decompressed
}

void tst_HttpClient::bodiesAndMethodsAreSent()
{
    m_server->setReply("/items", LoopbackHttpServer::status(201));
    m_server->setReply("/dav", LoopbackHttpServer::status(207));
    const HttpClient client(loopbackConfig(), m_clock);
    OutboundRequest post = get(m_server->url(u"/items"_s));
    post.method = "POST";
    post.headers = {{"Content-Type", "application/json"}};
    post.body = QByteArray(5000, 'j'); // large enough that curl would otherwise send Expect: 100-continue
    auto created = client.send(post);
    QVERIFY(created);
    QCOMPARE(created->status, 201);

    OutboundRequest propfind = get(m_server->url(u"/dav"_s));
    propfind.method = "PROPFIND";
    propfind.headers = {{"Depth", "1"}};
    propfind.body = "<propfind xmlns=\"DAV:\"/>";
    auto dav = client.send(propfind);
    QVERIFY(dav);
    QCOMPARE(dav->status, 207);

    const QList<LoopbackHttpServer::Request> seen = m_server->requests();
    QCOMPARE(seen.size(), 2);
    QCOMPARE(seen[0].method, "POST"_ba);
    QCOMPARE(seen[0].body, post.body);
    QCOMPARE(seen[0].header("content-type"), "application/json"_ba);
    QVERIFY(!seen[0].hasHeader("expect"));
    QCOMPARE(seen[1].method, "PROPFIND"_ba);
    QCOMPARE(seen[1].body, propfind.body);
    QCOMPARE(seen[1].header("depth"), "1"_ba);
}

void tst_HttpClient::clientErrorBodiesAreReadable()
{
    auto reply = LoopbackHttpServer::ok(R"({"code":"invalid_number"})", "application/json");
    reply.status = 400;
    m_server->setReply("/calls", reply);
    const HttpClient client(loopbackConfig(), m_clock);
    auto answer = client.exchange(get(m_server->url(u"/calls"_s)));
    QVERIFY(answer);
    QCOMPARE(answer->status, 400);
    QCOMPARE(answer->body, R"({"code":"invalid_number"})"_ba);
    const Status classified = client.errorFor(*answer);
    QVERIFY(!classified);
    QCOMPARE(classified.error().kind(), ErrorKind::Rejected);
    QCOMPARE(classified.error().code(), u"net.client_error"_s);
    QCOMPARE(classified.error().message(), u"The remote server refused the request (HTTP 400)."_s);

    m_server->setReply("/gone", LoopbackHttpServer::status(410));
    auto gone = client.send(get(m_server->url(u"/gone"_s)));
    QVERIFY(!gone);
    QCOMPARE(gone.error().code(), u"net.client_error"_s);
}

void tst_HttpClient::redirectsAreFollowedWithinTheLimit()
{
    m_server->setReply("/a", LoopbackHttpServer::redirect(302, "/b"));
    QUrl absolute = m_server->url(u"/c"_s);
    absolute.setFragment(u"top"_s);
    m_server->setReply("/b", LoopbackHttpServer::redirect(301, absolute.toEncoded()));
    m_server->setReply("/c", LoopbackHttpServer::ok("arrived"));
    OutboundConfig config = loopbackConfig();
    config.maxRedirects = 2;
    const HttpClient client(config, m_clock);
    auto followed = client.send(get(m_server->url(u"/a"_s)));
    QVERIFY2(followed, qPrintable(followed ? QString() : followed.error().code()));
    QCOMPARE(followed->body, "arrived"_ba);
    QCOMPARE(followed->redirects, 2);
    QCOMPARE(followed->url.path(), u"/c"_s);

    // One more hop than allowed: the redirect itself is the answer, and send() refuses it.
    m_server->setReply("/c", LoopbackHttpServer::redirect(307, "/d"));
    m_server->setReply("/d", LoopbackHttpServer::ok("too far"));
    auto answer = client.exchange(get(m_server->url(u"/a"_s)));
    QVERIFY(answer);
    QCOMPARE(answer->status, 307);
    QCOMPARE(answer->redirects, 2);
    auto refused = client.send(get(m_server->url(u"/a"_s)));
    QVERIFY(!refused);
    QCOMPARE(refused.error().code(), u"net.redirect"_s);
    QCOMPARE(refused.error().kind(), ErrorKind::Rejected);
    for (const auto &request : m_server->requests())
        QVERIFY(request.target != "/d");

    // No redirect at all (as for webhooks).
    config.maxRedirects = 0;
    auto unfollowed = HttpClient(config, m_clock).exchange(get(m_server->url(u"/a"_s)));
    QVERIFY(unfollowed);
    QCOMPARE(unfollowed->status, 302);
}

void tst_HttpClient::redirectsChangeMethodsAsHttpSays()
{
    m_server->setReply("/form", LoopbackHttpServer::redirect(303, "/result"));
    m_server->setReply("/upload", LoopbackHttpServer::redirect(307, "/result"));
    m_server->setReply("/result", LoopbackHttpServer::ok("done"));
    const HttpClient client(loopbackConfig(), m_clock);
    OutboundRequest post = get(m_server->url(u"/form"_s));
    post.method = "POST";
    post.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
    post.body = "a=1";
    QVERIFY(client.send(post));
    post.url = m_server->url(u"/upload"_s);
    QVERIFY(client.send(post));
    const QList<LoopbackHttpServer::Request> seen = m_server->requests();
    QCOMPARE(seen.size(), 4);
    QCOMPARE(seen[1].method, "GET"_ba); // 303: GET without the body
    QVERIFY(seen[1].body.isEmpty());
    QVERIFY(!seen[1].hasHeader("content-type"));
    QCOMPARE(seen[3].method, "POST"_ba); // 307: the same request again
    QCOMPARE(seen[3].body, "a=1"_ba);
}

void tst_HttpClient::redirectToADeniedAddressIsRefused()
{
    m_server->setReply("/to-metadata", LoopbackHttpServer::redirect(302, "http://169.254.169.254/latest/meta-data/"));
    m_server->setReply("/to-private", LoopbackHttpServer::redirect(302, "http://10.0.0.7:8080/admin"));
    m_server->setReply("/to-file", LoopbackHttpServer::redirect(302, "file:///etc/passwd"));
    const HttpClient client(loopbackConfig(), m_clock);
    for (const QString &path : {u"/to-metadata"_s, u"/to-private"_s}) {
        auto refused = client.send(get(m_server->url(path)));
        QVERIFY(!refused);
        QCOMPARE(refused.error().code(), u"net.target_forbidden"_s);
        QCOMPARE(refused.error().kind(), ErrorKind::Rejected);
    }
    auto file = client.send(get(m_server->url(u"/to-file"_s)));
    QVERIFY(!file);
    QCOMPARE(file.error().code(), u"net.url_refused"_s);

    // https never downgrades to http unless http is allowed (checked per hop).
    OutboundConfig strict = loopbackConfig();
    strict.allowHttp = false;
    auto plain = HttpClient(strict, m_clock).send(get(m_server->url(u"/to-private"_s)));
    QVERIFY(!plain);
    QCOMPARE(plain.error().code(), u"net.url_refused"_s);
}

void tst_HttpClient::credentialsStayWithTheirOrigin()
{
    LoopbackHttpServer other;
    QVERIFY(other.start());
    other.setReply("/landing", LoopbackHttpServer::ok("elsewhere"));
    m_server->setReply("/same", LoopbackHttpServer::redirect(302, "/landing"));
    m_server->setReply("/landing", LoopbackHttpServer::ok("here"));
    m_server->setReply("/away", LoopbackHttpServer::redirect(302, other.url(u"/landing"_s).toEncoded()));
    const HttpClient client(loopbackConfig(), m_clock);
    OutboundRequest request = get(m_server->url(u"/same"_s));
    request.headers = {{"Authorization", "Bearer secret"}, {"xi-api-key", "key"}, {"Accept", "application/json"}};
    QVERIFY(client.send(request));
    request.url = m_server->url(u"/away"_s);
    auto away = client.send(request);
    QVERIFY(away);
    QCOMPARE(away->body, "elsewhere"_ba);

    const LoopbackHttpServer::Request sameOrigin = m_server->requests().at(1);
    QCOMPARE(sameOrigin.header("authorization"), "Bearer secret"_ba);
    QCOMPARE(sameOrigin.header("xi-api-key"), "key"_ba);
    QCOMPARE(other.requestCount(), 1);
    const LoopbackHttpServer::Request crossOrigin = other.requests().first();
    QVERIFY(!crossOrigin.hasHeader("authorization"));
    QVERIFY(!crossOrigin.hasHeader("xi-api-key"));
    QCOMPARE(crossOrigin.header("accept"), "application/json"_ba);
}

void tst_HttpClient::slowAndSilentServersTimeOut()
{
    m_server->setReply("/slow", LoopbackHttpServer::slow(QByteArray(200, 's'), 1, 50));
    m_server->setReply("/hang", LoopbackHttpServer::hang());
    OutboundConfig config = loopbackConfig();
    config.totalTimeoutMs = 400;
    const HttpClient client(config, m_clock);
    for (const QString &path : {u"/slow"_s, u"/hang"_s}) {
        auto timedOut = client.send(get(m_server->url(path)));
        QVERIFY2(!timedOut, qPrintable(path));
        QCOMPARE(timedOut.error().code(), u"net.timeout"_s);
        QCOMPARE(timedOut.error().kind(), ErrorKind::Unavailable);
    }
    // The same slow answer within a generous limit arrives whole.
    config.totalTimeoutMs = 60000;
    m_server->setReply("/slow", LoopbackHttpServer::slow("abcdef", 2, 20));
    auto patient = HttpClient(config, m_clock).send(get(m_server->url(u"/slow"_s)));
    QVERIFY(patient);
    QCOMPARE(patient->body, "abcdef"_ba);
}

void tst_HttpClient::aConnectionClosedWithoutAnswerIsTransient()
{
    m_server->setReply("/close", LoopbackHttpServer::close());
    auto lost = HttpClient(loopbackConfig(), m_clock).send(get(m_server->url(u"/close"_s)));
    QVERIFY(!lost);
    QCOMPARE(lost.error().code(), u"net.connection_lost"_s);
    QCOMPARE(lost.error().kind(), ErrorKind::Unavailable);
}

void tst_HttpClient::refusedConnectionsAreTransient()
{
    quint16 closedPort = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        closedPort = probe.serverPort();
    }
    QUrl url(u"http://127.0.0.1/"_s);
    url.setPort(closedPort);
    auto refused = HttpClient(loopbackConfig(), m_clock).send(get(url));
    QVERIFY(!refused);
    QCOMPARE(refused.error().code(), u"net.connect_failed"_s);
    QCOMPARE(refused.error().kind(), ErrorKind::Unavailable);
    QVERIFY(refused.error().retryAfterSeconds() > 0);
}

void tst_HttpClient::largeAnswersAreCut()
{
    OutboundConfig config = loopbackConfig();
    config.maxResponseBytes = 64 * 1024;
    const HttpClient client(config, m_clock);
    m_server->setReply("/declared", LoopbackHttpServer::stream(50LL * 1024 * 1024, false));
    m_server->setReply("/chunked", LoopbackHttpServer::stream(50LL * 1024 * 1024, true));
    m_server->setReply("/exact", LoopbackHttpServer::stream(64 * 1024, true));
    for (const QString &path : {u"/declared"_s, u"/chunked"_s}) {
        auto cut = client.send(get(m_server->url(path)));
        QVERIFY2(!cut, qPrintable(path));
        QCOMPARE(cut.error().code(), u"net.too_large"_s);
        QCOMPARE(cut.error().kind(), ErrorKind::Rejected);
    }
    auto exact = client.send(get(m_server->url(u"/exact"_s)));
    QVERIFY(exact);
    QCOMPARE(exact->body.size(), 64 * 1024);
}

void tst_HttpClient::serverErrorsAreTransient()
{
    m_server->setReply("/boom", LoopbackHttpServer::status(500));
    m_server->setReply("/busy", LoopbackHttpServer::status(503, {{"Retry-After", "30"}}));
    const HttpClient client(loopbackConfig(), m_clock);
    auto boom = client.send(get(m_server->url(u"/boom"_s)));
    QVERIFY(!boom);
    QCOMPARE(boom.error().code(), u"net.server_error"_s);
    QCOMPARE(boom.error().kind(), ErrorKind::Unavailable);
    QCOMPARE(boom.error().retryAfterSeconds(), 0); // the job's backoff decides
    auto busy = client.send(get(m_server->url(u"/busy"_s)));
    QVERIFY(!busy);
    QCOMPARE(busy.error().kind(), ErrorKind::Unavailable);
    QCOMPARE(busy.error().retryAfterSeconds(), 30);
}

void tst_HttpClient::tooManyRequestsCarriesRetryAfter()
{
    const QByteArray date = m_clock.now().addSecs(300).toString(u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s).toLatin1();
    m_server->setReply("/seconds", LoopbackHttpServer::status(429, {{"Retry-After", "120"}}));
    m_server->setReply("/date", LoopbackHttpServer::status(429, {{"Retry-After", date}}));
    m_server->setReply("/none", LoopbackHttpServer::status(429));
    const HttpClient client(loopbackConfig(), m_clock);
    const QList<std::pair<QString, int>> cases = {{u"/seconds"_s, 120}, {u"/date"_s, 300}, {u"/none"_s, 60}};
    for (const auto &[path, seconds] : cases) {
        auto limited = client.send(get(m_server->url(path)));
        QVERIFY(!limited);
        QCOMPARE(limited.error().kind(), ErrorKind::RateLimited);
        QCOMPARE(limited.error().code(), u"net.rate_limited"_s);
        QCOMPARE(limited.error().retryAfterSeconds(), seconds);
    }
    QCOMPARE(client.retryAfterSeconds("86400000"), 86400);
    QCOMPARE(client.retryAfterSeconds("soon"), 0);
    QCOMPARE(
        client.retryAfterSeconds(m_clock.now().addSecs(-60).toString(u"ddd, dd MMM yyyy HH:mm:ss 'GMT'"_s).toLatin1()),
        0);
}

void tst_HttpClient::loopbackNeedsTheAllowList_data()
{
    QTest::addColumn<QString>("host");
    QTest::newRow("127.0.0.1") << u"127.0.0.1"_s;
    QTest::newRow("decimal") << u"2130706433"_s;
    QTest::newRow("hex") << u"0x7f.1"_s;
    QTest::newRow("localhost") << u"localhost"_s; // a name: refused on the resolved address
    QTest::newRow("mapped") << u"[::ffff:127.0.0.1]"_s;
    QTest::newRow("nat64") << u"[64:ff9b::7f00:1]"_s;
    QTest::newRow("6to4") << u"[2002:7f00:1::]"_s;
    QTest::newRow("::1") << u"[::1]"_s;
    QTest::newRow("0.0.0.0") << u"0.0.0.0"_s;
}

void tst_HttpClient::loopbackNeedsTheAllowList()
{
    QFETCH(QString, host);
    m_server->setReply("/", LoopbackHttpServer::ok("loopback"));
    OutboundConfig config = loopbackConfig();
    config.allowedTargets = AddressRange::parseList({u"10.0.0.0/8"_s});
    const QUrl url(u"http://%1:%2/"_s.arg(host).arg(m_server->port()));
    QVERIFY2(url.isValid(), qPrintable(host));
    auto refused = HttpClient(config, m_clock).send(get(url));
    QVERIFY2(!refused, qPrintable(host));
    QCOMPARE(refused.error().code(), u"net.target_forbidden"_s);
    QCOMPARE(refused.error().kind(), ErrorKind::Rejected);
    QCOMPARE(m_server->connectionCount(), 0); // not even a TCP connection was made
}

void tst_HttpClient::metadataIsDeniedEvenWhenAllowListed()
{
    OutboundConfig config = loopbackConfig();
    config.allowedTargets = AddressRange::parseList({u"169.254.0.0/16"_s, u"::/0"_s, u"0.0.0.0/0"_s});
    const HttpClient client(config, m_clock);
    for (const QString &url : {u"http://169.254.169.254/latest/meta-data/"_s, u"http://[::ffff:169.254.169.254]/"_s,
             u"http://[64:ff9b::a9fe:a9fe]/"_s, u"http://[fd00:ec2::254]/"_s}) {
        auto refused = client.send(get(QUrl(url)));
        QVERIFY2(!refused, qPrintable(url));
        QCOMPARE(refused.error().code(), u"net.target_forbidden"_s);
    }
}

void tst_HttpClient::badUrlsAndHeadersAreRefused()
{
    m_server->setReply("/", LoopbackHttpServer::ok("x"));
    const HttpClient client(loopbackConfig(), m_clock);
    QUrl withUser = m_server->url(u"/"_s);
    withUser.setUserInfo(u"admin:secret"_s);
    QUrl withFragment = m_server->url(u"/"_s);
    withFragment.setFragment(u"top"_s);
    for (const QUrl &url : {withUser, withFragment, QUrl(u"ftp://127.0.0.1/"_s), QUrl(u"/relative"_s)}) {
        auto refused = client.send(get(url));
        QVERIFY2(!refused, qPrintable(url.toString()));
        QCOMPARE(refused.error().code(), u"net.url_refused"_s);
    }
    OutboundRequest injected = get(m_server->url(u"/"_s));
    injected.headers = {{"X-Note", "a\r\nX-Injected: 1"}};
    auto refused = client.send(injected);
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind(), ErrorKind::Internal);
    injected.headers = {{"Host", "other.example"}};
    QVERIFY(!client.send(injected));
    QCOMPARE(m_server->requestCount(), 0);
}

void tst_HttpClient::aStopRequestAbortsTheTransfer()
{
    m_server->setReply("/hang", LoopbackHttpServer::hang());
    OutboundConfig config = loopbackConfig();
    config.totalTimeoutMs = 120000;
    const HttpClient client(config, m_clock);
    std::stop_source stop;
    std::thread canceller([&] {
        if (m_server->waitForRequests(1, 30000))
            stop.request_stop();
    });
    OutboundRequest request = get(m_server->url(u"/hang"_s));
    request.stop = stop.get_token();
    auto cancelled = client.send(request);
    canceller.join();
    QVERIFY(!cancelled);
    QCOMPARE(cancelled.error().code(), u"net.cancelled"_s);
}

void tst_HttpClient::tlsIsVerified()
{
    QString error;
    const auto certificates = TestCertificates::create({u"localhost"_s}, {u"127.0.0.1"_s}, &error);
    QVERIFY2(certificates, qPrintable(error));
    LoopbackHttpServer tls;
    QVERIFY2(tls.startTls(certificates->serverCertificatePem, certificates->serverKeyPem, &error), qPrintable(error));
    tls.setReply("/secure", LoopbackHttpServer::ok("over tls"));
    QTemporaryDir folder;
    const QString caFile = folder.filePath(u"ca.pem"_s);
    {
        QFile file(caFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(certificates->caPem);
    }

    OutboundConfig config = loopbackConfig();
    config.allowHttp = false;
    const QUrl url = tls.url(u"/secure"_s, u"localhost"_s);
    auto untrusted = HttpClient(config, m_clock).send(get(url));
    QVERIFY(!untrusted);
    QCOMPARE(untrusted.error().code(), u"net.tls_failed"_s);
    QCOMPARE(untrusted.error().kind(), ErrorKind::Rejected);
    QCOMPARE(tls.requestCount(), 0);

    config.testCaFile = caFile;
    auto trusted = HttpClient(config, m_clock).send(get(url));
    QVERIFY2(trusted, qPrintable(trusted ? QString() : trusted.error().code()));
    QCOMPARE(trusted->body, "over tls"_ba);

    // The certificate names localhost and 127.0.0.1, not this name.
    LoopbackHttpServer misnamed;
    const auto others = TestCertificates::create({u"other.example"_s}, {}, &error);
    QVERIFY(others);
    QFile otherCa(folder.filePath(u"other.pem"_s));
    QVERIFY(otherCa.open(QIODevice::WriteOnly));
    otherCa.write(others->caPem);
    otherCa.close();
    QVERIFY(misnamed.startTls(others->serverCertificatePem, others->serverKeyPem, &error));
    config.testCaFile = otherCa.fileName();
    auto mismatch = HttpClient(config, m_clock).send(get(misnamed.url(u"/"_s, u"localhost"_s)));
    QVERIFY(!mismatch);
    QCOMPARE(mismatch.error().code(), u"net.tls_failed"_s);
}

void tst_HttpClient::noRequestLeavesFromInsideATransaction()
{
    // A transaction may run its work again (retries): a request sent from inside
    // it could be sent twice, so it is refused before anything leaves.
    m_server->setReply("/effect", LoopbackHttpServer::ok("done", "text/plain"));
    const HttpClient client(loopbackConfig(), m_clock);
    TestDatabase t;
    QVERIFY2(t.isValid(), qPrintable(t.error()));
    Database db(t.config());
    Status outcome = db.transaction([&]() -> Status {
        auto sent = client.send(get(m_server->url(u"/effect"_s)));
        if (!sent)
            return fail(sent.error());
        return {};
    });
    QVERIFY(!outcome);
    QCOMPARE(outcome.error().kind(), ErrorKind::Internal);
    QCOMPARE(m_server->requestCount(), 0);
    // Outside the transaction the same request goes out.
    QVERIFY(client.send(get(m_server->url(u"/effect"_s))));
    QCOMPARE(m_server->requestCount(), 1);
}

QTEST_GUILESS_MAIN(tst_HttpClient)
#include "tst_httpclient.moc"
