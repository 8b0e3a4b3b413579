#pragma once

#include "call.h"

#include "core/error.h"

#include <optional>

namespace vami {

// The calls area's errors, shared by the service and the HTTP face (which answers
// an id in the path that names nothing with the same error as the service).
struct CallErrors
{
    [[nodiscard]] static Error callNotFound();
    [[nodiscard]] static Error agentNotFound();
    [[nodiscard]] static Error agentInactive();
    [[nodiscard]] static Error cannotEnd();
    // Only a pending (scheduled) call can be cancelled.
    [[nodiscard]] static Error cannotCancel();
    [[nodiscard]] static Error illegalTransition(CallStatus from, CallStatus to);
    [[nodiscard]] static Error reasonMismatch(CallStatus to, std::optional<EndedReason> reason);
    [[nodiscard]] static Error changedMeanwhile();
    // The error_message of a call that could not be placed because no telephony
    // provider is configured (stored in English, translatable on the desktop).
    [[nodiscard]] static const char *noProviderMessage();
    // The error_message of a call the stale-call sweeper ended.
    [[nodiscard]] static const char *staleMessage();
};

} // namespace vami
