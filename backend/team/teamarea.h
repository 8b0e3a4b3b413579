#pragma once

#include "runtime/area.h"

namespace vami {

// Members, roles and invitations: provides TeamService (built on the auth area's
// AuthService) and expires overdue invitations.
class TeamArea final : public Area
{
public:
    [[nodiscard]] QString name() const override;
    void create(AreaContext &context) override;
    void registerJobs(AreaContext &context) override;
};

} // namespace vami
