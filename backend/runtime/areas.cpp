#include "areas.h"

#include "agents/agentsarea.h"
#include "auth/autharea.h"
#include "calls/callsarea.h"
#include "team/teamarea.h"

namespace vami {

std::vector<std::unique_ptr<Area>> productAreas()
{
    std::vector<std::unique_ptr<Area>> areas;
    areas.push_back(std::make_unique<AuthArea>());
    areas.push_back(std::make_unique<TeamArea>());
    areas.push_back(std::make_unique<AgentsArea>());
    areas.push_back(std::make_unique<CallsArea>());
    return areas;
}

} // namespace vami
