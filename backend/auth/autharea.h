#pragma once

#include "runtime/area.h"

namespace vami {

// Accounts, sessions, API keys and password resets: provides AuthService,
// ApiKeyService and PasswordResetService, and purges ended sessions.
class AuthArea final : public Area
{
public:
    [[nodiscard]] QString name() const override;
    void create(AreaContext &context) override;
    void registerJobs(AreaContext &context) override;
};

} // namespace vami
