#pragma once

#include "agents/agent.h"

#include <QCoreApplication>
#include <QString>

namespace vami {

// The words people see for an agent's status (the backend's names are codes).
class AgentNames
{
    Q_DECLARE_TR_FUNCTIONS(vami::AgentNames)

public:
    [[nodiscard]] static QString status(AgentStatus status);
    [[nodiscard]] static QString statusDescription(AgentStatus status);
};

} // namespace vami
