#pragma once

#include "agents/agenttemplate.h"
#include "json/jsonwriter.h"

namespace vami::http {

// The list entry of a template (no prompt or greeting).
void writeAgentTemplateSummary(JsonWriter &w, const AgentTemplate &agentTemplate);
// The whole template, with its prompt and greeting templates and voice.
void writeAgentTemplate(JsonWriter &w, const AgentTemplate &agentTemplate);

// Registers AgentTemplateSummary, AgentTemplate, AgentTemplateList.
void registerAgentSchemas();

} // namespace vami::http
