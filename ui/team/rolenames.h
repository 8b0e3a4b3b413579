#pragma once

#include "core/role.h"
#include "team/memberstatus.h"

#include <QCoreApplication>
#include <QString>

namespace vami {

// The words people see for roles and statuses (the backend's names are codes).
class RoleNames
{
    Q_DECLARE_TR_FUNCTIONS(vami::RoleNames)

public:
    [[nodiscard]] static QString role(Role role);
    [[nodiscard]] static QString memberStatus(MemberStatus status);
    [[nodiscard]] static QString roleDescription(Role role);
};

} // namespace vami
