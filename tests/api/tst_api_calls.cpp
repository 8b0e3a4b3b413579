// The calls area over HTTP: listing with every filter, placing and scheduling
// calls (no telephony provider, so an immediate call fails at once), one call with
// its timeline, ending calls, POST /api/calls/schedule, cancelling a scheduled call
// (DELETE), validation and hostile input that write nothing, and who may do what. Every answer is checked against its published schema by the
// test server.

#include "apitestutil.h"

#include "calls/call.h"
#include "calls/callservice.h"
#include "storage/database.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

namespace {

QString future(int days = 1)
{
    return QDateTime::currentDateTimeUtc().addDays(days).toString(Qt::ISODate);
}

QByteArray nested(int depth)
{
    QByteArray json = "1";
    for (int i = 0; i < depth; ++i)
        json = "{\"n\":" + json + "}";
    return json;
}

} // namespace

class tst_ApiCalls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void routesNeedCredentials_data();
    void routesNeedCredentials();
    void immediateCallAnswersTheFailedRow();
    void scheduledCallStaysPending();
    void invalidBodiesAreRefusedAndWriteNothing_data();
    void invalidBodiesAreRefusedAndWriteNothing();
    void oversizedBodyIsRefused();
    void unknownAgentIsNotFound_data();
    void unknownAgentIsNotFound();
    void listFiltersAndPages();
    void badListQueriesAreRefused_data();
    void badListQueriesAreRefused();
    void oneCallWithItsTimeline();
    void oddIdsAreNotFound_data();
    void oddIdsAreNotFound();
    void endRefusesTerminalCallsAndEndsRingingOnes();
    void endBodyIsChecked_data();
    void endBodyIsChecked();
    void memberReadsAndCalls();
    void permissionMatrixListsViewCalls();
    void scheduleRouteAnswersThePendingCall();
    void scheduleBodiesAreRefusedAndWriteNothing_data();
    void scheduleBodiesAreRefusedAndWriteNothing();
    void cancelOnlyPendingCalls();

private:
    qint64 rows(const QString &table);
    QJsonObject createCall(const QJsonObject &body, const QByteArray &token = {});
    QString ringingCall();
    QString dialJobStatus(const QString &callId);
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_client;
    ApiAccount m_owner, m_member;
    QString m_agentId, m_otherAgentId;
};

void tst_ApiCalls::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->isValid(), qPrintable(m_server->error()));
    m_client = std::make_unique<ApiClient>(m_server->url());
    m_owner = registerAccount(*m_client, u"owner@calls.test"_s, u"Calls Inc"_s);
    m_member = joinTeam(*m_client, m_owner, u"member@calls.test"_s, u"member"_s);
    QVERIFY(!m_owner.accessToken.isEmpty() && !m_member.accessToken.isEmpty());
    m_client->setToken(m_owner.accessToken);
    m_agentId = m_client->post(u"/api/agents"_s, {{u"agent_name"_s, u"Ava"_s}}).object().value(u"id"_s).toString();
    m_otherAgentId = m_client->post(u"/api/agents"_s, {{u"agent_name"_s, u"Bea"_s}}).object().value(u"id"_s).toString();
    QVERIFY(!m_agentId.isEmpty() && !m_otherAgentId.isEmpty());
    m_client->setToken({});
}

void tst_ApiCalls::cleanupTestCase()
{
    m_client.reset();
    m_server.reset();
}

qint64 tst_ApiCalls::rows(const QString &table)
{
    auto r = m_server->backend().database().exec(u"SELECT COUNT(*) FROM "_s + table);
    if (!r || !r->next())
        return -1;
    return r->integer(0);
}

QJsonObject tst_ApiCalls::createCall(const QJsonObject &body, const QByteArray &token)
{
    m_client->setToken(token.isEmpty() ? m_owner.accessToken : token);
    const ApiReply reply = m_client->post(u"/api/calls"_s, body);
    m_client->setToken({});
    if (reply.status != 200)
        qWarning() << reply.status << reply.body;
    return reply.object();
}

// The status of the call's dial job; "" when it has none, "many" for more than one.
QString tst_ApiCalls::dialJobStatus(const QString &callId)
{
    auto r = m_server->backend().database().exec(
        u"SELECT status FROM jobs WHERE kind = 'calls.dial' AND dedup_key = ?"_s, {callId});
    QStringList statuses;
    while (r && r->next())
        statuses << r->text(0);
    return statuses.size() > 1 ? u"many"_s : statuses.value(0);
}

// A scheduled call put into ringing through the service (nothing over HTTP dials).
QString tst_ApiCalls::ringingCall()
{
    const QJsonObject c = createCall(
        {{u"phone_number"_s, u"+12125550199"_s}, {u"agent_id"_s, m_agentId}, {u"scheduled_at"_s, future()}});
    const QString id = c.value(u"id"_s).toString();
    auto moved = m_server->backend().service<CallService>().transition(
        QUuid::fromString(m_owner.organizationId), QUuid::fromString(id), CallStatus::Ringing, std::nullopt);
    return moved ? id : QString();
}

void tst_ApiCalls::routesNeedCredentials_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    const QString id = u"6f1c1f0e-8a3b-4f43-9a51-2f7d1b1d7c11"_s;
    QTest::newRow("list") << QByteArray("GET") << u"/api/calls"_s;
    QTest::newRow("list slash") << QByteArray("GET") << u"/api/calls/"_s;
    QTest::newRow("create") << QByteArray("POST") << u"/api/calls"_s;
    QTest::newRow("get") << QByteArray("GET") << u"/api/calls/"_s + id;
    QTest::newRow("end") << QByteArray("POST") << u"/api/calls/%1/end"_s.arg(id);
    QTest::newRow("schedule") << QByteArray("POST") << u"/api/calls/schedule"_s;
    QTest::newRow("cancel") << QByteArray("DELETE") << u"/api/calls/"_s + id;
}

void tst_ApiCalls::routesNeedCredentials()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    const qint64 before = rows(u"calls"_s);
    const QByteArray body = method == "GET" || method == "DELETE" ? QByteArray()
                                            : QByteArray(R"({"phone_number":"+12125550101","agent_id":")")
            + m_agentId.toLatin1() + "\"}";
    m_client->setToken({});
    QCOMPARE(m_client->send(method, path, body).status, 401);
    m_client->setToken("not-a-token");
    QCOMPARE(m_client->send(method, path, body).status, 401);
    m_client->setToken({});
    QCOMPARE(rows(u"calls"_s), before);
}

void tst_ApiCalls::immediateCallAnswersTheFailedRow()
{
    const qint64 before = rows(u"calls"_s);
    const QJsonObject c = createCall({{u"phone_number"_s, u"212 555-0101"_s},
                                      {u"agent_id"_s, m_agentId},
                                      {u"metadata"_s, QJsonObject{{u"lead"_s, 7}}},
                                      {u"status"_s, u"completed"_s},
                                      {u"organization_id"_s, u"00000000-0000-4000-8000-000000000001"_s}});
    QCOMPARE(c.value(u"status"_s).toString(), u"failed"_s);
    QCOMPARE(c.value(u"ended_reason"_s).toString(), u"telephony_provider_unavailable"_s);
    QVERIFY(c.value(u"error_message"_s).toString().contains(u"telephony provider"_s));
    QCOMPARE(c.value(u"phone_number"_s).toString(), u"+12125550101"_s);
    QCOMPARE(c.value(u"direction"_s).toString(), u"outbound"_s);
    QCOMPARE(c.value(u"agent_id"_s).toString(), m_agentId);
    QCOMPARE(c.value(u"agent_name"_s).toString(), u"Ava"_s);
    QCOMPARE(c.value(u"user_id"_s).toString(), m_owner.userId);
    QCOMPARE(c.value(u"organization_id"_s).toString(), m_owner.organizationId);
    QCOMPARE(c.value(u"metadata"_s).toObject(), (QJsonObject{{u"lead"_s, 7}}));
    QVERIFY(c.value(u"started_at"_s).isNull());
    QVERIFY(c.value(u"duration_secs"_s).isNull());
    QVERIFY(c.value(u"ended_at"_s).toString().endsWith(u'Z'));
    QVERIFY(c.value(u"recording_url"_s).isNull());
    const QJsonArray timeline = c.value(u"timeline"_s).toArray();
    QCOMPARE(timeline.size(), 2);
    QVERIFY(timeline[0].toObject().value(u"from_status"_s).isNull());
    QCOMPARE(timeline[0].toObject().value(u"to_status"_s).toString(), u"pending"_s);
    QCOMPARE(timeline[1].toObject().value(u"from_status"_s).toString(), u"pending"_s);
    QCOMPARE(timeline[1].toObject().value(u"to_status"_s).toString(), u"failed"_s);
    QCOMPARE(timeline[1].toObject().value(u"ended_reason"_s).toString(), u"telephony_provider_unavailable"_s);
    QCOMPARE(rows(u"calls"_s), before + 1);
    // The alternative spelling of the route.
    m_client->setToken(m_owner.accessToken);
    QCOMPARE(m_client->post(u"/api/calls/"_s, {{u"phone_number"_s, u"+12125550101"_s}, {u"agent_id"_s, m_agentId}})
                 .status,
             200);
    m_client->setToken({});
}

void tst_ApiCalls::scheduledCallStaysPending()
{
    const QString at = future(3);
    const QJsonObject c = createCall(
        {{u"phone_number"_s, u"+44 20 7123 4567"_s}, {u"agent_id"_s, m_agentId}, {u"scheduled_at"_s, at}});
    QCOMPARE(c.value(u"status"_s).toString(), u"pending"_s);
    QVERIFY(c.value(u"ended_reason"_s).isNull());
    QVERIFY(c.value(u"error_message"_s).isNull());
    QCOMPARE(QDateTime::fromString(c.value(u"scheduled_at"_s).toString(), Qt::ISODate),
             QDateTime::fromString(at, Qt::ISODate));
    QCOMPARE(c.value(u"phone_number"_s).toString(), u"+442071234567"_s);
    QCOMPARE(c.value(u"timeline"_s).toArray().size(), 1);
}

void tst_ApiCalls::invalidBodiesAreRefusedAndWriteNothing_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field");
    const QByteArray agent = m_agentId.toLatin1();
    const auto call = [&](const QByteArray &extra) -> QByteArray {
        return "{\"phone_number\":\"+12125550101\",\"agent_id\":\"" + agent + "\"" + extra + "}";
    };
    QTest::newRow("no phone") << ("{\"agent_id\":\"" + agent + "\"}") << u"phone_number"_s;
    QTest::newRow("no agent") << QByteArray(R"({"phone_number":"+12125550101"})") << u"agent_id"_s;
    QTest::newRow("parentheses") << ("{\"phone_number\":\"+1 (212) 555-0101\",\"agent_id\":\"" + agent + "\"}")
                                 << u"phone_number"_s;
    QTest::newRow("letters") << ("{\"phone_number\":\"1-800-FLOWERS\",\"agent_id\":\"" + agent + "\"}")
                             << u"phone_number"_s;
    QTest::newRow("too short") << ("{\"phone_number\":\"12345\",\"agent_id\":\"" + agent + "\"}") << u"phone_number"_s;
    QTest::newRow("too long") << ("{\"phone_number\":\"" + QByteArray(40, '1') + "\",\"agent_id\":\"" + agent + "\"}")
                              << u"phone_number"_s;
    QTest::newRow("phone number type") << ("{\"phone_number\":12125550101,\"agent_id\":\"" + agent + "\"}")
                                       << u"phone_number"_s;
    QTest::newRow("phone null") << ("{\"phone_number\":null,\"agent_id\":\"" + agent + "\"}") << u"phone_number"_s;
    QTest::newRow("agent number") << QByteArray(R"({"phone_number":"+12125550101","agent_id":5})") << u"agent_id"_s;
    QTest::newRow("agent object") << QByteArray(R"({"phone_number":"+12125550101","agent_id":{"id":1}})")
                                  << u"agent_id"_s;
    QTest::newRow("past schedule") << call(R"(,"scheduled_at":"2020-01-01T00:00:00Z")") << u"scheduled_at"_s;
    QTest::newRow("schedule words") << call(R"(,"scheduled_at":"tomorrow")") << u"scheduled_at"_s;
    QTest::newRow("schedule 24:00") << call(R"(,"scheduled_at":"2030-01-01T24:00:00Z")") << u"scheduled_at"_s;
    QTest::newRow("schedule number") << call(R"(,"scheduled_at":1893456000)") << u"scheduled_at"_s;
    QTest::newRow("schedule far") << call(",\"scheduled_at\":\"" + future(400).toLatin1() + "\"") << u"scheduled_at"_s;
    QTest::newRow("metadata array") << call(R"(,"metadata":[1,2])") << u"metadata"_s;
    QTest::newRow("metadata string") << call(R"(,"metadata":"x")") << u"metadata"_s;
    QTest::newRow("metadata deep") << call(",\"metadata\":" + nested(6)) << u"metadata"_s;
    QTest::newRow("metadata very deep") << call(",\"metadata\":" + nested(200)) << QString();
    QTest::newRow("metadata big") << call(",\"metadata\":{\"blob\":\"" + QByteArray(20'000, 'x') + "\"}")
                                  << u"metadata"_s;
    QTest::newRow("broken json") << QByteArray(R"({"phone_number":"+12125550101")") << QString();
    QTest::newRow("duplicate key") << call(R"(,"phone_number":"+12125550102")") << QString();
    QTest::newRow("array body") << QByteArray(R"([{"phone_number":"+12125550101"}])") << QString();
    QTest::newRow("empty body") << QByteArray() << QString();
}

void tst_ApiCalls::invalidBodiesAreRefusedAndWriteNothing()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    const qint64 calls = rows(u"calls"_s);
    const qint64 events = rows(u"call_events"_s);
    m_client->setToken(m_owner.accessToken);
    const ApiReply reply = m_client->send("POST", u"/api/calls"_s, body);
    m_client->setToken({});
    QVERIFY2(reply.status == 422, reply.body.constData());
    if (!field.isEmpty()) {
        const QJsonArray detail = reply.object().value(u"detail"_s).toArray();
        QVERIFY(!detail.isEmpty());
        QCOMPARE(detail.first().toObject().value(u"loc"_s).toArray().last().toString(), field);
    }
    QCOMPARE(rows(u"calls"_s), calls);
    QCOMPARE(rows(u"call_events"_s), events);
}

void tst_ApiCalls::oversizedBodyIsRefused()
{
    const qint64 calls = rows(u"calls"_s);
    m_client->setToken(m_owner.accessToken);
    const QByteArray body = "{\"phone_number\":\"+12125550101\",\"agent_id\":\"" + m_agentId.toLatin1()
        + "\",\"metadata\":{\"blob\":\"" + QByteArray(100'000, 'x') + "\"}}";
    QCOMPARE(m_client->send("POST", u"/api/calls"_s, body).status, 413);
    m_client->setToken({});
    QCOMPARE(rows(u"calls"_s), calls);
}

void tst_ApiCalls::unknownAgentIsNotFound_data()
{
    QTest::addColumn<QString>("agentId");
    QTest::newRow("random") << u"6f1c1f0e-8a3b-4f43-9a51-2f7d1b1d7c11"_s;
    QTest::newRow("not an id") << u"agent_abc"_s;
    QTest::newRow("empty") << QString(u""_s);
    QTest::newRow("injection") << u"' OR '1'='1"_s;
}

void tst_ApiCalls::unknownAgentIsNotFound()
{
    QFETCH(QString, agentId);
    const qint64 calls = rows(u"calls"_s);
    m_client->setToken(m_owner.accessToken);
    const ApiReply reply = m_client->post(u"/api/calls"_s, {{u"phone_number"_s, u"+12125550101"_s}, {u"agent_id"_s, agentId}});
    m_client->setToken({});
    QCOMPARE(reply.status, 404);
    QCOMPARE(reply.detail(), u"Agent not found or access denied"_s);
    QCOMPARE(rows(u"calls"_s), calls);
}

void tst_ApiCalls::listFiltersAndPages()
{
    const QJsonObject bea = createCall({{u"phone_number"_s, u"+33142685300"_s},
                                        {u"agent_id"_s, m_otherAgentId},
                                        {u"scheduled_at"_s, future()}});
    QVERIFY(!bea.isEmpty());
    const qint64 total = rows(u"calls"_s);
    m_client->setToken(m_owner.accessToken);
    const auto list = [&](const QString &query) {
        const ApiReply reply = m_client->get(u"/api/calls?"_s + query);
        if (reply.status != 200)
            qWarning() << query << reply.status << reply.body;
        return reply.object();
    };
    const QJsonObject all = list(u"per_page=100"_s);
    QCOMPARE(all.value(u"total"_s).toInteger(), total);
    const QJsonArray calls = all.value(u"calls"_s).toArray();
    QCOMPARE(calls.size(), total);
    QCOMPARE(calls.first().toObject().value(u"id"_s), bea.value(u"id"_s)); // newest first
    QVERIFY(!calls.first().toObject().contains(u"timeline"_s));
    for (qsizetype i = 1; i < calls.size(); ++i)
        QVERIFY(QDateTime::fromString(calls[i - 1].toObject().value(u"created_at"_s).toString(), Qt::ISODateWithMs)
                >= QDateTime::fromString(calls[i].toObject().value(u"created_at"_s).toString(), Qt::ISODateWithMs));

    const auto everyIs = [&](const QString &query, const QString &field, const QString &value) {
        const QJsonObject page = list(query + u"&per_page=100"_s);
        const QJsonArray found = page.value(u"calls"_s).toArray();
        for (const QJsonValue &v : found)
            if (v.toObject().value(field).toString() != value)
                return qsizetype(-1);
        return found.size();
    };
    QVERIFY(everyIs(u"status=failed"_s, u"status"_s, u"failed"_s) >= 1);
    QVERIFY(everyIs(u"status=pending"_s, u"status"_s, u"pending"_s) >= 2);
    QCOMPARE(everyIs(u"status=completed"_s, u"status"_s, u"completed"_s), 0);
    QCOMPARE(everyIs(u"direction=outbound"_s, u"direction"_s, u"outbound"_s), total);
    QCOMPARE(everyIs(u"direction=inbound"_s, u"direction"_s, u"inbound"_s), 0);
    QCOMPARE(everyIs(u"sentiment=positive"_s, u"sentiment"_s, u"positive"_s), 0);
    QCOMPARE(everyIs(u"agent_id="_s + m_otherAgentId, u"agent_name"_s, u"Bea"_s), 1);
    QCOMPARE(everyIs(u"search=%2B33%201%2042"_s, u"phone_number"_s, u"+33142685300"_s), 1);
    QCOMPARE(everyIs(u"search=4268"_s, u"phone_number"_s, u"+33142685300"_s), 1);
    const QString today = QDateTime::currentDateTimeUtc().date().toString(Qt::ISODate);
    QCOMPARE(list(u"date_from="_s + today + u"&date_to="_s + today).value(u"total"_s).toInteger(), total);
    QCOMPARE(list(u"date_to=2020-01-01"_s).value(u"total"_s).toInteger(), 0);
    QCOMPARE(list(u"date_from=2099-12-31"_s).value(u"total"_s).toInteger(), 0);

    const ApiReply page = m_client->get(u"/api/calls?page=2&per_page=2"_s);
    QCOMPARE(page.status, 200);
    QCOMPARE(page.object().value(u"page"_s).toInt(), 2);
    QCOMPARE(page.object().value(u"per_page"_s).toInt(), 2);
    QCOMPARE(page.object().value(u"pages"_s).toInteger(), (total + 1) / 2);
    QCOMPARE(page.header("x-total-count"), QByteArray::number(total));
    const ApiReply beyond = m_client->get(u"/api/calls?page=999"_s);
    QCOMPARE(beyond.status, 200);
    QVERIFY(beyond.object().value(u"calls"_s).toArray().isEmpty());
    QCOMPARE(beyond.object().value(u"total"_s).toInteger(), total);
    m_client->setToken({});
}

void tst_ApiCalls::badListQueriesAreRefused_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("field");
    QTest::newRow("status unknown") << u"status=done"_s << u"status"_s;
    QTest::newRow("status case") << u"status=FAILED"_s << u"status"_s;
    QTest::newRow("status injection") << u"status=%27%20OR%201%3D1"_s << u"status"_s;
    QTest::newRow("direction") << u"direction=sideways"_s << u"direction"_s;
    QTest::newRow("sentiment") << u"sentiment=happy"_s << u"sentiment"_s;
    QTest::newRow("agent not an id") << u"agent_id=agent_1"_s << u"agent_id"_s;
    QTest::newRow("date month") << u"date_from=2026-13-01"_s << u"date_from"_s;
    QTest::newRow("date day") << u"date_to=2026-02-30"_s << u"date_to"_s;
    QTest::newRow("date words") << u"date_to=yesterday"_s << u"date_to"_s;
    QTest::newRow("date time") << u"date_from=2026-01-01T00:00:00Z"_s << u"date_from"_s;
    QTest::newRow("dates reversed") << u"date_from=2026-01-02&date_to=2026-01-01"_s << u"date_to"_s;
    QTest::newRow("page 0") << u"page=0"_s << u"page"_s;
    QTest::newRow("page text") << u"page=two"_s << u"page"_s;
    QTest::newRow("page huge") << u"page=99999999999999999999"_s << u"page"_s;
    QTest::newRow("per_page 101") << u"per_page=101"_s << u"per_page"_s;
    QTest::newRow("per_page negative") << u"per_page=-5"_s << u"per_page"_s;
    QTest::newRow("search letters") << u"search=abc"_s << u"search"_s;
    QTest::newRow("search wildcard") << u"search=55%25"_s << u"search"_s;
    QTest::newRow("repeated status") << u"status=failed&status=pending"_s << u"status"_s;
    QTest::newRow("repeated agent") << u"agent_id=a&agent_id=b"_s << u"agent_id"_s;
}

void tst_ApiCalls::badListQueriesAreRefused()
{
    QFETCH(QString, query);
    QFETCH(QString, field);
    m_client->setToken(m_owner.accessToken);
    const ApiReply reply = m_client->get(u"/api/calls?"_s + query);
    m_client->setToken({});
    QVERIFY2(reply.status == 422, reply.body.constData());
    const QJsonArray detail = reply.object().value(u"detail"_s).toArray();
    QVERIFY(!detail.isEmpty());
    const QJsonArray loc = detail.first().toObject().value(u"loc"_s).toArray();
    QCOMPARE(loc.first().toString(), u"query"_s);
    QCOMPARE(loc.last().toString(), field);
}

void tst_ApiCalls::oneCallWithItsTimeline()
{
    const QString id = ringingCall();
    QVERIFY(!id.isEmpty());
    m_client->setToken(m_owner.accessToken);
    for (const QString &path : QStringList{u"/api/calls/"_s + id, u"/api/calls/"_s + id + u'/'}) {
        const ApiReply reply = m_client->get(path);
        QCOMPARE(reply.status, 200);
        const QJsonObject c = reply.object();
        QCOMPARE(c.value(u"id"_s).toString(), id);
        QCOMPARE(c.value(u"status"_s).toString(), u"ringing"_s);
        QVERIFY(c.value(u"started_at"_s).isString());
        QVERIFY(c.contains(u"conversation_turns"_s) && c.value(u"conversation_turns"_s).isNull());
        QVERIFY(c.value(u"follow_up_required"_s).isNull());
        const QJsonArray timeline = c.value(u"timeline"_s).toArray();
        QCOMPARE(timeline.size(), 2);
        QCOMPARE(timeline[1].toObject().value(u"to_status"_s).toString(), u"ringing"_s);
        QCOMPARE(timeline[1].toObject().value(u"seq"_s).toInt(), 2);
    }
    m_client->setToken({});
}

void tst_ApiCalls::oddIdsAreNotFound_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    for (const QString &id : {u"6f1c1f0e-8a3b-4f43-9a51-2f7d1b1d7c11"_s, u"12345"_s, u"stats"_s,
                              u"1%27%20OR%20%271%27=%271"_s, u"%7B6f1c1f0e-8a3b-4f43-9a51-2f7d1b1d7c11%7D"_s,
                              u"..%2F..%2Fetc%2Fpasswd"_s, u"%00"_s}) {
        QTest::addRow("get %s", qPrintable(id)) << QByteArray("GET") << u"/api/calls/"_s + id;
        QTest::addRow("end %s", qPrintable(id)) << QByteArray("POST") << u"/api/calls/"_s + id + u"/end"_s;
    }
}

void tst_ApiCalls::oddIdsAreNotFound()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    m_client->setToken(m_owner.accessToken);
    const ApiReply reply = m_client->send(method, path, method == "POST" ? QByteArray("{}") : QByteArray());
    m_client->setToken({});
    QCOMPARE(reply.status, 404);
    QCOMPARE(reply.detail(), u"Call not found"_s);
}

void tst_ApiCalls::endRefusesTerminalCallsAndEndsRingingOnes()
{
    const QJsonObject failed = createCall({{u"phone_number"_s, u"+12125550101"_s}, {u"agent_id"_s, m_agentId}});
    const QJsonObject pending = createCall(
        {{u"phone_number"_s, u"+12125550101"_s}, {u"agent_id"_s, m_agentId}, {u"scheduled_at"_s, future()}});
    const qint64 events = rows(u"call_events"_s);
    m_client->setToken(m_owner.accessToken);
    for (const QJsonObject &c : {failed, pending}) {
        const QString path = u"/api/calls/%1/end"_s.arg(c.value(u"id"_s).toString());
        const ApiReply refused = m_client->post(path, {{u"summary"_s, u"no"_s}});
        QCOMPARE(refused.status, 400);
        QCOMPARE(refused.detail(), u"Call cannot be ended in current status"_s);
        QCOMPARE(m_client->get(u"/api/calls/"_s + c.value(u"id"_s).toString()).object().value(u"summary"_s),
                 QJsonValue(QJsonValue::Null));
    }
    QCOMPARE(rows(u"call_events"_s), events);

    m_client->setToken({});
    const QString id = ringingCall();
    m_client->setToken(m_owner.accessToken);
    const ApiReply ended = m_client->post(u"/api/calls/%1/end"_s.arg(id),
                                          {{u"summary"_s, u"Booked for Tuesday."_s},
                                           {u"metadata"_s, QJsonObject{{u"outcome"_s, u"booked"_s}}}});
    QCOMPARE(ended.status, 200);
    QCOMPARE(ended.object().value(u"message"_s).toString(), u"Call ended successfully"_s);
    const QJsonObject call = ended.object().value(u"call"_s).toObject();
    QCOMPARE(call.value(u"status"_s).toString(), u"completed"_s);
    QCOMPARE(call.value(u"ended_reason"_s).toString(), u"agent_hangup"_s);
    QCOMPARE(call.value(u"summary"_s).toString(), u"Booked for Tuesday."_s);
    QCOMPARE(call.value(u"metadata"_s).toObject(), (QJsonObject{{u"outcome"_s, u"booked"_s}}));
    QVERIFY(call.value(u"duration_secs"_s).toInteger(-1) >= 0);
    QCOMPARE(call.value(u"timeline"_s).toArray().size(), 3);
    const ApiReply again = m_client->post(u"/api/calls/%1/end"_s.arg(id), {});
    QCOMPARE(again.status, 400);
    m_client->setToken({});
}

void tst_ApiCalls::endBodyIsChecked_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::newRow("no body") << QByteArray() << 422;
    QTest::newRow("summary number") << QByteArray(R"({"summary":5})") << 422;
    QTest::newRow("summary long") << ("{\"summary\":\"" + QByteArray(10'001, 's') + "\"}") << 422;
    QTest::newRow("summary control") << QByteArray(R"({"summary":"a\u0007b"})") << 422;
    QTest::newRow("metadata array") << QByteArray(R"({"metadata":[]})") << 422;
    QTest::newRow("metadata deep") << ("{\"metadata\":" + nested(6) + "}") << 422;
    QTest::newRow("broken") << QByteArray(R"({"summary":)") << 422;
    QTest::newRow("huge") << ("{\"summary\":\"" + QByteArray(70'000, 's') + "\"}") << 413;
}

void tst_ApiCalls::endBodyIsChecked()
{
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    const QString id = ringingCall();
    QVERIFY(!id.isEmpty());
    m_client->setToken(m_owner.accessToken);
    const ApiReply reply = m_client->send("POST", u"/api/calls/%1/end"_s.arg(id), body);
    QCOMPARE(reply.status, status);
    QCOMPARE(m_client->get(u"/api/calls/"_s + id).object().value(u"status"_s).toString(), u"ringing"_s);
    m_client->setToken({});
}

void tst_ApiCalls::memberReadsAndCalls()
{
    const QJsonObject c = createCall({{u"phone_number"_s, u"+12125550101"_s}, {u"agent_id"_s, m_agentId}},
                                     m_member.accessToken);
    QCOMPARE(c.value(u"user_id"_s).toString(), m_member.userId);
    m_client->setToken(m_member.accessToken);
    QCOMPARE(m_client->get(u"/api/calls"_s).status, 200);
    QCOMPARE(m_client->get(u"/api/calls/"_s + c.value(u"id"_s).toString()).status, 200);
    m_client->setToken({});
    const QString id = ringingCall();
    m_client->setToken(m_member.accessToken);
    QCOMPARE(m_client->post(u"/api/calls/%1/end"_s.arg(id), {}).status, 200);
    m_client->setToken({});
}

void tst_ApiCalls::permissionMatrixListsViewCalls()
{
    const ApiReply matrix = m_client->get(u"/api/team/permissions"_s);
    QCOMPARE(matrix.status, 200);
    bool found = false;
    for (const QJsonValue &v : matrix.object().value(u"permissions"_s).toArray()) {
        const QJsonObject row = v.toObject();
        if (row.value(u"action"_s).toString() != u"view_calls"_s)
            continue;
        found = true;
        QCOMPARE(row.value(u"allowed_roles"_s).toArray(), (QJsonArray{u"owner"_s, u"admin"_s, u"member"_s}));
    }
    QVERIFY(found);
}

void tst_ApiCalls::scheduleRouteAnswersThePendingCall()
{
    const QString at = future(2);
    m_client->setToken(m_owner.accessToken);
    const ApiReply reply = m_client->post(u"/api/calls/schedule"_s, {{u"phone_number"_s, u"212-555-0142"_s},
                                                                     {u"agent_id"_s, m_agentId},
                                                                     {u"scheduled_at"_s, at},
                                                                     {u"timezone"_s, u"America/New_York"_s},
                                                                     {u"metadata"_s, QJsonObject{{u"lead"_s, 9}}}});
    QVERIFY2(reply.status == 200, reply.body.constData());
    const QJsonObject c = reply.object();
    QCOMPARE(c.value(u"status"_s).toString(), u"pending"_s);
    QCOMPARE(c.value(u"phone_number"_s).toString(), u"+12125550142"_s);
    QCOMPARE(QDateTime::fromString(c.value(u"scheduled_at"_s).toString(), Qt::ISODate),
             QDateTime::fromString(at, Qt::ISODate));
    QCOMPARE(c.value(u"metadata"_s).toObject(),
             (QJsonObject{{u"lead"_s, 9}, {u"timezone"_s, u"America/New_York"_s}}));
    QVERIFY(!c.contains(u"timeline"_s)); // a Call, as the contract answers

    // The time zone defaults to UTC; the call has one dial job, due at its time.
    const ApiReply utc = m_client->post(u"/api/calls/schedule"_s,
                                        {{u"phone_number"_s, u"+12125550143"_s}, {u"agent_id"_s, m_agentId},
                                         {u"scheduled_at"_s, at}});
    QCOMPARE(utc.status, 200);
    QCOMPARE(utc.object().value(u"metadata"_s).toObject(), (QJsonObject{{u"timezone"_s, u"UTC"_s}}));
    QCOMPARE(dialJobStatus(utc.object().value(u"id"_s).toString()), u"pending"_s);
    m_client->setToken({});
}

void tst_ApiCalls::scheduleBodiesAreRefusedAndWriteNothing_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field");
    const QByteArray agent = m_agentId.toLatin1();
    const QByteArray at = future().toLatin1();
    const auto call = [&](const QByteArray &extra) -> QByteArray {
        return "{\"phone_number\":\"+12125550101\",\"agent_id\":\"" + agent + "\"" + extra + "}";
    };
    QTest::newRow("no schedule") << call({}) << u"scheduled_at"_s;
    QTest::newRow("schedule null") << call(R"(,"scheduled_at":null)") << u"scheduled_at"_s;
    QTest::newRow("past schedule") << call(R"(,"scheduled_at":"2020-01-01T00:00:00Z")") << u"scheduled_at"_s;
    QTest::newRow("schedule words") << call(R"(,"scheduled_at":"tomorrow")") << u"scheduled_at"_s;
    QTest::newRow("unknown zone") << call(",\"scheduled_at\":\"" + at + "\",\"timezone\":\"Mars/Olympus\"")
                                  << u"timezone"_s;
    QTest::newRow("empty zone") << call(",\"scheduled_at\":\"" + at + "\",\"timezone\":\"\"") << u"timezone"_s;
    QTest::newRow("zone number") << call(",\"scheduled_at\":\"" + at + "\",\"timezone\":5") << u"timezone"_s;
    QTest::newRow("zone long") << call(",\"scheduled_at\":\"" + at + "\",\"timezone\":\"" + QByteArray(200, 'A') + "\"")
                               << u"timezone"_s;
    QTest::newRow("bad phone") << ("{\"phone_number\":\"+1 (212) 555-0101\",\"agent_id\":\"" + agent
                                   + "\",\"scheduled_at\":\"" + at + "\"}")
                               << u"phone_number"_s;
    QTest::newRow("no phone") << ("{\"agent_id\":\"" + agent + "\",\"scheduled_at\":\"" + at + "\"}")
                              << u"phone_number"_s;
    QTest::newRow("broken json") << QByteArray(R"({"phone_number":"+12125550101")") << QString();
}

void tst_ApiCalls::scheduleBodiesAreRefusedAndWriteNothing()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    const qint64 calls = rows(u"calls"_s);
    const qint64 events = rows(u"call_events"_s);
    const qint64 jobs = rows(u"jobs"_s);
    m_client->setToken(m_owner.accessToken);
    const ApiReply reply = m_client->send("POST", u"/api/calls/schedule"_s, body);
    m_client->setToken({});
    QVERIFY2(reply.status == 422, reply.body.constData());
    if (!field.isEmpty()) {
        const QJsonArray detail = reply.object().value(u"detail"_s).toArray();
        QVERIFY(!detail.isEmpty());
        QCOMPARE(detail.first().toObject().value(u"loc"_s).toArray().last().toString(), field);
        // One "Value error, " prefix at most, as the original's validation messages read.
        const QString msg = detail.first().toObject().value(u"msg"_s).toString();
        QVERIFY2(!msg.contains(u"Value error, Value error"_s), qPrintable(msg));
        if (QByteArray(QTest::currentDataTag()) == "bad phone")
            QCOMPARE(msg, u"Value error, Invalid phone number format"_s);
    }
    QCOMPARE(rows(u"calls"_s), calls);
    QCOMPARE(rows(u"call_events"_s), events);
    QCOMPARE(rows(u"jobs"_s), jobs);
}

void tst_ApiCalls::cancelOnlyPendingCalls()
{
    m_client->setToken(m_owner.accessToken);
    const QString id = m_client
                           ->post(u"/api/calls/schedule"_s, {{u"phone_number"_s, u"+12125550144"_s},
                                                             {u"agent_id"_s, m_agentId},
                                                             {u"scheduled_at"_s, future()}})
                           .object()
                           .value(u"id"_s)
                           .toString();
    QVERIFY(!id.isEmpty());

    // Another organization's members find nothing to cancel.
    const ApiAccount stranger = registerAccount(*m_client, u"owner@other-calls.test"_s, u"Other Calls"_s);
    QVERIFY(!stranger.accessToken.isEmpty());
    m_client->setToken(stranger.accessToken);
    const ApiReply foreign = m_client->send("DELETE", u"/api/calls/"_s + id, {});
    QCOMPARE(foreign.status, 404);
    QCOMPARE(foreign.detail(), u"Call not found"_s);

    // A member cancels the pending call; its dial job is cancelled with it.
    m_client->setToken(m_member.accessToken);
    const ApiReply cancelled = m_client->send("DELETE", u"/api/calls/"_s + id, {});
    QVERIFY2(cancelled.status == 200, cancelled.body.constData());
    QCOMPARE(cancelled.object().value(u"status"_s).toString(), u"cancelled"_s);
    QCOMPARE(cancelled.object().value(u"ended_reason"_s).toString(), u"scheduled_call_cancelled"_s);
    const QJsonArray timeline = cancelled.object().value(u"timeline"_s).toArray();
    QCOMPARE(timeline.size(), 2);
    QCOMPARE(timeline[1].toObject().value(u"to_status"_s).toString(), u"cancelled"_s);
    QCOMPARE(dialJobStatus(id), u"cancelled"_s);

    // Again, or for a call that is not pending: 400, nothing written.
    const qint64 events = rows(u"call_events"_s);
    const ApiReply again = m_client->send("DELETE", u"/api/calls/"_s + id, {});
    QCOMPARE(again.status, 400);
    QCOMPARE(again.detail(), u"Call cannot be cancelled in current status"_s);
    const QString ringing = ringingCall();
    QVERIFY(!ringing.isEmpty());
    const qint64 ringingEvents = rows(u"call_events"_s);
    m_client->setToken(m_owner.accessToken);
    QCOMPARE(m_client->send("DELETE", u"/api/calls/"_s + ringing, {}).status, 400);
    QCOMPARE(m_client->get(u"/api/calls/"_s + ringing).object().value(u"status"_s).toString(), u"ringing"_s);
    QCOMPARE(rows(u"call_events"_s), ringingEvents);
    QVERIFY(ringingEvents > events);
    QCOMPARE(m_client->send("DELETE", u"/api/calls/6f1c1f0e-8a3b-4f43-9a51-2f7d1b1d7c11"_s, {}).status, 404);
    QCOMPARE(m_client->send("DELETE", u"/api/calls/12345"_s, {}).status, 404);
    m_client->setToken({});
}

QTEST_GUILESS_MAIN(tst_ApiCalls)
#include "tst_api_calls.moc"
