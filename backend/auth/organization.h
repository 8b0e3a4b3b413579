#pragma once

#include "core/role.h"

#include <QDateTime>
#include <QString>
#include <QUuid>

namespace vami {

struct Organization
{
    QUuid id;
    QString name;
    QUuid ownerId;
    QDateTime createdAt;
};

// One organization a user belongs to, with the user's role there.
struct Membership
{
    QUuid organizationId;
    QString organizationName;
    Role role = Role::Member;
    QDateTime joinedAt;
};

} // namespace vami
