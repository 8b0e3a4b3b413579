#pragma once

#include "runtime/area.h"

namespace vami {

// Accounts, sessions and API keys: provides AuthService and ApiKeyService, and
// purges ended sessions.
class AuthArea final : public Area
{
public:
    [[nodiscard]] QString name() const override;
    void create(AreaContext &context) override;
    void registerJobs(AreaContext &context) override;
};

} // namespace vami
