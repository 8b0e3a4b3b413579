#pragma once

#include "actor.h"

namespace vami {

// The actor of work that no user started: a background job or a schedule acting
// for one organization. It holds no user, session or key; the role check passes
// and `permissions` (its scopes, checked as an API key's are) say exactly what it
// may do, so a job can call the same services as a person without gaining more
// than its kind declares. `requestId` names the work in logs ("job:<id>").
[[nodiscard]] Actor systemActor(
    const QUuid &organizationId, const QList<Permission> &permissions, const QString &requestId);

} // namespace vami
