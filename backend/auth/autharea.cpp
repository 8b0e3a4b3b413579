#include "autharea.h"

#include "apikeyservice.h"
#include "authservice.h"
#include "passwordresetservice.h"
#include "sessionrepository.h"

#include "core/clock.h"
#include "jobs/jobregistry.h"
#include "runtime/areacontext.h"

using namespace Qt::StringLiterals;

namespace vami {

QString AuthArea::name() const
{
    return u"auth"_s;
}

void AuthArea::create(AreaContext &context)
{
    context.services.provide(
        std::make_unique<AuthService>(context.database, context.clock, context.hasher, context.config.auth));
    context.services.provide(std::make_unique<ApiKeyService>(context.database, context.clock));
    context.services.provide(std::make_unique<PasswordResetService>(context.database, context.clock, context.hasher,
                                                                    context.email, context.config.auth));
}

void AuthArea::registerJobs(AreaContext &context)
{
    Database &database = context.database;
    const Clock &clock = context.clock;
    context.jobKinds.addSchedule({u"auth.purge_sessions"_s, 6 * 3600, 600}, [&database, &clock]() -> Status {
        SessionRepository sessions(database);
        if (auto purged = sessions.purgeEnded(clock.now().addDays(-30)); !purged)
            return fail(purged.error());
        return {};
    });
}

} // namespace vami
