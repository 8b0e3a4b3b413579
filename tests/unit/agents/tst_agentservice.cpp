// AgentService on SQLite and PostgreSQL: creation from templates and by hand,
// validation, updates, listing, tokens, and who may see or change what.

#include "testbackend.h"

#include "agents/agenterrors.h"
#include "agents/agentlimits.h"
#include "agents/agentservice.h"
#include "agents/agenttemplates.h"
#include "auth/authservice.h"
#include "core/ids.h"
#include "core/random.h"
#include "storage/database.h"
#include "team/teamservice.h"

#include <QtTest>

Q_DECLARE_METATYPE(vami::CreateAgentInput)
Q_DECLARE_METATYPE(vami::AgentQuery)

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

namespace {

const QString Password = u"Agent-Smith42!"_s;

ClientInfo client()
{
    return ClientInfo{u"192.0.2.20"_s, u"tst_agentservice"_s, u"req"_s};
}

CreateAgentInput named(const QString &name, const QString &templateKey = {})
{
    CreateAgentInput input;
    input.name = name;
    input.templateKey = templateKey;
    return input;
}

} // namespace

class tst_AgentService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void createsFromEachTemplate_data();
    void createsFromEachTemplate();
    void createsByHandWithTheDefaults();
    void explicitFieldsWinOverTheTemplate();
    void unknownTemplateIsRefused();
    void invalidInputWritesNothing_data();
    void invalidInputWritesNothing();
    void defaultAgentIsTheOldestActiveOne();
    void updatesChangeOnlyWhatIsGiven();
    void deletedAgentsAreHidden();
    void listFiltersAndPages();
    void listBoundsAreChecked_data();
    void listBoundsAreChecked();
    void tokenIsReadRegeneratedAndAuthenticated();
    void storedTokenIsHashedAndSealed();
    void anotherOrganizationFindsNothing();
    void memberMayReadButNotManage();
    void withoutSecretNoTokensAreIssued();

private:
    struct Person
    {
        SignedIn signedIn;
        Actor actor;
    };
    Person registerOwner(const QString &email);
    Person join(const Person &inviter, const QString &email, Role role);
    qint64 agentRows();
    AgentService &agents() { return m_backend->backend().service<AgentService>(); }
    std::unique_ptr<TestBackend> m_backend;
    Person m_owner;
};

void tst_AgentService::init()
{
    TestBackend::Options options;
    options.manualClock = true;
    m_backend = std::make_unique<TestBackend>(options);
    QVERIFY2(m_backend->isValid(), qPrintable(m_backend->error()));
    m_owner = registerOwner(u"owner@clinic.test"_s);
    QVERIFY(!m_owner.actor.organizationId.isNull());
}

void tst_AgentService::cleanup()
{
    m_backend.reset();
}

tst_AgentService::Person tst_AgentService::registerOwner(const QString &email)
{
    RegisterInput input;
    input.email = email;
    input.password = Password;
    input.companyName = email.section(u'@', 1);
    auto &auth = m_backend->backend().service<AuthService>();
    Person p;
    if (auto s = auth.registerAccount(input, client())) {
        p.signedIn = *s;
        p.actor = auth.authenticateSession(SessionRef{s->sessionId, s->user.id, s->organization.id, s->user.tokenVersion},
                                           client())
                      .value_or(Actor{});
    }
    return p;
}

tst_AgentService::Person tst_AgentService::join(const Person &inviter, const QString &email, Role role)
{
    auto &team = m_backend->backend().service<TeamService>();
    auto &auth = m_backend->backend().service<AuthService>();
    Person p;
    auto invitation = team.invite(inviter.actor, InviteInput{email, role, {}});
    if (!invitation)
        return p;
    AcceptCredentials credentials;
    credentials.password = Password;
    credentials.fullName = email.section(u'@', 0, 0);
    auto accepted = team.acceptInvitation(invitation->token, credentials, client());
    if (!accepted || !accepted->signedIn)
        return p;
    const SignedIn &s = *accepted->signedIn;
    p.signedIn = s;
    p.actor = auth.authenticateSession(SessionRef{s.sessionId, s.user.id, s.organization.id, s.user.tokenVersion},
                                       client())
                  .value_or(Actor{});
    return p;
}

qint64 tst_AgentService::agentRows()
{
    auto rows = m_backend->backend().database().exec(u"SELECT COUNT(*) FROM agents"_s);
    if (!rows || !rows->next())
        return -1;
    return rows->integer(0);
}

void tst_AgentService::createsFromEachTemplate_data()
{
    QTest::addColumn<QString>("key");
    for (const auto &[key, name] : EnumNames<AgentTemplateKey>::names)
        QTest::newRow(name.data()) << enumName(key);
}

void tst_AgentService::createsFromEachTemplate()
{
    QFETCH(QString, key);
    CreateAgentInput input = named(u"  Ava  "_s, key);
    input.businessName = u"Riverside Partners"_s;
    input.phoneNumber = u"+1 (212) 555-0101"_s;
    auto created = agents().create(m_owner.actor, input);
    QVERIFY2(created, qPrintable(created ? QString() : created.error().message()));
    const AgentTemplate &t = AgentTemplates::get(*parseEnum<AgentTemplateKey>(QStringView(key)));
    QCOMPARE(created->name, u"Ava"_s);
    QCOMPARE(created->templateKey.value(), t.key);
    QCOMPARE(created->voiceId, t.voiceId);
    QCOMPARE(created->prompt, AgentTemplates::fill(t, u"Ava"_s, input.businessName, input.phoneNumber).prompt);
    QVERIFY(created->prompt.contains(u"Riverside Partners"_s));
    QVERIFY(created->firstMessage.contains(u"Ava"_s));
    QVERIFY(!created->firstMessage.contains(u'{'));
    QCOMPARE(created->status, AgentStatus::Active);
    QCOMPARE(created->provider, AgentProvider::NotConfigured);
    QVERIFY(created->providerAgentId.isNull());
    QCOMPARE(created->language, u"en"_s);
    QCOMPARE(created->organizationId, m_owner.actor.organizationId);
    QCOMPARE(created->createdBy, m_owner.actor.userId);
    QCOMPARE(created->createdAt, m_backend->clock().now());

    auto read = agents().agent(m_owner.actor, created->id);
    QVERIFY(read);
    QCOMPARE(read->prompt, created->prompt);
    QCOMPARE(read->templateKey.value(), t.key);
    QCOMPARE(read->tokenPreview, created->tokenPreview);
}

void tst_AgentService::createsByHandWithTheDefaults()
{
    auto created = agents().create(m_owner.actor, named(u"Max"_s));
    QVERIFY(created);
    QVERIFY(!created->templateKey);
    QCOMPARE(created->prompt, u"You are Max, a helpful AI assistant for a healthcare practice. You assist patients "
                              "with scheduling appointments, answering common questions, and providing general "
                              "information."_s);
    QCOMPARE(created->firstMessage, u"Hello! I'm Max. How can I help you today?"_s);
    QCOMPARE(created->voiceId, u"21m00Tcm4TlvDq8ikWAM"_s);
    QCOMPARE(agentRows(), 1);
}

void tst_AgentService::explicitFieldsWinOverTheTemplate()
{
    CreateAgentInput input = named(u"Lee"_s, u"legal"_s);
    input.prompt = u"You answer for a tax practice."_s;
    input.voiceId = u"custom-voice_01"_s;
    input.language = u"de"_s;
    auto created = agents().create(m_owner.actor, input);
    QVERIFY(created);
    QCOMPARE(created->prompt, input.prompt);
    QCOMPARE(created->voiceId, input.voiceId);
    QCOMPARE(created->language, u"de"_s);
    QVERIFY(created->firstMessage.contains(u"Our Business"_s));
}

void tst_AgentService::unknownTemplateIsRefused()
{
    auto created = agents().create(m_owner.actor, named(u"Ava"_s, u"dentistry"_s));
    QVERIFY(!created);
    QCOMPARE(created.error().kind(), ErrorKind::Rejected);
    QCOMPARE(created.error().code(), u"agents.unknown_template"_s);
    QCOMPARE(agentRows(), 0);
}

void tst_AgentService::invalidInputWritesNothing_data()
{
    QTest::addColumn<CreateAgentInput>("input");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("code");
    QTest::newRow("no name") << named(u""_s) << u"agent_name"_s << u"string_too_short"_s;
    QTest::newRow("blank name") << named(u"   "_s) << u"agent_name"_s << u"string_too_short"_s;
    QTest::newRow("long name") << named(QString(101, u'n')) << u"agent_name"_s << u"string_too_long"_s;
    QTest::newRow("control in name") << named(u"A\u0001B"_s) << u"agent_name"_s << u"value_error"_s;
    CreateAgentInput longPrompt = named(u"Ava"_s);
    longPrompt.prompt = QString(AgentLimits::MaxPromptLength + 1, u'p');
    QTest::newRow("long prompt") << longPrompt << u"prompt"_s << u"string_too_long"_s;
    CreateAgentInput longGreeting = named(u"Ava"_s);
    longGreeting.firstMessage = QString(1001, u'g');
    QTest::newRow("long first message") << longGreeting << u"first_message"_s << u"string_too_long"_s;
    CreateAgentInput badVoice = named(u"Ava"_s);
    badVoice.voiceId = u"voice id; DROP"_s;
    QTest::newRow("voice pattern") << badVoice << u"voice_id"_s << u"string_pattern_mismatch"_s;
    CreateAgentInput unicodeVoice = named(u"Ava"_s);
    unicodeVoice.voiceId = u"v\u00f6ice"_s;
    QTest::newRow("voice not ascii") << unicodeVoice << u"voice_id"_s << u"string_pattern_mismatch"_s;
    CreateAgentInput longVoice = named(u"Ava"_s);
    longVoice.voiceId = QString(65, u'v');
    QTest::newRow("long voice") << longVoice << u"voice_id"_s << u"string_too_long"_s;
    CreateAgentInput badLanguage = named(u"Ava"_s);
    badLanguage.language = u"en_US!"_s;
    QTest::newRow("language") << badLanguage << u"language"_s << u"value_error"_s;
    CreateAgentInput longBusiness = named(u"Ava"_s, u"general"_s);
    longBusiness.businessName = QString(201, u'b');
    QTest::newRow("long business name") << longBusiness << u"business_name"_s << u"string_too_long"_s;
}

void tst_AgentService::invalidInputWritesNothing()
{
    QFETCH(CreateAgentInput, input);
    QFETCH(QString, field);
    QFETCH(QString, code);
    auto created = agents().create(m_owner.actor, input);
    QVERIFY(!created);
    QCOMPARE(created.error().kind(), ErrorKind::Validation);
    QVERIFY(!created.error().fields().isEmpty());
    QCOMPARE(created.error().fields().first().field, field);
    QCOMPARE(created.error().fields().first().code, code);
    QCOMPARE(agentRows(), 0);
}

void tst_AgentService::defaultAgentIsTheOldestActiveOne()
{
    auto none = agents().defaultAgent(m_owner.actor);
    QVERIFY(!none);
    QCOMPARE(none.error().kind(), ErrorKind::NotFound);
    QCOMPARE(none.error().message(), u"Agent not found"_s);

    auto first = agents().create(m_owner.actor, named(u"First"_s));
    m_backend->clock().advanceSeconds(60);
    auto second = agents().create(m_owner.actor, named(u"Second"_s));
    QVERIFY(first && second);
    QCOMPARE(agents().defaultAgent(m_owner.actor)->id, first->id);
    UpdateAgentInput pause;
    pause.status = AgentStatus::Inactive;
    QVERIFY(agents().update(m_owner.actor, first->id, pause));
    QCOMPARE(agents().defaultAgent(m_owner.actor)->id, second->id);
}

void tst_AgentService::updatesChangeOnlyWhatIsGiven()
{
    auto created = agents().create(m_owner.actor, named(u"Ava"_s, u"healthcare"_s));
    QVERIFY(created);
    m_backend->clock().advanceSeconds(30);
    UpdateAgentInput change;
    change.name = u" Ava Prime "_s;
    change.voiceId = u"pNInz6obpgDQGcFmaJgB"_s;
    change.status = AgentStatus::Suspended;
    auto updated = agents().update(m_owner.actor, created->id, change);
    QVERIFY(updated);
    QCOMPARE(updated->name, u"Ava Prime"_s);
    QCOMPARE(updated->voiceId, change.voiceId.value());
    QCOMPARE(updated->status, AgentStatus::Suspended);
    QCOMPARE(updated->prompt, created->prompt);
    QCOMPARE(updated->updatedAt, m_backend->clock().now());
    auto read = agents().agent(m_owner.actor, created->id);
    QVERIFY(read);
    QCOMPARE(read->name, u"Ava Prime"_s);
    QCOMPARE(read->firstMessage, created->firstMessage);
    QCOMPARE(read->status, AgentStatus::Suspended);

    UpdateAgentInput bad;
    bad.name = QString(101, u'x');
    bad.prompt = QString(AgentLimits::MaxPromptLength + 1, u'x');
    auto refused = agents().update(m_owner.actor, created->id, bad);
    QVERIFY(!refused);
    QCOMPARE(refused.error().fields().size(), 2);
    QCOMPARE(agents().agent(m_owner.actor, created->id)->name, u"Ava Prime"_s);
}

void tst_AgentService::deletedAgentsAreHidden()
{
    auto created = agents().create(m_owner.actor, named(u"Gone"_s));
    QVERIFY(created);
    const QString token = agents().token(m_owner.actor, created->id)->token;
    UpdateAgentInput remove;
    remove.status = AgentStatus::Deleted;
    QVERIFY(agents().update(m_owner.actor, created->id, remove));
    QCOMPARE(agents().agent(m_owner.actor, created->id).error().kind(), ErrorKind::NotFound);
    QCOMPARE(agents().defaultAgent(m_owner.actor).error().kind(), ErrorKind::NotFound);
    QCOMPARE(agents().list(m_owner.actor, AgentQuery{})->total, 0);
    QCOMPARE(agents().token(m_owner.actor, created->id).error().kind(), ErrorKind::NotFound);
    QCOMPARE(agents().regenerateToken(m_owner.actor, created->id).error().kind(), ErrorKind::NotFound);
    QCOMPARE(agents().update(m_owner.actor, created->id, UpdateAgentInput{}).error().kind(), ErrorKind::NotFound);
    QCOMPARE(agents().authenticateToken(token).error().kind(), ErrorKind::Unauthorized);
    QCOMPARE(agentRows(), 1);
}

void tst_AgentService::listFiltersAndPages()
{
    QList<QUuid> ids;
    for (int i = 0; i < 5; ++i) {
        auto created = agents().create(m_owner.actor, named(u"Agent %1"_s.arg(i)));
        QVERIFY(created);
        ids.prepend(created->id);
        m_backend->clock().advanceSeconds(10);
    }
    UpdateAgentInput pause;
    pause.status = AgentStatus::Inactive;
    QVERIFY(agents().update(m_owner.actor, ids.at(1), pause));

    auto all = agents().list(m_owner.actor, AgentQuery{});
    QVERIFY(all);
    QCOMPARE(all->total, 5);
    QCOMPARE(all->agents.size(), 5);
    QCOMPARE(all->agents.first().id, ids.first()); // newest first

    auto page = agents().list(m_owner.actor, AgentQuery{std::nullopt, 2, 2});
    QVERIFY(page);
    QCOMPARE(page->total, 5);
    QCOMPARE(page->page, 2);
    QCOMPARE(page->perPage, 2);
    QCOMPARE(page->agents.size(), 2);
    QCOMPARE(page->agents.first().id, ids.at(2));

    auto beyond = agents().list(m_owner.actor, AgentQuery{std::nullopt, 9, 2});
    QVERIFY(beyond);
    QCOMPARE(beyond->total, 5);
    QVERIFY(beyond->agents.isEmpty());

    auto inactive = agents().list(m_owner.actor, AgentQuery{AgentStatus::Inactive, 1, 20});
    QVERIFY(inactive);
    QCOMPARE(inactive->total, 1);
    QCOMPARE(inactive->agents.first().id, ids.at(1));
    QCOMPARE(agents().list(m_owner.actor, AgentQuery{AgentStatus::Active, 1, 20})->total, 4);
}

void tst_AgentService::listBoundsAreChecked_data()
{
    QTest::addColumn<AgentQuery>("query");
    QTest::addColumn<QString>("field");
    QTest::newRow("page 0") << AgentQuery{std::nullopt, 0, 20} << u"page"_s;
    QTest::newRow("page too big") << AgentQuery{std::nullopt, AgentLimits::MaxPage + 1, 20} << u"page"_s;
    QTest::newRow("per_page 0") << AgentQuery{std::nullopt, 1, 0} << u"per_page"_s;
    QTest::newRow("per_page 101") << AgentQuery{std::nullopt, 1, AgentLimits::MaxPerPage + 1} << u"per_page"_s;
    QTest::newRow("deleted") << AgentQuery{AgentStatus::Deleted, 1, 20} << u"status"_s;
}

void tst_AgentService::listBoundsAreChecked()
{
    QFETCH(AgentQuery, query);
    QFETCH(QString, field);
    auto page = agents().list(m_owner.actor, query);
    QVERIFY(!page);
    QCOMPARE(page.error().kind(), ErrorKind::Validation);
    QCOMPARE(page.error().fields().first().field, field);
    QVERIFY(agents().list(m_owner.actor, AgentQuery{std::nullopt, AgentLimits::MaxPage, AgentLimits::MaxPerPage}));
}

void tst_AgentService::tokenIsReadRegeneratedAndAuthenticated()
{
    auto created = agents().create(m_owner.actor, named(u"Ava"_s, u"general"_s));
    QVERIFY(created);
    auto token = agents().token(m_owner.actor, created->id);
    QVERIFY(token);
    QCOMPARE(token->agentId, created->id);
    QVERIFY(token->token.startsWith(u"vami_agent_"_s));
    QCOMPARE(token->token.size(), 54);
    QCOMPARE(token->preview, token->token.left(12) + u"..."_s + token->token.right(6));
    QCOMPARE(created->tokenPreview, token->preview);
    QCOMPARE(agents().token(m_owner.actor, created->id)->token, token->token);

    auto authenticated = agents().authenticateToken(token->token);
    QVERIFY(authenticated);
    QCOMPARE(authenticated->id, created->id);
    QCOMPARE(authenticated->organizationId, m_owner.actor.organizationId);

    auto fresh = agents().regenerateToken(m_owner.actor, created->id);
    QVERIFY(fresh);
    QVERIFY(fresh->token != token->token);
    QCOMPARE(agents().token(m_owner.actor, created->id)->token, fresh->token);
    QCOMPARE(agents().agent(m_owner.actor, created->id)->tokenPreview, fresh->preview);
    const auto old = agents().authenticateToken(token->token);
    QVERIFY(!old);
    QCOMPARE(old.error().kind(), ErrorKind::Unauthorized);
    QCOMPARE(old.error().message(), u"Invalid agent token"_s);
    QCOMPARE(agents().authenticateToken(fresh->token)->id, created->id);

    const QStringList forgeries{QString(), u"vami_agent_"_s, fresh->token + u"x"_s, fresh->token.left(53),
                                u"vami_"_s + fresh->token.mid(11), u"vami_agent_"_s + QString(200, u'a')};
    for (const QString &forged : forgeries)
        QCOMPARE(agents().authenticateToken(forged).error().kind(), ErrorKind::Unauthorized);

    UpdateAgentInput pause;
    pause.status = AgentStatus::Inactive;
    QVERIFY(agents().update(m_owner.actor, created->id, pause));
    QCOMPARE(agents().authenticateToken(fresh->token).error().kind(), ErrorKind::Unauthorized);
}

void tst_AgentService::storedTokenIsHashedAndSealed()
{
    auto created = agents().create(m_owner.actor, named(u"Ava"_s));
    QVERIFY(created);
    const QString token = agents().token(m_owner.actor, created->id)->token;
    auto rows = m_backend->backend().database().exec(
        u"SELECT token_hash, token_ciphertext, token_preview FROM agents"_s);
    QVERIFY(rows && rows->next());
    QCOMPARE(rows->text(0), sha256Hex(token.toUtf8()));
    const QByteArray sealed = rows->bytes(1);
    QVERIFY(!sealed.isEmpty());
    QVERIFY(!sealed.contains(token.toUtf8()));
    QVERIFY(!sealed.contains(token.mid(11).toUtf8()));
    QCOMPARE(rows->text(2), AgentService::tokenPreview(token));

    // A sealed token moved to another agent's row does not open there.
    auto other = agents().create(m_owner.actor, named(u"Bo"_s));
    QVERIFY(other);
    QVERIFY(m_backend->backend().database().exec(u"UPDATE agents SET token_ciphertext = ? WHERE id = ?"_s,
                                                 {sealed, idText(other->id)}));
    const auto moved = agents().token(m_owner.actor, other->id);
    QVERIFY(!moved);
    QCOMPARE(moved.error().message(), u"API token not found. Please regenerate the token."_s);
    QVERIFY(agents().regenerateToken(m_owner.actor, other->id));
    QVERIFY(agents().token(m_owner.actor, other->id));
}

void tst_AgentService::anotherOrganizationFindsNothing()
{
    auto created = agents().create(m_owner.actor, named(u"Ava"_s));
    QVERIFY(created);
    const QString token = agents().token(m_owner.actor, created->id)->token;
    const Person stranger = registerOwner(u"owner@other.test"_s);
    QVERIFY(stranger.actor.organizationId != m_owner.actor.organizationId);

    const auto read = agents().agent(stranger.actor, created->id);
    QCOMPARE(read.error().kind(), ErrorKind::NotFound);
    QCOMPARE(read.error().message(), u"Agent not found"_s);
    UpdateAgentInput change;
    change.name = u"Hijacked"_s;
    QCOMPARE(agents().update(stranger.actor, created->id, change).error().kind(), ErrorKind::NotFound);
    QCOMPARE(agents().token(stranger.actor, created->id).error().kind(), ErrorKind::NotFound);
    QCOMPARE(agents().regenerateToken(stranger.actor, created->id).error().kind(), ErrorKind::NotFound);
    QCOMPARE(agents().defaultAgent(stranger.actor).error().kind(), ErrorKind::NotFound);
    QCOMPARE(agents().list(stranger.actor, AgentQuery{})->total, 0);

    QCOMPARE(agents().agent(m_owner.actor, created->id)->name, u"Ava"_s);
    QCOMPARE(agents().token(m_owner.actor, created->id)->token, token);
}

void tst_AgentService::memberMayReadButNotManage()
{
    const Person admin = join(m_owner, u"admin@clinic.test"_s, Role::Admin);
    const Person member = join(m_owner, u"member@clinic.test"_s, Role::Member);
    QCOMPARE(admin.actor.role, Role::Admin);
    QCOMPARE(member.actor.role, Role::Member);

    auto byAdmin = agents().create(admin.actor, named(u"Ava"_s, u"legal"_s));
    QVERIFY(byAdmin);
    QVERIFY(agents().token(admin.actor, byAdmin->id));

    QCOMPARE(agents().agent(member.actor, byAdmin->id)->name, u"Ava"_s);
    QCOMPARE(agents().defaultAgent(member.actor)->id, byAdmin->id);
    QCOMPARE(agents().list(member.actor, AgentQuery{})->total, 1);

    const auto created = agents().create(member.actor, named(u"Nope"_s));
    QCOMPARE(created.error().kind(), ErrorKind::Forbidden);
    QCOMPARE(created.error().message(), u"Admin or owner access required"_s);
    UpdateAgentInput change;
    change.name = u"Renamed"_s;
    QCOMPARE(agents().update(member.actor, byAdmin->id, change).error().kind(), ErrorKind::Forbidden);
    QCOMPARE(agents().token(member.actor, byAdmin->id).error().kind(), ErrorKind::Forbidden);
    QCOMPARE(agents().regenerateToken(member.actor, byAdmin->id).error().kind(), ErrorKind::Forbidden);
    QCOMPARE(agentRows(), 1);
    QCOMPARE(agents().agent(m_owner.actor, byAdmin->id)->name, u"Ava"_s);
}

void tst_AgentService::withoutSecretNoTokensAreIssued()
{
    AgentService keyless(m_backend->backend().database(), m_backend->clock(), QByteArray());
    const auto created = keyless.create(m_owner.actor, named(u"Ava"_s));
    QVERIFY(!created);
    QCOMPARE(created.error().kind(), ErrorKind::Unavailable);
    QCOMPARE(agentRows(), 0);
    auto made = agents().create(m_owner.actor, named(u"Ava"_s));
    QVERIFY(made);
    QCOMPARE(keyless.token(m_owner.actor, made->id).error().kind(), ErrorKind::Unavailable);
    QVERIFY(keyless.agent(m_owner.actor, made->id));
}

QTEST_GUILESS_MAIN(tst_AgentService)
#include "tst_agentservice.moc"
