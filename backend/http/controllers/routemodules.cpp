#include "routemodules.h"

#include "controllers.h"

#include "http/serialize/agentjson.h"
#include "http/serialize/apikeyjson.h"
#include "http/serialize/calljson.h"
#include "http/serialize/teamjson.h"
#include "http/serialize/userjson.h"

namespace vami::http {

namespace {

void noSchemas()
{
}

} // namespace

const std::vector<RouteModule> &routeModules()
{
    static const std::vector<RouteModule> modules = {
        {"system", noSchemas, registerSystemRoutes},
        {"auth", registerUserSchemas, registerAuthRoutes},
        {"team", registerTeamSchemas, registerTeamRoutes},
        {"api_keys", registerApiKeySchemas, registerApiKeyRoutes},
        {"agents", registerAgentSchemas, registerAgentRoutes},
        {"calls", registerCallSchemas, registerCallRoutes},
    };
    return modules;
}

} // namespace vami::http
