#pragma once

#include "core/enumnames.h"

#include <QList>
#include <QString>

namespace vami {

// The industries an agent can start from (agents.template_key).
enum class AgentTemplateKey { Healthcare, Legal, RealEstate, General };

template<>
struct EnumNames<AgentTemplateKey>
{
    static constexpr std::array<std::pair<AgentTemplateKey, std::string_view>, 4> names{
        {{AgentTemplateKey::Healthcare, "healthcare"},
         {AgentTemplateKey::Legal, "legal"},
         {AgentTemplateKey::RealEstate, "real_estate"},
         {AgentTemplateKey::General, "general"}}};
};

// One line of a sample conversation: who speaks ("caller" or "agent") and what.
struct SampleTurn
{
    QString role;
    QString text;
};

// A short example of how an agent made from the template answers a caller.
struct SampleConversation
{
    QString scenario;
    QList<SampleTurn> turns;
};

// A starting point for a new agent: the prompt and the greeting are templates with
// the placeholders {agent_name}, {business_name} and {phone_number}.
struct AgentTemplate
{
    AgentTemplateKey key = AgentTemplateKey::General;
    QString name;
    QString description;
    QString icon;               // an icon name of the client's icon set
    QString promptTemplate;
    QString firstMessageTemplate;
    QString voiceId;            // the provider's voice the template is written for
    QList<SampleConversation> sampleConversations;
};

// A template filled in for one business.
struct FilledTemplate
{
    QString prompt;
    QString firstMessage;
    QString voiceId;
};

} // namespace vami
