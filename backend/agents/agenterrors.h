#pragma once

#include "core/error.h"

namespace vami {

// The agents area's errors, shared by the service and the HTTP face (which answers
// an id in the path that names nothing with the same error as the service).
struct AgentErrors
{
    [[nodiscard]] static Error templateNotFound();
};

} // namespace vami
