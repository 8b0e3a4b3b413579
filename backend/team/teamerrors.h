#pragma once

#include "core/error.h"

namespace vami {

// The team area's errors, shared by the service and the HTTP face (which answers
// an id in the path that names nothing with the same error as the service).
struct TeamErrors
{
    [[nodiscard]] static Error memberNotFound();
    [[nodiscard]] static Error invitationNotFound();
    [[nodiscard]] static Error invalidInvitation();
};

} // namespace vami
