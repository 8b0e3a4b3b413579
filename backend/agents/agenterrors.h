#pragma once

#include "core/error.h"

namespace vami {

// The agents area's errors, shared by the service and the HTTP face (which answers
// an id in the path that names nothing with the same error as the service).
struct AgentErrors
{
    [[nodiscard]] static Error templateNotFound();
    [[nodiscard]] static Error agentNotFound();
    // The token routes' wording of agentNotFound.
    [[nodiscard]] static Error tokenAgentNotFound();
    [[nodiscard]] static Error tokenUnreadable();
    [[nodiscard]] static Error unknownTemplate();
    [[nodiscard]] static Error invalidToken();
    [[nodiscard]] static Error tokenKeyMissing();
};

} // namespace vami
