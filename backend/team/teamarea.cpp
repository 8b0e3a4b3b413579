#include "teamarea.h"

#include "teamservice.h"

#include "auth/authservice.h"
#include "auth/passwordresetservice.h"
#include "jobs/jobregistry.h"
#include "runtime/areacontext.h"

using namespace Qt::StringLiterals;

namespace vami {

QString TeamArea::name() const
{
    return u"team"_s;
}

void TeamArea::create(AreaContext &context)
{
    context.services.provide(std::make_unique<TeamService>(context.database, context.clock,
        context.services.get<AuthService>(), context.email, context.services.get<PasswordResetService>(),
        context.config.team));
}

void TeamArea::registerJobs(AreaContext &context)
{
    TeamService &team = context.services.get<TeamService>();
    context.jobKinds.addSchedule({u"team.expire_invitations"_s, 60, 300}, [&team]() -> Status {
        if (auto expired = team.expireOverdueInvitations(); !expired)
            return fail(expired.error());
        return {};
    });
}

} // namespace vami
