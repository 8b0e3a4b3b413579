#include "callsarea.h"

#include "callservice.h"

#include "agents/agentservice.h"
#include "runtime/areacontext.h"

using namespace Qt::StringLiterals;

namespace vami {

QString CallsArea::name() const
{
    return u"calls"_s;
}

void CallsArea::create(AreaContext &context)
{
    context.services.provide(
        std::make_unique<CallService>(context.database, context.clock, context.services.get<AgentService>()));
}

} // namespace vami
