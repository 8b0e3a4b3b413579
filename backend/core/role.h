#pragma once

#include "enumnames.h"

#include <QString>
#include <QStringView>

#include <optional>

namespace vami {

// A member's role inside one organization; owner > admin > member.
enum class Role { Owner, Admin, Member };

template<> struct EnumNames<Role>
{
    static constexpr std::array<std::pair<Role, std::string_view>, 3> names {
        {{Role::Owner, "owner"}, {Role::Admin, "admin"}, {Role::Member, "member"}}};
};

[[nodiscard]] QString roleName(Role role);
// Canonical names only ("owner", "admin", "member").
[[nodiscard]] std::optional<Role> parseRole(QStringView text);
// Also accepts the original client's legacy names: "editor" and "viewer" map to member.
[[nodiscard]] std::optional<Role> parseRoleLenient(QStringView text);
// Sort key: owner 0, admin 1, member 2.
[[nodiscard]] int roleRank(Role role);

} // namespace vami
