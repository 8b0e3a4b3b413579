// The agents area over HTTP: the public agent templates, and the agents of an
// organization with their tokens: happy paths, validation, who may do what,
// hostile input, and that a refused request writes nothing.

#include "apitestutil.h"

#include "agents/agentservice.h"
#include "core/ids.h"
#include "storage/database.h"

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
    void agentRoutesNeedCredentials_data();
    void agentRoutesNeedCredentials();
    void noAgentYetIsNotFound();
    void createsFromATemplateInTheBodyOrTheQuery();
    void createsByHandAndIgnoresUnknownMembers();
    void unknownTemplateIsRefused();
    void invalidBodiesAreRefusedAndWriteNothing_data();
    void invalidBodiesAreRefusedAndWriteNothing();
    void oversizedBodyIsRefused();
    void defaultAgentAndOneAgent();
    void listIsPaged();
    void listBoundsAreChecked_data();
    void listBoundsAreChecked();
    void updateChangesTheAgent();
    void tokenIsReadAndRegenerated();
    void oddIdsAreNotFound_data();
    void oddIdsAreNotFound();
    void memberReadsButDoesNotManage();

private:
    qint64 agentRows();
    QJsonObject createAgent(const QJsonObject &body);
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_client;
    ApiAccount m_owner, m_member;
};

void tst_ApiAgents::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->isValid(), qPrintable(m_server->error()));
    m_client = std::make_unique<ApiClient>(m_server->url());
    m_owner = registerAccount(*m_client, u"owner@agents.test"_s, u"Agents Inc"_s);
    m_member = joinTeam(*m_client, m_owner, u"member@agents.test"_s, u"member"_s);
    QVERIFY(!m_owner.accessToken.isEmpty() && !m_member.accessToken.isEmpty());
    m_client->setToken({});
}

qint64 tst_ApiAgents::agentRows()
{
    auto rows = m_server->backend().database().exec(u"SELECT COUNT(*) FROM agents"_s);
    if (!rows || !rows->next())
        return -1;
    return rows->integer(0);
}

QJsonObject tst_ApiAgents::createAgent(const QJsonObject &body)
{
    m_client->setToken(m_owner.accessToken);
    const ApiReply reply = m_client->post(u"/api/agents"_s, body);
    m_client->setToken({});
    if (reply.status != 201)
        qWarning() << reply.status << reply.body;
    return reply.object();
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

void tst_ApiAgents::agentRoutesNeedCredentials_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    const QString id = u"6f1c1f0e-8a3b-4f43-9a51-2f7d1b1d7c11"_s;
    QTest::newRow("default") << QByteArray("GET") << u"/api/agents"_s;
    QTest::newRow("default slash") << QByteArray("GET") << u"/api/agents/"_s;
    QTest::newRow("create") << QByteArray("POST") << u"/api/agents"_s;
    QTest::newRow("list") << QByteArray("GET") << u"/api/agents/list"_s;
    QTest::newRow("get") << QByteArray("GET") << u"/api/agents/"_s + id;
    QTest::newRow("update") << QByteArray("PUT") << u"/api/agents/"_s + id;
    QTest::newRow("token") << QByteArray("GET") << u"/api/agents/%1/api-token"_s.arg(id);
    QTest::newRow("regenerate") << QByteArray("POST") << u"/api/agents/%1/regenerate-token"_s.arg(id);
}

void tst_ApiAgents::agentRoutesNeedCredentials()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    const qint64 before = agentRows();
    m_client->setToken({});
    const QByteArray body = method == "GET" ? QByteArray() : QByteArray(R"({"agent_name":"X"})");
    QCOMPARE(m_client->send(method, path, body).status, 401);
    m_client->setToken("not-a-token");
    QCOMPARE(m_client->send(method, path, body).status, 401);
    m_client->setToken({});
    QCOMPARE(agentRows(), before);
}

void tst_ApiAgents::noAgentYetIsNotFound()
{
    QCOMPARE(agentRows(), 0);
    m_client->setToken(m_owner.accessToken);
    for (const QString &path : {u"/api/agents"_s, u"/api/agents/"_s}) {
        const ApiReply reply = m_client->get(path);
        QCOMPARE(reply.status, 404);
        QCOMPARE(reply.detail(), u"Agent not found"_s);
    }
    const ApiReply list = m_client->get(u"/api/agents/list"_s);
    QCOMPARE(list.status, 200);
    QCOMPARE(list.object().value(u"total"_s).toInt(), 0);
    QCOMPARE(list.object().value(u"pages"_s).toInt(), 0);
    m_client->setToken({});
}

void tst_ApiAgents::createsFromATemplateInTheBodyOrTheQuery()
{
    const QJsonObject a = createAgent({{u"agent_name"_s, u"Ava"_s},
                                       {u"template_key"_s, u"healthcare"_s},
                                       {u"business_name"_s, u"Riverside Clinic"_s},
                                       {u"phone_number"_s, u"+1 (212) 555-0101"_s}});
    QCOMPARE(a.value(u"agent_name"_s).toString(), u"Ava"_s);
    QCOMPARE(a.value(u"id"_s), a.value(u"agent_id"_s));
    QVERIFY(!QUuid::fromString(a.value(u"id"_s).toString()).isNull());
    QCOMPARE(a.value(u"status"_s).toString(), u"active"_s);
    QCOMPARE(a.value(u"template_key"_s).toString(), u"healthcare"_s);
    QCOMPARE(a.value(u"provider"_s).toString(), u"not_configured"_s);
    QCOMPARE(a.value(u"language"_s).toString(), u"en"_s);
    QVERIFY(a.value(u"elevenlabs_metadata"_s).isNull());
    QVERIFY(a.value(u"prompt"_s).toString().contains(u"Riverside Clinic"_s));
    QVERIFY(a.value(u"prompt"_s).toString().contains(u"+1 (212) 555-0101"_s));
    QVERIFY(a.value(u"first_message"_s).toString().startsWith(u"Thank you for calling Riverside Clinic, this is Ava."_s));
    QVERIFY(a.value(u"created_at"_s).toString().endsWith(u'Z'));
    QVERIFY(!a.contains(u"api_token"_s));

    // The original's query form, with the slash spelling.
    m_client->setToken(m_owner.accessToken);
    const ApiReply q = m_client->post(u"/api/agents/?template_key=real_estate&business_name=Harbor%20Homes"_s,
                                      {{u"agent_name"_s, u"Rita"_s}});
    QCOMPARE(q.status, 201);
    QCOMPARE(q.object().value(u"template_key"_s).toString(), u"real_estate"_s);
    QVERIFY(q.object().value(u"first_message"_s).toString().contains(u"Harbor Homes"_s));
    QVERIFY(q.object().value(u"prompt"_s).toString().contains(u"+1 (555) 000-0000"_s));
    m_client->setToken({});
    QCOMPARE(agentRows(), 2);
}

void tst_ApiAgents::createsByHandAndIgnoresUnknownMembers()
{
    const qint64 before = agentRows();
    const QJsonObject a = createAgent({{u"agent_name"_s, u"Max"_s},
                                       {u"voice_id"_s, u"pNInz6obpgDQGcFmaJgB"_s},
                                       {u"prompt"_s, QJsonValue::Null},
                                       {u"personality"_s, u"friendly"_s},
                                       {u"capabilities"_s, QJsonArray{u"calendar"_s}},
                                       {u"provision_phone"_s, true},
                                       {u"status"_s, u"suspended"_s},
                                       {u"provider"_s, u"elevenlabs"_s}});
    QCOMPARE(a.value(u"agent_name"_s).toString(), u"Max"_s);
    QVERIFY(a.value(u"template_key"_s).isNull());
    QCOMPARE(a.value(u"voice_id"_s).toString(), u"pNInz6obpgDQGcFmaJgB"_s);
    QCOMPARE(a.value(u"first_message"_s).toString(), u"Hello! I'm Max. How can I help you today?"_s);
    QVERIFY(a.value(u"prompt"_s).toString().startsWith(u"You are Max, a helpful AI assistant"_s));
    QCOMPARE(a.value(u"status"_s).toString(), u"active"_s);
    QCOMPARE(a.value(u"provider"_s).toString(), u"not_configured"_s);
    QVERIFY(!a.contains(u"personality"_s));
    QCOMPARE(agentRows(), before + 1);
}

void tst_ApiAgents::unknownTemplateIsRefused()
{
    const qint64 before = agentRows();
    m_client->setToken(m_owner.accessToken);
    const ApiReply body = m_client->post(u"/api/agents"_s, {{u"agent_name"_s, u"Ava"_s}, {u"template_key"_s, u"dentistry"_s}});
    QCOMPARE(body.status, 400);
    QVERIFY(body.detail().contains(u"template"_s));
    const ApiReply query = m_client->post(u"/api/agents?template_key=%27%3B--"_s, {{u"agent_name"_s, u"Ava"_s}});
    QCOMPARE(query.status, 400);
    m_client->setToken({});
    QCOMPARE(agentRows(), before);
}

void tst_ApiAgents::invalidBodiesAreRefusedAndWriteNothing_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field");
    const QByteArray longPrompt = "\"" + QByteArray(20'001, 'p') + "\"";
    QTest::newRow("no name") << QByteArray("POST") << QByteArray(R"({"prompt":"x"})") << u"agent_name"_s;
    QTest::newRow("empty name") << QByteArray("POST") << QByteArray(R"({"agent_name":""})") << u"agent_name"_s;
    QTest::newRow("blank name") << QByteArray("POST") << QByteArray(R"({"agent_name":"   "})") << u"agent_name"_s;
    QTest::newRow("long name") << QByteArray("POST") << ("{\"agent_name\":\"" + QByteArray(101, 'n') + "\"}")
                               << u"agent_name"_s;
    QTest::newRow("name number") << QByteArray("POST") << QByteArray(R"({"agent_name":5})") << u"agent_name"_s;
    QTest::newRow("name object") << QByteArray("POST") << QByteArray(R"({"agent_name":{"a":1}})") << u"agent_name"_s;
    QTest::newRow("prompt array") << QByteArray("POST") << QByteArray(R"({"agent_name":"A","prompt":[]})") << u"prompt"_s;
    QTest::newRow("long prompt") << QByteArray("POST") << ("{\"agent_name\":\"A\",\"prompt\":" + longPrompt + "}")
                                 << u"prompt"_s;
    QTest::newRow("voice pattern") << QByteArray("POST") << QByteArray(R"({"agent_name":"A","voice_id":"../../etc"})")
                                   << u"voice_id"_s;
    QTest::newRow("voice bool") << QByteArray("POST") << QByteArray(R"({"agent_name":"A","voice_id":true})")
                                << u"voice_id"_s;
    QTest::newRow("template number") << QByteArray("POST") << QByteArray(R"({"agent_name":"A","template_key":1})")
                                     << u"template_key"_s;
    QTest::newRow("array body") << QByteArray("POST") << QByteArray(R"(["agent_name"])") << QString();
    QTest::newRow("broken json") << QByteArray("POST") << QByteArray(R"({"agent_name":"A")") << QString();
    QTest::newRow("duplicate key") << QByteArray("POST") << QByteArray(R"({"agent_name":"A","agent_name":"B"})")
                                   << QString();
    QTest::newRow("update long name") << QByteArray("PUT") << ("{\"agent_name\":\"" + QByteArray(101, 'n') + "\"}")
                                      << u"agent_name"_s;
    QTest::newRow("update bad status") << QByteArray("PUT") << QByteArray(R"({"status":"archived"})") << u"status"_s;
    QTest::newRow("update status number") << QByteArray("PUT") << QByteArray(R"({"status":1})") << u"status"_s;
    QTest::newRow("update voice") << QByteArray("PUT") << QByteArray(R"({"voice_id":"a b"})") << u"voice_id"_s;
    QTest::newRow("update long prompt") << QByteArray("PUT") << ("{\"prompt\":" + longPrompt + "}") << u"prompt"_s;
    QTest::newRow("update empty name") << QByteArray("PUT") << QByteArray(R"({"agent_name":""})") << u"agent_name"_s;
}

void tst_ApiAgents::invalidBodiesAreRefusedAndWriteNothing()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    QString path = u"/api/agents"_s;
    QJsonObject before;
    if (method == "PUT") {
        const QJsonObject a = createAgent({{u"agent_name"_s, u"Stable"_s}});
        path = u"/api/agents/"_s + a.value(u"id"_s).toString();
        m_client->setToken(m_owner.accessToken);
        before = m_client->get(path).object();
    }
    const qint64 rows = agentRows();
    m_client->setToken(m_owner.accessToken);
    const ApiReply reply = m_client->send(method, path, body);
    QCOMPARE(reply.status, 422);
    if (!field.isEmpty()) {
        const QJsonArray detail = reply.object().value(u"detail"_s).toArray();
        QVERIFY(!detail.isEmpty());
        QCOMPARE(detail.first().toObject().value(u"loc"_s).toArray().last().toString(), field);
    }
    if (method == "PUT")
        QCOMPARE(m_client->get(path).object(), before);
    m_client->setToken({});
    QCOMPARE(agentRows(), rows);
}

void tst_ApiAgents::oversizedBodyIsRefused()
{
    const qint64 rows = agentRows();
    m_client->setToken(m_owner.accessToken);
    const QByteArray body = "{\"agent_name\":\"A\",\"prompt\":\"" + QByteArray(2 * 1024 * 1024, 'p') + "\"}";
    const ApiReply reply = m_client->send("POST", u"/api/agents"_s, body);
    QCOMPARE(reply.status, 413);
    m_client->setToken({});
    QCOMPARE(agentRows(), rows);
}

void tst_ApiAgents::defaultAgentAndOneAgent()
{
    m_client->setToken(m_owner.accessToken);
    const ApiReply list = m_client->get(u"/api/agents/list?per_page=100"_s);
    const QJsonArray agents = list.object().value(u"agents"_s).toArray();
    QVERIFY(!agents.isEmpty());
    const QJsonObject oldest = agents.last().toObject();
    const ApiReply def = m_client->get(u"/api/agents"_s);
    QCOMPARE(def.status, 200);
    QCOMPARE(def.object().value(u"id"_s), oldest.value(u"id"_s));
    const ApiReply one = m_client->get(u"/api/agents/"_s + oldest.value(u"id"_s).toString());
    QCOMPARE(one.status, 200);
    QCOMPARE(one.object(), oldest);
    QCOMPARE(m_client->get(u"/api/agents/"_s + oldest.value(u"id"_s).toString() + u"/"_s).status, 200);
    m_client->setToken({});
}

void tst_ApiAgents::listIsPaged()
{
    while (agentRows() < 5)
        createAgent({{u"agent_name"_s, u"Filler"_s}});
    const qint64 total = agentRows();
    m_client->setToken(m_owner.accessToken);
    const ApiReply page = m_client->get(u"/api/agents/list?page=2&per_page=2"_s);
    QCOMPARE(page.status, 200);
    const QJsonObject o = page.object();
    QCOMPARE(o.value(u"total"_s).toInteger(), total);
    QCOMPARE(o.value(u"page"_s).toInt(), 2);
    QCOMPARE(o.value(u"per_page"_s).toInt(), 2);
    QCOMPARE(o.value(u"pages"_s).toInteger(), (total + 1) / 2);
    QCOMPARE(o.value(u"agents"_s).toArray().size(), 2);
    QCOMPARE(page.header("x-total-count"), QByteArray::number(total));
    const ApiReply beyond = m_client->get(u"/api/agents/list?page=999&per_page=2"_s);
    QCOMPARE(beyond.status, 200);
    QVERIFY(beyond.object().value(u"agents"_s).toArray().isEmpty());
    QCOMPARE(beyond.object().value(u"total"_s).toInteger(), total);
    const ApiReply active = m_client->get(u"/api/agents/list?status=active&per_page=100"_s);
    QCOMPARE(active.status, 200);
    for (const QJsonValue &v : active.object().value(u"agents"_s).toArray())
        QCOMPARE(v.toObject().value(u"status"_s).toString(), u"active"_s);
    QCOMPARE(m_client->get(u"/api/agents/list/"_s).status, 200);
    m_client->setToken({});
}

void tst_ApiAgents::listBoundsAreChecked_data()
{
    QTest::addColumn<QString>("query");
    QTest::newRow("page 0") << u"page=0"_s;
    QTest::newRow("page text") << u"page=two"_s;
    QTest::newRow("page huge") << u"page=99999999999999999999"_s;
    QTest::newRow("per_page 0") << u"per_page=0"_s;
    QTest::newRow("per_page 101") << u"per_page=101"_s;
    QTest::newRow("per_page negative") << u"per_page=-1"_s;
    QTest::newRow("status deleted") << u"status=deleted"_s;
    QTest::newRow("status unknown") << u"status=%27%20OR%201%3D1"_s;
    QTest::newRow("repeated") << u"page=1&page=2"_s;
}

void tst_ApiAgents::listBoundsAreChecked()
{
    QFETCH(QString, query);
    m_client->setToken(m_owner.accessToken);
    const ApiReply reply = m_client->get(u"/api/agents/list?"_s + query);
    QVERIFY2(reply.status == 422 || reply.status == 400, reply.body.constData());
    m_client->setToken({});
}

void tst_ApiAgents::updateChangesTheAgent()
{
    const QJsonObject a = createAgent({{u"agent_name"_s, u"Old"_s}, {u"template_key"_s, u"general"_s}});
    const QString path = u"/api/agents/"_s + a.value(u"id"_s).toString();
    m_client->setToken(m_owner.accessToken);
    const ApiReply updated = m_client->put(path, {{u"agent_name"_s, u"New"_s},
                                                  {u"first_message"_s, u"Hi, this is New."_s},
                                                  {u"status"_s, u"inactive"_s},
                                                  {u"agent_id"_s, u"forged"_s},
                                                  {u"provider"_s, u"elevenlabs"_s}});
    QCOMPARE(updated.status, 200);
    const QJsonObject u = updated.object();
    QCOMPARE(u.value(u"agent_name"_s).toString(), u"New"_s);
    QCOMPARE(u.value(u"first_message"_s).toString(), u"Hi, this is New."_s);
    QCOMPARE(u.value(u"status"_s).toString(), u"inactive"_s);
    QCOMPARE(u.value(u"prompt"_s), a.value(u"prompt"_s));
    QCOMPARE(u.value(u"id"_s), a.value(u"id"_s));
    QCOMPARE(u.value(u"provider"_s).toString(), u"not_configured"_s);
    QCOMPARE(m_client->get(path).object(), u);

    QCOMPARE(m_client->put(path, {{u"status"_s, u"deleted"_s}}).status, 200);
    const ApiReply gone = m_client->get(path);
    QCOMPARE(gone.status, 404);
    QCOMPARE(gone.detail(), u"Agent not found"_s);
    QCOMPARE(m_client->put(path, {{u"status"_s, u"active"_s}}).status, 404);
    m_client->setToken({});
}

void tst_ApiAgents::tokenIsReadAndRegenerated()
{
    const QJsonObject a = createAgent({{u"agent_name"_s, u"Tok"_s}});
    const QString id = a.value(u"id"_s).toString();
    m_client->setToken(m_owner.accessToken);
    const ApiReply read = m_client->get(u"/api/agents/%1/api-token"_s.arg(id));
    QCOMPARE(read.status, 200);
    const QString token = read.object().value(u"api_token"_s).toString();
    QVERIFY(token.startsWith(u"vami_agent_"_s));
    QCOMPARE(token.size(), 54);
    QCOMPARE(read.object().value(u"agent_id"_s).toString(), id);
    QCOMPARE(read.object().value(u"token_preview"_s).toString(), token.left(12) + u"..."_s + token.right(6));
    QCOMPARE(read.object().value(u"message"_s).toString(),
             u"Use this token in the X-Agent-Token header when configuring ElevenLabs function calling"_s);
    QCOMPARE(m_client->get(u"/api/agents/%1/api-token"_s.arg(id)).object().value(u"api_token"_s).toString(), token);

    const ApiReply fresh = m_client->send("POST", u"/api/agents/%1/regenerate-token"_s.arg(id), {}, {});
    QCOMPARE(fresh.status, 200);
    const QString next = fresh.object().value(u"api_token"_s).toString();
    QVERIFY(next.startsWith(u"vami_agent_"_s) && next != token);
    QCOMPARE(fresh.object().value(u"message"_s).toString(),
             u"Token regenerated successfully. Update this token in your ElevenLabs agent configuration."_s);
    QCOMPARE(m_client->get(u"/api/agents/%1/api-token"_s.arg(id)).object().value(u"api_token"_s).toString(), next);
    m_client->setToken({});
    auto &agents = m_server->backend().service<AgentService>();
    QVERIFY(!agents.authenticateToken(token));
    QCOMPARE(idText(agents.authenticateToken(next)->id), id);
}

void tst_ApiAgents::oddIdsAreNotFound_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("detail");
    for (const QString &id : {u"1"_s, u"not-a-uuid"_s, u"%27%20OR%201%3D1--"_s, QString(500, u'f'),
                              u"6f1c1f0e-8a3b-4f43-9a51-2f7d1b1d7c11"_s, u"%00"_s}) {
        const QString tag = id.left(20);
        QTest::newRow(qPrintable(u"get "_s + tag)) << QByteArray("GET") << u"/api/agents/"_s + id << u"Agent not found"_s;
        QTest::newRow(qPrintable(u"put "_s + tag)) << QByteArray("PUT") << u"/api/agents/"_s + id << u"Agent not found"_s;
        QTest::newRow(qPrintable(u"token "_s + tag))
            << QByteArray("GET") << u"/api/agents/%1/api-token"_s.arg(id) << u"Agent not found or access denied"_s;
        QTest::newRow(qPrintable(u"regenerate "_s + tag)) << QByteArray("POST")
                                                         << u"/api/agents/%1/regenerate-token"_s.arg(id)
                                                         << u"Agent not found or access denied"_s;
    }
}

void tst_ApiAgents::oddIdsAreNotFound()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QString, detail);
    const qint64 rows = agentRows();
    m_client->setToken(m_owner.accessToken);
    const ApiReply reply = m_client->send(method, path, method == "PUT" ? QByteArray(R"({"agent_name":"X"})") : QByteArray());
    QCOMPARE(reply.status, 404);
    QCOMPARE(reply.detail(), detail);
    m_client->setToken({});
    QCOMPARE(agentRows(), rows);
}

void tst_ApiAgents::memberReadsButDoesNotManage()
{
    const QJsonObject a = createAgent({{u"agent_name"_s, u"Shared"_s}});
    const QString id = a.value(u"id"_s).toString();
    const qint64 rows = agentRows();
    m_client->setToken(m_member.accessToken);
    QCOMPARE(m_client->get(u"/api/agents"_s).status, 200);
    QCOMPARE(m_client->get(u"/api/agents/list"_s).status, 200);
    QCOMPARE(m_client->get(u"/api/agents/"_s + id).object().value(u"agent_name"_s).toString(), u"Shared"_s);
    const ApiReply create = m_client->post(u"/api/agents"_s, {{u"agent_name"_s, u"Mine"_s}});
    QCOMPARE(create.status, 403);
    QCOMPARE(create.detail(), u"Admin or owner access required"_s);
    QCOMPARE(m_client->put(u"/api/agents/"_s + id, {{u"agent_name"_s, u"Renamed"_s}}).status, 403);
    const ApiReply token = m_client->get(u"/api/agents/%1/api-token"_s.arg(id));
    QCOMPARE(token.status, 403);
    QVERIFY(!token.body.contains("vami_agent_"));
    QCOMPARE(m_client->send("POST", u"/api/agents/%1/regenerate-token"_s.arg(id), {}, {}).status, 403);
    m_client->setToken(m_owner.accessToken);
    QCOMPARE(m_client->get(u"/api/agents/"_s + id).object().value(u"agent_name"_s).toString(), u"Shared"_s);
    m_client->setToken({});
    QCOMPARE(agentRows(), rows);
}

QTEST_GUILESS_MAIN(tst_ApiAgents)
#include "tst_api_agents.moc"
