#pragma once

#include "jobs/jobkind.h"

#include <QUuid>

namespace vami {

// The payload of calls.dial: the scheduled call to place.
struct DialCall
{
    QUuid callId;
    QUuid organizationId;
    static constexpr auto payloadFields()
    {
        return std::tuple {
            payloadField("call_id", &DialCall::callId), payloadField("organization_id", &DialCall::organizationId)};
    }
};

// calls.dial: places a scheduled call at its time. Enqueued with the call, in the
// same transaction, run_at = scheduled_at, de-duplicated by the call's id (one
// unfinished dial per call, however often the request is repeated or however many
// instances share the database); cancelling the call cancels it.
[[nodiscard]] const JobKind<DialCall> &dialCallJob();

} // namespace vami
