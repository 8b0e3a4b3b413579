#include "systemactor.h"

namespace vami {

Actor systemActor(const QUuid &organizationId, const QList<Permission> &permissions, const QString &requestId)
{
    Actor actor;
    actor.organizationId = organizationId;
    actor.role = Role::Owner;
    actor.method = AuthMethod::System;
    actor.keyScopes = permissions;
    actor.requestId = requestId;
    return actor;
}

} // namespace vami
