#include "areas.h"

#include "auth/autharea.h"
#include "team/teamarea.h"

namespace vami {

std::vector<std::unique_ptr<Area>> productAreas()
{
    std::vector<std::unique_ptr<Area>> areas;
    areas.push_back(std::make_unique<AuthArea>());
    areas.push_back(std::make_unique<TeamArea>());
    return areas;
}

} // namespace vami
