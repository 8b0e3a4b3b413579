// The agents area over HTTP: the public agent templates.

#include "apitestutil.h"


#include <QtTest>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

class tst_ApiAgents : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void templatesAreListed();
    void oneTemplateIsServedWhole_data();
    void oneTemplateIsServedWhole();
    void unknownTemplateIsNotFound_data();
    void unknownTemplateIsNotFound();

private:
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_client;
};

void tst_ApiAgents::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->isValid(), qPrintable(m_server->error()));
    m_client = std::make_unique<ApiClient>(m_server->url());
}

void tst_ApiAgents::cleanupTestCase()
{
    m_client.reset();
    m_server.reset();
}

void tst_ApiAgents::templatesAreListed()
{
    for (const QString &path : {u"/api/templates/agent-templates"_s, u"/api/templates/agent-templates/"_s}) {
        const ApiReply reply = m_client->get(path);
        QCOMPARE(reply.status, 200);
        const QJsonObject o = reply.object();
        QCOMPARE(o.value(u"total"_s).toInt(), 4);
        const QJsonArray templates = o.value(u"templates"_s).toArray();
        QStringList keys;
        for (const QJsonValue &v : templates) {
            const QJsonObject t = v.toObject();
            keys << t.value(u"key"_s).toString();
            QVERIFY(!t.value(u"name"_s).toString().isEmpty());
            QVERIFY(!t.value(u"description"_s).toString().isEmpty());
            QVERIFY(!t.value(u"icon"_s).toString().isEmpty());
            QVERIFY(t.value(u"sample_conversations"_s).toArray().size() >= 2);
            QVERIFY(!t.contains(u"prompt_template"_s));
        }
        QCOMPARE(keys, (QStringList{u"healthcare"_s, u"legal"_s, u"real_estate"_s, u"general"_s}));
    }
}

void tst_ApiAgents::oneTemplateIsServedWhole_data()
{
    QTest::addColumn<QString>("key");
    for (const char *key : {"healthcare", "legal", "real_estate", "general"})
        QTest::newRow(key) << QString::fromLatin1(key);
}

void tst_ApiAgents::oneTemplateIsServedWhole()
{
    QFETCH(QString, key);
    const ApiReply reply = m_client->get(u"/api/templates/agent-templates/"_s + key);
    QCOMPARE(reply.status, 200);
    const QJsonObject t = reply.object();
    QCOMPARE(t.value(u"key"_s).toString(), key);
    QVERIFY(t.value(u"prompt_template"_s).toString().contains(u"{agent_name}"_s));
    QVERIFY(t.value(u"first_message_template"_s).toString().contains(u"{business_name}"_s));
    QVERIFY(!t.value(u"voice_id"_s).toString().isEmpty());
    const QJsonArray samples = t.value(u"sample_conversations"_s).toArray();
    QVERIFY(samples.size() >= 2);
    const QJsonArray messages = samples.first().toObject().value(u"messages"_s).toArray();
    QVERIFY(!messages.isEmpty());
    QCOMPARE(messages.first().toObject().value(u"role"_s).toString(), u"caller"_s);
}

void tst_ApiAgents::unknownTemplateIsNotFound_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("unknown") << u"/api/templates/agent-templates/dentistry"_s;
    QTest::newRow("case") << u"/api/templates/agent-templates/Healthcare"_s;
    QTest::newRow("very long") << u"/api/templates/agent-templates/"_s + QString(3000, u'a');
    QTest::newRow("percent junk") << u"/api/templates/agent-templates/%00%ff%2e%2e%2fhealthcare%20%27%3B"_s;
    QTest::newRow("encoded key") << u"/api/templates/agent-templates/%68ealthcare%00"_s;
    QTest::newRow("traversal") << u"/api/templates/agent-templates/..%2F..%2Fetc%2Fpasswd"_s;
}

void tst_ApiAgents::unknownTemplateIsNotFound()
{
    QFETCH(QString, path);
    const ApiReply reply = m_client->send("GET", path, {}, {});
    QCOMPARE(reply.status, 404);
    QCOMPARE(reply.detail(), u"Template not found"_s);
    QCOMPARE(m_client->get(u"/api/templates/agent-templates/legal"_s).status, 200);
}

QTEST_GUILESS_MAIN(tst_ApiAgents)
#include "tst_api_agents.moc"
