#pragma once

#include <QString>

namespace vami {

struct AreaContext;

// One area of the product (auth, team, calls, ...). It builds its services from the
// platform's collaborators and the services of the areas listed before it, and
// registers its job kinds and schedules. The backend takes the list of areas from
// productAreas() (areas.cpp); an area's routes and its desktop screen are listed
// by the two faces (http/controllers/routemodules.cpp, ui/shell/desktoppages.cpp).
// Areas reach each other through the owning service, never through another area's
// repositories.
class Area
{
public:
    virtual ~Area() = default;

    [[nodiscard]] virtual QString name() const = 0;
    // Constructs the area's services and provides them (context.services).
    virtual void create(AreaContext &context) = 0;
    // Registers job kinds and schedules; called once every area is created.
    virtual void registerJobs(AreaContext &context);
};

} // namespace vami
