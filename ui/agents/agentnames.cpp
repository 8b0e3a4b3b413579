#include "agentnames.h"

namespace vami {

QString AgentNames::status(AgentStatus status)
{
    switch (status) {
    case AgentStatus::Active:
        return tr("Active");
    case AgentStatus::Inactive:
        return tr("Inactive");
    case AgentStatus::Suspended:
        return tr("Suspended");
    case AgentStatus::Deleted:
        return tr("Deleted");
    }
    return {};
}

QString AgentNames::statusDescription(AgentStatus status)
{
    switch (status) {
    case AgentStatus::Active:
        return tr("In use: its token is accepted.");
    case AgentStatus::Inactive:
        return tr("Not in use: its token is refused until the agent is active again.");
    case AgentStatus::Suspended:
        return tr("Held back: its token is refused until the agent is active again.");
    case AgentStatus::Deleted:
        return tr("Removed from every list for good; its token stops working at once.");
    }
    return {};
}

} // namespace vami
