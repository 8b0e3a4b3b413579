// The HTTP API end to end: the real server on a loopback port, driven with
// QNetworkAccessManager. Every answer body is also validated against the schema
// the OpenAPI document publishes for it, so documentation and behaviour agree.

#include "apitestutil.h"

#include "json/schema.h"

#include <QRegularExpression>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

class tst_ApiFlows : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void serviceEndpoints();
    void headRequestsGetNoBody();
    void everyResponseCarriesTheCommonHeaders();
    void requestIdsAreEchoedOrReplaced();
    void unknownPathsAndMethods();
    void bothSlashSpellingsAndTheDoubledPrefix();
    void openApiDescribesEveryRoute();
    void registerLoginMeRefreshLogout();
    void validationErrorsFollowTheOriginalShape();
    void teamLifecycle();
    void acceptInvitationAliasAndPreview();
    void memberListingForms();
    void apiKeysWorkAsCredentials();
    void permissionMatrixIsPublic();

private:
    void expectSchema(const ApiReply &reply, const Schema &schema);
    void expectSchema(const ApiReply &reply, const QString &component);
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_client;
};

void tst_ApiFlows::initTestCase()
{
    m_server = std::make_unique<TestServer>();
    QVERIFY2(m_server->isValid(), qPrintable(m_server->error()));
    m_client = std::make_unique<ApiClient>(m_server->url());
}

void tst_ApiFlows::cleanupTestCase()
{
    m_client.reset();
    m_server.reset();
}

void tst_ApiFlows::expectSchema(const ApiReply &reply, const Schema &schema)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(reply.body, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, reply.body.constData());
    const QJsonValue value = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    auto checked = schema.validate(value);
    if (!checked) {
        QStringList problems;
        for (const FieldError &f : checked.error().fields())
            problems << f.field + u": "_s + f.text();
        QFAIL(qPrintable(problems.join(u"; "_s) + u" in "_s + QString::fromUtf8(reply.body.left(400))));
    }
}

void tst_ApiFlows::expectSchema(const ApiReply &reply, const QString &component)
{
    expectSchema(reply, Schema::ref(component));
}

void tst_ApiFlows::serviceEndpoints()
{
    m_client->setToken({});
    ApiReply root = m_client->get(u"/"_s);
    QCOMPARE(root.status, 200);
    QCOMPARE(root.object().value(u"message"_s).toString(), u"Vami Platform API"_s);
    QCOMPARE(root.object().value(u"status"_s).toString(), u"operational"_s);
    QCOMPARE(root.object().value(u"features"_s).toArray().size(), 8);

    ApiReply health = m_client->get(u"/health"_s);
    QCOMPARE(health.status, 200);
    QCOMPARE(health.object().value(u"status"_s).toString(), u"healthy"_s);
    QCOMPARE(health.object().value(u"version"_s).toString(), u"2.0.0"_s);
    QVERIFY(health.object().value(u"timestamp"_s).toString().endsWith(u'Z'));
    QVERIFY(health.header("content-type").startsWith("application/json"));

    ApiReply ready = m_client->get(u"/health/ready"_s);
    QCOMPARE(ready.status, 200);
    QCOMPARE(ready.object().value(u"database"_s).toString(), u"ok"_s);

    ApiReply routes = m_client->get(u"/api/routes"_s);
    QCOMPARE(routes.status, 200);
    const QJsonArray list = routes.object().value(u"routes"_s).toArray();
    QCOMPARE(routes.object().value(u"total"_s).toInt(), list.size());
    QStringList paths;
    for (const QJsonValue &r : list)
        paths << r.toObject().value(u"path"_s).toString();
    QStringList sorted = paths;
    std::sort(sorted.begin(), sorted.end());
    QCOMPARE(paths, sorted);
    for (const QString &required :
         {u"/api/team/members"_s, u"/api/team/invite"_s, u"/api/team/members/{user_id}"_s,
          u"/api/team/members/{user_id}/role"_s, u"/api/team/invitations/{token}/accept"_s,
          u"/api/team/invitations"_s, u"/api/team/stats"_s, u"/api/team/permissions"_s,
          u"/api/team/accept-invitation"_s, u"/api/team/invitations/{invitation_id}"_s, u"/api/auth/register"_s,
          u"/api/auth/login"_s, u"/api/auth/me"_s, u"/api/auth/refresh"_s, u"/api/auth/logout"_s,
          u"/api/settings/api-keys"_s, u"/api/settings/api-keys/{key_id}"_s, u"/health"_s, u"/"_s,
          u"/api/routes"_s, u"/openapi.json"_s, u"/docs"_s, u"/metrics"_s})
        QVERIFY2(paths.contains(required), qPrintable(required));

    ApiReply docs = m_client->get(u"/docs"_s);
    QCOMPARE(docs.status, 200);
    QVERIFY(docs.header("content-type").startsWith("text/html"));
    QVERIFY(docs.body.contains("/api/team/invite"));
    QVERIFY(!docs.body.contains("<script"));
    QVERIFY(docs.header("content-security-policy").contains("default-src 'none'"));

    ApiReply metrics = m_client->get(u"/metrics"_s);
    QCOMPARE(metrics.status, 200);
    QVERIFY(metrics.header("content-type").startsWith("text/plain"));
    QVERIFY(metrics.body.contains("vami_http_requests_total{route=\"health_check\",method=\"GET\",status=\"200\"}"));
    QVERIFY(metrics.body.contains("vami_http_request_duration_seconds_bucket"));
    QVERIFY(metrics.body.contains("process_resident_memory_bytes"));
}

void tst_ApiFlows::headRequestsGetNoBody()
{
    ApiReply head = m_client->send("HEAD", u"/health"_s, QByteArray(), QByteArray());
    QCOMPARE(head.status, 200);
    QVERIFY(head.body.isEmpty());
    QVERIFY(head.header("content-length").toInt() > 0);
    ApiReply apiHead = m_client->send("HEAD", u"/api/team/members"_s, QByteArray(), QByteArray());
    QCOMPARE(apiHead.status, 405);
    QVERIFY(apiHead.body.isEmpty());
}

void tst_ApiFlows::everyResponseCarriesTheCommonHeaders()
{
    m_client->setToken({});
    const QList<ApiReply> replies = {
        m_client->get(u"/health"_s),
        m_client->get(u"/nowhere"_s),
        m_client->send("PATCH", u"/api/team/members"_s, "{}"),
        m_client->get(u"/api/team/members"_s),
        m_client->post(u"/api/auth/login"_s, {}),
        m_client->send("POST", u"/api/auth/login"_s, "{not json"),
    };
    const QList<int> statuses = {200, 404, 405, 401, 422, 422};
    for (qsizetype i = 0; i < replies.size(); ++i) {
        const ApiReply &r = replies[i];
        QCOMPARE(r.status, statuses[i]);
        QCOMPARE(r.header("x-content-type-options"), "nosniff");
        QCOMPARE(r.header("x-frame-options"), "DENY");
        QVERIFY(r.header("content-security-policy").contains("frame-ancestors 'none'"));
        QCOMPARE(r.header("referrer-policy"), "no-referrer");
        QCOMPARE(r.header("cache-control"), "no-store");
        QVERIFY2(!r.header("x-request-id").isEmpty(), qPrintable(u"reply %1"_s.arg(i)));
        QVERIFY(!r.header("x-process-time").isEmpty());
        QVERIFY(r.header("content-type").startsWith("application/json"));
        QVERIFY(r.headers.contains("content-length"));
        QVERIFY(!r.headers.contains("server"));
        if (r.status >= 400)
            QVERIFY(!r.object().value(u"detail"_s).isUndefined());
    }
    QCOMPARE(replies[3].header("www-authenticate"), "Bearer");
    QCOMPARE(replies[3].detail(), u"Not authenticated"_s);
}

void tst_ApiFlows::requestIdsAreEchoedOrReplaced()
{
    m_client->setHeader("X-Request-ID", "trace-123.abc_DEF");
    QCOMPARE(m_client->get(u"/health"_s).header("x-request-id"), "trace-123.abc_DEF");
    m_client->setHeader("X-Request-ID", "bad id with spaces");
    const QByteArray replaced = m_client->get(u"/health"_s).header("x-request-id");
    QVERIFY(replaced != "bad id with spaces");
    QVERIFY(QRegularExpression(u"^[0-9a-f-]{36}$"_s).match(QString::fromLatin1(replaced)).hasMatch());
    m_client->setHeader("X-Request-ID", QByteArray(65, 'a'));
    QVERIFY(m_client->get(u"/health"_s).header("x-request-id").size() == 36);
    m_client->clearHeaders();
    const QByteArray a = m_client->get(u"/health"_s).header("x-request-id");
    const QByteArray b = m_client->get(u"/health"_s).header("x-request-id");
    QVERIFY(a != b);
}

void tst_ApiFlows::unknownPathsAndMethods()
{
    m_client->setToken({});
    ApiReply missing = m_client->get(u"/api/does-not-exist"_s);
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.detail(), u"Not Found"_s);
    ApiReply wrong = m_client->send("PUT", u"/api/team/invite"_s, "{}");
    QCOMPARE(wrong.status, 405);
    QCOMPARE(wrong.detail(), u"Method Not Allowed"_s);
    QCOMPARE(wrong.header("allow"), "POST");
    ApiReply both = m_client->send("PATCH", u"/api/team/members/00000000-0000-4000-8000-000000000000"_s, "{}");
    QCOMPARE(both.status, 405);
    QVERIFY(both.header("allow").contains("GET"));
    QVERIFY(both.header("allow").contains("DELETE"));
    ApiReply options = m_client->send("OPTIONS", u"/api/team/members"_s, QByteArray(), QByteArray());
    QCOMPARE(options.status, 405);
}

void tst_ApiFlows::bothSlashSpellingsAndTheDoubledPrefix()
{
    m_client->setToken({});
    QCOMPARE(m_client->get(u"/api/team/permissions/"_s).status, 200);
    QCOMPARE(m_client->get(u"/api/api/team/permissions"_s).status, 200);
    QCOMPARE(m_client->get(u"/health/"_s).status, 200);
}

void tst_ApiFlows::openApiDescribesEveryRoute()
{
    ApiReply doc = m_client->get(u"/openapi.json"_s);
    QCOMPARE(doc.status, 200);
    const QJsonObject o = doc.object();
    QCOMPARE(o.value(u"openapi"_s).toString(), u"3.0.3"_s);
    QVERIFY(!o.value(u"info"_s).toObject().value(u"title"_s).toString().isEmpty());
    const QJsonObject paths = o.value(u"paths"_s).toObject();
    const QJsonObject schemas = o.value(u"components"_s).toObject().value(u"schemas"_s).toObject();
    // The document lists exactly the served routes.
    int operations = 0;
    QSet<QString> operationIds;
    for (auto p = paths.begin(); p != paths.end(); ++p) {
        QVERIFY(p.key().startsWith(u'/'));
        static const QRegularExpression param(u"\\{([a-z_]+)\\}"_s);
        QSet<QString> pathParams;
        for (auto m = param.globalMatch(p.key()); m.hasNext();)
            pathParams.insert(m.next().captured(1));
        const QJsonObject item = p.value().toObject();
        for (auto op = item.begin(); op != item.end(); ++op) {
            ++operations;
            const QJsonObject operation = op.value().toObject();
            const QString id = operation.value(u"operationId"_s).toString();
            QVERIFY2(!id.isEmpty() && !operationIds.contains(id), qPrintable(id));
            operationIds.insert(id);
            QVERIFY(!operation.value(u"responses"_s).toObject().isEmpty());
            QSet<QString> declared;
            for (const QJsonValue &prm : operation.value(u"parameters"_s).toArray()) {
                if (prm.toObject().value(u"in"_s).toString() == u"path"_s)
                    declared.insert(prm.toObject().value(u"name"_s).toString());
            }
            QCOMPARE(declared, pathParams);
        }
    }
    QCOMPARE(operations, m_client->get(u"/api/routes"_s).object().value(u"total"_s).toInt());
    // Every $ref resolves.
    const QByteArray text = doc.body;
    static const QRegularExpression ref(u"#/components/schemas/([A-Za-z0-9_]+)"_s);
    for (auto m = ref.globalMatch(QString::fromUtf8(text)); m.hasNext();) {
        const QString name = m.next().captured(1);
        QVERIFY2(schemas.contains(name), qPrintable(name));
    }
    // Write it for the external validator (tests/tools/openapi).
    const QString out = qEnvironmentVariable("VAMI_TEST_BINARY_DIR") + u"/openapi.json"_s;
    QFile file(out);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(doc.body);
}

void tst_ApiFlows::registerLoginMeRefreshLogout()
{
    m_client->setToken({});
    ApiReply reg = m_client->post(u"/api/auth/register"_s, {{u"email"_s, u"Flow.User@Example.com"_s},
                                                           {u"password"_s, apiPassword()},
                                                           {u"company_name"_s, u"Flow Inc"_s},
                                                           {u"plan"_s, u"premium"_s}});
    QCOMPARE(reg.status, 200);
    expectSchema(reg, u"AuthResponse"_s);
    const QJsonObject r = reg.object();
    QCOMPARE(r.value(u"token_type"_s).toString(), u"bearer"_s);
    QCOMPARE(r.value(u"expires_in"_s).toInt(), 900);
    QCOMPARE(r.value(u"user"_s).toObject().value(u"email"_s).toString(), u"flow.user@example.com"_s);
    QCOMPARE(r.value(u"user"_s).toObject().value(u"plan"_s).toString(), u"starter_trial"_s);
    QCOMPARE(r.value(u"organization"_s).toObject().value(u"role"_s).toString(), u"owner"_s);
    QCOMPARE(r.value(u"organization"_s).toObject().value(u"name"_s).toString(), u"Flow Inc"_s);
    const QJsonObject features = r.value(u"user"_s).toObject().value(u"features"_s).toObject();
    QCOMPARE(features.value(u"minutes_limit"_s).toInt(), 240);
    QCOMPARE(features.value(u"email_confirmations"_s), features.value(u"email_confirmation"_s));
    QVERIFY(r.value(u"checkout_url"_s).isNull());
    QCOMPARE(r.value(u"access_token"_s).toString().count(u'.'), 2);

    ApiReply duplicate = m_client->post(u"/api/auth/register"_s,
                                        {{u"email"_s, u"flow.user@example.com"_s}, {u"password"_s, apiPassword()}});
    QCOMPARE(duplicate.status, 400);
    QCOMPARE(duplicate.detail(), u"Registration failed: email already registered"_s);
    expectSchema(duplicate, u"HTTPError"_s);

    ApiReply badLogin = m_client->post(u"/api/auth/login"_s,
                                       {{u"email"_s, u"flow.user@example.com"_s}, {u"password"_s, u"Wrong-pass1!"_s}});
    QCOMPARE(badLogin.status, 401);
    QCOMPARE(badLogin.detail(), u"Invalid email or password"_s);

    ApiReply login = m_client->post(u"/api/auth/login"_s,
                                    {{u"email"_s, u"FLOW.user@example.com"_s}, {u"password"_s, apiPassword()}});
    QCOMPARE(login.status, 200);
    expectSchema(login, u"AuthResponse"_s);
    QVERIFY(login.object().value(u"agent"_s).isNull());
    const QByteArray access = login.object().value(u"access_token"_s).toString().toLatin1();
    const QString refresh = login.object().value(u"refresh_token"_s).toString();

    m_client->setToken(access);
    ApiReply me = m_client->get(u"/api/auth/me"_s);
    QCOMPARE(me.status, 200);
    expectSchema(me, u"User"_s);
    QCOMPARE(me.object().value(u"email"_s).toString(), u"flow.user@example.com"_s);
    QVERIFY(!me.body.contains("password"));
    ApiReply orgs = m_client->get(u"/api/auth/organizations"_s);
    QCOMPARE(orgs.status, 200);
    QCOMPARE(orgs.array().size(), 1);

    m_client->setToken({});
    ApiReply renewed = m_client->post(u"/api/auth/refresh"_s, {{u"refresh_token"_s, refresh}});
    QCOMPARE(renewed.status, 200);
    expectSchema(renewed, u"AuthResponse"_s);
    QVERIFY(renewed.object().value(u"refresh_token"_s).toString() != refresh);
    ApiReply reused = m_client->post(u"/api/auth/refresh"_s, {{u"refresh_token"_s, refresh}});
    QCOMPARE(reused.status, 401);
    QCOMPARE(reused.detail(), u"Invalid refresh token"_s);
    // The reuse ended the session: its access token no longer works either.
    m_client->setToken(access);
    QCOMPARE(m_client->get(u"/api/auth/me"_s).status, 401);

    m_client->setToken({});
    ApiReply fresh = m_client->post(u"/api/auth/login"_s,
                                    {{u"email"_s, u"flow.user@example.com"_s}, {u"password"_s, apiPassword()}});
    m_client->setToken(fresh.object().value(u"access_token"_s).toString().toLatin1());
    ApiReply out = m_client->post(u"/api/auth/logout"_s, {});
    QCOMPARE(out.status, 200);
    QCOMPARE(out.object().value(u"message"_s).toString(), u"Logged out successfully"_s);
    ApiReply after = m_client->get(u"/api/auth/me"_s);
    QCOMPARE(after.status, 401);
    QCOMPARE(after.detail(), u"Could not validate credentials"_s);
    m_client->setToken({});
}

void tst_ApiFlows::validationErrorsFollowTheOriginalShape()
{
    m_client->setToken({});
    ApiReply empty = m_client->send("POST", u"/api/auth/register"_s, QByteArray(""));
    QCOMPARE(empty.status, 422);
    const QJsonObject missing = empty.object().value(u"detail"_s).toArray().first().toObject();
    QCOMPARE(missing.value(u"type"_s).toString(), u"missing"_s);
    QCOMPARE(missing.value(u"loc"_s).toArray(), QJsonArray{u"body"_s});
    QCOMPARE(missing.value(u"msg"_s).toString(), u"Field required"_s);

    ApiReply fields = m_client->post(u"/api/auth/register"_s,
                                     {{u"email"_s, 42}, {u"password"_s, u"x"_s}, {u"surprise"_s, true}});
    QCOMPARE(fields.status, 422);
    expectSchema(fields, u"ValidationError"_s);
    QStringList types;
    for (const QJsonValue &d : fields.object().value(u"detail"_s).toArray())
        types << d.toObject().value(u"type"_s).toString() + u'@'
                + d.toObject().value(u"loc"_s).toArray().last().toString();
    QVERIFY2(types.contains(u"string_type@email"_s), qPrintable(types.join(u',')));
    QVERIFY2(types.contains(u"extra_forbidden@surprise"_s), qPrintable(types.join(u',')));

    ApiReply weak = m_client->post(u"/api/auth/register"_s,
                                   {{u"email"_s, u"weak@example.com"_s}, {u"password"_s, u"short"_s}});
    QCOMPARE(weak.status, 422);
    const QJsonObject rule = weak.object().value(u"detail"_s).toArray().first().toObject();
    QCOMPARE(rule.value(u"type"_s).toString(), u"value_error"_s);
    QCOMPARE(rule.value(u"msg"_s).toString(), u"Value error, Password must be at least 8 characters long"_s);
    QCOMPARE(rule.value(u"loc"_s).toArray(), (QJsonArray{u"body"_s, u"password"_s}));
    QVERIFY(!weak.body.contains("short"));

    ApiReply broken = m_client->send("POST", u"/api/auth/login"_s, "{\"email\": ");
    QCOMPARE(broken.status, 422);
    QCOMPARE(broken.object().value(u"detail"_s).toArray().first().toObject().value(u"type"_s).toString(),
             u"json_invalid"_s);

    ApiReply form = m_client->send("POST", u"/api/auth/login"_s, "email=a&password=b",
                                   "application/x-www-form-urlencoded");
    QCOMPARE(form.status, 415);
    QCOMPARE(form.detail(), u"Unsupported media type"_s);
}

void tst_ApiFlows::teamLifecycle()
{
    m_client->setToken({});
    const ApiAccount owner = registerAccount(*m_client, u"owner@lifecycle.test"_s, u"Lifecycle"_s);
    QVERIFY(!owner.accessToken.isEmpty());
    m_client->setToken(owner.accessToken);

    ApiReply invited = m_client->post(u"/api/team/invite"_s, {{u"email"_s, u"admin@lifecycle.test"_s},
                                                             {u"role"_s, u"admin"_s},
                                                             {u"message"_s, u"Join us"_s}});
    QCOMPARE(invited.status, 200);
    expectSchema(invited, u"TeamInvitation"_s);
    QCOMPARE(invited.object().value(u"status"_s).toString(), u"pending"_s);
    QCOMPARE(invited.object().value(u"invited_by"_s).toString(), owner.userId);
    QCOMPARE(invited.object().value(u"invited_by_email"_s).toString(), u"owner@lifecycle.test"_s);
    const QString token = invited.object().value(u"invitation_token"_s).toString();
    QVERIFY(invited.object().value(u"invitation_url"_s).toString().endsWith(token));

    // Legacy role names mean member; owner is refused the way the original refused it.
    ApiReply viewer = m_client->post(u"/api/team/invite"_s, {{u"email"_s, u"viewer@lifecycle.test"_s},
                                                            {u"role"_s, u"viewer"_s}});
    QCOMPARE(viewer.status, 200);
    QCOMPARE(viewer.object().value(u"role"_s).toString(), u"member"_s);
    ApiReply editor = m_client->post(u"/api/team/invite"_s, {{u"email"_s, u"editor@lifecycle.test"_s},
                                                            {u"role"_s, u"editor"_s}});
    QCOMPARE(editor.object().value(u"role"_s).toString(), u"member"_s);
    ApiReply ownerRole = m_client->post(u"/api/team/invite"_s, {{u"email"_s, u"king@lifecycle.test"_s},
                                                               {u"role"_s, u"owner"_s}});
    QCOMPARE(ownerRole.status, 422);
    QCOMPARE(ownerRole.object().value(u"detail"_s).toArray().first().toObject().value(u"msg"_s).toString(),
             u"Value error, Cannot invite a member with owner role"_s);
    ApiReply unknownRole = m_client->post(u"/api/team/invite"_s, {{u"email"_s, u"x@lifecycle.test"_s},
                                                                 {u"role"_s, u"superuser"_s}});
    QCOMPARE(unknownRole.status, 422);
    QCOMPARE(unknownRole.object().value(u"detail"_s).toArray().first().toObject().value(u"type"_s).toString(),
             u"enum"_s);

    ApiReply pending = m_client->get(u"/api/team/invitations"_s);
    QCOMPARE(pending.status, 200);
    expectSchema(pending, Schema::array(Schema::ref(u"TeamInvitation"_s)));
    QCOMPARE(pending.array().size(), 3);
    for (const QJsonValue &v : pending.array())
        QVERIFY(!v.toObject().contains(u"invitation_token"_s));

    // Accepting creates the account and a session in the organization.
    m_client->setToken({});
    ApiReply accepted = m_client->post(u"/api/team/invitations/%1/accept"_s.arg(token),
                                       {{u"password"_s, apiPassword()}, {u"full_name"_s, u"Ada Admin"_s}});
    QCOMPARE(accepted.status, 200);
    QCOMPARE(accepted.object().value(u"message"_s).toString(), u"Invitation accepted successfully"_s);
    QCOMPARE(accepted.object().value(u"role"_s).toString(), u"admin"_s);
    QVERIFY(accepted.object().value(u"account_created"_s).toBool());
    const QByteArray adminToken =
        accepted.object().value(u"session"_s).toObject().value(u"access_token"_s).toString().toLatin1();
    QVERIFY(!adminToken.isEmpty());
    const QString adminId = accepted.object().value(u"user_id"_s).toString();
    QCOMPARE(m_client->post(u"/api/team/invitations/%1/accept"_s.arg(token), {{u"password"_s, apiPassword()}}).status,
             404);

    m_client->setToken(owner.accessToken);
    ApiReply members = m_client->get(u"/api/team/members"_s);
    QCOMPARE(members.status, 200);
    expectSchema(members, Schema::array(Schema::ref(u"TeamMember"_s)));
    QCOMPARE(members.array().size(), 2);
    QCOMPARE(members.array().first().toObject().value(u"role"_s).toString(), u"owner"_s);
    QCOMPARE(members.array().last().toObject().value(u"full_name"_s).toString(), u"Ada Admin"_s);
    QCOMPARE(members.header("x-total-count"), "2");

    ApiReply stats = m_client->get(u"/api/team/stats"_s);
    QCOMPARE(stats.status, 200);
    expectSchema(stats, u"TeamStats"_s);
    QCOMPARE(stats.object().value(u"total_members"_s).toInt(), 2);
    QCOMPARE(stats.object().value(u"pending_invitations"_s).toInt(), 2);
    QCOMPARE(stats.object().value(u"roles_breakdown"_s).toObject().value(u"admin"_s).toInt(), 1);

    // Role change: only the owner revokes admin.
    const ApiAccount member = joinTeam(*m_client, owner, u"member@lifecycle.test"_s, u"member"_s);
    m_client->setToken(adminToken);
    ApiReply adminPromotes = m_client->put(u"/api/team/members/%1/role"_s.arg(member.userId), {{u"role"_s, u"admin"_s}});
    QCOMPARE(adminPromotes.status, 403);
    m_client->setToken(owner.accessToken);
    ApiReply promoted = m_client->put(u"/api/team/members/%1/role"_s.arg(member.userId), {{u"role"_s, u"admin"_s}});
    QCOMPARE(promoted.status, 200);
    QCOMPARE(promoted.object().value(u"message"_s).toString(), u"Role updated successfully"_s);
    QCOMPARE(promoted.object().value(u"member"_s).toObject().value(u"role"_s).toString(), u"admin"_s);
    ApiReply toOwner = m_client->put(u"/api/team/members/%1/role"_s.arg(member.userId), {{u"role"_s, u"owner"_s}});
    QCOMPARE(toOwner.status, 422);
    ApiReply ownersRole = m_client->put(u"/api/team/members/%1/role"_s.arg(owner.userId), {{u"role"_s, u"member"_s}});
    QCOMPARE(ownersRole.status, 400);
    QCOMPARE(ownersRole.detail(), u"Cannot change owner role"_s);

    // Removal: the owner cannot be removed; the removed member's token dies at once.
    m_client->setToken(adminToken);
    ApiReply removeOwner = m_client->del(u"/api/team/members/%1"_s.arg(owner.userId));
    QCOMPARE(removeOwner.status, 400);
    QCOMPARE(removeOwner.detail(), u"Cannot remove organization owner"_s);
    m_client->setToken(owner.accessToken);
    ApiReply removed = m_client->del(u"/api/team/members/%1"_s.arg(member.userId));
    QCOMPARE(removed.status, 200);
    QCOMPARE(removed.object().value(u"message"_s).toString(), u"Team member removed successfully"_s);
    m_client->setToken(member.accessToken);
    QCOMPARE(m_client->get(u"/api/team/members"_s).status, 401);

    // Revoke a pending invitation; the second revoke finds nothing.
    m_client->setToken(owner.accessToken);
    const QString viewerId = viewer.object().value(u"id"_s).toString();
    ApiReply revoked = m_client->del(u"/api/team/invitations/%1"_s.arg(viewerId));
    QCOMPARE(revoked.status, 200);
    QCOMPARE(revoked.object().value(u"message"_s).toString(), u"Invitation revoked successfully"_s);
    QCOMPARE(m_client->del(u"/api/team/invitations/%1"_s.arg(viewerId)).status, 404);
    // Resend issues a new link.
    const QString editorId = editor.object().value(u"id"_s).toString();
    ApiReply resent = m_client->post(u"/api/team/invitations/%1/resend"_s.arg(editorId), {});
    QCOMPARE(resent.status, 200);
    QVERIFY(!resent.object().value(u"invitation_token"_s).toString().isEmpty());
    QCOMPARE(m_client->get(u"/api/team/invitations"_s).array().size(), 1);
    // The admin leaves on their own.
    m_client->setToken(adminToken);
    QCOMPARE(m_client->del(u"/api/team/members/%1"_s.arg(adminId)).status, 200);
    m_client->setToken({});
}

void tst_ApiFlows::acceptInvitationAliasAndPreview()
{
    m_client->setToken({});
    const ApiAccount owner = registerAccount(*m_client, u"owner@alias.test"_s, u"Alias Org"_s);
    const ApiAccount existing = registerAccount(*m_client, u"existing@alias.test"_s);
    m_client->setToken(owner.accessToken);
    const QString first = m_client->post(u"/api/team/invite"_s, {{u"email"_s, u"existing@alias.test"_s},
                                                                {u"role"_s, u"member"_s}})
                              .object()
                              .value(u"invitation_token"_s)
                              .toString();
    m_client->setToken({});
    ApiReply preview = m_client->post(u"/api/team/invitations/preview"_s, {{u"token"_s, first}});
    QCOMPARE(preview.status, 200);
    QCOMPARE(preview.object().value(u"organization_name"_s).toString(), u"Alias Org"_s);
    QVERIFY(preview.object().value(u"account_exists"_s).toBool());
    QCOMPARE(m_client->post(u"/api/team/invitations/preview"_s, {{u"token"_s, u"nope"_s}}).status, 404);

    // Without credentials nobody joins.
    QCOMPARE(m_client->post(u"/api/team/accept-invitation"_s, {{u"invitation_token"_s, first}}).status, 401);
    // A signed-in user with another address cannot take it.
    m_client->setToken(owner.accessToken);
    QCOMPARE(m_client->post(u"/api/team/accept-invitation"_s, {{u"invitation_token"_s, first}}).status, 403);
    // The invited account, signed in, accepts through the alias.
    m_client->setToken(existing.accessToken);
    ApiReply accepted = m_client->post(u"/api/team/accept-invitation"_s, {{u"invitation_token"_s, first}});
    QCOMPARE(accepted.status, 200);
    QVERIFY(accepted.object().value(u"session"_s).isNull());
    QCOMPARE(accepted.object().value(u"organization_id"_s).toString(), owner.organizationId);
    ApiReply orgs = m_client->get(u"/api/auth/organizations"_s);
    QCOMPARE(orgs.array().size(), 2);
    ApiReply switched = m_client->post(u"/api/auth/switch-organization"_s, {{u"organization_id"_s, owner.organizationId}});
    QCOMPARE(switched.status, 200);
    QCOMPARE(switched.object().value(u"organization"_s).toObject().value(u"role"_s).toString(), u"member"_s);
    // Both names of the token at once are refused.
    m_client->setToken({});
    ApiReply twoNames = m_client->post(u"/api/team/accept-invitation"_s,
                                       {{u"invitation_token"_s, first}, {u"token"_s, first}});
    QCOMPARE(twoNames.status, 422);
}

void tst_ApiFlows::memberListingForms()
{
    m_client->setToken({});
    const ApiAccount owner = registerAccount(*m_client, u"owner@listing.test"_s);
    for (int i = 0; i < 7; ++i)
        joinTeam(*m_client, owner, u"member%1@listing.test"_s.arg(i), u"member"_s);
    m_client->setToken(owner.accessToken);
    ApiReply bare = m_client->get(u"/api/team/members"_s);
    QCOMPARE(bare.array().size(), 8);
    ApiReply page = m_client->get(u"/api/team/members?page=2&per_page=3"_s);
    QCOMPARE(page.status, 200);
    expectSchema(page, u"MemberPage"_s);
    QCOMPARE(page.object().value(u"total"_s).toInt(), 8);
    QCOMPARE(page.object().value(u"pages"_s).toInt(), 3);
    QCOMPARE(page.object().value(u"members"_s).toArray().size(), 3);
    QCOMPARE(page.object().value(u"members"_s).toArray().first(), bare.array().at(3));
    ApiReply beyond = m_client->get(u"/api/team/members?page=50&per_page=3"_s);
    QCOMPARE(beyond.object().value(u"members"_s).toArray().size(), 0);
    QCOMPARE(beyond.object().value(u"total"_s).toInt(), 8);
    ApiReply search = m_client->get(u"/api/team/members?search=MEMBER3"_s);
    QCOMPARE(search.array().size(), 1);
    ApiReply sorted = m_client->get(u"/api/team/members?sort=email&order=desc"_s);
    QCOMPARE(sorted.array().first().toObject().value(u"email"_s).toString(), u"owner@listing.test"_s);
    for (const QString &bad : {u"?page=0"_s, u"?per_page=101"_s, u"?page=abc"_s, u"?page=1.5"_s,
                               u"?sort=password_hash"_s, u"?role=king"_s, u"?order=sideways"_s,
                               u"?page=99999999999999999999"_s}) {
        ApiReply refused = m_client->get(u"/api/team/members"_s + bad);
        QVERIFY2(refused.status == 422, qPrintable(bad));
        QCOMPARE(refused.object().value(u"detail"_s).toArray().first().toObject().value(u"loc"_s).toArray().first()
                     .toString(),
                 u"query"_s);
    }
    m_client->setToken({});
}

void tst_ApiFlows::apiKeysWorkAsCredentials()
{
    m_client->setToken({});
    const ApiAccount owner = registerAccount(*m_client, u"owner@keys.test"_s);
    m_client->setToken(owner.accessToken);
    ApiReply created = m_client->post(u"/api/settings/api-keys"_s,
                                      {{u"name"_s, u"Reporting"_s}, {u"expires_in_days"_s, 30}});
    QCOMPARE(created.status, 200);
    expectSchema(created, u"APIKey"_s);
    const QString secret = created.object().value(u"full_key"_s).toString();
    QVERIFY(secret.startsWith(u"vami_"_s));
    QCOMPARE(secret.size(), 48);
    ApiReply list = m_client->get(u"/api/settings/api-keys"_s);
    QCOMPARE(list.array().size(), 1);
    QVERIFY(list.array().first().toObject().value(u"full_key"_s).isNull());
    QVERIFY(!list.body.contains(secret.toUtf8()));

    ApiReply scoped = m_client->post(u"/api/settings/api-keys"_s,
                                     {{u"name"_s, u"Read"_s},
                                      {u"expires_at"_s, u"2999-01-01T00:00:00Z"_s},
                                      {u"permissions"_s, QJsonArray{u"view_analytics"_s}}});
    QCOMPARE(scoped.status, 422); // more than 10 years away
    scoped = m_client->post(u"/api/settings/api-keys"_s,
                            {{u"name"_s, u"Read"_s}, {u"permissions"_s, QJsonArray{u"view_analytics"_s}}});
    QCOMPARE(scoped.status, 200);
    const QString readOnly = scoped.object().value(u"full_key"_s).toString();

    // Bearer and X-API-Key both work.
    m_client->setToken(secret.toLatin1());
    QCOMPARE(m_client->get(u"/api/team/members"_s).status, 200);
    QCOMPARE(m_client->get(u"/api/auth/me"_s).object().value(u"email"_s).toString(), u"owner@keys.test"_s);
    QCOMPARE(m_client->post(u"/api/settings/api-keys"_s, {{u"name"_s, u"nested"_s}}).status, 403);
    m_client->setToken({});
    m_client->setHeader("X-API-Key", readOnly.toLatin1());
    QCOMPARE(m_client->get(u"/api/team/members"_s).status, 200);
    ApiReply forbidden = m_client->post(u"/api/team/invite"_s, {{u"email"_s, u"x@keys.test"_s}, {u"role"_s, u"member"_s}});
    QCOMPARE(forbidden.status, 403);
    m_client->clearHeaders();

    m_client->setToken(owner.accessToken);
    const QString id = created.object().value(u"id"_s).toString();
    ApiReply revoked = m_client->del(u"/api/settings/api-keys/%1"_s.arg(id));
    QCOMPARE(revoked.status, 200);
    QCOMPARE(revoked.object().value(u"message"_s).toString(), u"API key deleted successfully"_s);
    QCOMPARE(m_client->del(u"/api/settings/api-keys/%1"_s.arg(id)).status, 404);
    m_client->setToken(secret.toLatin1());
    QCOMPARE(m_client->get(u"/api/team/members"_s).status, 401);
    m_client->setToken({});
}

void tst_ApiFlows::permissionMatrixIsPublic()
{
    m_client->setToken({});
    ApiReply matrix = m_client->get(u"/api/team/permissions"_s);
    QCOMPARE(matrix.status, 200);
    expectSchema(matrix, u"PermissionMatrix"_s);
    const QJsonArray rows = matrix.object().value(u"permissions"_s).toArray();
    // The original's seven actions in their order, then the read actions added since.
    QCOMPARE(rows.size(), 10);
    QCOMPARE(rows.first().toObject().value(u"action"_s).toString(), u"manage_team"_s);
    QCOMPARE(rows.at(7).toObject().value(u"action"_s).toString(), u"view_team"_s);
    QCOMPARE(rows.at(8).toObject().value(u"action"_s).toString(), u"view_agents"_s);
    QCOMPARE(rows.last().toObject().value(u"action"_s).toString(), u"view_calls"_s);
    QCOMPARE(rows.last().toObject().value(u"allowed_roles"_s).toArray(),
             (QJsonArray{u"owner"_s, u"admin"_s, u"member"_s}));
    QCOMPARE(rows.first().toObject().value(u"allowed_roles"_s).toArray(), (QJsonArray{u"owner"_s, u"admin"_s}));
    QCOMPARE(rows.first().toObject().value(u"description"_s).toString(),
             u"Invite, remove, and manage team members"_s);
}

QTEST_GUILESS_MAIN(tst_ApiFlows)
#include "tst_api_flows.moc"
