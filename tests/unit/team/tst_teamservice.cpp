#include "memberseeder.h"
#include "testbackend.h"

#include "auth/apikeyservice.h"
#include "auth/authservice.h"
#include "auth/userrepository.h"
#include "core/ids.h"
#include "core/random.h"
#include "jobs/jobqueue.h"
#include "storage/database.h"
#include "team/teamservice.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

namespace {

const QString Password = u"Team-Player42!"_s;

ClientInfo client()
{
    return ClientInfo{u"192.0.2.10"_s, u"tst_teamservice"_s, u"req"_s};
}

} // namespace

class tst_TeamService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void ownerInvitesAndTheInviteeAccepts();
    void inviteRules();
    void acceptingCreatesAnAccountWithAPassword();
    void acceptingWithAnExistingAccount();
    void invitationsAreSingleUseAndBoundToTheAddress();
    void invitationsExpire();
    void revokeAndResend();
    void removeMembersAndLeave();
    void removedMembersLoseSessionsAndKeys();
    void changeRoles();
    void listingOrdersFiltersAndPages();
    void deepPagesFollowTheListThroughChanges();
    void memberListsFollowProfileChanges();
    void statsCount();
    void anotherOrganizationsRowsAreNotFound();
    void invitationQuotas();

private:
    struct Person
    {
        SignedIn signedIn;
        Actor actor;
    };
    Person registerOwner(const QString &email, const QString &company = {});
    Person join(const Person &inviter, const QString &email, Role role);
    Actor actorOf(const SignedIn &s);
    qint64 count(const QString &sql);
    TeamService &team() { return m_backend->backend().service<TeamService>(); }
    std::unique_ptr<TestBackend> m_backend;
};

void tst_TeamService::init()
{
    TestBackend::Options options;
    options.manualClock = true;
    m_backend = std::make_unique<TestBackend>(options);
    QVERIFY2(m_backend->isValid(), qPrintable(m_backend->error()));
}

void tst_TeamService::cleanup()
{
    m_backend.reset();
}

Actor tst_TeamService::actorOf(const SignedIn &s)
{
    auto actor = m_backend->backend().service<AuthService>().authenticateSession(
        SessionRef{s.sessionId, s.user.id, s.organization.id, s.user.tokenVersion}, client());
    return actor.value_or(Actor{});
}

tst_TeamService::Person tst_TeamService::registerOwner(const QString &email, const QString &company)
{
    RegisterInput input;
    input.email = email;
    input.password = Password;
    input.companyName = company;
    auto s = m_backend->backend().service<AuthService>().registerAccount(input, client());
    Person p;
    if (s) {
        p.signedIn = *s;
        p.actor = actorOf(*s);
    }
    return p;
}

tst_TeamService::Person tst_TeamService::join(const Person &inviter, const QString &email, Role role)
{
    Person p;
    auto invitation = team().invite(inviter.actor, InviteInput{email, role, {}});
    if (!invitation) {
        qWarning() << invitation.error().message();
        return p;
    }
    AcceptCredentials credentials;
    credentials.password = Password;
    credentials.fullName = email.section(u'@', 0, 0);
    auto accepted = team().acceptInvitation(invitation->token, credentials, client());
    if (!accepted || !accepted->signedIn) {
        qWarning() << (accepted ? u"no session"_s : accepted.error().message());
        return p;
    }
    p.signedIn = *accepted->signedIn;
    p.actor = actorOf(p.signedIn);
    return p;
}

qint64 tst_TeamService::count(const QString &sql)
{
    auto rows = m_backend->backend().database().exec(sql);
    if (!rows || !rows->next())
        return -1;
    return rows->integer(0);
}

void tst_TeamService::ownerInvitesAndTheInviteeAccepts()
{
    const Person owner = registerOwner(u"owner@acme.test"_s, u"Acme"_s);
    auto issued = team().invite(owner.actor, InviteInput{u" New.Hire@Acme.TEST "_s, Role::Admin, u"Welcome!"_s});
    QVERIFY(issued);
    QCOMPARE(issued->invitation.email, u"new.hire@acme.test"_s);
    QCOMPARE(issued->invitation.role, Role::Admin);
    QCOMPARE(issued->invitation.status, InvitationStatus::Pending);
    QCOMPARE(issued->invitation.invitedBy, owner.actor.userId);
    QCOMPARE(issued->invitation.expiresAt, m_backend->clock().now().addDays(7));
    QCOMPARE(issued->token.size(), 43);
    QVERIFY(issued->url.startsWith(u"https://app.example.test/team/accept-invitation?token="_s));
    QVERIFY(issued->url.endsWith(issued->token));
    // Only the token's hash is stored; an e-mail waits in the outbox with its job.
    QCOMPARE(count(u"SELECT COUNT(*) FROM invitation_tokens WHERE token_hash = '"_s + sha256Hex(issued->token.toUtf8())
                   + u"'"_s),
             1);
    auto raw = m_backend->backend().database().exec(u"SELECT token_hash FROM invitation_tokens"_s);
    while (raw && raw->next())
        QVERIFY(raw->text(0) != issued->token);
    QCOMPARE(count(u"SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND purpose = 'team.invitation'"_s), 1);
    QCOMPARE(count(u"SELECT COUNT(*) FROM jobs WHERE kind = 'outbox.email' AND status = 'pending'"_s), 1);

    auto pending = team().pendingInvitations(owner.actor);
    QVERIFY(pending);
    QCOMPARE(pending->size(), 1);
    QCOMPARE(pending->first().invitedByEmail, u"owner@acme.test"_s);

    auto preview = team().previewInvitation(issued->token);
    QVERIFY(preview);
    QCOMPARE(preview->organizationName, u"Acme"_s);
    QVERIFY(!preview->accountExists);

    AcceptCredentials credentials;
    credentials.password = Password;
    credentials.fullName = u"New Hire"_s;
    auto accepted = team().acceptInvitation(issued->token, credentials, client());
    QVERIFY2(accepted, qPrintable(accepted ? QString() : accepted.error().message()));
    QVERIFY(accepted->accountCreated);
    QCOMPARE(accepted->accepted.role, Role::Admin);
    QVERIFY(accepted->signedIn);
    QCOMPARE(accepted->signedIn->organization.id, owner.signedIn.organization.id);
    const Actor admin = actorOf(*accepted->signedIn);
    QCOMPARE(admin.role, Role::Admin);

    auto members = team().listMembers(owner.actor, MemberQuery{});
    QVERIFY(members);
    QCOMPARE(members->members.size(), 2);
    QCOMPARE(members->members[0].role, Role::Owner);
    QCOMPARE(members->members[1].email, u"new.hire@acme.test"_s);
    QCOMPARE(members->members[1].fullName, u"New Hire"_s);
    QCOMPARE(members->members[1].invitedBy, owner.actor.userId);
    QVERIFY(team().pendingInvitations(owner.actor)->isEmpty());
    // The e-mail not sent yet is no longer wanted.
    QCOMPARE(count(u"SELECT COUNT(*) FROM outbox WHERE status = 'cancelled'"_s), 1);
}

void tst_TeamService::inviteRules()
{
    const Person owner = registerOwner(u"owner@rules.test"_s);
    const Person admin = join(owner, u"admin@rules.test"_s, Role::Admin);
    const Person member = join(owner, u"member@rules.test"_s, Role::Member);
    QCOMPARE(admin.actor.role, Role::Admin);
    QCOMPARE(member.actor.role, Role::Member);

    auto byMember = team().invite(member.actor, InviteInput{u"x@rules.test"_s, Role::Member, {}});
    QVERIFY(!byMember);
    QCOMPARE(byMember.error().kind(), ErrorKind::Forbidden);
    QCOMPARE(byMember.error().message(), u"Admin or owner access required"_s);

    QVERIFY(team().invite(admin.actor, InviteInput{u"helper@rules.test"_s, Role::Member, {}}));
    auto adminMakesAdmin = team().invite(admin.actor, InviteInput{u"boss@rules.test"_s, Role::Admin, {}});
    QVERIFY(!adminMakesAdmin);
    QCOMPARE(adminMakesAdmin.error().kind(), ErrorKind::Forbidden);

    auto ownerRole = team().invite(owner.actor, InviteInput{u"king@rules.test"_s, Role::Owner, {}});
    QVERIFY(!ownerRole);
    QCOMPARE(ownerRole.error().kind(), ErrorKind::Validation);
    QCOMPARE(ownerRole.error().fields().first().text(), u"Cannot invite a member with owner role"_s);

    auto duplicate = team().invite(owner.actor, InviteInput{u"HELPER@rules.test"_s, Role::Member, {}});
    QVERIFY(!duplicate);
    QCOMPARE(duplicate.error().message(), u"An invitation has already been sent to this email"_s);

    auto existing = team().invite(owner.actor, InviteInput{u"member@rules.test"_s, Role::Member, {}});
    QVERIFY(!existing);
    QCOMPARE(existing.error().message(), u"User is already a team member"_s);

    for (const QString &bad : {u""_s, u"no-at-sign"_s, u"a@b"_s, u"two@@example.com"_s, u"sp ace@example.com"_s}) {
        auto refused = team().invite(owner.actor, InviteInput{bad, Role::Member, {}});
        QVERIFY2(!refused, qPrintable(bad));
        QCOMPARE(refused.error().kind(), ErrorKind::Validation);
        QCOMPARE(refused.error().fields().first().field, u"email"_s);
    }
    auto longMessage = team().invite(owner.actor, InviteInput{u"long@rules.test"_s, Role::Member, QString(2001, u'm')});
    QVERIFY(!longMessage);
    QCOMPARE(longMessage.error().fields().first().field, u"message"_s);
    // Nothing was written by the refused calls.
    QCOMPARE(count(u"SELECT COUNT(*) FROM team_invitations WHERE status = 'pending'"_s), 1);
}

void tst_TeamService::acceptingCreatesAnAccountWithAPassword()
{
    const Person owner = registerOwner(u"owner@new.test"_s);
    auto issued = team().invite(owner.actor, InviteInput{u"fresh@new.test"_s, Role::Member, {}});
    QVERIFY(issued);
    AcceptCredentials weak;
    weak.password = u"weak"_s;
    auto refused = team().acceptInvitation(issued->token, weak, client());
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind(), ErrorKind::Validation);
    QCOMPARE(count(u"SELECT COUNT(*) FROM users"_s), 1);
    AcceptCredentials none;
    auto anonymous = team().acceptInvitation(issued->token, none, client());
    QVERIFY(!anonymous);
    QCOMPARE(anonymous.error().kind(), ErrorKind::Unauthorized);

    AcceptCredentials good;
    good.password = Password;
    auto accepted = team().acceptInvitation(issued->token, good, client());
    QVERIFY(accepted);
    QVERIFY(accepted->accountCreated);
    // The new account signs in normally and lands in the organization.
    auto login = m_backend->backend().service<AuthService>().login(LoginInput{u"fresh@new.test"_s, Password, {}}, client());
    QVERIFY(login);
    QCOMPARE(login->organization.id, owner.signedIn.organization.id);
    QCOMPARE(login->role, Role::Member);
}

void tst_TeamService::acceptingWithAnExistingAccount()
{
    const Person owner = registerOwner(u"owner@one.test"_s, u"One"_s);
    const Person other = registerOwner(u"person@two.test"_s, u"Two"_s);
    auto issued = team().invite(owner.actor, InviteInput{u"person@two.test"_s, Role::Member, {}});
    QVERIFY(issued);
    auto preview = team().previewInvitation(issued->token);
    QVERIFY(preview && preview->accountExists);

    AcceptCredentials wrong;
    wrong.password = u"Not-The-Password1"_s;
    auto refused = team().acceptInvitation(issued->token, wrong, client());
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind(), ErrorKind::Unauthorized);

    AcceptCredentials right;
    right.password = Password;
    auto accepted = team().acceptInvitation(issued->token, right, client());
    QVERIFY(accepted);
    QVERIFY(!accepted->accountCreated);
    QCOMPARE(accepted->accepted.userId, other.actor.userId);
    QVERIFY(accepted->signedIn);
    QCOMPARE(accepted->signedIn->organization.id, owner.signedIn.organization.id);
    auto orgs = m_backend->backend().service<AuthService>().organizations(other.actor);
    QVERIFY(orgs);
    QCOMPARE(orgs->size(), 2);
}

void tst_TeamService::invitationsAreSingleUseAndBoundToTheAddress()
{
    const Person owner = registerOwner(u"owner@bound.test"_s);
    const Person stranger = registerOwner(u"stranger@else.test"_s);
    auto issued = team().invite(owner.actor, InviteInput{u"invitee@bound.test"_s, Role::Member, {}});
    QVERIFY(issued);
    AcceptCredentials asStranger;
    asStranger.actor = stranger.actor;
    auto wrongPerson = team().acceptInvitation(issued->token, asStranger, client());
    QVERIFY(!wrongPerson);
    QCOMPARE(wrongPerson.error().kind(), ErrorKind::Forbidden);

    AcceptCredentials credentials;
    credentials.password = Password;
    QVERIFY(team().acceptInvitation(issued->token, credentials, client()));
    auto twice = team().acceptInvitation(issued->token, credentials, client());
    QVERIFY(!twice);
    QCOMPARE(twice.error().kind(), ErrorKind::NotFound);
    QCOMPARE(twice.error().message(), u"Invalid or expired invitation"_s);

    for (const QString &token : {QString(), u"x"_s, secureToken(32), QString(300, u'a')}) {
        auto unknown = team().acceptInvitation(token, credentials, client());
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().kind(), ErrorKind::NotFound);
    }
}

void tst_TeamService::invitationsExpire()
{
    const Person owner = registerOwner(u"owner@expire.test"_s);
    auto issued = team().invite(owner.actor, InviteInput{u"late@expire.test"_s, Role::Member, {}});
    QVERIFY(issued);
    m_backend->clock().advanceSeconds(7 * 86400 + 1);
    QVERIFY(team().pendingInvitations(owner.actor)->isEmpty());
    AcceptCredentials credentials;
    credentials.password = Password;
    auto expired = team().acceptInvitation(issued->token, credentials, client());
    QVERIFY(!expired);
    QCOMPARE(expired.error().kind(), ErrorKind::Rejected);
    QCOMPARE(expired.error().message(), u"Invitation has expired"_s);
    QCOMPARE(count(u"SELECT COUNT(*) FROM team_invitations WHERE status = 'expired'"_s), 1);
    // A new invitation for the same address is allowed now.
    QVERIFY(team().invite(owner.actor, InviteInput{u"late@expire.test"_s, Role::Member, {}}));
}

void tst_TeamService::revokeAndResend()
{
    const Person owner = registerOwner(u"owner@revoke.test"_s);
    auto first = team().invite(owner.actor, InviteInput{u"maybe@revoke.test"_s, Role::Member, {}});
    QVERIFY(first);
    QVERIFY(team().revokeInvitation(owner.actor, first->invitation.id));
    AcceptCredentials credentials;
    credentials.password = Password;
    QVERIFY(!team().acceptInvitation(first->token, credentials, client()));
    QCOMPARE(count(u"SELECT COUNT(*) FROM outbox WHERE status = 'cancelled'"_s), 1);
    auto again = team().revokeInvitation(owner.actor, first->invitation.id);
    QVERIFY(!again);
    QCOMPARE(again.error().kind(), ErrorKind::NotFound);

    auto second = team().invite(owner.actor, InviteInput{u"maybe@revoke.test"_s, Role::Member, {}});
    QVERIFY(second);
    m_backend->clock().advanceSeconds(6 * 86400);
    auto resent = team().resendInvitation(owner.actor, second->invitation.id);
    QVERIFY(resent);
    QVERIFY(resent->token != second->token);
    QCOMPARE(resent->invitation.expiresAt, m_backend->clock().now().addDays(7));
    // Two days later the original expiry has passed, but the invitation lives on,
    // and both links work (the first one used wins).
    m_backend->clock().advanceSeconds(2 * 86400);
    QVERIFY(team().previewInvitation(second->token));
    QVERIFY(team().acceptInvitation(resent->token, credentials, client()));
    QVERIFY(!team().acceptInvitation(second->token, credentials, client()));
}

void tst_TeamService::removeMembersAndLeave()
{
    const Person owner = registerOwner(u"owner@remove.test"_s);
    const Person admin = join(owner, u"admin@remove.test"_s, Role::Admin);
    const Person admin2 = join(owner, u"admin2@remove.test"_s, Role::Admin);
    const Person m1 = join(owner, u"m1@remove.test"_s, Role::Member);
    const Person m2 = join(owner, u"m2@remove.test"_s, Role::Member);
    const Person m3 = join(owner, u"m3@remove.test"_s, Role::Member);

    auto byMember = team().removeMember(m1.actor, m2.actor.userId);
    QVERIFY(!byMember);
    QCOMPARE(byMember.error().kind(), ErrorKind::Forbidden);
    auto ownerGone = team().removeMember(admin.actor, owner.actor.userId);
    QVERIFY(!ownerGone);
    QCOMPARE(ownerGone.error().message(), u"Cannot remove organization owner"_s);
    auto adminByAdmin = team().removeMember(admin.actor, admin2.actor.userId);
    QVERIFY(!adminByAdmin);
    QCOMPARE(adminByAdmin.error().kind(), ErrorKind::Forbidden);
    QVERIFY(team().removeMember(admin.actor, m2.actor.userId));
    QVERIFY(team().removeMember(owner.actor, admin2.actor.userId));
    // Leaving needs no permission.
    QVERIFY(team().removeMember(m3.actor, m3.actor.userId));
    auto lastOwner = team().removeMember(owner.actor, owner.actor.userId);
    QVERIFY(!lastOwner);
    QCOMPARE(lastOwner.error().message(), u"The last owner cannot leave the organization"_s);
    auto missing = team().removeMember(owner.actor, newId());
    QVERIFY(!missing);
    QCOMPARE(missing.error().message(), u"Team member not found"_s);
    auto members = team().listMembers(owner.actor, MemberQuery{});
    QVERIFY(members);
    QCOMPARE(members->members.size(), 3);
}

void tst_TeamService::removedMembersLoseSessionsAndKeys()
{
    const Person owner = registerOwner(u"owner@gone.test"_s);
    const Person member = join(owner, u"leaver@gone.test"_s, Role::Member);
    auto key = m_backend->backend().service<ApiKeyService>().create(member.actor, ApiKeyInput{u"k"_s, {}, std::nullopt, {}, std::nullopt});
    QVERIFY(key);
    AuthService &auth = m_backend->backend().service<AuthService>();
    QVERIFY(auth.authenticateApiKey(key->secret, client()));
    QVERIFY(team().removeMember(owner.actor, member.actor.userId));
    const SignedIn &s = member.signedIn;
    QVERIFY(!auth.authenticateSession(SessionRef{s.sessionId, s.user.id, s.organization.id, 0}, client()));
    QVERIFY(!auth.refresh(s.refreshToken, client()));
    QVERIFY(!auth.authenticateApiKey(key->secret, client()));
    // Invited again, the old key stays revoked.
    join(owner, u"leaver@gone.test"_s, Role::Member);
    QVERIFY(!auth.authenticateApiKey(key->secret, client()));
}

void tst_TeamService::changeRoles()
{
    const Person owner = registerOwner(u"owner@roles.test"_s);
    const Person admin = join(owner, u"admin@roles.test"_s, Role::Admin);
    const Person member = join(owner, u"member@roles.test"_s, Role::Member);

    auto promoted = team().changeRole(owner.actor, member.actor.userId, Role::Admin);
    QVERIFY(promoted);
    QCOMPARE(promoted->role, Role::Admin);
    // The change applies to the member's next request.
    auto refreshed = m_backend->backend().service<AuthService>().authenticateSession(
        SessionRef{member.signedIn.sessionId, member.signedIn.user.id, member.signedIn.organization.id, 0}, client());
    QVERIFY(refreshed);
    QCOMPARE(refreshed->role, Role::Admin);

    auto demoteByAdmin = team().changeRole(admin.actor, member.actor.userId, Role::Member);
    QVERIFY(!demoteByAdmin);
    QCOMPARE(demoteByAdmin.error().kind(), ErrorKind::Forbidden);
    auto toOwner = team().changeRole(owner.actor, member.actor.userId, Role::Owner);
    QVERIFY(!toOwner);
    QCOMPARE(toOwner.error().kind(), ErrorKind::Validation);
    QCOMPARE(toOwner.error().fields().first().text(), u"Cannot assign owner role through this endpoint"_s);
    auto ownerChanged = team().changeRole(owner.actor, owner.actor.userId, Role::Member);
    QVERIFY(!ownerChanged);
    QCOMPARE(ownerChanged.error().message(), u"Cannot change owner role"_s);
    auto byMember = team().changeRole(refreshed.value(), admin.actor.userId, Role::Member);
    QVERIFY(!byMember);
    QCOMPARE(byMember.error().kind(), ErrorKind::Forbidden);
    auto same = team().changeRole(owner.actor, admin.actor.userId, Role::Admin);
    QVERIFY(same);
    QCOMPARE(same->role, Role::Admin);
    QVERIFY(team().changeRole(owner.actor, admin.actor.userId, Role::Member));
}

void tst_TeamService::listingOrdersFiltersAndPages()
{
    const Person owner = registerOwner(u"zed@list.test"_s);
    for (int i = 0; i < 12; ++i) {
        m_backend->clock().advanceSeconds(60);
        join(owner, u"person%1@list.test"_s.arg(i, 2, 10, QLatin1Char('0')), i % 4 == 0 ? Role::Admin : Role::Member);
    }
    MemberQuery all;
    auto everyone = team().listMembers(owner.actor, all);
    QVERIFY(everyone);
    QCOMPARE(everyone->members.size(), 13);
    QCOMPARE(everyone->total, 13);
    QCOMPARE(everyone->members[0].role, Role::Owner);
    QCOMPARE(everyone->members[1].role, Role::Admin);
    QCOMPARE(everyone->members[3].role, Role::Admin);
    QCOMPARE(everyone->members[4].role, Role::Member);

    MemberQuery page;
    page.page = 2;
    page.perPage = 5;
    auto second = team().listMembers(owner.actor, page);
    QVERIFY(second);
    QCOMPARE(second->members.size(), 5);
    QCOMPARE(second->total, 13);
    QCOMPARE(second->members[0].userId, everyone->members[5].userId);
    page.page = 9;
    QVERIFY(team().listMembers(owner.actor, page)->members.isEmpty());

    // The paged total follows removals (it is the organization's kept count).
    QVERIFY(team().removeMember(owner.actor, everyone->members[12].userId));
    page.page = 1;
    QCOMPARE(team().listMembers(owner.actor, page)->total, 12);
    page.role = Role::Admin;
    QCOMPARE(team().listMembers(owner.actor, page)->total, 3);

    MemberQuery search;
    search.search = u"PERSON0"_s;
    QCOMPARE(team().listMembers(owner.actor, search)->members.size(), 10);
    search.search = u"%"_s;
    QCOMPARE(team().listMembers(owner.actor, search)->members.size(), 0);
    search.search = u"_"_s;
    QCOMPARE(team().listMembers(owner.actor, search)->members.size(), 0);

    MemberQuery admins;
    admins.role = Role::Admin;
    QCOMPARE(team().listMembers(owner.actor, admins)->members.size(), 3);

    MemberQuery byEmail;
    byEmail.sort = MemberQuery::Sort::Email;
    byEmail.descending = true;
    auto sorted = team().listMembers(owner.actor, byEmail);
    QCOMPARE(sorted->members.first().email, u"zed@list.test"_s);
    QCOMPARE(sorted->members.last().email, u"person00@list.test"_s);

    MemberQuery bad;
    bad.page = 0;
    bad.perPage = 1000;
    auto refused = team().listMembers(owner.actor, bad);
    QVERIFY(!refused);
    QCOMPARE(refused.error().fields().size(), 2);
}

void tst_TeamService::deepPagesFollowTheListThroughChanges()
{
    const Person owner = registerOwner(u"deep@list.test"_s);
    QVERIFY(seedMembers(m_backend->backend(), owner.actor.organizationId, owner.actor.userId, 900));
    struct Order
    {
        MemberQuery::Sort sort;
        bool descending;
    };
    const QList<Order> orders {{MemberQuery::Sort::Role, false}, {MemberQuery::Sort::Role, true},
        {MemberQuery::Sort::Joined, false}, {MemberQuery::Sort::Joined, true}};
    // Every page of every listing order is the matching slice of the whole list.
    auto checkEveryPage = [&](int expectedTotal) {
        for (const Order &order : orders) {
            MemberQuery whole;
            whole.sort = order.sort;
            whole.descending = order.descending;
            auto all = team().listMembers(owner.actor, whole);
            QVERIFY(all);
            QCOMPARE(all->members.size(), expectedTotal);
            MemberQuery paged = whole;
            paged.perPage = 50;
            for (paged.page = 1; (paged.page - 1) * 50 < expectedTotal + 50; ++paged.page) {
                auto page = team().listMembers(owner.actor, paged);
                QVERIFY(page);
                QCOMPARE(page->total, expectedTotal);
                const qsizetype first = qsizetype(paged.page - 1) * 50;
                const qsizetype expected = std::clamp<qsizetype>(expectedTotal - first, 0, 50);
                QCOMPARE(page->members.size(), expected);
                for (qsizetype i = 0; i < page->members.size(); ++i)
                    QCOMPARE(page->members[i].userId, all->members[first + i].userId);
            }
        }
    };
    checkEveryPage(901);
    if (QTest::currentTestFailed())
        return;

    // Another server instance on the same database changes the list: a removal, a
    // role change (it moves the member in role order) and a new member. Deep pages
    // here notice the new version of the list at once.
    Backend other(m_backend->backend().config());
    QVERIFY(other.start());
    MemberQuery whole;
    auto before = team().listMembers(owner.actor, whole);
    QVERIFY(before);
    QVERIFY(other.service<TeamService>().removeMember(owner.actor, before->members[400].userId));
    QVERIFY(other.service<TeamService>().changeRole(owner.actor, before->members[700].userId, Role::Admin));
    m_backend->clock().advanceSeconds(3600);
    QVERIFY(!join(owner, u"late@list.test"_s, Role::Member).actor.userId.isNull());
    other.stop();
    checkEveryPage(901);
}

void tst_TeamService::memberListsFollowProfileChanges()
{
    // Memberships carry a copy of their users' profiles for the member list: a change
    // to the user (here activity, and a new name and address written as a profile
    // update will write them) shows in every organization the user belongs to.
    const Person a = registerOwner(u"first@profile.test"_s, u"First"_s);
    const Person b = registerOwner(u"second@profile.test"_s, u"Second"_s);
    const Person both = join(a, u"both@profile.test"_s, Role::Member);
    auto invitation = team().invite(b.actor, InviteInput{u"both@profile.test"_s, Role::Member, {}});
    QVERIFY(invitation);
    AcceptCredentials credentials;
    credentials.actor = both.actor;
    QVERIFY(team().acceptInvitation(invitation->token, credentials, client()));

    const QDateTime active = m_backend->clock().now().addSecs(300);
    UserRepository users(m_backend->backend().database());
    QVERIFY(users.touchLastActive(both.actor.userId, active));
    QVERIFY(m_backend->backend().database().exec(u"UPDATE users SET full_name = ?, email = ? WHERE id = ?"_s,
                                                 {u"Renée Both"_s, u"renee@profile.test"_s, idText(both.actor.userId)}));
    for (const Person &owner : {a, b}) {
        MemberQuery search;
        search.search = u"RENÉE"_s; // folded like any other letter, on both databases
        auto found = team().listMembers(owner.actor, search);
        QVERIFY(found);
        QCOMPARE(found->members.size(), 1);
        QCOMPARE(found->members[0].email, u"renee@profile.test"_s);
        QCOMPARE(found->members[0].fullName, u"Renée Both"_s);
        QCOMPARE(found->members[0].lastActiveAt, active);
        auto one = team().member(owner.actor, both.actor.userId);
        QVERIFY(one);
        QCOMPARE(one->fullName, u"Renée Both"_s);
    }
}

void tst_TeamService::statsCount()
{
    const Person owner = registerOwner(u"owner@stats.test"_s);
    join(owner, u"a@stats.test"_s, Role::Admin);
    join(owner, u"b@stats.test"_s, Role::Member);
    join(owner, u"c@stats.test"_s, Role::Member);
    QVERIFY(team().invite(owner.actor, InviteInput{u"d@stats.test"_s, Role::Member, {}}));
    auto stats = team().stats(owner.actor);
    QVERIFY(stats);
    QCOMPARE(stats->totalMembers, 4);
    QCOMPARE(stats->activeMembers, 4);
    QCOMPARE(stats->pendingInvitations, 1);
    QCOMPARE(stats->owners, 1);
    QCOMPARE(stats->admins, 1);
    QCOMPARE(stats->members, 2);
}

void tst_TeamService::anotherOrganizationsRowsAreNotFound()
{
    const Person a = registerOwner(u"owner@a.test"_s, u"A"_s);
    const Person b = registerOwner(u"owner@b.test"_s, u"B"_s);
    const Person bMember = join(b, u"member@b.test"_s, Role::Member);
    auto bInvitation = team().invite(b.actor, InviteInput{u"pending@b.test"_s, Role::Member, {}});
    QVERIFY(bInvitation);

    auto expectNotFound = [](const auto &result, const char *what) {
        QVERIFY2(!result, what);
        QVERIFY2(result.error().kind() == ErrorKind::NotFound, what);
    };
    expectNotFound(team().member(a.actor, bMember.actor.userId), "member");
    expectNotFound(team().removeMember(a.actor, bMember.actor.userId), "remove");
    expectNotFound(team().removeMember(a.actor, b.actor.userId), "remove owner");
    expectNotFound(team().changeRole(a.actor, bMember.actor.userId, Role::Admin), "role");
    expectNotFound(team().revokeInvitation(a.actor, bInvitation->invitation.id), "revoke");
    expectNotFound(team().resendInvitation(a.actor, bInvitation->invitation.id), "resend");
    auto bKey = m_backend->backend().service<ApiKeyService>().create(b.actor, ApiKeyInput{u"b"_s, {}, std::nullopt, {}, std::nullopt});
    QVERIFY(bKey);
    expectNotFound(m_backend->backend().service<ApiKeyService>().revoke(a.actor, bKey->key.id), "api key");

    auto list = team().listMembers(a.actor, MemberQuery{});
    QVERIFY(list);
    QCOMPARE(list->members.size(), 1);
    QCOMPARE(list->members.first().userId, a.actor.userId);
    QVERIFY(team().pendingInvitations(a.actor)->isEmpty());
    QCOMPARE(m_backend->backend().service<ApiKeyService>().list(a.actor)->size(), 0);
    QCOMPARE(team().stats(a.actor)->totalMembers, 1);
    // B is untouched.
    QCOMPARE(team().listMembers(b.actor, MemberQuery{})->members.size(), 2);
    QCOMPARE(team().pendingInvitations(b.actor)->size(), 1);
}

void tst_TeamService::invitationQuotas()
{
    const Person owner = registerOwner(u"owner@quota.test"_s);
    for (int i = 0; i < 20; ++i)
        QVERIFY(team().invite(owner.actor, InviteInput{u"p%1@quota.test"_s.arg(i), Role::Member, {}}));
    auto tooFast = team().invite(owner.actor, InviteInput{u"p20@quota.test"_s, Role::Member, {}});
    QVERIFY(!tooFast);
    QCOMPARE(tooFast.error().kind(), ErrorKind::RateLimited);
    QCOMPARE(count(u"SELECT COUNT(*) FROM team_invitations"_s), 20);
    m_backend->clock().advanceSeconds(3601);
    for (int i = 20; i < 40; ++i)
        QVERIFY(team().invite(owner.actor, InviteInput{u"p%1@quota.test"_s.arg(i), Role::Member, {}}));
    m_backend->clock().advanceSeconds(3601);
    for (int i = 40; i < 50; ++i)
        QVERIFY(team().invite(owner.actor, InviteInput{u"p%1@quota.test"_s.arg(i), Role::Member, {}}));
    auto tooMany = team().invite(owner.actor, InviteInput{u"p50@quota.test"_s, Role::Member, {}});
    QVERIFY(!tooMany);
    QCOMPARE(tooMany.error().kind(), ErrorKind::QuotaExceeded);
}

QTEST_GUILESS_MAIN(tst_TeamService)
#include "tst_teamservice.moc"
