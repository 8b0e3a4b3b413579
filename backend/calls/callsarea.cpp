#include "callsarea.h"

#include "calljobs.h"
#include "callservice.h"

#include "agents/agentservice.h"
#include "jobs/jobregistry.h"
#include "runtime/areacontext.h"

using namespace Qt::StringLiterals;

namespace vami {

QString CallsArea::name() const
{
    return u"calls"_s;
}

void CallsArea::create(AreaContext &context)
{
    context.services.provide(std::make_unique<CallService>(context.database, context.clock,
        context.services.get<AgentService>(), context.jobs, context.config.calls));
}

void CallsArea::registerJobs(AreaContext &context)
{
    CallService &calls = context.services.get<CallService>();
    context.jobKinds.add<DialCall>(dialCallJob(), [&calls](JobContext &, const DialCall &dial) -> Status {
        return calls.dialScheduled(dial.organizationId, dial.callId);
    });
    // Once a minute across the instances; a sweep of one batch is quick.
    context.jobKinds.addSchedule({u"calls.sweep_stale"_s, calls.policy().sweepIntervalSeconds, 300},
        [&calls]() -> Status {
            if (auto swept = calls.sweepStaleCalls(); !swept)
                return fail(swept.error());
            return {};
        });
}

} // namespace vami
