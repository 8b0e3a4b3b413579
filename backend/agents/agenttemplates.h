#pragma once

#include "agenttemplate.h"

#include <QStringView>

namespace vami {

// The built-in agent templates (healthcare, legal, real estate, general), read by the
// agent service when an agent is created from one and served as they are by the
// public template routes.
class AgentTemplates
{
public:
    static constexpr QStringView DefaultBusinessName = u"Our Business";
    static constexpr QStringView DefaultPhoneNumber = u"+1 (555) 000-0000";

    // Every template, in the order they are offered.
    [[nodiscard]] static const QList<AgentTemplate> &all();
    [[nodiscard]] static const AgentTemplate &get(AgentTemplateKey key);

    // The template's prompt and greeting with {agent_name}, {business_name} and
    // {phone_number} replaced; an empty business name or phone number takes the
    // default. Values are inserted once: braces inside them are not placeholders.
    [[nodiscard]] static FilledTemplate fill(const AgentTemplate &agentTemplate, const QString &agentName,
                                             const QString &businessName, const QString &phoneNumber);
    // Replaces the placeholders of `text` (unknown placeholders are kept as written).
    [[nodiscard]] static QString substitute(QStringView text, const QString &agentName, const QString &businessName,
                                            const QString &phoneNumber);
};

} // namespace vami
