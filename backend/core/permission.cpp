#include "permission.h"

using namespace Qt::StringLiterals;

namespace vami {

const QList<PermissionInfo> &permissionMatrix()
{
    static const QList<PermissionInfo> matrix = {
        {Permission::ManageTeam, u"manage_team"_s, {Role::Owner, Role::Admin},
         u"Invite, remove, and manage team members"_s},
        {Permission::ManageAgents, u"manage_agents"_s, {Role::Owner, Role::Admin},
         u"Create, edit, and delete AI agents"_s},
        {Permission::ViewAnalytics, u"view_analytics"_s, {Role::Owner, Role::Admin, Role::Member},
         u"View analytics and reports"_s},
        {Permission::MakeCalls, u"make_calls"_s, {Role::Owner, Role::Admin, Role::Member},
         u"Initiate and manage calls"_s},
        {Permission::ManageBilling, u"manage_billing"_s, {Role::Owner}, u"Manage subscription and billing"_s},
        {Permission::ManageIntegrations, u"manage_integrations"_s, {Role::Owner, Role::Admin},
         u"Connect and manage integrations"_s},
        {Permission::ManageCalendar, u"manage_calendar"_s, {Role::Owner, Role::Admin, Role::Member},
         u"Manage calendar and appointments"_s},
        // Read actions, after the original seven (the published order is kept).
        {Permission::ViewTeam, u"view_team"_s, {Role::Owner, Role::Admin, Role::Member},
         u"See the team members, their roles and pending invitations"_s},
        {Permission::ViewAgents, u"view_agents"_s, {Role::Owner, Role::Admin, Role::Member},
         u"See the organization's AI agents and their settings"_s},
        {Permission::ViewCalls, u"view_calls"_s, {Role::Owner, Role::Admin, Role::Member},
         u"See the organization's calls, their outcomes and timelines"_s},
    };
    return matrix;
}

bool roleAllows(Role role, Permission permission)
{
    for (const PermissionInfo &info : permissionMatrix()) {
        if (info.permission == permission)
            return info.allowedRoles.contains(role);
    }
    return false;
}

bool scopeAllows(Permission granted, Permission needed)
{
    return granted == needed
        || (granted == Permission::ViewAnalytics && (needed == Permission::ViewTeam || needed == Permission::ViewAgents
                                                       || needed == Permission::ViewCalls));
}

QString permissionName(Permission permission)
{
    for (const PermissionInfo &info : permissionMatrix()) {
        if (info.permission == permission)
            return info.action;
    }
    return {};
}

std::optional<Permission> parsePermission(QStringView text)
{
    for (const PermissionInfo &info : permissionMatrix()) {
        if (info.action == text)
            return info.permission;
    }
    return std::nullopt;
}

} // namespace vami
