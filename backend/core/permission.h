#pragma once

#include "role.h"

#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

namespace vami {

// The actions of the published permission matrix (GET /api/team/permissions).
enum class Permission {
    ManageTeam,
    ManageAgents,
    ViewAnalytics,
    MakeCalls,
    ManageBilling,
    ManageIntegrations,
    ManageCalendar,
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
[[nodiscard]] QString permissionName(Permission permission);
[[nodiscard]] std::optional<Permission> parsePermission(QStringView text);

} // namespace vami
