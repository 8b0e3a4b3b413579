#include "agentsarea.h"

#include "agentservice.h"

#include "crypto/keyderivation.h"
#include "runtime/areacontext.h"

using namespace Qt::StringLiterals;

namespace vami {

QString AgentsArea::name() const
{
    return u"agents"_s;
}

void AgentsArea::create(AreaContext &context)
{
    context.services.provide(std::make_unique<AgentService>(context.database, context.clock,
                                                            hkdfSha256(context.config.secret, TokenKeyLabel)));
}

} // namespace vami
