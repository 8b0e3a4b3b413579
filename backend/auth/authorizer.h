#pragma once

#include "core/actor.h"
#include "core/permission.h"
#include "core/result.h"

namespace vami {

// The single authorization check every service runs before acting: the actor's
// role must allow the action and, for an API key limited to some actions, the
// key must include it.
[[nodiscard]] Status authorize(const Actor &actor, Permission permission);

} // namespace vami
