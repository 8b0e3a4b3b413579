#pragma once

#include "call.h"

#include "core/result.h"

#include <optional>

namespace vami {

// The legal moves of a call among its seven statuses, with no storage behind it.
//
//   pending     -> ringing, in_progress, failed, cancelled, no_answer
//   ringing     -> in_progress, completed, failed, cancelled, no_answer
//   in_progress -> completed, failed
//   completed, failed, cancelled, no_answer: terminal, nothing follows
//
// A call never returns to where it was, nor to an earlier status. Entering a
// terminal status needs an ended reason of that status (statusOf); entering any
// other status takes none.
class CallStateMachine
{
public:
    [[nodiscard]] static bool isTerminal(CallStatus status);
    // Whether `from` may move to `to` at all (reasons aside).
    [[nodiscard]] static bool canMove(CallStatus from, CallStatus to);
    // The terminal status an ended reason belongs to.
    [[nodiscard]] static CallStatus statusOf(EndedReason reason);
    // The reasons that may end a call in `status` (empty for a status that is not terminal).
    [[nodiscard]] static QList<EndedReason> reasonsFor(CallStatus status);
    // The move `from` -> `to` with `reason`: Rejected when it is not legal
    // (calls.illegal_transition), or when the reason is missing, not wanted or of
    // another status (calls.reason_mismatch).
    [[nodiscard]] static Status check(CallStatus from, CallStatus to, std::optional<EndedReason> reason);
};

} // namespace vami
