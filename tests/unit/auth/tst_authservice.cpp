#include "testbackend.h"

#include "auth/apikeyservice.h"
#include "auth/authservice.h"
#include "core/random.h"
#include "storage/database.h"
#include "team/teamservice.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

namespace {

const QString GoodPassword = u"Correct-Horse7!"_s;

ClientInfo client(const QString &address = u"198.51.100.7"_s)
{
    return ClientInfo{address, u"tst_authservice"_s, u"req-1"_s};
}

} // namespace

class tst_AuthService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void registerCreatesAccountOrganizationAndOwner();
    void registerRefusesDuplicatesIgnoringCase();
    void registerValidatesInput_data();
    void registerValidatesInput();
    void loginAndWrongPasswords();
    void attackerCannotLockTheOwnerOut();
    void distributedGuessingSlowsOnlyTheGuessers();
    void refreshRotatesAndReuseEndsTheSession();
    void refreshExpiresWhenIdle();
    void reuseWhoseRevocationFailsIsAnError();
    void logoutEndsTheSessionAtOnce();
    void tokenVersionMustMatch();
    void apiKeysAuthenticateUntilRevokedOrExpired();
    void apiKeyRulesAndScopes();
    void apiKeysAreSeenByOwnerOrAdminOnly();
    void organizationsAndSwitching();

private:
    SignedIn registerUser(const QString &email, const QString &company = {});
    Actor actorOf(const SignedIn &s);
    std::unique_ptr<TestBackend> m_backend;
};

void tst_AuthService::init()
{
    TestBackend::Options options;
    options.manualClock = true;
    m_backend = std::make_unique<TestBackend>(options);
    QVERIFY2(m_backend->isValid(), qPrintable(m_backend->error()));
}

void tst_AuthService::cleanup()
{
    m_backend.reset();
}

SignedIn tst_AuthService::registerUser(const QString &email, const QString &company)
{
    RegisterInput input;
    input.email = email;
    input.password = GoodPassword;
    input.companyName = company;
    auto s = m_backend->backend().service<AuthService>().registerAccount(input, client());
    if (!s)
        qWarning() << s.error().message() << s.error().diagnostic();
    return s.value_or(SignedIn{});
}

Actor tst_AuthService::actorOf(const SignedIn &s)
{
    auto a = m_backend->backend().service<AuthService>().authenticateSession(
        SessionRef{s.sessionId, s.user.id, s.organization.id, s.user.tokenVersion}, client());
    return a.value_or(Actor{});
}

void tst_AuthService::registerCreatesAccountOrganizationAndOwner()
{
    const SignedIn s = registerUser(u"  Ada@Example.COM "_s, u"Analytical Engines"_s);
    QVERIFY(!s.user.id.isNull());
    QCOMPARE(s.user.email, u"ada@example.com"_s);
    QCOMPARE(s.organization.name, u"Analytical Engines"_s);
    QCOMPARE(s.organization.ownerId, s.user.id);
    QCOMPARE(s.role, Role::Owner);
    QCOMPARE(s.user.plan, u"starter_trial"_s);
    QCOMPARE(s.refreshToken.size(), 43);
    const Actor actor = actorOf(s);
    QCOMPARE(actor.userId, s.user.id);
    QCOMPARE(actor.role, Role::Owner);
    QCOMPARE(actor.email, u"ada@example.com"_s);
    // The password is stored as a scrypt hash, never in clear.
    auto stored = m_backend->backend().database().exec(u"SELECT password_hash FROM users"_s);
    QVERIFY(stored && stored->next());
    QVERIFY(stored->text(0).startsWith(u"$scrypt$"_s));
    QVERIFY(!stored->text(0).contains(GoodPassword));
    // Without a company the organization is named after the address.
    const SignedIn t = registerUser(u"solo@example.com"_s);
    QCOMPARE(t.organization.name, u"solo@example.com"_s);
}

void tst_AuthService::registerRefusesDuplicatesIgnoringCase()
{
    registerUser(u"grace@example.com"_s);
    RegisterInput again{u"GRACE@example.com"_s, GoodPassword, {}, {}, u"starter_trial"_s};
    auto refused = m_backend->backend().service<AuthService>().registerAccount(again, client());
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind(), ErrorKind::Rejected);
    QCOMPARE(refused.error().message(), u"Registration failed: email already registered"_s);
    auto users = m_backend->backend().database().exec(u"SELECT COUNT(*) FROM users"_s);
    QVERIFY(users && users->next());
    QCOMPARE(users->integer(0), 1);
}

void tst_AuthService::registerValidatesInput_data()
{
    QTest::addColumn<QString>("email");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("company");
    QTest::addColumn<QString>("plan");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("message");
    const QString ok = u"ok@example.com"_s;
    QTest::newRow("no at") << u"not-an-address"_s << GoodPassword << QString() << QString() << u"email"_s
                           << u"value is not a valid email address"_s;
    QTest::newRow("empty email") << QString() << GoodPassword << QString() << QString() << u"email"_s
                                 << u"Field required"_s;
    QTest::newRow("short") << ok << u"Ab1!"_s << QString() << QString() << u"password"_s
                           << u"Password must be at least 8 characters long"_s;
    QTest::newRow("no upper") << ok << u"lowercase1!"_s << QString() << QString() << u"password"_s
                              << u"Password must contain at least one uppercase letter"_s;
    QTest::newRow("no lower") << ok << u"UPPERCASE1!"_s << QString() << QString() << u"password"_s
                              << u"Password must contain at least one lowercase letter"_s;
    QTest::newRow("no digit") << ok << u"NoDigits!!"_s << QString() << QString() << u"password"_s
                              << u"Password must contain at least one digit"_s;
    QTest::newRow("no special") << ok << u"NoSpecial12"_s << QString() << QString() << u"password"_s
                                << u"Password must contain at least one special character"_s;
    QTest::newRow("too long") << ok << (u"Aa1!"_s + QString(1100, u'x')) << QString() << QString() << u"password"_s
                              << u"Password must be at most 1024 bytes long"_s;
    QTest::newRow("company too long") << ok << GoodPassword << QString(256, u'c') << QString() << u"company_name"_s
                                      << u"String should have at most 255 characters"_s;
    QTest::newRow("unknown plan") << ok << GoodPassword << QString() << u"gold"_s << u"plan"_s
                                  << u"Input should be 'starter_trial', 'basic', 'professional', 'premium' or 'custom'"_s;
}

void tst_AuthService::registerValidatesInput()
{
    QFETCH(QString, email);
    QFETCH(QString, password);
    QFETCH(QString, company);
    QFETCH(QString, plan);
    QFETCH(QString, field);
    QFETCH(QString, message);
    RegisterInput input{email, password, {}, company, plan};
    auto refused = m_backend->backend().service<AuthService>().registerAccount(input, client());
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind(), ErrorKind::Validation);
    QVERIFY(!refused.error().fields().isEmpty());
    QCOMPARE(refused.error().fields().first().field, field);
    QCOMPARE(refused.error().fields().first().text(), message);
    auto users = m_backend->backend().database().exec(u"SELECT COUNT(*) FROM users"_s);
    QVERIFY(users && users->next());
    QCOMPARE(users->integer(0), 0);
}

void tst_AuthService::loginAndWrongPasswords()
{
    const SignedIn s = registerUser(u"linus@example.com"_s);
    AuthService &auth = m_backend->backend().service<AuthService>();
    auto in = auth.login(LoginInput{u"LINUS@example.com"_s, GoodPassword, {}}, client());
    QVERIFY(in);
    QCOMPARE(in->user.id, s.user.id);
    QCOMPARE(in->organization.id, s.organization.id);
    QVERIFY(in->sessionId != s.sessionId);
    for (const LoginInput &bad : {LoginInput{u"linus@example.com"_s, u"Wrong-Password1"_s, {}},
                                  LoginInput{u"nobody@example.com"_s, GoodPassword, {}}}) {
        auto refused = auth.login(bad, client());
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind(), ErrorKind::Unauthorized);
        QCOMPARE(refused.error().message(), u"Invalid email or password"_s);
    }
    auto empty = auth.login(LoginInput{u"linus@example.com"_s, QString(), {}}, client());
    QVERIFY(!empty);
    QCOMPARE(empty.error().kind(), ErrorKind::Validation);
}

void tst_AuthService::attackerCannotLockTheOwnerOut()
{
    registerUser(u"target@example.com"_s);
    AuthService &auth = m_backend->backend().service<AuthService>();
    const ClientInfo attacker = client(u"203.0.113.66"_s);
    // 100 wrong passwords from one address, each sent as soon as it is allowed.
    QList<int> waits;
    int guesses = 0;
    while (guesses < 100) {
        auto r = auth.login(LoginInput{u"target@example.com"_s, u"Guess-Number%1!"_s.arg(guesses), {}}, attacker);
        QVERIFY(!r);
        if (r.error().kind() == ErrorKind::RateLimited) {
            waits.append(r.error().retryAfterSeconds());
            m_backend->clock().advanceSeconds(r.error().retryAfterSeconds());
            continue;
        }
        QCOMPARE(r.error().kind(), ErrorKind::Unauthorized);
        ++guesses;
    }
    // The attacker's delays grew: 1, 2, 4, ... up to 15 minutes.
    QVERIFY(waits.size() >= 90);
    QCOMPARE(waits.first(), 1);
    for (qsizetype i = 1; i < waits.size(); ++i)
        QVERIFY(waits.at(i) >= waits.at(i - 1));
    QCOMPARE(waits.last(), 900);
    // Even the right password waits on the attacker's address ...
    auto held = auth.login(LoginInput{u"target@example.com"_s, GoodPassword, {}}, attacker);
    QVERIFY(!held);
    QCOMPARE(held.error().kind(), ErrorKind::RateLimited);
    // ... while the owner signs in at once from theirs.
    QVERIFY(auth.login(LoginInput{u"target@example.com"_s, GoodPassword, {}}, client(u"192.0.2.1"_s)));

    // A burst that does not wait is refused without checking, and keeps nobody out either.
    for (int i = 0; i < 100; ++i)
        (void)auth.login(LoginInput{u"target@example.com"_s, u"Burst-Guess%1!"_s.arg(i), {}}, client(u"198.51.100.99"_s));
    QVERIFY(auth.login(LoginInput{u"target@example.com"_s, GoodPassword, {}}, client(u"192.0.2.1"_s)));
    QVERIFY(auth.login(LoginInput{u"target@example.com"_s, GoodPassword, {}}, client(u"192.0.2.200"_s)));
}

void tst_AuthService::distributedGuessingSlowsOnlyTheGuessers()
{
    registerUser(u"target@example.com"_s);
    registerUser(u"bystander@example.com"_s);
    AuthService &auth = m_backend->backend().service<AuthService>();
    QVERIFY(auth.login(LoginInput{u"target@example.com"_s, GoodPassword, {}}, client(u"192.0.2.1"_s)));
    // 60 addresses, one wrong password each: the account's budget (50) is spent.
    for (int i = 0; i < 60; ++i) {
        auto r = auth.login(LoginInput{u"target@example.com"_s, u"Guess-Number%1!"_s.arg(i), {}},
                            client(u"203.0.113.%1"_s.arg(i)));
        QCOMPARE(r.error().kind(), ErrorKind::Unauthorized);
    }
    auto refused = auth.login(LoginInput{u"target@example.com"_s, u"Guess-Again1!"_s, {}}, client(u"203.0.113.5"_s));
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind(), ErrorKind::RateLimited);
    QVERIFY(refused.error().retryAfterSeconds() <= 900);
    // The owner's known address and a new one both get in; other accounts are untouched.
    QVERIFY(auth.login(LoginInput{u"target@example.com"_s, GoodPassword, {}}, client(u"192.0.2.1"_s)));
    QVERIFY(auth.login(LoginInput{u"target@example.com"_s, GoodPassword, {}}, client(u"192.0.2.2"_s)));
    QVERIFY(auth.login(LoginInput{u"bystander@example.com"_s, GoodPassword, {}}, client(u"203.0.113.5"_s)));
    // The window passes.
    m_backend->clock().advanceSeconds(901);
    QVERIFY(auth.login(LoginInput{u"target@example.com"_s, GoodPassword, {}}, client(u"203.0.113.5"_s)));
}

void tst_AuthService::refreshRotatesAndReuseEndsTheSession()
{
    const SignedIn s = registerUser(u"rotate@example.com"_s);
    AuthService &auth = m_backend->backend().service<AuthService>();
    auto second = auth.refresh(s.refreshToken, client());
    QVERIFY(second);
    QCOMPARE(second->sessionId, s.sessionId);
    QVERIFY(second->refreshToken != s.refreshToken);
    auto third = auth.refresh(second->refreshToken, client());
    QVERIFY(third);
    // A copy of a used token comes back: the whole session ends.
    auto reuse = auth.refresh(s.refreshToken, client());
    QVERIFY(!reuse);
    QCOMPARE(reuse.error().kind(), ErrorKind::Unauthorized);
    auto latest = auth.refresh(third->refreshToken, client());
    QVERIFY(!latest);
    QVERIFY(!auth.authenticateSession(SessionRef{s.sessionId, s.user.id, s.organization.id, 0}, client()));
    QVERIFY(!auth.refresh(u"garbage"_s, client()));
    QVERIFY(!auth.refresh(QString(), client()));
    QVERIFY(!auth.refresh(QString(5000, u'a'), client()));
}

void tst_AuthService::reuseWhoseRevocationFailsIsAnError()
{
    const SignedIn s = registerUser(u"stuck@example.com"_s);
    AuthService &auth = m_backend->backend().service<AuthService>();
    auto second = auth.refresh(s.refreshToken, client());
    QVERIFY(second);
    // The database refuses to end the session (a trigger stands in for a failing
    // disk or connection): the reused token must not look like a mere bad token.
    Database &db = m_backend->backend().database();
    if (db.dialect() == Dialect::Sqlite) {
        QVERIFY(db.exec(u"CREATE TRIGGER refuse_revoke BEFORE UPDATE OF revoked_at ON sessions "
                        "BEGIN SELECT RAISE(ABORT, 'refused'); END"_s));
    } else {
        QVERIFY(db.exec(u"CREATE FUNCTION refuse_revoke() RETURNS trigger LANGUAGE plpgsql AS $$ "
                        "BEGIN RAISE EXCEPTION 'refused'; END $$"_s));
        QVERIFY(db.exec(u"CREATE TRIGGER refuse_revoke BEFORE UPDATE OF revoked_at ON sessions "
                        "FOR EACH ROW EXECUTE FUNCTION refuse_revoke()"_s));
    }
    auto reuse = auth.refresh(s.refreshToken, client());
    QVERIFY(!reuse);
    QCOMPARE(reuse.error().code(), u"auth.revoke_failed"_s);
    QCOMPARE(reuse.error().kind(), ErrorKind::Unavailable);
    // Once the database takes writes again, the same reuse ends the session.
    QVERIFY(db.exec(u"DROP TRIGGER refuse_revoke"_s + (db.dialect() == Dialect::Sqlite ? u""_s : u" ON sessions"_s)));
    auto again = auth.refresh(s.refreshToken, client());
    QVERIFY(!again);
    QCOMPARE(again.error().kind(), ErrorKind::Unauthorized);
    QVERIFY(!auth.authenticateSession(SessionRef{s.sessionId, s.user.id, s.organization.id, 0}, client()));
}

void tst_AuthService::refreshExpiresWhenIdle()
{
    const SignedIn s = registerUser(u"idle@example.com"_s);
    AuthService &auth = m_backend->backend().service<AuthService>();
    m_backend->clock().advanceSeconds(13 * 86400);
    auto kept = auth.refresh(s.refreshToken, client());
    QVERIFY(kept);
    m_backend->clock().advanceSeconds(15 * 86400);
    auto expired = auth.refresh(kept->refreshToken, client());
    QVERIFY(!expired);
    QCOMPARE(expired.error().kind(), ErrorKind::Unauthorized);
}

void tst_AuthService::logoutEndsTheSessionAtOnce()
{
    const SignedIn s = registerUser(u"bye@example.com"_s);
    AuthService &auth = m_backend->backend().service<AuthService>();
    const Actor actor = actorOf(s);
    QCOMPARE(actor.userId, s.user.id);
    QVERIFY(auth.logout(actor));
    QVERIFY(!auth.authenticateSession(SessionRef{s.sessionId, s.user.id, s.organization.id, 0}, client()));
    QVERIFY(!auth.refresh(s.refreshToken, client()));
}

void tst_AuthService::tokenVersionMustMatch()
{
    const SignedIn s = registerUser(u"version@example.com"_s);
    AuthService &auth = m_backend->backend().service<AuthService>();
    QVERIFY(auth.authenticateSession(SessionRef{s.sessionId, s.user.id, s.organization.id, 0}, client()));
    QVERIFY(!auth.authenticateSession(SessionRef{s.sessionId, s.user.id, s.organization.id, 1}, client()));
    // A session id of another user, or another organization, never matches.
    const SignedIn other = registerUser(u"other@example.com"_s);
    QVERIFY(!auth.authenticateSession(SessionRef{s.sessionId, other.user.id, s.organization.id, 0}, client()));
    QVERIFY(!auth.authenticateSession(SessionRef{s.sessionId, s.user.id, other.organization.id, 0}, client()));
}

void tst_AuthService::apiKeysAuthenticateUntilRevokedOrExpired()
{
    const SignedIn s = registerUser(u"keys@example.com"_s);
    const Actor owner = actorOf(s);
    ApiKeyService &keys = m_backend->backend().service<ApiKeyService>();
    AuthService &auth = m_backend->backend().service<AuthService>();
    ApiKeyInput input;
    input.name = u"CI"_s;
    input.expiresInDays = 30;
    auto created = keys.create(owner, input);
    QVERIFY(created);
    QVERIFY(created->secret.startsWith(u"vami_"_s));
    QCOMPARE(created->secret.size(), 48);
    QCOMPARE(created->key.keyPreview, created->secret.left(8) + u"..."_s + created->secret.right(4));
    auto stored = m_backend->backend().database().exec(u"SELECT key_hash FROM api_keys"_s);
    QVERIFY(stored && stored->next());
    QCOMPARE(stored->text(0), sha256Hex(created->secret.toUtf8()));

    auto actor = auth.authenticateApiKey(created->secret, client());
    QVERIFY(actor);
    QVERIFY(actor->isApiKey());
    QCOMPARE(actor->userId, s.user.id);
    QCOMPARE(actor->role, Role::Owner);
    QVERIFY(!actor->keyScopes);

    QVERIFY(!auth.authenticateApiKey(created->secret.left(47) + u'x', client()));
    QVERIFY(!auth.authenticateApiKey(u"vami_short"_s, client()));

    m_backend->clock().advanceSeconds(31 * 86400);
    auto expired = auth.authenticateApiKey(created->secret, client());
    QVERIFY(!expired);
    QCOMPARE(expired.error().code(), u"auth.key_expired"_s);

    auto second = keys.create(owner, ApiKeyInput{u"second"_s, {}, std::nullopt, {}, std::nullopt});
    QVERIFY(second);
    QVERIFY(auth.authenticateApiKey(second->secret, client()));
    QVERIFY(keys.revoke(owner, second->key.id));
    QVERIFY(!auth.authenticateApiKey(second->secret, client()));
    auto again = keys.revoke(owner, second->key.id);
    QVERIFY(!again);
    QCOMPARE(again.error().kind(), ErrorKind::NotFound);
}

void tst_AuthService::apiKeyRulesAndScopes()
{
    const SignedIn s = registerUser(u"scopes@example.com"_s);
    const Actor owner = actorOf(s);
    ApiKeyService &keys = m_backend->backend().service<ApiKeyService>();
    ApiKeyInput scoped;
    scoped.name = u"read only"_s;
    scoped.permissions = QStringList{u"view_analytics"_s, u"view_analytics"_s};
    auto created = keys.create(owner, scoped);
    QVERIFY(created);
    QVERIFY(created->key.permissions);
    QCOMPARE(created->key.permissions->size(), 1);
    auto keyActor = m_backend->backend().service<AuthService>().authenticateApiKey(created->secret, client());
    QVERIFY(keyActor);
    QVERIFY(keyActor->keyScopes);
    // The scoped key may read the team but not manage it: view_analytics, which the
    // original published for every read, still allows the team's own read action.
    QVERIFY(m_backend->backend().service<TeamService>().listMembers(*keyActor, MemberQuery{}));
    ApiKeyInput teamOnly;
    teamOnly.name = u"team reader"_s;
    teamOnly.permissions = QStringList{u"view_team"_s};
    auto teamKey = keys.create(owner, teamOnly);
    QVERIFY(teamKey);
    auto teamActor = m_backend->backend().service<AuthService>().authenticateApiKey(teamKey->secret, client());
    QVERIFY(teamActor);
    QVERIFY(m_backend->backend().service<TeamService>().listMembers(*teamActor, MemberQuery{}));
    QCOMPARE(m_backend->backend().service<TeamService>().invite(*teamActor, InviteInput{u"y@example.com"_s, Role::Member, {}})
                 .error()
                 .kind(),
             ErrorKind::Forbidden);
    auto invite = m_backend->backend().service<TeamService>().invite(*keyActor, InviteInput{u"x@example.com"_s, Role::Member, {}});
    QVERIFY(!invite);
    QCOMPARE(invite.error().kind(), ErrorKind::Forbidden);
    // A key cannot create keys.
    auto nested = keys.create(*keyActor, ApiKeyInput{u"nested"_s, {}, std::nullopt, {}, std::nullopt});
    QVERIFY(!nested);
    QCOMPARE(nested.error().kind(), ErrorKind::Forbidden);

    struct Bad
    {
        ApiKeyInput input;
        QString field;
    };
    const QList<Bad> bad = {
        {ApiKeyInput{QString(), {}, std::nullopt, {}, std::nullopt}, u"name"_s},
        {ApiKeyInput{u"   "_s, {}, std::nullopt, {}, std::nullopt}, u"name"_s},
        {ApiKeyInput{u"x"_s, {}, 0, {}, std::nullopt}, u"expires_in_days"_s},
        {ApiKeyInput{u"x"_s, {}, 3651, {}, std::nullopt}, u"expires_in_days"_s},
        {ApiKeyInput{u"x"_s, {}, std::nullopt, m_backend->clock().now().addSecs(-5), std::nullopt}, u"expires_at"_s},
        {ApiKeyInput{u"x"_s, {}, 5, m_backend->clock().now().addDays(5), std::nullopt}, u"expires_at"_s},
        {ApiKeyInput{u"x"_s, {}, std::nullopt, {}, QStringList{u"root"_s}}, u"permissions.0"_s},
    };
    for (const Bad &b : bad) {
        auto refused = keys.create(owner, b.input);
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind(), ErrorKind::Validation);
        QCOMPARE(refused.error().fields().first().field, b.field);
    }
}

void tst_AuthService::apiKeysAreSeenByOwnerOrAdminOnly()
{
    const SignedIn s = registerUser(u"boss@example.com"_s);
    const Actor owner = actorOf(s);
    TeamService &team = m_backend->backend().service<TeamService>();
    auto invitation = team.invite(owner, InviteInput{u"worker@example.com"_s, Role::Member, {}});
    QVERIFY(invitation);
    AcceptCredentials credentials;
    credentials.password = GoodPassword;
    auto accepted = team.acceptInvitation(invitation->token, credentials, client());
    QVERIFY(accepted);
    const Actor member = actorOf(*accepted->signedIn);
    QCOMPARE(member.role, Role::Member);

    ApiKeyService &keys = m_backend->backend().service<ApiKeyService>();
    auto ownerKey = keys.create(owner, ApiKeyInput{u"owner key"_s, {}, std::nullopt, {}, std::nullopt});
    auto memberKey = keys.create(member, ApiKeyInput{u"member key"_s, {}, std::nullopt, {}, std::nullopt});
    QVERIFY(ownerKey && memberKey);
    QCOMPARE(keys.list(owner)->size(), 2);
    QCOMPARE(keys.list(member)->size(), 1);
    QCOMPARE(keys.list(member)->first().id, memberKey->key.id);
    // A member cannot see or revoke someone else's key: it does not exist for them.
    auto refused = keys.revoke(member, ownerKey->key.id);
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind(), ErrorKind::NotFound);
    // A member cannot grant a permission their role lacks.
    ApiKeyInput escalate{u"escalate"_s, {}, std::nullopt, {}, QStringList{u"manage_team"_s}};
    auto escalated = keys.create(member, escalate);
    QVERIFY(!escalated);
    QCOMPARE(escalated.error().kind(), ErrorKind::Validation);
    // The owner revokes the member's key.
    QVERIFY(keys.revoke(owner, memberKey->key.id));
    QVERIFY(!m_backend->backend().service<AuthService>().authenticateApiKey(memberKey->secret, client()));
}

void tst_AuthService::organizationsAndSwitching()
{
    const SignedIn a = registerUser(u"alice@example.com"_s, u"Alpha"_s);
    const SignedIn b = registerUser(u"bob@example.com"_s, u"Beta"_s);
    TeamService &team = m_backend->backend().service<TeamService>();
    auto invitation = team.invite(actorOf(b), InviteInput{u"alice@example.com"_s, Role::Admin, {}});
    QVERIFY(invitation);
    const Actor alice = actorOf(a);
    AcceptCredentials signedIn;
    signedIn.actor = alice;
    auto accepted = team.acceptInvitation(invitation->token, signedIn, client());
    QVERIFY(accepted);
    QVERIFY(!accepted->signedIn);
    AuthService &auth = m_backend->backend().service<AuthService>();
    auto orgs = auth.organizations(alice);
    QVERIFY(orgs);
    QCOMPARE(orgs->size(), 2);
    auto switched = auth.switchOrganization(alice, b.organization.id, client());
    QVERIFY(switched);
    QCOMPARE(switched->organization.id, b.organization.id);
    QCOMPARE(switched->role, Role::Admin);
    // The old session ended; the next sign-in lands in the last organization used.
    QVERIFY(!auth.authenticateSession(SessionRef{a.sessionId, a.user.id, a.organization.id, 0}, client()));
    auto next = auth.login(LoginInput{u"alice@example.com"_s, GoodPassword, {}}, client());
    QVERIFY(next);
    QCOMPARE(next->organization.id, b.organization.id);
    auto explicitOrg = auth.login(LoginInput{u"alice@example.com"_s, GoodPassword, a.organization.id}, client());
    QVERIFY(explicitOrg);
    QCOMPARE(explicitOrg->organization.id, a.organization.id);
    // Not a member of a third organization.
    const SignedIn c = registerUser(u"carol@example.com"_s);
    auto refused = auth.switchOrganization(actorOf(*next), c.organization.id, client());
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind(), ErrorKind::NotFound);
}

QTEST_GUILESS_MAIN(tst_AuthService)
#include "tst_authservice.moc"
