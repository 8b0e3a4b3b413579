#include "teamservice.h"
#include "teamerrors.h"
#include "teamlimits.h"

#include "auth/authorizer.h"
#include "auth/authservice.h"
#include "auth/passwordresetservice.h"
#include "auth/credentialpolicy.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/logging.h"
#include "core/random.h"
#include "crypto/passwordhasher.h"
#include "mail/mailmessage.h"
#include "outbox/emailoutbox.h"
#include "storage/database.h"
#include "storage/sqlerror.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

Error alreadyMember()
{
    return Error::rejected(u"team.already_member"_s, QT_TRANSLATE_NOOP("vami", "User is already a team member"));
}

QString htmlEscaped(const QString &text)
{
    return text.toHtmlEscaped().replace(u'\n', u"<br>"_s);
}

} // namespace

TeamService::TeamService(Database &database, const Clock &clock, AuthService &auth, EmailOutbox &outbox,
                         PasswordResetService &resets, TeamPolicy policy)
    : m_db(database)
    , m_clock(clock)
    , m_auth(auth)
    , m_outbox(outbox)
    , m_resets(resets)
    , m_policy(std::move(policy))
    , m_members(database)
    , m_invitations(database)
    , m_organizations(database)
    , m_users(database)
    , m_sessions(database)
    , m_keys(database)
{
    m_outbox.addRenderer(QString::fromLatin1(InvitationMailPurpose),
                         [this](const OutboxMail &mail) { return renderInvitationMail(mail); });
}

Result<MemberPage> TeamService::listMembers(const Actor &actor, const MemberQuery &query)
{
    if (Status allowed = authorize(actor, Permission::ViewTeam); !allowed)
        return fail(allowed.error());
    QList<FieldError> errors;
    if (query.page < 1)
        errors.append(FieldError{u"page"_s, u"greater_than_equal"_s,
                                 QT_TRANSLATE_NOOP("vami", "Input should be greater than or equal to %1"), {u"1"_s},
                                 query.page});
    if (query.page > TeamLimits::MaxPage)
        errors.append(FieldError{u"page"_s, u"less_than_equal"_s,
                                 QT_TRANSLATE_NOOP("vami", "Input should be less than or equal to %1"),
                                 {QString::number(TeamLimits::MaxPage)}, query.page});
    if (query.perPage < 0 || query.perPage > TeamLimits::MaxPerPage)
        errors.append(FieldError{u"per_page"_s, query.perPage < 0 ? u"greater_than_equal"_s : u"less_than_equal"_s,
                                 query.perPage < 0
                                     ? QT_TRANSLATE_NOOP("vami", "Input should be greater than or equal to %1")
                                     : QT_TRANSLATE_NOOP("vami", "Input should be less than or equal to %1"),
                                 {query.perPage < 0 ? u"1"_s : QString::number(TeamLimits::MaxPerPage)},
                                 query.perPage});
    if (query.search.size() > TeamLimits::MaxSearchLength)
        errors += checkText(query.search, u"search"_s, TeamLimits::MaxSearchLength);
    if (!errors.isEmpty())
        return fail(Error::validation(errors));
    return m_members.list(actor.organizationId, query);
}

Result<TeamMember> TeamService::member(const Actor &actor, const QUuid &userId)
{
    if (Status allowed = authorize(actor, Permission::ViewTeam); !allowed)
        return fail(allowed.error());
    auto found = m_members.find(actor.organizationId, userId);
    if (!found)
        return fail(found.error());
    if (!found->has_value())
        return fail(TeamErrors::memberNotFound());
    return **found;
}

QString TeamService::linkFor(const QString &token) const
{
    QUrl url(m_policy.acceptUrl);
    QString query = url.query(QUrl::FullyEncoded);
    if (!query.isEmpty())
        query += u'&';
    query += u"token="_s + token;
    url.setQuery(query, QUrl::StrictMode);
    return url.toString(QUrl::FullyEncoded);
}

Result<QString> TeamService::mintToken(const QUuid &invitationId, const QString &channel)
{
    const QString token = secureToken(32);
    if (Status s = m_invitations.insertToken(sha256Hex(token.toUtf8()), invitationId, channel, m_clock.now()); !s)
        return fail(s.error());
    return token;
}

Status TeamService::queueInvitationMail(const Invitation &invitation, const Actor &actor)
{
    auto organization = m_organizations.find(actor.organizationId);
    if (!organization)
        return fail(organization.error());
    auto inviter = m_users.findById(actor.userId);
    if (!inviter)
        return fail(inviter.error());
    QString inviterName = actor.email;
    if (inviter->has_value() && !(*inviter)->user.fullName.isEmpty())
        inviterName = (*inviter)->user.fullName;
    const QJsonObject data{
        {u"organization_name"_s, organization->has_value() ? (*organization)->name : QString()},
        {u"inviter_name"_s, inviterName},
        {u"role"_s, roleName(invitation.role)},
        {u"message"_s, invitation.message},
    };
    auto queued = m_outbox.enqueue(QString::fromLatin1(InvitationMailPurpose), invitation.id,
                                   invitation.organizationId, invitation.email, QString(), data);
    if (!queued)
        return fail(queued.error());
    return {};
}

Result<IssuedInvitation> TeamService::invite(const Actor &actor, const InviteInput &input)
{
    if (Status allowed = authorize(actor, Permission::ManageTeam); !allowed)
        return fail(allowed.error());
    QList<FieldError> errors = checkEmail(input.email);
    if (input.role == Role::Owner)
        errors.append(FieldError{u"role"_s, u"value_error"_s,
                                 QT_TRANSLATE_NOOP("vami", "Cannot invite a member with owner role"), {},
                                 roleName(input.role)});
    errors += checkText(input.message, u"message"_s, 2000);
    if (!errors.isEmpty())
        return fail(Error::validation(errors));
    if (input.role == Role::Admin && actor.role != Role::Owner)
        return fail(Error::forbidden(u"team.owner_grants_admin"_s,
                                     QT_TRANSLATE_NOOP("vami", "Only the organization owner can grant the admin role")));

    const QString email = normalizedEmail(input.email);
    const QDateTime now = m_clock.now();
    Invitation invitation;
    invitation.id = newId();
    invitation.organizationId = actor.organizationId;
    invitation.email = email;
    invitation.role = input.role;
    invitation.invitedBy = actor.userId;
    invitation.message = input.message.trimmed().isEmpty() ? QString() : input.message.trimmed();
    invitation.createdAt = now;
    invitation.expiresAt = now.addDays(m_policy.invitationTtlDays);

    auto issued = m_db.transaction([&]() -> Result<IssuedInvitation> {
        auto existingUser = m_users.findByEmail(email);
        if (!existingUser)
            return fail(existingUser.error());
        if (existingUser->has_value()) {
            auto member = m_members.find(actor.organizationId, (*existingUser)->user.id);
            if (!member)
                return fail(member.error());
            if (member->has_value())
                return fail(alreadyMember());
        }
        auto pending = m_invitations.findPendingByEmail(actor.organizationId, email);
        if (!pending)
            return fail(pending.error());
        if (pending->has_value()) {
            if ((*pending)->expiresAt > now)
                return fail(Error::rejected(u"team.already_invited"_s,
                                            QT_TRANSLATE_NOOP("vami", "An invitation has already been sent to this email")));
            auto expired = m_invitations.finish((*pending)->id, InvitationStatus::Expired, now);
            if (!expired)
                return fail(expired.error());
        }
        auto pendingCount = m_invitations.countPending(actor.organizationId, now);
        if (!pendingCount)
            return fail(pendingCount.error());
        if (*pendingCount >= m_policy.maxPendingInvitations)
            return fail(Error::quotaExceeded(
                u"team.too_many_pending"_s,
                QT_TRANSLATE_NOOP("vami", "Your organization has %1 pending invitations; revoke some before inviting more"),
                0, {QString::number(*pendingCount)}));
        auto lastHour = m_invitations.countCreatedSince(actor.organizationId, now.addSecs(-3600));
        if (!lastHour)
            return fail(lastHour.error());
        if (*lastHour >= m_policy.invitationsPerHour)
            return fail(Error::rateLimited(u"team.invitation_rate"_s,
                                           QT_TRANSLATE_NOOP("vami", "Too many invitations in the last hour; try again later"),
                                           600));

        if (Status s = m_invitations.insert(invitation); !s)
            return fail(isUniqueViolation(s.error())
                            ? Error::rejected(u"team.already_invited"_s,
                                              QT_TRANSLATE_NOOP("vami", "An invitation has already been sent to this email"))
                            : s.error());
        auto token = mintToken(invitation.id, u"link"_s);
        if (!token)
            return fail(token.error());
        if (Status s = queueInvitationMail(invitation, actor); !s)
            return fail(s.error());
        auto stored = m_invitations.find(actor.organizationId, invitation.id);
        if (!stored)
            return fail(stored.error());
        return IssuedInvitation{stored->value_or(invitation), *token, linkFor(*token)};
    });
    if (issued)
        qCInfo(lcTeam).noquote() << "invitation" << idText(invitation.id) << "created in organization"
                                 << idText(actor.organizationId) << "by" << idText(actor.userId);
    return issued;
}

Status TeamService::removeMember(const Actor &actor, const QUuid &userId)
{
    const bool leaving = userId == actor.userId;
    if (!leaving) {
        if (Status allowed = authorize(actor, Permission::ManageTeam); !allowed)
            return allowed;
    }
    const QDateTime now = m_clock.now();
    Status removed = m_db.transaction([&]() -> Status {
        auto target = m_members.find(actor.organizationId, userId);
        if (!target)
            return fail(target.error());
        if (!target->has_value())
            return fail(TeamErrors::memberNotFound());
        const Role targetRole = (*target)->role;
        if (targetRole == Role::Owner) {
            if (!leaving)
                return fail(Error::rejected(u"team.cannot_remove_owner"_s,
                                            QT_TRANSLATE_NOOP("vami", "Cannot remove organization owner")));
            auto owners = m_members.countWithRole(actor.organizationId, Role::Owner);
            if (!owners)
                return fail(owners.error());
            if (*owners <= 1)
                return fail(Error::rejected(u"team.last_owner"_s,
                                            QT_TRANSLATE_NOOP("vami", "The last owner cannot leave the organization")));
        }
        if (!leaving && targetRole == Role::Admin && actor.role != Role::Owner)
            return fail(Error::forbidden(u"team.owner_removes_admin"_s,
                                         QT_TRANSLATE_NOOP("vami", "Only the organization owner can remove an admin")));
        auto deleted = m_members.remove(actor.organizationId, userId);
        if (!deleted)
            return fail(deleted.error());
        if (!*deleted)
            return fail(TeamErrors::memberNotFound());
        // Their sessions and API keys in this organization end with the membership,
        // and stay ended should they be invited again.
        if (Status s = m_sessions.revokeForMember(userId, actor.organizationId, now, u"removed_from_organization"_s); !s)
            return s;
        if (Status s = m_keys.revokeForMember(actor.organizationId, userId, now); !s)
            return s;
        return {};
    });
    if (removed)
        qCInfo(lcTeam).noquote() << "member" << idText(userId) << (leaving ? "left" : "was removed from")
                                 << "organization" << idText(actor.organizationId);
    return removed;
}

Result<TeamMember> TeamService::changeRole(const Actor &actor, const QUuid &userId, Role role)
{
    if (Status allowed = authorize(actor, Permission::ManageTeam); !allowed)
        return fail(allowed.error());
    if (role == Role::Owner)
        return fail(Error::validation(u"role"_s, u"value_error"_s,
                                      QT_TRANSLATE_NOOP("vami", "Cannot assign owner role through this endpoint")));
    return m_db.transaction([&]() -> Result<TeamMember> {
        auto target = m_members.find(actor.organizationId, userId);
        if (!target)
            return fail(target.error());
        if (!target->has_value())
            return fail(TeamErrors::memberNotFound());
        TeamMember member = **target;
        if (member.role == Role::Owner)
            return fail(Error::rejected(u"team.cannot_change_owner"_s, QT_TRANSLATE_NOOP("vami", "Cannot change owner role")));
        if (member.role == role)
            return member;
        if ((member.role == Role::Admin || role == Role::Admin) && actor.role != Role::Owner)
            return fail(Error::forbidden(
                u"team.owner_grants_admin"_s,
                QT_TRANSLATE_NOOP("vami", "Only the organization owner can grant or revoke the admin role")));
        if (Status s = m_members.updateRole(actor.organizationId, userId, role, m_clock.now()); !s)
            return fail(s.error());
        qCInfo(lcTeam).noquote() << "member" << idText(userId) << "is now" << roleName(role) << "in organization"
                                 << idText(actor.organizationId);
        member.role = role;
        return member;
    });
}

Result<QList<Invitation>> TeamService::pendingInvitations(const Actor &actor)
{
    if (Status allowed = authorize(actor, Permission::ViewTeam); !allowed)
        return fail(allowed.error());
    return m_invitations.listPending(actor.organizationId, m_clock.now());
}

Status TeamService::revokeInvitation(const Actor &actor, const QUuid &invitationId)
{
    if (Status allowed = authorize(actor, Permission::ManageTeam); !allowed)
        return allowed;
    const QDateTime now = m_clock.now();
    return m_db.transaction([&]() -> Status {
        auto found = m_invitations.find(actor.organizationId, invitationId);
        if (!found)
            return fail(found.error());
        if (!found->has_value() || (*found)->status != InvitationStatus::Pending)
            return fail(TeamErrors::invitationNotFound());
        auto finished = m_invitations.finish(invitationId, InvitationStatus::Revoked, now);
        if (!finished)
            return fail(finished.error());
        if (!*finished)
            return fail(TeamErrors::invitationNotFound());
        auto cancelled = m_outbox.cancelFor(QString::fromLatin1(InvitationMailPurpose), invitationId);
        if (!cancelled)
            return fail(cancelled.error());
        return {};
    });
}

Result<IssuedInvitation> TeamService::resendInvitation(const Actor &actor, const QUuid &invitationId)
{
    if (Status allowed = authorize(actor, Permission::ManageTeam); !allowed)
        return fail(allowed.error());
    const QDateTime now = m_clock.now();
    return m_db.transaction([&]() -> Result<IssuedInvitation> {
        auto found = m_invitations.find(actor.organizationId, invitationId);
        if (!found)
            return fail(found.error());
        if (!found->has_value() || (*found)->status != InvitationStatus::Pending)
            return fail(TeamErrors::invitationNotFound());
        Invitation invitation = **found;
        if (invitation.role == Role::Admin && actor.role != Role::Owner)
            return fail(Error::forbidden(u"team.owner_grants_admin"_s,
                                         QT_TRANSLATE_NOOP("vami", "Only the organization owner can grant the admin role")));
        invitation.expiresAt = now.addDays(m_policy.invitationTtlDays);
        if (Status s = m_invitations.extend(invitation.id, invitation.expiresAt, now); !s)
            return fail(s.error());
        auto token = mintToken(invitation.id, u"link"_s);
        if (!token)
            return fail(token.error());
        auto cancelled = m_outbox.cancelFor(QString::fromLatin1(InvitationMailPurpose), invitation.id);
        if (!cancelled)
            return fail(cancelled.error());
        if (Status s = queueInvitationMail(invitation, actor); !s)
            return fail(s.error());
        return IssuedInvitation{invitation, *token, linkFor(*token)};
    });
}

Result<TeamStats> TeamService::stats(const Actor &actor)
{
    if (Status allowed = authorize(actor, Permission::ViewTeam); !allowed)
        return fail(allowed.error());
    auto stats = m_members.stats(actor.organizationId);
    if (!stats)
        return stats;
    auto pending = m_invitations.countPending(actor.organizationId, m_clock.now());
    if (!pending)
        return fail(pending.error());
    stats->pendingInvitations = *pending;
    return stats;
}

Result<Invitation> TeamService::findUsableInvitation(const QString &token)
{
    if (token.isEmpty() || token.size() > 256)
        return fail(TeamErrors::invalidInvitation());
    auto found = m_invitations.findByToken(sha256Hex(token.toUtf8()));
    if (!found)
        return fail(found.error());
    if (!found->has_value() || (*found)->status != InvitationStatus::Pending)
        return fail(TeamErrors::invalidInvitation());
    const Invitation invitation = **found;
    if (invitation.expiresAt <= m_clock.now()) {
        (void)m_invitations.finish(invitation.id, InvitationStatus::Expired, m_clock.now());
        return fail(Error::rejected(u"team.invitation_expired"_s, QT_TRANSLATE_NOOP("vami", "Invitation has expired")));
    }
    return invitation;
}

Result<InvitationPreview> TeamService::previewInvitation(const QString &token)
{
    auto invitation = findUsableInvitation(token);
    if (!invitation)
        return fail(invitation.error());
    InvitationPreview preview;
    preview.invitation = *invitation;
    auto organization = m_organizations.find(invitation->organizationId);
    if (!organization)
        return fail(organization.error());
    if (organization->has_value())
        preview.organizationName = (*organization)->name;
    auto exists = m_users.emailExists(invitation->email);
    if (!exists)
        return fail(exists.error());
    preview.accountExists = *exists;
    return preview;
}

Result<AcceptedInvitation> TeamService::acceptFor(const Invitation &invitation, const QUuid &userId)
{
    const QDateTime now = m_clock.now();
    auto member = m_members.find(invitation.organizationId, userId);
    if (!member)
        return fail(member.error());
    if (member->has_value())
        return fail(alreadyMember());
    auto finished = m_invitations.finish(invitation.id, InvitationStatus::Accepted, now, userId);
    if (!finished)
        return fail(finished.error());
    if (!*finished)
        return fail(TeamErrors::invalidInvitation()); // accepted or revoked concurrently
    if (Status s = m_members.insert(invitation.organizationId, userId, invitation.role, invitation.invitedBy, now); !s)
        return fail(isUniqueViolation(s.error()) ? alreadyMember() : s.error());
    auto cancelled = m_outbox.cancelFor(QString::fromLatin1(InvitationMailPurpose), invitation.id);
    if (!cancelled)
        return fail(cancelled.error());
    qCInfo(lcTeam).noquote() << "invitation" << idText(invitation.id) << "accepted by" << idText(userId);
    return AcceptedInvitation{invitation.organizationId, userId, invitation.role};
}

Result<AcceptOutcome> TeamService::acceptInvitation(const QString &token, const AcceptCredentials &credentials,
                                                    const ClientInfo &client)
{
    auto invitation = findUsableInvitation(token);
    if (!invitation)
        return fail(invitation.error());

    AcceptOutcome outcome;
    if (credentials.actor) {
        const Actor &actor = *credentials.actor;
        if (actor.isApiKey())
            return fail(Error::forbidden(u"team.invitation_needs_person"_s,
                                         QT_TRANSLATE_NOOP("vami", "Sign in as a person to accept an invitation")));
        if (normalizedEmail(actor.email) != invitation->email)
            return fail(Error::forbidden(
                u"team.invitation_other_account"_s,
                QT_TRANSLATE_NOOP("vami", "This invitation was sent to a different e-mail address")));
        auto accepted = m_db.transaction([&] { return acceptFor(*invitation, actor.userId); });
        if (!accepted)
            return fail(accepted.error());
        outcome.accepted = *accepted;
        return outcome;
    }

    if (credentials.password.isEmpty())
        return fail(Error::unauthorized(
            u"team.invitation_needs_sign_in"_s,
            QT_TRANSLATE_NOOP("vami", "Sign in, or give a password, to accept this invitation")));

    auto exists = m_users.emailExists(invitation->email);
    if (!exists)
        return fail(exists.error());
    QUuid userId;
    if (*exists) {
        auto verified = m_auth.verifyPassword(invitation->email, credentials.password, client);
        if (!verified)
            return fail(verified.error());
        userId = verified->user.id;
        auto accepted = m_db.transaction([&] { return acceptFor(*invitation, userId); });
        if (!accepted)
            return fail(accepted.error());
        outcome.accepted = *accepted;
    } else {
        QList<FieldError> errors = checkPassword(credentials.password);
        errors += checkText(credentials.fullName, u"full_name"_s, 255);
        if (!errors.isEmpty())
            return fail(Error::validation(errors));
        const QString hash = m_auth.hasher().hash(credentials.password.toUtf8());
        if (hash.isEmpty())
            return fail(Error::internal(u"password hashing failed"_s));
        // Only the token that went to the mailbox proves the address; the link the
        // inviter was shown proves nothing about who holds the mailbox.
        auto channel = m_invitations.tokenChannel(sha256Hex(token.toUtf8()));
        if (!channel)
            return fail(channel.error());
        const bool mailed = *channel == u"email"_s;
        auto organization = m_organizations.find(invitation->organizationId);
        if (!organization)
            return fail(organization.error());
        const QDateTime now = m_clock.now();
        User user;
        user.id = newId();
        user.email = invitation->email;
        user.emailVerified = mailed;
        user.fullName = credentials.fullName.trimmed().isEmpty() ? QString() : credentials.fullName.trimmed();
        user.defaultOrganizationId = invitation->organizationId;
        user.createdAt = now;
        user.updatedAt = now;
        auto accepted = m_db.transaction([&]() -> Result<AcceptedInvitation> {
            if (Status s = m_users.insert(user, hash); !s)
                return fail(isUniqueViolation(s.error())
                                ? Error::rejected(u"team.account_exists"_s,
                                                  QT_TRANSLATE_NOOP("vami", "An account with this e-mail address exists; "
                                                                            "sign in to accept the invitation"))
                                : s.error());
            auto joined = acceptFor(*invitation, user.id);
            if (!joined || mailed)
                return joined;
            QString inviter = invitation->invitedByName.isEmpty() ? invitation->invitedByEmail : invitation->invitedByName;
            if (Status s = m_resets.queueTakeoverNotice(user, invitation->organizationId,
                                                        organization->has_value() ? (*organization)->name : QString(),
                                                        inviter, client);
                !s)
                return fail(s.error());
            return joined;
        });
        if (!accepted)
            return fail(accepted.error());
        userId = user.id;
        outcome.accepted = *accepted;
        outcome.accountCreated = true;
    }
    auto session = m_auth.startSession(userId, invitation->organizationId, client);
    if (!session)
        return fail(session.error());
    outcome.signedIn = *session;
    return outcome;
}

Result<int> TeamService::expireOverdueInvitations()
{
    return m_invitations.expireOverdue(m_clock.now());
}

Result<std::optional<MailMessage>> TeamService::renderInvitationMail(const OutboxMail &mail)
{
    auto found = m_invitations.find(mail.organizationId, mail.relatedId);
    if (!found)
        return fail(found.error());
    if (!found->has_value() || (*found)->status != InvitationStatus::Pending || (*found)->expiresAt <= m_clock.now())
        return std::optional<MailMessage>();
    const Invitation invitation = **found;
    auto token = mintToken(invitation.id, u"email"_s);
    if (!token)
        return fail(token.error());
    const QString link = linkFor(*token);
    const QString organization = mail.data.value(u"organization_name"_s).toString();
    const QString inviter = mail.data.value(u"inviter_name"_s).toString();
    const QString role = mail.data.value(u"role"_s).toString();
    const QString note = mail.data.value(u"message"_s).toString();
    const QString expires = invitation.expiresAt.toUTC().toString(u"yyyy-MM-dd HH:mm"_s) + u" UTC"_s;

    MailMessage message;
    message.subject = u"You're invited to join %1 on Vami"_s.arg(organization);
    QString text = u"Hello,\n\n%1 has invited you to join %2 on Vami as %3.\n\n"_s.arg(inviter, organization, role);
    if (!note.isEmpty())
        text += u"Their message:\n\n    "_s + QString(note).replace(u'\n', u"\n    "_s) + u"\n\n"_s;
    text += u"Accept the invitation:\n%1\n\nThe invitation expires on %2. If you did not expect it, you can "
            "ignore this e-mail.\n"_s.arg(link, expires);
    message.textBody = text;
    QString html = u"<p>Hello,</p><p>%1 has invited you to join <strong>%2</strong> on Vami as %3.</p>"_s.arg(
        htmlEscaped(inviter), htmlEscaped(organization), htmlEscaped(role));
    if (!note.isEmpty())
        html += u"<blockquote>%1</blockquote>"_s.arg(htmlEscaped(note));
    html += u"<p><a href=\"%1\">Accept the invitation</a></p><p>The invitation expires on %2. If you did not "
            "expect it, you can ignore this e-mail.</p>"_s.arg(link.toHtmlEscaped(), htmlEscaped(expires));
    message.htmlBody = u"<!DOCTYPE html><html><body>"_s + html + u"</body></html>"_s;
    return std::optional<MailMessage>(message);
}

} // namespace vami
