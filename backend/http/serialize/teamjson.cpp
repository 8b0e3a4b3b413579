#include "teamjson.h"

#include "json/schema.h"

using namespace Qt::StringLiterals;

namespace vami::http {

void writeTeamMember(JsonWriter &w, const TeamMember &m)
{
    w.beginObject();
    w.field("id", m.userId);
    w.field("user_id", m.userId);
    w.field("email", m.email);
    w.optionalField("full_name", m.fullName);
    w.field("role", m.role);
    w.optionalField("avatar_url", m.avatarUrl);
    w.field("joined_at", m.joinedAt);
    w.field("last_active", m.lastActiveAt);
    w.field("status", m.status);
    w.field("invited_by", m.invitedBy);
    w.endObject();
}

void writeInvitation(JsonWriter &w, const Invitation &i, const QString &token, const QString &url)
{
    w.beginObject();
    w.field("id", i.id);
    w.field("organization_id", i.organizationId);
    w.field("email", i.email);
    w.field("role", i.role);
    w.field("invited_by", i.invitedBy);
    w.optionalField("invited_by_name", i.invitedByName);
    w.optionalField("invited_by_email", i.invitedByEmail);
    w.field("created_at", i.createdAt);
    w.field("expires_at", i.expiresAt);
    w.field("status", i.status);
    w.optionalField("message", i.message);
    if (!token.isEmpty()) {
        w.field("invitation_token", token);
        w.field("invitation_url", url);
    }
    w.endObject();
}

QByteArray teamStatsJson(const TeamStats &s)
{
    JsonWriter w(256);
    w.beginObject();
    w.field("total_members", s.totalMembers);
    w.field("active_members", s.activeMembers);
    w.field("pending_invitations", s.pendingInvitations);
    w.key("roles_breakdown").beginObject();
    w.field("owner", s.owners);
    w.field("admin", s.admins);
    w.field("member", s.members);
    w.endObject();
    w.endObject();
    return w.take();
}

QByteArray permissionsJson()
{
    JsonWriter w(1024);
    w.beginObject().key("permissions").beginArray();
    for (const PermissionInfo &p : permissionMatrix()) {
        w.beginObject();
        w.field("action", p.action);
        w.key("allowed_roles").beginArray();
        for (Role r : p.allowedRoles)
            w.value(roleName(r));
        w.endArray();
        w.field("description", p.description);
        w.endObject();
    }
    w.endArray().endObject();
    return w.take();
}

void registerTeamSchemas()
{
    const Schema id = Schema::string().format(u"uuid"_s);
    const Schema instant = Schema::string().format(u"date-time"_s);
    const Schema role = Schema::string().oneOf(enumNames<Role>());
    const Schema optionalText = Schema::string().nullable();
    SchemaRegistry::add(
        u"TeamMember"_s,
        Schema::object()
            .describe(u"A member of the organization."_s)
            .property(u"id"_s, id.describe(u"The member's user id."_s), Schema::Required)
            .property(u"user_id"_s, id, Schema::Required)
            .property(u"email"_s, Schema::string().format(u"email"_s), Schema::Required)
            .property(u"full_name"_s, optionalText, Schema::Required)
            .property(u"role"_s, role, Schema::Required)
            .property(u"avatar_url"_s, optionalText, Schema::Required)
            .property(u"joined_at"_s, instant, Schema::Required)
            .property(u"last_active"_s, instant.nullable(), Schema::Required)
            .property(u"status"_s, Schema::string().oneOf(enumNames<MemberStatus>()),
                      Schema::Required)
            .property(u"invited_by"_s, id.nullable(), Schema::Required));
    SchemaRegistry::add(u"MemberPage"_s,
                        Schema::object()
                            .describe(u"One page of members (when page or per_page is given)."_s)
                            .property(u"members"_s, Schema::array(Schema::ref(u"TeamMember"_s)), Schema::Required)
                            .property(u"total"_s, Schema::integer(), Schema::Required)
                            .property(u"page"_s, Schema::integer(), Schema::Required)
                            .property(u"per_page"_s, Schema::integer(), Schema::Required)
                            .property(u"pages"_s, Schema::integer(), Schema::Required));
    SchemaRegistry::add(
        u"TeamInvitation"_s,
        Schema::object()
            .describe(u"An invitation. Token and link appear only in the answer that issued them."_s)
            .property(u"id"_s, id, Schema::Required)
            .property(u"organization_id"_s, id, Schema::Required)
            .property(u"email"_s, Schema::string().format(u"email"_s), Schema::Required)
            .property(u"role"_s, Schema::string().oneOf({u"admin"_s, u"member"_s}), Schema::Required)
            .property(u"invited_by"_s, id.nullable(), Schema::Required)
            .property(u"invited_by_name"_s, optionalText, Schema::Required)
            .property(u"invited_by_email"_s, optionalText, Schema::Required)
            .property(u"created_at"_s, instant, Schema::Required)
            .property(u"expires_at"_s, instant, Schema::Required)
            .property(u"status"_s, Schema::string().oneOf(enumNames<InvitationStatus>()),
                      Schema::Required)
            .property(u"message"_s, optionalText, Schema::Required)
            .property(u"invitation_token"_s, Schema::string())
            .property(u"invitation_url"_s, Schema::string().format(u"uri"_s)));
    SchemaRegistry::add(u"TeamStats"_s,
                        Schema::object()
                            .property(u"total_members"_s, Schema::integer(), Schema::Required)
                            .property(u"active_members"_s, Schema::integer(), Schema::Required)
                            .property(u"pending_invitations"_s, Schema::integer(), Schema::Required)
                            .property(u"roles_breakdown"_s,
                                      Schema::object()
                                          .property(u"owner"_s, Schema::integer(), Schema::Required)
                                          .property(u"admin"_s, Schema::integer(), Schema::Required)
                                          .property(u"member"_s, Schema::integer(), Schema::Required),
                                      Schema::Required));
    SchemaRegistry::add(
        u"PermissionMatrix"_s,
        Schema::object().property(
            u"permissions"_s,
            Schema::array(Schema::object()
                              .property(u"action"_s, Schema::string(), Schema::Required)
                              .property(u"allowed_roles"_s, Schema::array(role), Schema::Required)
                              .property(u"description"_s, Schema::string(), Schema::Required)),
            Schema::Required));
}

} // namespace vami::http
