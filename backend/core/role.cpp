#include "role.h"

using namespace Qt::StringLiterals;

namespace vami {

QString roleName(Role role)
{
    switch (role) {
    case Role::Owner: return u"owner"_s;
    case Role::Admin: return u"admin"_s;
    case Role::Member: return u"member"_s;
    }
    return u"member"_s;
}

std::optional<Role> parseRole(QStringView text)
{
    if (text == u"owner")
        return Role::Owner;
    if (text == u"admin")
        return Role::Admin;
    if (text == u"member")
        return Role::Member;
    return std::nullopt;
}

std::optional<Role> parseRoleLenient(QStringView text)
{
    if (auto role = parseRole(text))
        return role;
    if (text == u"editor" || text == u"viewer")
        return Role::Member;
    return std::nullopt;
}

int roleRank(Role role)
{
    return int(role);
}

} // namespace vami
