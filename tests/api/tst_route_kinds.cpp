// What the dispatcher decides from a route's declaration before its handler runs:
// path ids parsed (an id that is not one answers the area's 404), form and
// multipart bodies read and validated, signed callbacks verified (and exempt from per-address limits),
// slow I/O run on its own pool, and every answer checked against its declared schema.

#include "apitestutil.h"

#include "crypto/signedpayload.h"
#include "http/exchange.h"
#include "http/httpconfig.h"
#include "http/openapi.h"
#include "http/routetable.h"

#include <QDateTime>
#include <QThread>
#include <QtTest>

#include <atomic>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::http;
using namespace vami::test;

namespace {

const QByteArray CallbackSecret = "whsec-test-secret";
std::atomic<int> callbacksHandled{0};

Error thingNotFound()
{
    return Error::notFound(u"things.not_found"_s, "Thing not found");
}

HttpResponse echoThing(Exchange &ex)
{
    JsonWriter w = ex.writer();
    w.beginObject().field("id", ex.id(u"thing_id"_s)).endObject();
    return ex.json(200, w.take());
}

HttpResponse echoForm(Exchange &ex)
{
    JsonWriter w = ex.writer();
    w.beginObject()
        .field("sid", ex.body().value(u"CallSid"_s).toString())
        .field("status", ex.body().value(u"CallStatus"_s).toString())
        .endObject();
    return ex.json(200, w.take());
}

HttpResponse echoMultipart(Exchange &ex)
{
    const MultipartPart *file = ex.part(u"file");
    JsonWriter w = ex.writer();
    w.beginObject()
        .field("filename", file->filename)
        .field("media_type", QString::fromLatin1(file->mediaType))
        .field("bytes", qint64(ex.partContent(u"file").size()))
        .field("content", QString::fromLatin1(ex.partContent(u"file").toByteArray().toHex()))
        .field("title", ex.body().value(u"title"_s).toString(u"(none)"_s))
        .field("parts", qint64(ex.multipart().parts().size()))
        .endObject();
    return ex.json(200, w.take());
}

HttpResponse takeCallback(Exchange &ex)
{
    ++callbacksHandled;
    JsonWriter w = ex.writer();
    w.beginObject().field("bytes", qint64(ex.request().body.size())).endObject();
    return ex.json(200, w.take());
}

HttpResponse threadName(Exchange &ex)
{
    JsonWriter w = ex.writer();
    w.beginObject().field("thread", QThread::currentThread()->objectName()).endObject();
    return ex.json(200, w.take());
}

HttpResponse wrongShape(Exchange &ex)
{
    return ex.json(200, QByteArrayLiteral("{\"b\":1}"));
}

Schema objectWith(const QString &name, const Schema &schema)
{
    return Schema::object().property(name, schema, Schema::Required);
}

void addTestRoutes(RouteTable &t)
{
    const QString tag = u"test"_s;
    t.add({
        .method = Method::Get,
        .path = u"/test/things/{thing_id}"_s,
        .name = u"test_thing"_s,
        .tag = tag,
        .access = Access::Public,
        .params = {RouteParam{u"thing_id"_s, RouteParam::In::Path, Schema::string().format(u"uuid"_s), true, {},
                              RouteParam::Kind::Id, thingNotFound}},
        .responses = {RouteResponse{200, {}, objectWith(u"id"_s, Schema::string())}},
        .handler = echoThing,
    });
    t.add({
        .method = Method::Post,
        .path = u"/test/form"_s,
        .name = u"test_form"_s,
        .tag = tag,
        .access = Access::Public,
        .body = Schema::object()
                    .property(u"CallSid"_s, Schema::string().maxLength(64), Schema::Required)
                    .property(u"CallStatus"_s, Schema::string().oneOf({u"ringing"_s, u"completed"_s}), Schema::Required)
                    .allowAdditional(),
        .bodyKind = BodyKind::Form,
        .responses = {RouteResponse{200, {}, Schema::object()
                                                 .property(u"sid"_s, Schema::string(), Schema::Required)
                                                 .property(u"status"_s, Schema::string(), Schema::Required)}},
        .handler = echoForm,
    });
    t.add({
        .method = Method::Post,
        .path = u"/test/multipart"_s,
        .name = u"test_multipart"_s,
        .tag = tag,
        .access = Access::Public,
        .maxBodyBytes = 4096,
        .body = Schema::object().property(u"title"_s, Schema::string().maxLength(20)),
        .bodyKind = BodyKind::Multipart,
        .parts = {MultipartPartSpec{u"file"_s, MultipartPartSpec::Kind::File, true, 1024,
                                    {"text/plain", "application/pdf"}, u"The document"_s},
                  MultipartPartSpec{u"title"_s, MultipartPartSpec::Kind::Field, false, 64, {}, {}}},
        .responses = {RouteResponse{200, {}, Schema::object()
                                                 .property(u"filename"_s, Schema::string(), Schema::Required)
                                                 .property(u"media_type"_s, Schema::string(), Schema::Required)
                                                 .property(u"bytes"_s, Schema::integer(), Schema::Required)
                                                 .property(u"content"_s, Schema::string(), Schema::Required)
                                                 .property(u"title"_s, Schema::string(), Schema::Required)
                                                 .property(u"parts"_s, Schema::integer(), Schema::Required)}},
        .handler = echoMultipart,
    });
    const SignedPayload signature(CallbackSecret, 300);
    t.add({
        .method = Method::Post,
        .path = u"/test/callback"_s,
        .name = u"test_callback"_s,
        .tag = tag,
        .access = Access::SignedCallback,
        .bodyKind = BodyKind::Raw,
        .verifier = [signature](const HttpRequest &request) {
            return signature.verify(request.header("x-test-signature"), request.body,
                                    QDateTime::currentSecsSinceEpoch());
        },
        .responses = {RouteResponse{200, {}, objectWith(u"bytes"_s, Schema::integer())}},
        .handler = takeCallback,
    });
    t.add({
        .method = Method::Post,
        .path = u"/test/unconfigured-callback"_s,
        .name = u"test_unconfigured_callback"_s,
        .tag = tag,
        .access = Access::SignedCallback,
        .bodyKind = BodyKind::Raw,
        .responses = {RouteResponse{200, {}, objectWith(u"bytes"_s, Schema::integer())}},
        .handler = takeCallback,
    });
    t.add({
        .method = Method::Get,
        .path = u"/test/slow-io"_s,
        .name = u"test_slow_io"_s,
        .tag = tag,
        .access = Access::Public,
        .execution = Execution::SlowIo,
        .responses = {RouteResponse{200, {}, objectWith(u"thread"_s, Schema::string())}},
        .handler = threadName,
    });
    t.add({
        .method = Method::Get,
        .path = u"/test/wrong-shape"_s,
        .name = u"test_wrong_shape"_s,
        .tag = tag,
        .access = Access::Public,
        .responses = {RouteResponse{200, {}, objectWith(u"a"_s, Schema::integer())}},
        .handler = wrongShape,
    });
}

TestServer::Options withTestRoutes()
{
    TestServer::Options options;
    options.extraRoutes = addTestRoutes;
    return options;
}

} // namespace

class tst_RouteKinds : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pathIdsAreParsedBeforeTheHandler();
    void productRoutesAnswerTheirAreasNotFound();
    void formBodiesAreReadAndValidated();
    void multipartBodiesAreReadAndChecked();
    void multipartRefusals();
    void multipartRoutesAreDocumented();
    void signedCallbacksAreVerified();
    void signedCallbacksAreExemptFromAddressLimits();
    void slowIoRunsOnItsOwnPool();
    void answersAreCheckedAgainstTheirSchema();
};

void tst_RouteKinds::pathIdsAreParsedBeforeTheHandler()
{
    TestServer server(withTestRoutes());
    QVERIFY2(server.isValid(), qPrintable(server.error()));
    ApiClient client(server.url());
    const QString id = u"2f1e7c3a-8a43-4d56-9b1c-0a4e5f6a7b8c"_s;
    const ApiReply ok = client.get(u"/test/things/"_s + id);
    QCOMPARE(ok.status, 200);
    QCOMPARE(ok.object().value(u"id"_s).toString(), id);
    for (const QString &bad : {u"not-an-id"_s, u"00000000-0000-0000-0000-000000000000"_s, u"2f1e7c3a8a434d569b1c0a4e5f6a7b8c"_s}) {
        const ApiReply missing = client.get(u"/test/things/"_s + bad);
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.detail(), u"Thing not found"_s);
    }
}

void tst_RouteKinds::productRoutesAnswerTheirAreasNotFound()
{
    TestServer server;
    QVERIFY2(server.isValid(), qPrintable(server.error()));
    ApiClient client(server.url());
    const ApiAccount account = registerAccount(client, u"kinds@example.test"_s, u"Kinds Ltd"_s);
    QVERIFY(!account.accessToken.isEmpty());
    client.setToken(account.accessToken);
    const ApiReply member = client.get(u"/api/team/members/garbage"_s);
    QCOMPARE(member.status, 404);
    QCOMPARE(member.detail(), u"Team member not found"_s);
    const ApiReply invitation = client.del(u"/api/team/invitations/garbage"_s);
    QCOMPARE(invitation.status, 404);
    QCOMPARE(invitation.detail(), u"Invitation not found"_s);
    const ApiReply key = client.del(u"/api/settings/api-keys/garbage"_s);
    QCOMPARE(key.status, 404);
    QCOMPARE(key.detail(), u"API key not found"_s);
}

void tst_RouteKinds::formBodiesAreReadAndValidated()
{
    TestServer server(withTestRoutes());
    QVERIFY2(server.isValid(), qPrintable(server.error()));
    ApiClient client(server.url());
    const QByteArray form = "application/x-www-form-urlencoded";
    const ApiReply ok = client.send("POST", u"/test/form"_s, "CallSid=CA%2B1+2&CallStatus=completed&Extra=x", form);
    QCOMPARE(ok.status, 200);
    QCOMPARE(ok.object().value(u"sid"_s).toString(), u"CA+1 2"_s);
    QCOMPARE(ok.object().value(u"status"_s).toString(), u"completed"_s);

    QCOMPARE(client.send("POST", u"/test/form"_s, "{\"CallSid\":\"x\"}", "application/json").status, 415);
    QCOMPARE(client.send("POST", u"/test/form"_s, "CallSid=a&CallStatus=busy", form).status, 422);
    QCOMPARE(client.send("POST", u"/test/form"_s, "CallStatus=completed", form).status, 422);
    const ApiReply repeated = client.send("POST", u"/test/form"_s, "CallSid=a&CallSid=b&CallStatus=ringing", form);
    QCOMPARE(repeated.status, 422);
    const QJsonObject firstError = repeated.object().value(u"detail"_s).toArray().first().toObject();
    QCOMPARE(firstError.value(u"loc"_s).toArray().last().toString(), u"CallSid"_s);
    QCOMPARE(client.send("POST", u"/test/form"_s, "CallSid=%zz&CallStatus=ringing", form).status, 422);
    QCOMPARE(client.send("POST", u"/test/form"_s, "CallSid=%ff&CallStatus=ringing", form).status, 422);
    QCOMPARE(client.send("POST", u"/test/form"_s, "CallSid=ab%&CallStatus=ringing", form).status, 422);
}

namespace {

const QByteArray MultipartType = "multipart/form-data; boundary=----vami7MA4YWxkTrZu0gW";

QByteArray multipartBody(const QList<QByteArray> &parts)
{
    QByteArray body;
    for (const QByteArray &part : parts)
        body += "------vami7MA4YWxkTrZu0gW\r\n" + part + "\r\n";
    return body + "------vami7MA4YWxkTrZu0gW--\r\n";
}

QByteArray filePart(const QByteArray &content, const QByteArray &type = "text/plain",
                    const QByteArray &name = "file")
{
    return "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"notes.txt\"\r\nContent-Type: " + type
        + "\r\n\r\n" + content;
}

QByteArray fieldPart(const QByteArray &name, const QByteArray &value)
{
    return "Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value;
}

QString firstErrorType(const ApiReply &reply)
{
    return reply.object().value(u"detail"_s).toArray().first().toObject().value(u"type"_s).toString();
}

QString firstErrorField(const ApiReply &reply)
{
    return reply.object().value(u"detail"_s).toArray().first().toObject().value(u"loc"_s).toArray().last().toString();
}

} // namespace

void tst_RouteKinds::multipartBodiesAreReadAndChecked()
{
    TestServer server(withTestRoutes());
    QVERIFY2(server.isValid(), qPrintable(server.error()));
    ApiClient client(server.url());
    const QByteArray content = "line one\r\n--not the boundary\r\n\0end"_ba; // 34 bytes, one of them NUL
    const QByteArray body = multipartBody({fieldPart("title", "Price list"), filePart(content)});
    const ApiReply ok = client.send("POST", u"/test/multipart"_s, body, MultipartType);
    QCOMPARE(ok.status, 200);
    QCOMPARE(ok.object().value(u"filename"_s).toString(), u"notes.txt"_s);
    QCOMPARE(ok.object().value(u"media_type"_s).toString(), u"text/plain"_s);
    QCOMPARE(ok.object().value(u"bytes"_s).toInt(), content.size());
    QCOMPARE(ok.object().value(u"content"_s).toString().toLatin1(), content.toHex());
    QCOMPARE(ok.object().value(u"title"_s).toString(), u"Price list"_s);
    QCOMPARE(ok.object().value(u"parts"_s).toInt(), 2);

    // The optional field may be left out; the media type's case and parameters do not matter.
    const ApiReply onlyFile = client.send("POST", u"/test/multipart"_s,
                                          multipartBody({filePart("%PDF-1.4", "Application/PDF; x=y")}), MultipartType);
    QCOMPARE(onlyFile.status, 200);
    QCOMPARE(onlyFile.object().value(u"media_type"_s).toString(), u"application/pdf"_s);
    QCOMPARE(onlyFile.object().value(u"title"_s).toString(), u"(none)"_s);
}

void tst_RouteKinds::multipartRefusals()
{
    TestServer server(withTestRoutes());
    QVERIFY2(server.isValid(), qPrintable(server.error()));
    ApiClient client(server.url());
    const QString path = u"/test/multipart"_s;
    const QByteArray good = multipartBody({filePart("x")});

    const ApiReply wrongType = client.send("POST", path, good, "application/json");
    QCOMPARE(wrongType.status, 415);
    QVERIFY(wrongType.detail().contains(u"multipart/form-data"_s));
    QCOMPARE(client.send("POST", path, good, "multipart/mixed; boundary=----vami7MA4YWxkTrZu0gW").status, 415);

    const ApiReply noBoundary = client.send("POST", path, good, "multipart/form-data");
    QCOMPARE(noBoundary.status, 422);
    QCOMPARE(firstErrorType(noBoundary), u"multipart_boundary"_s);
    const ApiReply otherBoundary = client.send("POST", path, good, "multipart/form-data; boundary=other");
    QCOMPARE(otherBoundary.status, 422);
    QCOMPARE(firstErrorType(otherBoundary), u"multipart_invalid"_s);
    const ApiReply truncated = client.send("POST", path, good.left(good.size() - 6), MultipartType);
    QCOMPARE(truncated.status, 422);
    QCOMPARE(firstErrorType(truncated), u"multipart_truncated"_s);
    QCOMPARE(client.send("POST", path, QByteArray(good).replace("\r\n", "\n"), MultipartType).status, 422);

    const ApiReply missing = client.send("POST", path, multipartBody({fieldPart("title", "t")}), MultipartType);
    QCOMPARE(missing.status, 422);
    QCOMPARE(firstErrorType(missing), u"missing"_s);
    QCOMPARE(firstErrorField(missing), u"file"_s);
    QCOMPARE(client.send("POST", path, QByteArray(), MultipartType).status, 422);

    const ApiReply unknown = client.send("POST", path, multipartBody({filePart("x"), fieldPart("extra", "1")}),
                                         MultipartType);
    QCOMPARE(unknown.status, 422);
    QCOMPARE(firstErrorType(unknown), u"extra_forbidden"_s);
    QCOMPARE(firstErrorField(unknown), u"extra"_s);

    const ApiReply tooLarge =
        client.send("POST", path, multipartBody({filePart(QByteArray(1025, 'a'))}), MultipartType);
    QCOMPARE(tooLarge.status, 413);
    QVERIFY(tooLarge.detail().contains(u"1024"_s));
    QCOMPARE(client.send("POST", path, multipartBody({filePart(QByteArray(1024, 'a'))}), MultipartType).status, 200);
    // Over the route's body limit: the guard refuses it before the body is parsed.
    QCOMPARE(client.send("POST", path, multipartBody({filePart(QByteArray(5000, 'a'))}), MultipartType).status, 413);

    const ApiReply mediaType = client.send("POST", path, multipartBody({filePart("x", "image/png")}), MultipartType);
    QCOMPARE(mediaType.status, 422);
    QCOMPARE(firstErrorType(mediaType), u"media_type"_s);

    const ApiReply fieldAsFile = client.send("POST", path, multipartBody({fieldPart("file", "x")}), MultipartType);
    QCOMPARE(fieldAsFile.status, 422);
    QCOMPARE(firstErrorType(fieldAsFile), u"file_expected"_s);
    const QByteArray twoFiles = multipartBody({filePart("x"), filePart("y", "text/plain", "title")});
    const ApiReply fileAsField = client.send("POST", path, twoFiles, MultipartType);
    QCOMPARE(fileAsField.status, 422);
    QCOMPARE(firstErrorType(fileAsField), u"field_expected"_s);

    // Text fields are validated against the route's body schema.
    const QByteArray longField = multipartBody({filePart("x"), fieldPart("title", QByteArray(30, 't'))});
    const ApiReply longTitle = client.send("POST", path, longField, MultipartType);
    QCOMPARE(longTitle.status, 422);
    QCOMPARE(firstErrorField(longTitle), u"title"_s);
    const QByteArray notUtf8 = multipartBody({filePart("x"), fieldPart("title", "\xff")});
    QCOMPARE(client.send("POST", path, notUtf8, MultipartType).status, 422);
    const ApiReply twice = client.send("POST", path, multipartBody({filePart("x"), filePart("y")}), MultipartType);
    QCOMPARE(twice.status, 422);
    QCOMPARE(firstErrorType(twice), u"repeated"_s);
}

void tst_RouteKinds::multipartRoutesAreDocumented()
{
    // The served document is built before a test server adds its extra routes, so
    // the test routes' document is built here the same way.
    RouteTable table;
    addTestRoutes(table);
    const QJsonObject document = buildOpenApi(table, HttpConfig{});
    const QJsonObject post = document.value(u"paths"_s)
                                 .toObject()
                                 .value(u"/test/multipart"_s)
                                 .toObject()
                                 .value(u"post"_s)
                                 .toObject();
    const QJsonObject media = post.value(u"requestBody"_s).toObject()
                                  .value(u"content"_s).toObject()
                                  .value(u"multipart/form-data"_s).toObject();
    const QJsonObject schema = media.value(u"schema"_s).toObject();
    const QJsonObject properties = schema.value(u"properties"_s).toObject();
    QCOMPARE(properties.value(u"file"_s).toObject().value(u"format"_s).toString(), u"binary"_s);
    QCOMPARE(properties.value(u"title"_s).toObject().value(u"maxLength"_s).toInt(), 20);
    QCOMPARE(schema.value(u"required"_s).toArray(), QJsonArray{u"file"_s});
    QCOMPARE(media.value(u"encoding"_s).toObject().value(u"file"_s).toObject().value(u"contentType"_s).toString(),
             u"text/plain, application/pdf"_s);
    QVERIFY(post.value(u"responses"_s).toObject().contains(u"413"_s));
    QVERIFY(post.value(u"responses"_s).toObject().contains(u"415"_s));
}

void tst_RouteKinds::signedCallbacksAreVerified()
{
    TestServer server(withTestRoutes());
    QVERIFY2(server.isValid(), qPrintable(server.error()));
    ApiClient client(server.url());
    const SignedPayload signer(CallbackSecret);
    const QByteArray body = "{\"type\":\"post_call_transcription\"}";
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const int before = callbacksHandled.load();

    client.setHeader("X-Test-Signature", signer.header(now, body));
    const ApiReply ok = client.send("POST", u"/test/callback"_s, body);
    QCOMPARE(ok.status, 200);
    QCOMPARE(ok.object().value(u"bytes"_s).toInt(), body.size());

    client.clearHeaders();
    const ApiReply missing = client.send("POST", u"/test/callback"_s, body);
    QCOMPARE(missing.status, 401);
    QCOMPARE(missing.detail(), u"Missing signature"_s);

    client.setHeader("X-Test-Signature", signer.header(now, QByteArray(body + ' ')));
    QCOMPARE(client.send("POST", u"/test/callback"_s, body).detail(), u"Invalid signature"_s);
    client.setHeader("X-Test-Signature", SignedPayload("another-secret").header(now, body));
    QCOMPARE(client.send("POST", u"/test/callback"_s, body).status, 401);
    client.setHeader("X-Test-Signature", signer.header(now - 3600, body));
    const ApiReply stale = client.send("POST", u"/test/callback"_s, body);
    QCOMPARE(stale.status, 401);
    QVERIFY(stale.detail().contains(u"too old"_s));
    client.setHeader("X-Test-Signature", "t=abc,v0=00");
    QCOMPARE(client.send("POST", u"/test/callback"_s, body).detail(), u"Malformed signature"_s);
    // A second, rotated secret's digest beside the right one is accepted.
    client.setHeader("X-Test-Signature", "t=" + QByteArray::number(now) + ",v0=" + QByteArray(64, 'a') + ",v0="
                                             + signer.digestHex(now, body));
    QCOMPARE(client.send("POST", u"/test/callback"_s, body).status, 200);

    client.setHeader("X-Test-Signature", signer.header(now, body));
    const ApiReply unconfigured = client.send("POST", u"/test/unconfigured-callback"_s, body);
    QCOMPARE(unconfigured.status, 401);
    QCOMPARE(callbacksHandled.load(), before + 2);
}

void tst_RouteKinds::signedCallbacksAreExemptFromAddressLimits()
{
    TestServer::Options options = withTestRoutes();
    options.http.rateLimit = {true, 5, 100};
    TestServer server(options);
    QVERIFY2(server.isValid(), qPrintable(server.error()));
    ApiClient client(server.url());
    const SignedPayload signer(CallbackSecret);
    const QByteArray body = "{}";
    for (int i = 0; i < 20; ++i) {
        client.setHeader("X-Test-Signature", signer.header(QDateTime::currentSecsSinceEpoch(), body));
        QCOMPARE(client.send("POST", u"/test/callback"_s, body).status, 200);
    }
    client.clearHeaders();
    int limited = 0;
    for (int i = 0; i < 8; ++i)
        limited += client.get(u"/test/things/2f1e7c3a-8a43-4d56-9b1c-0a4e5f6a7b8c"_s).status == 429;
    QVERIFY(limited > 0);
}

void tst_RouteKinds::slowIoRunsOnItsOwnPool()
{
    TestServer server(withTestRoutes());
    QVERIFY2(server.isValid(), qPrintable(server.error()));
    ApiClient client(server.url());
    const ApiReply reply = client.get(u"/test/slow-io"_s);
    QCOMPARE(reply.status, 200);
    const QString thread = reply.object().value(u"thread"_s).toString();
    QVERIFY2(!thread.startsWith(u"http-worker"_s), qPrintable(thread));
}

void tst_RouteKinds::answersAreCheckedAgainstTheirSchema()
{
    TestServer server(withTestRoutes());
    QVERIFY2(server.isValid(), qPrintable(server.error()));
    ApiClient client(server.url());
    QTest::ignoreMessage(QtCriticalMsg, QRegularExpression(u"test_wrong_shape does not match"_s));
    const ApiReply reply = client.get(u"/test/wrong-shape"_s);
    QCOMPARE(reply.status, 500);
    QVERIFY(!reply.body.contains("\"b\""));
}

QTEST_GUILESS_MAIN(tst_RouteKinds)
#include "tst_route_kinds.moc"
