#include "rolenames.h"

using namespace Qt::StringLiterals;

namespace vami {

QString RoleNames::role(Role role)
{
    switch (role) {
    case Role::Owner:
        return tr("Owner");
    case Role::Admin:
        return tr("Admin");
    case Role::Member:
        return tr("Member");
    }
    return {};
}

QString RoleNames::memberStatus(MemberStatus status)
{
    switch (status) {
    case MemberStatus::Active:
        return tr("Active");
    case MemberStatus::Inactive:
        return tr("Inactive");
    case MemberStatus::Suspended:
        return tr("Suspended");
    }
    return {};
}

QString RoleNames::roleDescription(Role role)
{
    switch (role) {
    case Role::Owner:
        return tr("Full control, including billing");
    case Role::Admin:
        return tr("Manages the team, agents and integrations");
    case Role::Member:
        return tr("Uses Vami: views reports, makes calls, manages the calendar");
    }
    return {};
}

} // namespace vami
