// The served /openapi.json is a valid OpenAPI 3.0 document according to the
// OpenAPI community's reference validator (swagger-parser, run with Node.js), and
// so is the document with the operation of a multipart upload route added (no
// product route reads multipart bodies yet).

#include "apiclient.h"
#include "testserver.h"

#include "http/exchange.h"
#include "http/httpconfig.h"
#include "http/openapi.h"
#include "http/routetable.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::http;
using namespace vami::test;

class tst_OpenApiValid : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void documentValidates();
    void multipartOperationValidates();

private:
    // Runs the validator on a document; an empty string when it is valid.
    static QByteArray problems(const QByteArray &document);
};

QByteArray tst_OpenApiValid::problems(const QByteArray &document)
{
    const QString tools = qEnvironmentVariable("VAMI_OPENAPI_TOOLS");
    QTemporaryDir dir;
    const QString file = dir.filePath(u"openapi.json"_s);
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly))
        return "cannot write the document";
    out.write(document);
    out.close();

    QProcess node;
    node.setWorkingDirectory(tools);
    node.start(u"node"_s, {tools + u"/validate.js"_s, file});
    if (!node.waitForFinished(60000))
        return "the validator did not finish";
    const QByteArray output = node.readAllStandardOutput() + node.readAllStandardError();
    qInfo().noquote() << output.trimmed();
    if (node.exitStatus() != QProcess::NormalExit || node.exitCode() != 0)
        return output.isEmpty() ? QByteArray("the validator failed") : output;
    return {};
}

void tst_OpenApiValid::documentValidates()
{
    const QString tools = qEnvironmentVariable("VAMI_OPENAPI_TOOLS");
    QVERIFY2(QFile::exists(tools + u"/node_modules/@apidevtools/swagger-parser"_s),
             "run scripts/vami.sh deps (npm install in tests/tools/openapi)");
    TestServer server;
    QVERIFY2(server.isValid(), qPrintable(server.error()));
    ApiClient client(server.url());
    const ApiReply reply = client.get(u"/openapi.json"_s);
    QCOMPARE(reply.status, 200);
    const QByteArray problem = problems(reply.body);
    QVERIFY2(problem.isEmpty(), problem.constData());
}

void tst_OpenApiValid::multipartOperationValidates()
{
    const QString tools = qEnvironmentVariable("VAMI_OPENAPI_TOOLS");
    QVERIFY2(QFile::exists(tools + u"/node_modules/@apidevtools/swagger-parser"_s),
             "run scripts/vami.sh deps (npm install in tests/tools/openapi)");
    TestServer server;
    QVERIFY2(server.isValid(), qPrintable(server.error()));
    ApiClient client(server.url());
    const ApiReply reply = client.get(u"/openapi.json"_s);
    QCOMPARE(reply.status, 200);

    RouteTable table;
    table.add({
        .method = Method::Post,
        .path = u"/test/upload"_s,
        .name = u"test_upload"_s,
        .tag = u"test"_s,
        .maxBodyBytes = 10 * 1024 * 1024 + 64 * 1024,
        .body = Schema::object().property(u"title"_s, Schema::string().maxLength(200)),
        .bodyKind = BodyKind::Multipart,
        .parts = {MultipartPartSpec{u"file"_s, MultipartPartSpec::Kind::File, true, 10 * 1024 * 1024,
                                    {"application/pdf", "text/plain"}, u"The document"_s},
                  MultipartPartSpec{u"title"_s, MultipartPartSpec::Kind::Field, false, 1024, {}, {}},
                  MultipartPartSpec{u"note"_s, MultipartPartSpec::Kind::Field, false, 1024, {}, {}}},
        .responses = {RouteResponse{201, u"Stored"_s, Schema::object()}},
        .handler = [](Exchange &) { return HttpResponse::error(500, u"unused"_s); },
    });
    const QJsonObject extra = buildOpenApi(table, HttpConfig{});
    QJsonObject document = reply.object();
    QJsonObject paths = document.value(u"paths"_s).toObject();
    paths.insert(u"/test/upload"_s, extra.value(u"paths"_s).toObject().value(u"/test/upload"_s));
    document.insert(u"paths"_s, paths);
    const QByteArray problem = problems(QJsonDocument(document).toJson());
    QVERIFY2(problem.isEmpty(), problem.constData());
}

QTEST_GUILESS_MAIN(tst_OpenApiValid)
#include "tst_openapi_valid.moc"
