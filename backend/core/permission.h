#pragma once

#include "role.h"

#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

namespace vami {

// The actions of the published permission matrix (GET /api/team/permissions).
// Each area has a read and a manage action (the original's seven, which the wire
// contract keeps, plus the read actions added after them).
enum class Permission {
    ViewTeam,
    ManageTeam,
    ManageAgents,
    ViewAnalytics,
    MakeCalls,
    ManageBilling,
    ManageIntegrations,
    ManageCalendar,
    ViewAgents,
    ViewCalls,
};

struct PermissionInfo
{
    Permission permission;
    QString action;
    QList<Role> allowedRoles;
    QString description;
};

// The whole matrix, in the order it is published.
[[nodiscard]] const QList<PermissionInfo> &permissionMatrix();
[[nodiscard]] bool roleAllows(Role role, Permission permission);
// Whether holding `granted` (an API key's scope) allows `needed`: each action allows
// itself, and view_analytics, which the original published for every read, also
// allows the read actions that replaced it.
[[nodiscard]] bool scopeAllows(Permission granted, Permission needed);
[[nodiscard]] QString permissionName(Permission permission);
[[nodiscard]] std::optional<Permission> parsePermission(QStringView text);

} // namespace vami
