#pragma once

#include "runtime/area.h"

namespace vami {

// Voice agents and their templates: provides AgentService, whose token key is
// derived from the server secret (BackendConfig::secret).
class AgentsArea final : public Area
{
public:
    // The HKDF info label of the key that seals agent tokens.
    static constexpr const char *TokenKeyLabel = "vami agent tokens v1";

    [[nodiscard]] QString name() const override;
    void create(AreaContext &context) override;
};

} // namespace vami
