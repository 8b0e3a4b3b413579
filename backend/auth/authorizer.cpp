#include "authorizer.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace vami {

Status authorize(const Actor &actor, Permission permission)
{
    if (actor.keyScopes
        && std::none_of(actor.keyScopes->cbegin(), actor.keyScopes->cend(),
                        [permission](Permission granted) { return scopeAllows(granted, permission); }))
        return fail(Error::forbidden(u"auth.key_scope"_s,
                                     QT_TRANSLATE_NOOP("vami", "This API key does not allow the action %1"),
                                     {permissionName(permission)}));
    if (roleAllows(actor.role, permission))
        return {};
    switch (permission) {
    case Permission::ManageTeam:
    case Permission::ManageAgents:
    case Permission::ManageIntegrations:
        return fail(Error::forbidden(u"auth.admin_required"_s,
                                     QT_TRANSLATE_NOOP("vami", "Admin or owner access required")));
    case Permission::ManageBilling:
        return fail(Error::forbidden(u"auth.owner_required"_s, QT_TRANSLATE_NOOP("vami", "Owner access required")));
    case Permission::ViewTeam:
    case Permission::ViewAgents:
    case Permission::ViewCalls:
    case Permission::ViewAnalytics:
    case Permission::MakeCalls:
    case Permission::ManageCalendar:
        break;
    }
    return fail(Error::forbidden(u"auth.forbidden"_s,
                                 QT_TRANSLATE_NOOP("vami", "Your role does not allow the action %1"),
                                 {permissionName(permission)}));
}

} // namespace vami
