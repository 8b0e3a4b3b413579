#pragma once

#include "core/enumnames.h"

namespace vami {

// Whether a membership is in use (team_members.status).
enum class MemberStatus { Active, Inactive, Suspended };

template<>
struct EnumNames<MemberStatus>
{
    static constexpr std::array<std::pair<MemberStatus, std::string_view>, 3> names{
        {{MemberStatus::Active, "active"}, {MemberStatus::Inactive, "inactive"}, {MemberStatus::Suspended, "suspended"}}};
};

// Where an invitation stands (team_invitations.status).
enum class InvitationStatus { Pending, Accepted, Expired, Revoked };

template<>
struct EnumNames<InvitationStatus>
{
    static constexpr std::array<std::pair<InvitationStatus, std::string_view>, 4> names{
        {{InvitationStatus::Pending, "pending"},
         {InvitationStatus::Accepted, "accepted"},
         {InvitationStatus::Expired, "expired"},
         {InvitationStatus::Revoked, "revoked"}}};
};

} // namespace vami
