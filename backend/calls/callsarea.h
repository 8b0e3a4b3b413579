#pragma once

#include "runtime/area.h"

namespace vami {

// Calls and their timelines: provides CallService (which finds agents through the
// agents area's AgentService, so it is listed after it).
class CallsArea final : public Area
{
public:
    [[nodiscard]] QString name() const override;
    void create(AreaContext &context) override;
};

} // namespace vami
