#pragma once

#include "core/enumnames.h"

namespace vami {

// Whether an account may sign in at all (users.status); a membership has its own
// status per organization (MemberStatus).
enum class UserStatus { Active, Disabled, PendingDeletion };

template<>
struct EnumNames<UserStatus>
{
    static constexpr std::array<std::pair<UserStatus, std::string_view>, 3> names{
        {{UserStatus::Active, "active"}, {UserStatus::Disabled, "disabled"}, {UserStatus::PendingDeletion, "pending_deletion"}}};
};

} // namespace vami
