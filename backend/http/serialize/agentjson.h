#pragma once

#include "agents/agent.h"
#include "agents/agenttemplate.h"
#include "json/jsonwriter.h"

namespace vami::http {

// The list entry of a template (no prompt or greeting).
void writeAgentTemplateSummary(JsonWriter &w, const AgentTemplate &agentTemplate);
// The whole template, with its prompt and greeting templates and voice.
void writeAgentTemplate(JsonWriter &w, const AgentTemplate &agentTemplate);

void writeAgent(JsonWriter &w, const Agent &agent);
void writeAgentToken(JsonWriter &w, const AgentToken &token, const QString &message);

// Registers AgentTemplateSummary, AgentTemplate, AgentTemplateList, Agent, AgentPage
// and AgentToken.
void registerAgentSchemas();

} // namespace vami::http
