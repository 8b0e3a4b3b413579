// Cross-tenant isolation: every team, agent, call and API-key endpoint, called with the ids of
// organization B by each kind of principal of organization A, answers 404 with a
// body identical to the one for a random id, and changes nothing in B.

#include "apitestutil.h"

#include "storage/database.h"

#include <QCryptographicHash>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

class tst_ApiTenancy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void foreignIdsAreNotFound_data();
    void foreignIdsAreNotFound();
    void listsNeverShowForeignRows();
    void foreignInvitationTokenDoesNotJoinThroughAnotherOrganization();

private:
    QByteArray snapshotOfB();
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_client;
    ApiAccount m_aOwner, m_aAdmin, m_aMember, m_bOwner, m_bMember;
    QByteArray m_aKey;
    QString m_bInvitationId, m_bKeyId, m_bAgentId, m_bAgentToken, m_bCallId;
    QByteArray m_bSnapshot;
};

void tst_ApiTenancy::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->isValid(), qPrintable(m_server->error()));
    m_client = std::make_unique<ApiClient>(m_server->url());
    m_aOwner = registerAccount(*m_client, u"owner@a.test"_s, u"A"_s);
    m_aAdmin = joinTeam(*m_client, m_aOwner, u"admin@a.test"_s, u"admin"_s);
    m_aMember = joinTeam(*m_client, m_aOwner, u"member@a.test"_s, u"member"_s);
    m_bOwner = registerAccount(*m_client, u"owner@b.test"_s, u"B"_s);
    m_bMember = joinTeam(*m_client, m_bOwner, u"member@b.test"_s, u"member"_s);
    QVERIFY(!m_aMember.accessToken.isEmpty() && !m_bMember.accessToken.isEmpty());

    m_client->setToken(m_aOwner.accessToken);
    m_aKey = m_client->post(u"/api/settings/api-keys"_s, {{u"name"_s, u"a"_s}})
                 .object()
                 .value(u"full_key"_s)
                 .toString()
                 .toLatin1();
    QVERIFY(!m_aKey.isEmpty());
    m_client->setToken(m_bOwner.accessToken);
    m_bInvitationId = m_client->post(u"/api/team/invite"_s, {{u"email"_s, u"pending@b.test"_s}, {u"role"_s, u"member"_s}})
                          .object()
                          .value(u"id"_s)
                          .toString();
    m_bKeyId = m_client->post(u"/api/settings/api-keys"_s, {{u"name"_s, u"b"_s}}).object().value(u"id"_s).toString();
    QVERIFY(!m_bInvitationId.isEmpty() && !m_bKeyId.isEmpty());
    m_bAgentId = m_client->post(u"/api/agents"_s, {{u"agent_name"_s, u"B agent"_s}, {u"template_key"_s, u"legal"_s}})
                     .object()
                     .value(u"id"_s)
                     .toString();
    QVERIFY(!m_bAgentId.isEmpty());
    m_bAgentToken = m_client->get(u"/api/agents/%1/api-token"_s.arg(m_bAgentId)).object().value(u"api_token"_s).toString();
    QVERIFY(!m_bAgentToken.isEmpty());
    m_bCallId = m_client
                    ->post(u"/api/calls"_s, {{u"phone_number"_s, u"+12125550177"_s},
                                             {u"agent_id"_s, m_bAgentId},
                                             {u"scheduled_at"_s, QDateTime::currentDateTimeUtc().addDays(1).toString(Qt::ISODate)},
                                             {u"metadata"_s, QJsonObject{{u"owner"_s, u"b"_s}}}})
                    .object()
                    .value(u"id"_s)
                    .toString();
    QVERIFY(!m_bCallId.isEmpty());
    m_client->setToken({});
    m_bSnapshot = snapshotOfB();
}

void tst_ApiTenancy::cleanupTestCase()
{
    QCOMPARE(snapshotOfB(), m_bSnapshot);
    m_client.reset();
    m_server.reset();
}

QByteArray tst_ApiTenancy::snapshotOfB()
{
    Database &db = m_server->backend().database();
    QByteArray state;
    const QVariantList org{m_bOwner.organizationId};
    for (const QString &sql :
         {u"SELECT user_id, role, status FROM team_members WHERE organization_id = ? ORDER BY user_id"_s,
          u"SELECT id, status, expires_at FROM team_invitations WHERE organization_id = ? ORDER BY id"_s,
          u"SELECT id, is_active, revoked_at FROM api_keys WHERE organization_id = ? ORDER BY id"_s,
          u"SELECT id, revoked_at FROM sessions WHERE organization_id = ? ORDER BY id"_s,
          u"SELECT id, name, status, prompt, voice_id, token_hash, updated_at FROM agents WHERE organization_id = ? "
          "ORDER BY id"_s,
          u"SELECT id, status, ended_reason, summary, metadata, ended_at, updated_at FROM calls "
          "WHERE organization_id = ? ORDER BY id"_s,
          u"SELECT id, call_id, seq, to_status FROM call_events WHERE organization_id = ? ORDER BY id"_s}) {
        auto rows = db.exec(sql, org);
        if (!rows)
            return "error";
        while (rows->next())
            for (int c = 0; c < rows->columnCount(); ++c)
                state += rows->value(c).toString().toUtf8() + '|';
        state += '\n';
    }
    return QCryptographicHash::hash(state, QCryptographicHash::Sha256).toHex();
}

void tst_ApiTenancy::foreignIdsAreNotFound_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("pathTemplate");
    QTest::addColumn<QString>("foreignId");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("principal");
    const QStringList principals = {u"owner"_s, u"admin"_s, u"member"_s, u"apikey"_s};
    struct Case
    {
        const char *name;
        QByteArray method;
        QString path;
        QString id;
        QByteArray body;
    };
    const QList<Case> cases = {
        {"get member", "GET", u"/api/team/members/%1"_s, m_bMember.userId, {}},
        {"get owner", "GET", u"/api/team/members/%1"_s, m_bOwner.userId, {}},
        {"remove member", "DELETE", u"/api/team/members/%1"_s, m_bMember.userId, {}},
        {"remove owner", "DELETE", u"/api/team/members/%1"_s, m_bOwner.userId, {}},
        {"change role", "PUT", u"/api/team/members/%1/role"_s, m_bMember.userId, R"({"role":"member"})"},
        {"revoke invitation", "DELETE", u"/api/team/invitations/%1"_s, m_bInvitationId, {}},
        {"resend invitation", "POST", u"/api/team/invitations/%1/resend"_s, m_bInvitationId, {}},
        {"revoke api key", "DELETE", u"/api/settings/api-keys/%1"_s, m_bKeyId, {}},
        {"get agent", "GET", u"/api/agents/%1"_s, m_bAgentId, {}},
        {"update agent", "PUT", u"/api/agents/%1"_s, m_bAgentId, R"({"agent_name":"Taken","status":"deleted"})"},
        {"read agent token", "GET", u"/api/agents/%1/api-token"_s, m_bAgentId, {}},
        {"regenerate agent token", "POST", u"/api/agents/%1/regenerate-token"_s, m_bAgentId, {}},
        {"get call", "GET", u"/api/calls/%1"_s, m_bCallId, {}},
        {"end call", "POST", u"/api/calls/%1/end"_s, m_bCallId, R"({"summary":"Taken","metadata":{"owner":"a"}})"},
        {"cancel call", "DELETE", u"/api/calls/%1"_s, m_bCallId, {}},
    };
    for (const Case &c : cases) {
        for (const QString &p : principals) {
            QTest::newRow(qPrintable(QString::fromLatin1(c.name) + u" as "_s + p))
                << c.method << c.path << c.id << c.body << p;
        }
    }
}

void tst_ApiTenancy::foreignIdsAreNotFound()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, pathTemplate);
    QFETCH(QString, foreignId);
    QFETCH(QByteArray, body);
    QFETCH(QString, principal);
    QByteArray credential;
    if (principal == u"owner"_s)
        credential = m_aOwner.accessToken;
    else if (principal == u"admin"_s)
        credential = m_aAdmin.accessToken;
    else if (principal == u"member"_s)
        credential = m_aMember.accessToken;
    else
        credential = m_aKey;
    m_client->setToken(credential);
    const ApiReply foreign = m_client->send(method, pathTemplate.arg(foreignId), body.isEmpty() ? QByteArray() : body);
    const ApiReply random = m_client->send(method, pathTemplate.arg(u"6f1c1f0e-8a3b-4f43-9a51-2f7d1b1d7c11"_s),
                                           body.isEmpty() ? QByteArray() : body);
    m_client->setToken({});
    // A member may be refused before the lookup (403) for an action they may not take
    // at all; for everything they may reach, a foreign row is simply not there.
    if (random.status == 403) {
        QCOMPARE(foreign.status, 403);
        return;
    }
    QCOMPARE(foreign.status, 404);
    QCOMPARE(random.status, 404);
    QJsonObject a = foreign.object();
    QJsonObject b = random.object();
    a.remove(u"request_id"_s);
    b.remove(u"request_id"_s);
    QCOMPARE(a, b);
}

void tst_ApiTenancy::listsNeverShowForeignRows()
{
    const QList<QByteArray> credentials = {m_aOwner.accessToken, m_aAdmin.accessToken, m_aMember.accessToken, m_aKey};
    for (const QByteArray &c : credentials) {
        m_client->setToken(c);
        for (const QString &path : QStringList{u"/api/team/members"_s, u"/api/team/members?page=1&per_page=100"_s,
                                    u"/api/team/invitations"_s, u"/api/settings/api-keys"_s, u"/api/team/stats"_s,
                                    u"/api/auth/organizations"_s, u"/api/agents/list"_s,
                                    u"/api/agents/list?status=active&per_page=100"_s, u"/api/calls"_s,
                                    u"/api/calls?per_page=100&status=pending"_s,
                                    QString(u"/api/calls?agent_id="_s + m_bAgentId), u"/api/calls?search=2125550177"_s}) {
            const ApiReply reply = m_client->get(path);
            QCOMPARE(reply.status, 200);
            QVERIFY2(!reply.body.contains("@b.test"), qPrintable(path));
            QVERIFY2(!reply.body.contains(m_bOwner.organizationId.toUtf8()), qPrintable(path));
            QVERIFY2(!reply.body.contains(m_bInvitationId.toUtf8()), qPrintable(path));
            QVERIFY2(!reply.body.contains(m_bKeyId.toUtf8()), qPrintable(path));
            QVERIFY2(!reply.body.contains(m_bAgentId.toUtf8()), qPrintable(path));
            QVERIFY2(!reply.body.contains(m_bAgentToken.toUtf8()), qPrintable(path));
            QVERIFY2(!reply.body.contains(m_bCallId.toUtf8()), qPrintable(path));
        }
        QCOMPARE(m_client->get(u"/api/agents"_s).status, 404);
        QCOMPARE(m_client->get(u"/api/team/stats"_s).object().value(u"total_members"_s).toInt(), 3);
    }
    m_client->setToken(m_aOwner.accessToken);
    const ApiReply switched = m_client->post(u"/api/auth/switch-organization"_s,
                                             {{u"organization_id"_s, m_bOwner.organizationId}});
    QCOMPARE(switched.status, 404);
    m_client->setToken({});
}

void tst_ApiTenancy::foreignInvitationTokenDoesNotJoinThroughAnotherOrganization()
{
    // An invitation of B accepted while signed in to A adds the person to B (where
    // they were invited), never to A, and only when the address matches.
    m_client->setToken(m_bOwner.accessToken);
    const QString token = m_client->post(u"/api/team/invite"_s, {{u"email"_s, u"owner@a.test"_s}, {u"role"_s, u"member"_s}})
                              .object()
                              .value(u"invitation_token"_s)
                              .toString();
    QVERIFY(!token.isEmpty());
    m_client->setToken(m_aMember.accessToken);
    QCOMPARE(m_client->post(u"/api/team/invitations/%1/accept"_s.arg(token), {}).status, 403);
    m_client->setToken(m_aKey);
    QCOMPARE(m_client->post(u"/api/team/invitations/%1/accept"_s.arg(token), {}).status, 403);
    // Revoke it again so B's snapshot is as it was.
    m_client->setToken(m_bOwner.accessToken);
    const QJsonArray pending = m_client->get(u"/api/team/invitations"_s).array();
    for (const QJsonValue &p : pending) {
        if (p.toObject().value(u"email"_s).toString() == u"owner@a.test"_s) {
            QCOMPARE(m_client->del(u"/api/team/invitations/"_s + p.toObject().value(u"id"_s).toString()).status, 200);
            // The revoked invitation stays in the table; record it in the snapshot.
        }
    }
    m_bSnapshot = snapshotOfB();
    m_client->setToken({});
}

QTEST_GUILESS_MAIN(tst_ApiTenancy)
#include "tst_api_tenancy.moc"
