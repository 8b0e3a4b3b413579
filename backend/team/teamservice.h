#pragma once

#include "invitation.h"
#include "invitationrepository.h"
#include "memberrepository.h"
#include "organizationrepository.h"
#include "teammember.h"
#include "teampolicy.h"

#include "auth/apikeyrepository.h"
#include "auth/sessionrepository.h"
#include "auth/signedin.h"
#include "auth/userrepository.h"
#include "core/actor.h"
#include "core/result.h"
#include "mail/mailmessage.h"
#include "outbox/outboxmail.h"

#include <optional>

namespace vami {

class AuthService;
class Clock;
class Database;
class EmailOutbox;
class PasswordResetService;

struct InviteInput
{
    QString email;
    Role role = Role::Member;
    QString message;
};

// How the person accepting an invitation proves who they are: signed in already
// (`actor`), or with a password: the password of the existing account for the
// invited address, or the password of a new account created for it. A new
// account's address counts as verified only when the token came by e-mail; one
// made with the link shown to the inviter is not, and its address is told (with a
// reset link to take the account over).
struct AcceptCredentials
{
    std::optional<Actor> actor;
    QString password;
    QString fullName;
};

struct AcceptOutcome
{
    AcceptedInvitation accepted;
    std::optional<SignedIn> signedIn; // when accepted with a password
    bool accountCreated = false;
};

// The team of the actor's organization: members, roles and invitations.
// Rules: anyone in the organization may look; owners and admins manage; only an
// owner grants or revokes the admin role or removes an admin; nobody is made
// owner or loses ownership here; the last owner cannot leave. Invitations carry
// single-use random tokens stored as SHA-256 only, expire after a week, can be
// revoked, and are e-mailed through the outbox.
class TeamService
{
public:
    static constexpr const char *InvitationMailPurpose = "team.invitation";

    TeamService(Database &database, const Clock &clock, AuthService &auth, EmailOutbox &outbox,
                PasswordResetService &resets, TeamPolicy policy);

    Result<MemberPage> listMembers(const Actor &actor, const MemberQuery &query);
    Result<TeamMember> member(const Actor &actor, const QUuid &userId);
    Result<IssuedInvitation> invite(const Actor &actor, const InviteInput &input);
    Status removeMember(const Actor &actor, const QUuid &userId);
    Result<TeamMember> changeRole(const Actor &actor, const QUuid &userId, Role role);
    Result<QList<Invitation>> pendingInvitations(const Actor &actor);
    Status revokeInvitation(const Actor &actor, const QUuid &invitationId);
    // A new link (and a new e-mail) for a pending invitation; its expiry starts again.
    Result<IssuedInvitation> resendInvitation(const Actor &actor, const QUuid &invitationId);
    Result<TeamStats> stats(const Actor &actor);

    Result<InvitationPreview> previewInvitation(const QString &token);
    Result<AcceptOutcome> acceptInvitation(const QString &token, const AcceptCredentials &credentials,
                                           const ClientInfo &client);

    // Marks overdue invitations expired (maintenance).
    Result<int> expireOverdueInvitations();

    [[nodiscard]] const TeamPolicy &policy() const { return m_policy; }

private:
    Result<Invitation> findUsableInvitation(const QString &token);
    Result<AcceptedInvitation> acceptFor(const Invitation &invitation, const QUuid &userId);
    Result<QString> mintToken(const QUuid &invitationId, const QString &channel);
    QString linkFor(const QString &token) const;
    Result<std::optional<MailMessage>> renderInvitationMail(const OutboxMail &mail);
    Status queueInvitationMail(const Invitation &invitation, const Actor &actor);

    Database &m_db;
    const Clock &m_clock;
    AuthService &m_auth;
    EmailOutbox &m_outbox;
    PasswordResetService &m_resets;
    TeamPolicy m_policy;
    MemberRepository m_members;
    InvitationRepository m_invitations;
    OrganizationRepository m_organizations;
    UserRepository m_users;
    SessionRepository m_sessions;
    ApiKeyRepository m_keys;
};

} // namespace vami
