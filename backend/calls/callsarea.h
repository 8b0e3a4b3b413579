#pragma once

#include "runtime/area.h"

namespace vami {

// Calls and their timelines: provides CallService (which finds agents through the
// agents area's AgentService, so it is listed after it), the calls.dial job kind
// that places scheduled calls, and the calls.sweep_stale schedule.
class CallsArea final : public Area
{
public:
    [[nodiscard]] QString name() const override;
    void create(AreaContext &context) override;
    void registerJobs(AreaContext &context) override;
};

} // namespace vami
