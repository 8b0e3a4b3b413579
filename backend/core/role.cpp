#include "role.h"

using namespace Qt::StringLiterals;

namespace vami {

QString roleName(Role role)
{
    return enumName(role);
}

std::optional<Role> parseRole(QStringView text)
{
    return parseEnum<Role>(text);
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
