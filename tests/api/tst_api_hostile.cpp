// Hostile input against the real server: broken HTTP framing over raw sockets,
// abusive JSON, forged and misplaced credentials, odd ids and paths. Each case must
// get a 4xx (or a closed connection), write nothing, and leave the server serving.

#include "apitestutil.h"

#include "storage/database.h"

#include <QTcpSocket>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

namespace {

struct RawReply
{
    QByteArray bytes;
    int status = 0;
    bool closed = false;
};

// Sends raw bytes and reads until the server closes the connection or goes quiet.
RawReply rawExchange(quint16 port, const QByteArray &request, int quietMs = 1500)
{
    RawReply out;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return out;
    socket.write(request);
    socket.flush();
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 15000) {
        if (socket.waitForReadyRead(quietMs)) {
            out.bytes += socket.readAll();
            continue;
        }
        if (socket.state() != QAbstractSocket::ConnectedState)
            out.closed = true;
        break;
    }
    out.bytes += socket.readAll();
    if (socket.state() != QAbstractSocket::ConnectedState)
        out.closed = true;
    if (out.bytes.startsWith("HTTP/1.1 "))
        out.status = out.bytes.mid(9, 3).toInt();
    return out;
}

QByteArray base64Url(const QByteArray &data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace

class tst_ApiHostile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void framingAbuse_data();
    void framingAbuse();
    void oversizedDeclaredBodyIsRefusedBeforeItArrives();
    void expectContinueIsAnswered();
    void jsonAbuse_data();
    void jsonAbuse();
    void callsRefuseAbusiveJson_data();
    void callsRefuseAbusiveJson();
    void forgedCredentials_data();
    void forgedCredentials();
    void tokensInTheQueryStringAreIgnored();
    void oddIdsAndPaths_data();
    void oddIdsAndPaths();
    void injectionLooksLikeData();
    void massAssignmentIsRefused();
    void foreignCharsetIsRefused_data();
    void foreignCharsetIsRefused();
    void encodedBodyIsRefused_data();
    void encodedBodyIsRefused();
    void repeatedQueryParametersAreRefused_data();
    void repeatedQueryParametersAreRefused();
    void serverStillServes();

private:
    qint64 rows(const QString &table);
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_client;
    ApiAccount m_owner;
    qint64 m_users = 0;
};

void tst_ApiHostile::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->isValid(), qPrintable(m_server->error()));
    m_client = std::make_unique<ApiClient>(m_server->url());
    m_owner = registerAccount(*m_client, u"owner@hostile.test"_s, u"Hostile"_s);
    QVERIFY(!m_owner.accessToken.isEmpty());
    m_users = rows(u"users"_s);
}

void tst_ApiHostile::cleanupTestCase()
{
    // Nothing any hostile request sent was written.
    QCOMPARE(rows(u"users"_s), m_users);
    QCOMPARE(rows(u"team_invitations"_s), 0);
    QCOMPARE(rows(u"calls"_s), 0);
    m_client.reset();
    m_server.reset();
}

qint64 tst_ApiHostile::rows(const QString &table)
{
    auto r = m_server->backend().database().exec(u"SELECT COUNT(*) FROM "_s + table);
    if (!r || !r->next())
        return -1;
    return r->integer(0);
}

void tst_ApiHostile::framingAbuse_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    const QByteArray login = "POST /api/auth/register HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
    const QByteArray body = R"({"email":"framed@hostile.test","password":"Str0ng-Passw0rd!"})";
    QTest::newRow("bare LF") << QByteArray("GET /health HTTP/1.1\nHost: x\n\n") << 400;
    QTest::newRow("missing host") << QByteArray("GET /health HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("two hosts") << QByteArray("GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << 400;
    QTest::newRow("space before colon") << QByteArray("GET /health HTTP/1.1\r\nHost : x\r\n\r\n") << 400;
    QTest::newRow("obs-fold") << QByteArray("GET /health HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  folded\r\n\r\n") << 400;
    QTest::newRow("NUL in value") << QByteArray("GET /health HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n", 43) << 400;
    QTest::newRow("bad content-length") << login + "Content-Length: abc\r\n\r\n" + body << 400;
    QTest::newRow("negative content-length") << login + "Content-Length: -1\r\n\r\n" << 400;
    QTest::newRow("conflicting content-length")
        << login + "Content-Length: 10\r\nContent-Length: 11\r\n\r\n" + body << 400;
    QTest::newRow("CL and TE") << login + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" << 400;
    QTest::newRow("TE not chunked") << login + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n" << 400;
    QTest::newRow("bad chunk size") << login + "Transfer-Encoding: chunked\r\n\r\nzz\r\n" + body + "\r\n0\r\n\r\n"
                                    << 400;
    QTest::newRow("unknown method") << QByteArray("BREW /health HTTP/1.1\r\nHost: x\r\n\r\n") << 501;
    QTest::newRow("TRACE") << QByteArray("TRACE /health HTTP/1.1\r\nHost: x\r\n\r\n") << 501;
    QTest::newRow("HTTP/2.0 line") << QByteArray("GET /health HTTP/2.0\r\nHost: x\r\n\r\n") << 505;
    QTest::newRow("HTTP/0.9") << QByteArray("GET /health\r\n\r\n") << 400;
    QTest::newRow("long request line") << QByteArray("GET /" + QByteArray(9000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n")
                                       << 414;
    QTest::newRow("huge header") << QByteArray("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(20000, 'b')
                                               + "\r\n\r\n")
                                 << 431;
    QByteArray many = "GET /health HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < 150; ++i)
        many += "X-H" + QByteArray::number(i) + ": v\r\n";
    QTest::newRow("too many headers") << many + "\r\n" << 431;
    QTest::newRow("expect other") << QByteArray("GET /health HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\n\r\n") << 417;
    QTest::newRow("garbage") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n") << 400;
}

void tst_ApiHostile::framingAbuse()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    const RawReply reply = rawExchange(m_server->port(), request);
    QCOMPARE(reply.status, status);
    QVERIFY(reply.bytes.contains("Connection: close"));
    QVERIFY(reply.bytes.contains("X-Content-Type-Options: nosniff"));
    QVERIFY(reply.bytes.contains("{\"detail\":"));
    QVERIFY(reply.closed);
}

void tst_ApiHostile::oversizedDeclaredBodyIsRefusedBeforeItArrives()
{
    const QByteArray head = "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            "Content-Length: 209715200\r\n\r\n";
    const RawReply reply = rawExchange(m_server->port(), head + QByteArray(64 * 1024, '{'));
    QCOMPARE(reply.status, 413);
    QVERIFY(reply.bytes.contains("Request body too large. Maximum size: 1048576 bytes"));
    // A body just over a JSON route's limit, sent completely, is refused the same way.
    const QByteArray over = "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            "Content-Length: 1048577\r\n\r\n";
    QCOMPARE(rawExchange(m_server->port(), over + QByteArray(1048577, ' ')).status, 413);
}

void tst_ApiHostile::expectContinueIsAnswered()
{
    const QByteArray body = R"({"email":"nobody@hostile.test","password":"x"})";
    const QByteArray request = "POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                               "Expect: 100-continue\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n";
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(socket.waitForConnected(5000));
    socket.write(request);
    QVERIFY(socket.waitForReadyRead(5000));
    QVERIFY(socket.readAll().startsWith("HTTP/1.1 100 Continue\r\n\r\n"));
    socket.write(body);
    QByteArray rest;
    while (socket.waitForReadyRead(5000))
        rest += socket.readAll();
    QVERIFY2(rest.startsWith("HTTP/1.1 401"), rest.constData());
}

void tst_ApiHostile::jsonAbuse_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("type");
    QTest::newRow("duplicate keys") << QByteArray(R"({"email":"a@b.test","email":"c@d.test","password":"x"})")
                                    << u"json_invalid"_s;
    QTest::newRow("lone surrogate") << QByteArray(R"({"email":"\ud800@b.test","password":"x"})") << u"json_invalid"_s;
    QTest::newRow("control char") << QByteArray("{\"email\":\"a\x01@b.test\",\"password\":\"x\"}") << u"json_invalid"_s;
    QTest::newRow("invalid utf-8") << QByteArray("{\"email\":\"\xc3\x28@b.test\",\"password\":\"x\"}")
                                   << u"json_invalid"_s;
    QTest::newRow("overlong utf-8") << QByteArray("{\"email\":\"\xc0\xaf@b.test\",\"password\":\"x\"}")
                                    << u"json_invalid"_s;
    QTest::newRow("deep nesting") << QByteArray(100000, '[') << u"json_invalid"_s;
    QTest::newRow("big integer") << QByteArray(R"({"email":"a@b.test","password":"x","organization_id":9007199254740993})")
                                 << u"json_invalid"_s;
    QTest::newRow("trailing garbage") << QByteArray(R"({"email":"a@b.test","password":"x"} trailing)")
                                      << u"json_invalid"_s;
    QTest::newRow("NaN") << QByteArray(R"({"email":"a@b.test","password":NaN})") << u"json_invalid"_s;
    QTest::newRow("array body") << QByteArray(R"([1,2,3])") << u"dict_type"_s;
    QTest::newRow("string body") << QByteArray(R"("hello")") << u"dict_type"_s;
    QTest::newRow("wrong types") << QByteArray(R"({"email":["a"],"password":{"x":1}})") << u"string_type"_s;
    QTest::newRow("null required") << QByteArray(R"({"email":null,"password":"x"})") << u"string_type"_s;
    QTest::newRow("huge string") << (R"({"email":")" + QByteArray(900000, 'a') + R"(","password":"x"})")
                                 << u"string_too_long"_s;
    QByteArray wide = "[";
    for (int i = 0; i < 120000; ++i)
        wide += "0,";
    wide += "0]";
    QTest::newRow("huge array") << wide << u"json_invalid"_s;
}

void tst_ApiHostile::jsonAbuse()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, type);
    m_client->setToken({});
    for (const QString &path : {u"/api/auth/login"_s, u"/api/auth/register"_s}) {
        const ApiReply reply = m_client->send("POST", path, body);
        QCOMPARE(reply.status, 422);
        const QJsonArray detail = reply.object().value(u"detail"_s).toArray();
        QVERIFY(!detail.isEmpty());
        QStringList types;
        for (const QJsonValue &d : detail)
            types << d.toObject().value(u"type"_s).toString();
        QVERIFY2(types.contains(type), qPrintable(types.join(u',')));
    }
}

void tst_ApiHostile::callsRefuseAbusiveJson_data()
{
    jsonAbuse_data();
}

void tst_ApiHostile::callsRefuseAbusiveJson()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, type);
    // The bodies carry no phone_number or agent_id, so a row past the parser is
    // refused for the missing fields; malformed JSON and non-object bodies for what
    // they are.
    m_client->setToken(m_owner.accessToken);
    for (const QString &path : {u"/api/calls"_s, u"/api/calls/schedule"_s,
                                u"/api/calls/6f1c1f0e-8a3b-4f43-9a51-2f7d1b1d7c11/end"_s}) {
        const ApiReply reply = m_client->send("POST", path, body);
        if (body.size() > 64 * 1024) {
            QCOMPARE(reply.status, 413); // the calls routes take at most 64 KiB
            continue;
        }
        QVERIFY2(reply.status == 422 || reply.status == 404, reply.body.constData());
        if (type == u"json_invalid"_s || type == u"dict_type"_s) {
            QCOMPARE(reply.status, 422);
            QCOMPARE(reply.object().value(u"detail"_s).toArray().first().toObject().value(u"type"_s).toString(), type);
        }
    }
    m_client->setToken({});
    QCOMPARE(rows(u"calls"_s), 0);
}

void tst_ApiHostile::forgedCredentials_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<QString>("detail");
    const QByteArray real = m_owner.accessToken;
    const QList<QByteArray> parts = real.split('.');
    const QByteArray payload = QByteArray::fromBase64(parts[1], QByteArray::Base64UrlEncoding);
    QJsonObject claims = QJsonDocument::fromJson(payload).object();
    const QString validation = u"Could not validate credentials"_s;

    const auto row = [](const char *name, const QByteArray &authorization, const QString &detail) {
        QTest::newRow(name) << authorization << detail;
    };
    row("alg none", "Bearer " + base64Url(R"({"alg":"none","typ":"at+jwt"})") + '.' + parts[1] + '.', validation);
    row("alg NONE with signature", "Bearer " + base64Url(R"({"alg":"NONE","typ":"at+jwt"})") + '.' + parts[1] + '.' + parts[2], validation);
    claims.insert(u"sub"_s, u"00000000-0000-4000-8000-000000000001"_s);
    row("tampered payload", "Bearer " + parts[0] + '.'
            + base64Url(QJsonDocument(claims).toJson(QJsonDocument::Compact)) + '.' + parts[2], validation);
    row("truncated signature", "Bearer " + real.left(real.size() - 3), validation);
    row("two segments", "Bearer " + parts[0] + '.' + parts[1], validation);
    row("oversize", "Bearer " + QByteArray(9000, 'a'), validation);
    row("basic scheme", "Basic " + QByteArray("dXNlcjpwYXNz"), validation);
    row("three words", "Bearer a b", u"Invalid authorization header"_s);
    row("scheme only", QByteArray("Bearer"), u"Invalid authorization header"_s);
    row("fake api key", "Bearer vami_" + QByteArray(43, 'A'), validation);
    row("short api key", QByteArray("Bearer vami_abc"), validation);
}

void tst_ApiHostile::forgedCredentials()
{
    QFETCH(QByteArray, authorization);
    QFETCH(QString, detail);
    m_client->setToken({});
    m_client->setHeader("Authorization", authorization);
    const ApiReply reply = m_client->get(u"/api/team/members"_s);
    m_client->clearHeaders();
    QCOMPARE(reply.status, 401);
    QCOMPARE(reply.detail(), detail);
    QCOMPARE(reply.header("www-authenticate"), "Bearer");
}

void tst_ApiHostile::tokensInTheQueryStringAreIgnored()
{
    m_client->setToken({});
    QCOMPARE(m_client->get(u"/api/team/members?access_token="_s + QString::fromLatin1(m_owner.accessToken)).status, 401);
    QCOMPARE(m_client->get(u"/api/team/members?token="_s + QString::fromLatin1(m_owner.accessToken)).status, 401);
}

void tst_ApiHostile::oddIdsAndPaths_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::newRow("not a uuid") << u"/api/team/members/12345"_s << 404;
    QTest::newRow("sql in id") << u"/api/team/members/1%27%20OR%20%271%27=%271"_s << 404;
    QTest::newRow("braced uuid") << u"/api/team/members/%7B00000000-0000-4000-8000-000000000000%7D"_s << 404;
    QTest::newRow("random uuid") << u"/api/team/members/6f1c1f0e-8a3b-4f43-9a51-2f7d1b1d7c11"_s << 404;
    QTest::newRow("traversal") << u"/api/team/members/..%2F..%2Fetc%2Fpasswd"_s << 404;
    QTest::newRow("encoded slash") << u"/api/team/members%2Fstats"_s << 404;
    QTest::newRow("unicode") << u"/api/team/members/%E2%80%AE"_s << 404;
    QTest::newRow("null byte") << u"/api/team/members/%00"_s << 404;
    QTest::newRow("unknown query ignored") << u"/api/team/members?debug=1&admin=true"_s << 200;
    QTest::newRow("call not a uuid") << u"/api/calls/12345"_s << 404;
    QTest::newRow("call sql in id") << u"/api/calls/1%27%20OR%20%271%27=%271"_s << 404;
    QTest::newRow("call traversal") << u"/api/calls/..%2F..%2Fetc%2Fpasswd"_s << 404;
    QTest::newRow("call random uuid") << u"/api/calls/6f1c1f0e-8a3b-4f43-9a51-2f7d1b1d7c11"_s << 404;
    QTest::newRow("calls sql in filter") << u"/api/calls?status=failed%27%20OR%20%271%27=%271"_s << 422;
    QTest::newRow("calls sql in search") << u"/api/calls?search=1%27%3B%20DROP%20TABLE%20calls%3B--"_s << 422;
    QTest::newRow("calls sql in day") << u"/api/calls?date_from=2026-01-01%27--"_s << 422;
    QTest::newRow("calls unknown query ignored") << u"/api/calls?debug=1&user_id=x"_s << 200;
}

void tst_ApiHostile::oddIdsAndPaths()
{
    QFETCH(QString, path);
    QFETCH(int, status);
    m_client->setToken(m_owner.accessToken);
    const ApiReply reply = m_client->get(path);
    // An odd call id is no more a call to cancel than one to read.
    const bool callId = path.startsWith(u"/api/calls/"_s) && status == 404;
    const ApiReply cancel = callId ? m_client->send("DELETE", path, {}) : ApiReply{};
    m_client->setToken({});
    QCOMPARE(reply.status, status);
    QVERIFY(!reply.body.contains("QSql"));
    QVERIFY(!reply.body.contains("SELECT"));
    if (callId) {
        QCOMPARE(cancel.status, 404);
        QVERIFY(!cancel.body.contains("QSql"));
    }
}

void tst_ApiHostile::injectionLooksLikeData()
{
    m_client->setToken(m_owner.accessToken);
    const ApiReply reply = m_client->get(u"/api/team/members?search=%27%3B%20DROP%20TABLE%20users%3B%20--"_s);
    QCOMPARE(reply.status, 200);
    QCOMPARE(reply.array().size(), 0);
    QVERIFY(rows(u"users"_s) >= 1);
    const ApiReply login = m_client->post(u"/api/auth/login"_s,
                                          {{u"email"_s, u"owner@hostile.test' --"_s}, {u"password"_s, u"x"_s}});
    QCOMPARE(login.status, 422);
    m_client->setToken({});
}

void tst_ApiHostile::massAssignmentIsRefused()
{
    m_client->setToken({});
    const ApiReply reg = m_client->post(u"/api/auth/register"_s, {{u"email"_s, u"mass@hostile.test"_s},
                                                                 {u"password"_s, apiPassword()},
                                                                 {u"role"_s, u"owner"_s},
                                                                 {u"token_version"_s, 9},
                                                                 {u"status"_s, u"active"_s}});
    QCOMPARE(reg.status, 422);
    QStringList fields;
    for (const QJsonValue &d : reg.object().value(u"detail"_s).toArray())
        fields << d.toObject().value(u"loc"_s).toArray().last().toString();
    fields.sort();
    QCOMPARE(fields, (QStringList{u"role"_s, u"status"_s, u"token_version"_s}));
    m_client->setToken(m_owner.accessToken);
    const ApiReply role = m_client->put(u"/api/team/members/%1/role"_s.arg(m_owner.userId),
                                        {{u"role"_s, u"member"_s}, {u"organization_id"_s, u"x"_s}});
    QCOMPARE(role.status, 422);
    m_client->setToken({});
}

void tst_ApiHostile::foreignCharsetIsRefused_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<int>("status");
    QTest::newRow("latin1") << QByteArray("application/json; charset=latin1") << 415;
    QTest::newRow("iso-8859-1 quoted") << QByteArray("application/json; charset=\"ISO-8859-1\"") << 415;
    QTest::newRow("utf-16") << QByteArray("application/json;charset=utf-16") << 415;
    QTest::newRow("utf-8") << QByteArray("application/json; charset=utf-8") << 401;
    QTest::newRow("UTF-8 quoted") << QByteArray("application/json; charset=\"UTF-8\"") << 401;
    QTest::newRow("no charset") << QByteArray("application/json") << 401;
}

void tst_ApiHostile::foreignCharsetIsRefused()
{
    QFETCH(QByteArray, contentType);
    QFETCH(int, status);
    m_client->setToken({});
    // "\xe9" is é in Latin-1 and invalid UTF-8: the server must not guess. Each row
    // signs in as its own address, so the sign-in throttle never answers instead.
    const QByteArray body = "{\"email\":\"nobody-" + QByteArray(QTest::currentDataTag()).toHex()
        + "@hostile.test\",\"password\":\"Whatever-1!\"}";
    const ApiReply reply = m_client->send("POST", u"/api/auth/login"_s, body, contentType);
    QCOMPARE(reply.status, status);
    if (status == 415) {
        QVERIFY2(reply.detail().contains(u"charset"_s), reply.body.constData());
        QVERIFY(reply.detail().contains(u"UTF-8"_s));
    }
    const ApiReply latin1 = m_client->send("POST", u"/api/auth/register"_s,
                                           "{\"email\":\"caf\xe9@hostile.test\",\"password\":\"Str0ng-Passw0rd!\"}",
                                           contentType);
    QCOMPARE(latin1.status, status == 415 ? 415 : 422);
}

void tst_ApiHostile::encodedBodyIsRefused_data()
{
    QTest::addColumn<QByteArray>("encoding");
    QTest::addColumn<int>("status");
    QTest::newRow("gzip") << QByteArray("gzip") << 415;
    QTest::newRow("br") << QByteArray("br") << 415;
    QTest::newRow("deflate") << QByteArray("deflate") << 415;
    QTest::newRow("identity, gzip") << QByteArray("identity, gzip") << 415;
    QTest::newRow("made up") << QByteArray("x-zstd-ish") << 415;
    QTest::newRow("identity") << QByteArray("identity") << 401;
}

void tst_ApiHostile::encodedBodyIsRefused()
{
    QFETCH(QByteArray, encoding);
    QFETCH(int, status);
    m_client->setToken({});
    m_client->setHeader("Content-Encoding", encoding);
    // The bytes happen to be valid JSON; they must still not be read as such. Each row
    // signs in as its own address, so the sign-in throttle never answers instead.
    const QByteArray body = "{\"email\":\"encoded-" + QByteArray(QTest::currentDataTag()).toHex()
        + "@hostile.test\",\"password\":\"Whatever-1!\"}";
    const ApiReply reply = m_client->send("POST", u"/api/auth/login"_s, body);
    const ApiReply reg = m_client->send("POST", u"/api/auth/register"_s, "\x1f\x8b\x08\x00garbage");
    m_client->clearHeaders();
    QCOMPARE(reply.status, status);
    if (status == 415) {
        QVERIFY2(reply.detail().contains(u"Content-Encoding"_s), reply.body.constData());
        QCOMPARE(reg.status, 415);
    } else {
        QCOMPARE(reg.status, 422);
    }
}

void tst_ApiHostile::repeatedQueryParametersAreRefused_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("parameter");
    QTest::newRow("per_page") << u"per_page=10&per_page=1000"_s << u"per_page"_s;
    QTest::newRow("role") << u"role=member&role=owner"_s << u"role"_s;
    QTest::newRow("page") << u"page=1&per_page=5&page=2"_s << u"page"_s;
    QTest::newRow("sort") << u"sort=name&sort=email"_s << u"sort"_s;
    QTest::newRow("search") << u"search=a&search=b"_s << u"search"_s;
    QTest::newRow("encoded name") << u"per%5Fpage=10&per_page=5"_s << u"per_page"_s;
    QTest::newRow("same value twice") << u"order=asc&order=asc"_s << u"order"_s;
    QTest::newRow("empty second") << u"status=active&status="_s << u"status"_s;
}

void tst_ApiHostile::repeatedQueryParametersAreRefused()
{
    QFETCH(QString, query);
    QFETCH(QString, parameter);
    m_client->setToken(m_owner.accessToken);
    for (const QString &path : {u"/api/team/members"_s, u"/api/team/members/"_s}) {
        const ApiReply reply = m_client->get(path + u'?' + query);
        QCOMPARE(reply.status, 422);
        const QJsonArray detail = reply.object().value(u"detail"_s).toArray();
        QCOMPARE(detail.size(), 1);
        const QJsonObject error = detail.at(0).toObject();
        QCOMPARE(error.value(u"type"_s).toString(), u"multiple_values"_s);
        QCOMPARE(error.value(u"loc"_s).toArray(), (QJsonArray{u"query"_s, parameter}));
        QVERIFY(error.value(u"input"_s).isArray());
    }
    // Once each, the same parameters are fine; undeclared ones are ignored on every
    // route, repeated or not.
    QCOMPARE(m_client->get(u"/api/team/members?per_page=10&role=owner&page=1"_s).status, 200);
    QCOMPARE(m_client->get(u"/api/team/permissions?x=1&x=2"_s).status, 200);
    QCOMPARE(m_client->get(u"/health?x=1&x=2"_s).status, 200);
    m_client->setToken({});
}

void tst_ApiHostile::serverStillServes()
{
    QCOMPARE(m_client->get(u"/health"_s).status, 200);
    m_client->setToken(m_owner.accessToken);
    QCOMPARE(m_client->get(u"/api/team/members"_s).status, 200);
    m_client->setToken({});
}

QTEST_GUILESS_MAIN(tst_ApiHostile)
#include "tst_api_hostile.moc"
