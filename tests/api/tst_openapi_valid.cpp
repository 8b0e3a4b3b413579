// The served /openapi.json is a valid OpenAPI 3.0 document according to the
// OpenAPI community's reference validator (swagger-parser, run with Node.js).

#include "apiclient.h"
#include "testserver.h"

#include <QFile>
#include <QProcess>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace vami::test;

class tst_OpenApiValid : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void documentValidates();
};

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
    QTemporaryDir dir;
    const QString file = dir.filePath(u"openapi.json"_s);
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(reply.body);
    out.close();

    QProcess node;
    node.setWorkingDirectory(tools);
    node.start(u"node"_s, {tools + u"/validate.js"_s, file});
    QVERIFY(node.waitForFinished(60000));
    const QByteArray output = node.readAllStandardOutput() + node.readAllStandardError();
    qInfo().noquote() << output.trimmed();
    QVERIFY2(node.exitStatus() == QProcess::NormalExit && node.exitCode() == 0, output.constData());
}

QTEST_GUILESS_MAIN(tst_OpenApiValid)
#include "tst_openapi_valid.moc"
