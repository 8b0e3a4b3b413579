#include "callerrors.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace vami {

Error CallErrors::callNotFound()
{
    return Error::notFound(u"calls.not_found"_s, QT_TRANSLATE_NOOP("vami", "Call not found"));
}

Error CallErrors::agentNotFound()
{
    return Error::notFound(u"calls.agent_not_found"_s, QT_TRANSLATE_NOOP("vami", "Agent not found or access denied"));
}

Error CallErrors::agentInactive()
{
    return Error::rejected(u"calls.agent_inactive"_s,
                           QT_TRANSLATE_NOOP("vami", "The agent is not active; activate it before it makes calls"));
}

Error CallErrors::cannotEnd()
{
    return Error::rejected(u"calls.cannot_end"_s, QT_TRANSLATE_NOOP("vami", "Call cannot be ended in current status"));
}

Error CallErrors::cannotCancel()
{
    return Error::rejected(u"calls.cannot_cancel"_s,
                           QT_TRANSLATE_NOOP("vami", "Call cannot be cancelled in current status"));
}

Error CallErrors::illegalTransition(CallStatus from, CallStatus to)
{
    return Error::rejected(u"calls.illegal_transition"_s,
                           QT_TRANSLATE_NOOP("vami", "A call cannot move from %1 to %2"), {enumName(from), enumName(to)});
}

Error CallErrors::reasonMismatch(CallStatus to, std::optional<EndedReason> reason)
{
    if (!reason)
        return Error::rejected(u"calls.reason_mismatch"_s,
                               QT_TRANSLATE_NOOP("vami", "A call that becomes %1 needs an ended reason"), {enumName(to)});
    return Error::rejected(u"calls.reason_mismatch"_s,
                           QT_TRANSLATE_NOOP("vami", "The ended reason %1 does not fit a call that becomes %2"),
                           {enumName(*reason), enumName(to)});
}

Error CallErrors::changedMeanwhile()
{
    return Error::conflict(u"calls.changed"_s,
                           QT_TRANSLATE_NOOP("vami", "The call changed meanwhile; load it again and retry"));
}

const char *CallErrors::noProviderMessage()
{
    return QT_TRANSLATE_NOOP("vami", "No telephony provider is configured, so the call was not placed.");
}

const char *CallErrors::staleMessage()
{
    return QT_TRANSLATE_NOOP("vami", "The call reported no progress for too long and was ended.");
}

} // namespace vami
