#include "callstatemachine.h"

#include "callerrors.h"

namespace vami {

bool CallStateMachine::isTerminal(CallStatus status)
{
    switch (status) {
    case CallStatus::Completed:
    case CallStatus::Failed:
    case CallStatus::Cancelled:
    case CallStatus::NoAnswer:
        return true;
    case CallStatus::Pending:
    case CallStatus::Ringing:
    case CallStatus::InProgress:
        break;
    }
    return false;
}

bool CallStateMachine::canMove(CallStatus from, CallStatus to)
{
    switch (from) {
    case CallStatus::Pending:
        return to == CallStatus::Ringing || to == CallStatus::InProgress || to == CallStatus::Failed
            || to == CallStatus::Cancelled || to == CallStatus::NoAnswer;
    case CallStatus::Ringing:
        return to == CallStatus::InProgress || to == CallStatus::Completed || to == CallStatus::Failed
            || to == CallStatus::Cancelled || to == CallStatus::NoAnswer;
    case CallStatus::InProgress:
        return to == CallStatus::Completed || to == CallStatus::Failed;
    case CallStatus::Completed:
    case CallStatus::Failed:
    case CallStatus::Cancelled:
    case CallStatus::NoAnswer:
        break;
    }
    return false;
}

CallStatus CallStateMachine::statusOf(EndedReason reason)
{
    switch (reason) {
    case EndedReason::UserHangup:
    case EndedReason::AgentHangup:
    case EndedReason::CallTransfer:
    case EndedReason::MaxDurationReached:
    case EndedReason::Inactivity:
    case EndedReason::VoicemailReached:
    case EndedReason::IvrReached:
        return CallStatus::Completed;
    case EndedReason::DialNoAnswer:
    case EndedReason::DialBusy:
        return CallStatus::NoAnswer;
    case EndedReason::DialFailed:
    case EndedReason::InvalidDestination:
    case EndedReason::TelephonyProviderUnavailable:
    case EndedReason::ConcurrencyLimitReached:
    case EndedReason::ErrorProvider:
    case EndedReason::ErrorInternal:
    case EndedReason::StaleCallTimeout:
        return CallStatus::Failed;
    case EndedReason::ManualStopped:
    case EndedReason::ScheduledCallCancelled:
        return CallStatus::Cancelled;
    }
    return CallStatus::Failed;
}

QList<EndedReason> CallStateMachine::reasonsFor(CallStatus status)
{
    QList<EndedReason> reasons;
    for (const auto &entry : EnumNames<EndedReason>::names) {
        if (isTerminal(status) && statusOf(entry.first) == status)
            reasons.append(entry.first);
    }
    return reasons;
}

Status CallStateMachine::check(CallStatus from, CallStatus to, std::optional<EndedReason> reason)
{
    if (!canMove(from, to))
        return fail(CallErrors::illegalTransition(from, to));
    if (isTerminal(to) ? !reason || statusOf(*reason) != to : reason.has_value())
        return fail(CallErrors::reasonMismatch(to, reason));
    return {};
}

} // namespace vami
