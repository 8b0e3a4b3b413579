#include "controllers.h"
#include "routespec.h"

#include "http/exchange.h"
#include "http/serialize/teamjson.h"
#include "http/serialize/userjson.h"

#include "auth/authservice.h"
#include "runtime/backend.h"
#include "team/teamerrors.h"
#include "team/teamlimits.h"
#include "team/teamservice.h"

using namespace Qt::StringLiterals;

namespace vami::http {

namespace {

// A role from the wire: the original's clients also send the legacy names
// "editor" and "viewer", which mean member.
Result<Role> roleFromBody(const QJsonObject &body)
{
    const QString text = body.value(u"role"_s).toString();
    if (auto role = parseRoleLenient(text))
        return *role;
    return fail(Error::validation({FieldError{u"role"_s, u"enum"_s, QT_TRANSLATE_NOOP("vami", "Input should be %1"),
                                              {u"'admin' or 'member'"_s}, text}}));
}

HttpResponse listMembers(Exchange &ex)
{
    MemberQuery query;
    const bool paged = ex.hasQuery(u"page"_s) || ex.hasQuery(u"per_page"_s);
    if (paged) {
        query.page = ex.hasQuery(u"page"_s) ? ex.queryText(u"page"_s).toInt() : 1;
        query.perPage = ex.hasQuery(u"per_page"_s) ? ex.queryText(u"per_page"_s).toInt() : TeamLimits::DefaultPerPage;
    }
    query.search = ex.hasQuery(u"search"_s) ? ex.queryText(u"search"_s) : ex.queryText(u"q"_s);
    if (ex.hasQuery(u"role"_s))
        query.role = parseRole(ex.queryText(u"role"_s));
    if (ex.hasQuery(u"status"_s))
        query.status = parseEnum<MemberStatus>(ex.queryText(u"status"_s));
    static const QHash<QString, MemberQuery::Sort> sorts = {{u"role"_s, MemberQuery::Sort::Role},
                                                            {u"name"_s, MemberQuery::Sort::Name},
                                                            {u"email"_s, MemberQuery::Sort::Email},
                                                            {u"joined_at"_s, MemberQuery::Sort::Joined},
                                                            {u"last_active"_s, MemberQuery::Sort::LastActive}};
    query.sort = sorts.value(ex.queryText(u"sort"_s), MemberQuery::Sort::Role);
    query.descending = ex.queryText(u"order"_s) == u"desc"_s;

    auto page = ex.backend().service<TeamService>().listMembers(ex.actor(), query);
    if (!page)
        return ex.fail(page.error(), u"query");
    JsonWriter w = ex.writer();
    if (paged) {
        w.beginObject().key("members");
    }
    w.beginArray();
    for (const TeamMember &m : page->members)
        writeTeamMember(w, m);
    w.endArray();
    if (paged) {
        const qint64 pages = page->perPage > 0 ? (page->total + page->perPage - 1) / page->perPage : 0;
        w.field("total", page->total).field("page", page->page).field("per_page", page->perPage).field("pages", pages);
        w.endObject();
    }
    HttpResponse response = ex.json(200, w.take());
    response.addHeader("X-Total-Count", QByteArray::number(page->total));
    return response;
}

HttpResponse getMember(Exchange &ex)
{
    const QUuid id = ex.id(u"user_id"_s);
    auto member = ex.backend().service<TeamService>().member(ex.actor(), id);
    if (!member)
        return ex.fail(member.error());
    JsonWriter w = ex.writer();
    writeTeamMember(w, *member);
    return ex.json(200, w.take());
}

HttpResponse invite(Exchange &ex)
{
    auto role = roleFromBody(ex.body());
    if (!role)
        return ex.fail(role.error());
    InviteInput input;
    input.email = ex.body().value(u"email"_s).toString();
    input.role = *role;
    input.message = ex.body().value(u"message"_s).toString();
    auto issued = ex.backend().service<TeamService>().invite(ex.actor(), input);
    if (!issued)
        return ex.fail(issued.error());
    JsonWriter w = ex.writer();
    writeInvitation(w, issued->invitation, issued->token, issued->url);
    return ex.json(200, w.take());
}

HttpResponse removeMember(Exchange &ex)
{
    const QUuid id = ex.id(u"user_id"_s);
    if (Status done = ex.backend().service<TeamService>().removeMember(ex.actor(), id); !done)
        return ex.fail(done.error());
    return ex.message(u"Team member removed successfully"_s);
}

HttpResponse changeRole(Exchange &ex)
{
    const QUuid id = ex.id(u"user_id"_s);
    auto role = roleFromBody(ex.body());
    if (!role)
        return ex.fail(role.error());
    auto member = ex.backend().service<TeamService>().changeRole(ex.actor(), id, *role);
    if (!member)
        return ex.fail(member.error());
    JsonWriter w = ex.writer();
    w.beginObject().field("message", u"Role updated successfully"_s).key("member");
    writeTeamMember(w, *member);
    w.endObject();
    return ex.json(200, w.take());
}

HttpResponse acceptWithToken(Exchange &ex, const QString &token)
{
    AcceptCredentials credentials;
    credentials.actor = ex.optionalActor();
    credentials.password = ex.body().value(u"password"_s).toString();
    credentials.fullName = ex.body().value(u"full_name"_s).toString();
    auto outcome = ex.backend().service<TeamService>().acceptInvitation(token, credentials, ex.client());
    if (!outcome)
        return ex.fail(outcome.error());
    JsonWriter w = ex.writer();
    w.beginObject();
    w.field("message", u"Invitation accepted successfully"_s);
    w.field("organization_id", outcome->accepted.organizationId);
    w.field("user_id", outcome->accepted.userId);
    w.field("role", roleName(outcome->accepted.role));
    w.field("account_created", outcome->accountCreated);
    w.key("session");
    if (outcome->signedIn) {
        const QByteArray access = issueAccessToken(ex.context(), *outcome->signedIn);
        w.raw(authResponseJson(*outcome->signedIn, access, ex.backend().service<AuthService>().policy().accessTokenTtlSeconds));
    } else {
        w.null();
    }
    w.endObject();
    return ex.json(200, w.take());
}

HttpResponse acceptInvitation(Exchange &ex)
{
    return acceptWithToken(ex, ex.pathParam(u"token"_s));
}

HttpResponse acceptInvitationAlias(Exchange &ex)
{
    return acceptWithToken(ex, ex.body().value(u"token"_s).toString());
}

HttpResponse previewInvitation(Exchange &ex)
{
    auto preview = ex.backend().service<TeamService>().previewInvitation(ex.body().value(u"token"_s).toString());
    if (!preview)
        return ex.fail(preview.error());
    JsonWriter w = ex.writer();
    w.beginObject();
    w.field("organization_id", preview->invitation.organizationId);
    w.field("organization_name", preview->organizationName);
    w.field("email", preview->invitation.email);
    w.field("role", roleName(preview->invitation.role));
    w.optionalField("invited_by_name", preview->invitation.invitedByName);
    w.field("expires_at", preview->invitation.expiresAt);
    w.field("account_exists", preview->accountExists);
    w.endObject();
    return ex.json(200, w.take());
}

HttpResponse listInvitations(Exchange &ex)
{
    auto list = ex.backend().service<TeamService>().pendingInvitations(ex.actor());
    if (!list)
        return ex.fail(list.error());
    JsonWriter w = ex.writer();
    w.beginArray();
    for (const Invitation &i : *list)
        writeInvitation(w, i);
    w.endArray();
    return ex.json(200, w.take());
}

HttpResponse revokeInvitation(Exchange &ex)
{
    const QUuid id = ex.id(u"invitation_id"_s);
    if (Status done = ex.backend().service<TeamService>().revokeInvitation(ex.actor(), id); !done)
        return ex.fail(done.error());
    return ex.message(u"Invitation revoked successfully"_s);
}

HttpResponse resendInvitation(Exchange &ex)
{
    const QUuid id = ex.id(u"invitation_id"_s);
    auto issued = ex.backend().service<TeamService>().resendInvitation(ex.actor(), id);
    if (!issued)
        return ex.fail(issued.error());
    JsonWriter w = ex.writer();
    writeInvitation(w, issued->invitation, issued->token, issued->url);
    return ex.json(200, w.take());
}

HttpResponse stats(Exchange &ex)
{
    auto s = ex.backend().service<TeamService>().stats(ex.actor());
    if (!s)
        return ex.fail(s.error());
    return ex.json(200, teamStatsJson(*s));
}

HttpResponse permissions(Exchange &ex)
{
    return ex.json(200, permissionsJson());
}

} // namespace

void registerTeamRoutes(HttpContext &context)
{
    const QString tag = u"team"_s;
    RouteTable &t = context.routes;
    const Schema roleInput = Schema::string().describe(
        u"\"admin\" or \"member\" (the legacy names \"editor\" and \"viewer\" mean member)."_s);

    t.add({
        .method = Method::Get,
        .path = u"/api/team/members"_s,
        .name = u"list_team_members"_s,
        .tag = tag,
        .summary = u"Members of the organization"_s,
        .description = u"Without page or per_page the answer is the bare array of every member (owners first). "
                       "With either of them it is one page: {members, total, page, per_page, pages}. "
                       "X-Total-Count carries the total in both forms."_s,
        .params = {
            spec::query(u"page"_s, Schema::integer().minimum(1).maximum(TeamLimits::MaxPage),
                        u"Page number, from 1."_s),
            spec::query(u"per_page"_s, Schema::integer().minimum(1).maximum(TeamLimits::MaxPerPage),
                        u"Members per page (1-%1, default %2)."_s.arg(TeamLimits::MaxPerPage)
                            .arg(TeamLimits::DefaultPerPage)),
            spec::query(u"search"_s, Schema::string().maxLength(TeamLimits::MaxSearchLength),
                        u"Matches e-mail or name, ignoring case."_s),
            spec::query(u"q"_s, Schema::string().maxLength(TeamLimits::MaxSearchLength), u"Same as search."_s),
            spec::query(u"role"_s, Schema::string().oneOf(enumNames<Role>()), u"Only this role."_s),
            spec::query(u"status"_s, Schema::string().oneOf(enumNames<MemberStatus>()), u"Only this status."_s),
            spec::query(u"sort"_s,
                        Schema::string().oneOf({u"role"_s, u"name"_s, u"email"_s, u"joined_at"_s, u"last_active"_s}),
                        u"Order (default role: owners, admins, members, each by join date)."_s),
            spec::query(u"order"_s, Schema::string().oneOf({u"asc"_s, u"desc"_s}), u"Direction (default asc)."_s),
        },
        .responses = {spec::ok(
            Schema::anyOf({Schema::array(Schema::ref(u"TeamMember"_s)), Schema::ref(u"MemberPage"_s)}),
            u"Every member, or one page (MemberPage) when paging is asked for"_s)},
        .handler = listMembers,
    });

    t.add({
        .method = Method::Get,
        .path = u"/api/team/members/{user_id}"_s,
        .name = u"get_team_member"_s,
        .tag = tag,
        .summary = u"One member"_s,
        .params = {spec::pathId(u"user_id"_s, u"The member's user id."_s, TeamErrors::memberNotFound)},
        .responses = {spec::ok(Schema::ref(u"TeamMember"_s))},
        .handler = getMember,
    });

    t.add({
        .method = Method::Post,
        .path = u"/api/team/invite"_s,
        .name = u"invite_team_member"_s,
        .tag = tag,
        .summary = u"Invite someone"_s,
        .description = u"Owners and admins invite; only an owner may invite an admin. The invitation is valid for 7 "
                       "days and is e-mailed when a mail server is configured. The answer carries the invitation "
                       "link once (invitation_url), to share by other means. At most 50 pending invitations and 20 "
                       "new ones per hour per organization."_s,
        .body = Schema::object()
                    .property(u"email"_s, Schema::string().maxLength(254), Schema::Required)
                    .property(u"role"_s, roleInput, Schema::Required)
                    .property(u"message"_s, Schema::string().maxLength(2000).nullable()),
        .responses = {spec::ok(Schema::ref(u"TeamInvitation"_s), u"The invitation, with its link"_s)},
        .handler = invite,
    });

    t.add({
        .method = Method::Delete,
        .path = u"/api/team/members/{user_id}"_s,
        .name = u"remove_team_member"_s,
        .tag = tag,
        .summary = u"Remove a member, or leave"_s,
        .description = u"Owners and admins remove members; only an owner removes an admin; the owner cannot be "
                       "removed. Anyone may remove themselves (leave), except the last owner. The member's sessions "
                       "and API keys in this organization stop working."_s,
        .params = {spec::pathId(u"user_id"_s, u"The member's user id."_s, TeamErrors::memberNotFound)},
        .responses = {spec::message(u"Removed"_s)},
        .handler = removeMember,
    });

    t.add({
        .method = Method::Put,
        .path = u"/api/team/members/{user_id}/role"_s,
        .name = u"update_member_role"_s,
        .tag = tag,
        .summary = u"Change a member's role"_s,
        .description = u"Owners and admins change roles; granting or revoking admin needs the owner; the owner's "
                  "role cannot be changed and nobody becomes owner here."_s,
        .body = Schema::object().property(u"role"_s, roleInput, Schema::Required),
        .params = {spec::pathId(u"user_id"_s, u"The member's user id."_s, TeamErrors::memberNotFound)},
        .responses = {spec::ok(Schema::object()
                              .property(u"message"_s, Schema::string(), Schema::Required)
                              .property(u"member"_s, Schema::ref(u"TeamMember"_s), Schema::Required),
                          u"The updated member"_s)},
        .handler = changeRole,
    });

    const Schema acceptResponse = Schema::object()
                                      .property(u"message"_s, Schema::string(), Schema::Required)
                                      .property(u"organization_id"_s, Schema::string().format(u"uuid"_s), Schema::Required)
                                      .property(u"user_id"_s, Schema::string().format(u"uuid"_s), Schema::Required)
                                      .property(u"role"_s, Schema::string(), Schema::Required)
                                      .property(u"account_created"_s, Schema::boolean(), Schema::Required)
                                      .property(u"session"_s, Schema::ref(u"AuthResponse"_s).nullable(), Schema::Required);
    const QString acceptText =
        u"Signed in (bearer token of the invited address): joins the organization. Not signed in: give the "
        "password of the existing account for the invited address, or a new password (and full_name) to create "
        "the account; the answer then carries a session in the organization."_s;

    Route acc;
    acc.method = Method::Post;
    acc.path = u"/api/team/invitations/{token}/accept"_s;
    acc.name = u"accept_invitation"_s;
    acc.tag = tag;
    acc.summary = u"Accept an invitation"_s;
    acc.description = acceptText;
    acc.access = Access::OptionalAuthentication;
    acc.execution = Execution::Heavy;
    acc.rateRules = {{10, 60}};
    acc.params = {spec::pathText(u"token"_s, u"The invitation token from the link."_s)};
    acc.body = Schema::object()
                   .property(u"token"_s, Schema::string().maxLength(256).nullable().describe(u"Ignored; the path wins."_s))
                   .property(u"full_name"_s, Schema::string().maxLength(255).nullable())
                   .property(u"password"_s, Schema::string().format(u"password"_s).maxLength(4096).nullable());
    acc.bodyRequired = false;
    acc.responses = {spec::ok(acceptResponse, u"Accepted"_s)};
    acc.handler = acceptInvitation;
    t.add(acc);

    Route alias = acc;
    alias.path = u"/api/team/accept-invitation"_s;
    alias.name = u"accept_invitation_by_body"_s;
    alias.summary = u"Accept an invitation (token in the body)"_s;
    alias.aliasOf = u"accept_invitation"_s;
    alias.params = {};
    alias.body = Schema::object()
                     .property(u"token"_s, Schema::string().maxLength(256), Schema::Required)
                     .alias(u"token"_s, u"invitation_token"_s)
                     .property(u"full_name"_s, Schema::string().maxLength(255).nullable())
                     .property(u"password"_s, Schema::string().format(u"password"_s).maxLength(4096).nullable());
    alias.bodyRequired = true;
    alias.handler = acceptInvitationAlias;
    t.add(alias);

    t.add({
        .method = Method::Post,
        .path = u"/api/team/invitations/preview"_s,
        .name = u"preview_invitation"_s,
        .tag = tag,
        .summary = u"What an invitation is for"_s,
        .description = u"Shows the organization, address and role of a pending invitation, and whether an "
                       "account exists for the address, so an acceptance page can ask for the right password."_s,
        .access = Access::Public,
        .body = Schema::object().property(u"token"_s, Schema::string().maxLength(256), Schema::Required),
        .responses = {spec::ok(Schema::object()
                                   .property(u"organization_id"_s, Schema::string().format(u"uuid"_s), Schema::Required)
                                   .property(u"organization_name"_s, Schema::string(), Schema::Required)
                                   .property(u"email"_s, Schema::string(), Schema::Required)
                                   .property(u"role"_s, Schema::string(), Schema::Required)
                                   .property(u"invited_by_name"_s, Schema::string().nullable(), Schema::Required)
                                   .property(u"expires_at"_s, Schema::string().format(u"date-time"_s), Schema::Required)
                                   .property(u"account_exists"_s, Schema::boolean(), Schema::Required))},
        .rateRules = {{30, 60}},
        .handler = previewInvitation,
    });

    t.add({
        .method = Method::Get,
        .path = u"/api/team/invitations"_s,
        .name = u"list_pending_invitations"_s,
        .tag = tag,
        .summary = u"Pending invitations"_s,
        .responses = {spec::ok(Schema::array(Schema::ref(u"TeamInvitation"_s)))},
        .handler = listInvitations,
    });

    t.add({
        .method = Method::Delete,
        .path = u"/api/team/invitations/{invitation_id}"_s,
        .name = u"revoke_invitation"_s,
        .tag = tag,
        .summary = u"Revoke a pending invitation"_s,
        .params = {spec::pathId(u"invitation_id"_s, u"The invitation id."_s, TeamErrors::invitationNotFound)},
        .responses = {spec::message(u"Revoked"_s)},
        .handler = revokeInvitation,
    });

    t.add({
        .method = Method::Post,
        .path = u"/api/team/invitations/{invitation_id}/resend"_s,
        .name = u"resend_invitation"_s,
        .tag = tag,
        .summary = u"Send a pending invitation again"_s,
        .description = u"Issues a new link (earlier links keep working until the invitation is used, revoked or "
                       "expires), e-mails the invitation again and restarts its 7-day validity."_s,
        .params = {spec::pathId(u"invitation_id"_s, u"The invitation id."_s, TeamErrors::invitationNotFound)},
        .responses = {spec::ok(Schema::ref(u"TeamInvitation"_s), u"The invitation, with a new link"_s)},
        .handler = resendInvitation,
    });

    t.add({
        .method = Method::Get,
        .path = u"/api/team/stats"_s,
        .name = u"get_team_stats"_s,
        .tag = tag,
        .summary = u"Team statistics"_s,
        .responses = {spec::ok(Schema::ref(u"TeamStats"_s))},
        .handler = stats,
    });

    t.add({
        .method = Method::Get,
        .path = u"/api/team/permissions"_s,
        .name = u"get_permissions_matrix"_s,
        .tag = tag,
        .summary = u"Which role may do what"_s,
        .access = Access::Public,
        .responses = {spec::ok(Schema::ref(u"PermissionMatrix"_s))},
        .handler = permissions,
    });
}

} // namespace vami::http
