#include "agentjson.h"

#include "json/schema.h"

using namespace Qt::StringLiterals;

namespace vami::http {

namespace {

void writeSampleConversations(JsonWriter &w, const QList<SampleConversation> &conversations)
{
    w.key("sample_conversations").beginArray();
    for (const SampleConversation &c : conversations) {
        w.beginObject();
        w.field("scenario", c.scenario);
        w.key("messages").beginArray();
        for (const SampleTurn &turn : c.turns)
            w.beginObject().field("role", turn.role).field("content", turn.text).endObject();
        w.endArray();
        w.endObject();
    }
    w.endArray();
}

void writeTemplateHead(JsonWriter &w, const AgentTemplate &t)
{
    w.field("key", t.key);
    w.field("name", t.name);
    w.field("description", t.description);
    w.field("icon", t.icon);
}

} // namespace

void writeAgentTemplateSummary(JsonWriter &w, const AgentTemplate &t)
{
    w.beginObject();
    writeTemplateHead(w, t);
    writeSampleConversations(w, t.sampleConversations);
    w.endObject();
}

void writeAgentTemplate(JsonWriter &w, const AgentTemplate &t)
{
    w.beginObject();
    writeTemplateHead(w, t);
    w.field("prompt_template", t.promptTemplate);
    w.field("first_message_template", t.firstMessageTemplate);
    w.field("voice_id", t.voiceId);
    writeSampleConversations(w, t.sampleConversations);
    w.endObject();
}

void writeAgent(JsonWriter &w, const Agent &a)
{
    w.beginObject();
    // The original numbered its agents (id) and named them by their ElevenLabs id
    // (agent_id, the id of every /api/agents/{agent_id} path). Ours have one id, a
    // uuid, which is both: clients that read either field get the id that the paths
    // take, and no provider id is made up while no provider runs the agent.
    w.field("id", a.id);
    w.field("agent_id", a.id);
    w.field("agent_name", a.name);
    w.field("status", a.status);
    w.field("prompt", a.prompt);
    w.field("first_message", a.firstMessage);
    w.field("voice_id", a.voiceId);
    w.field("language", a.language);
    w.key("template_key");
    if (a.templateKey)
        w.value(*a.templateKey);
    else
        w.null();
    w.field("provider", a.provider);
    w.field("created_at", a.createdAt);
    w.field("updated_at", a.updatedAt);
    w.key("elevenlabs_metadata").null();
    w.endObject();
}

void writeAgentToken(JsonWriter &w, const AgentToken &token, const QString &message)
{
    w.beginObject();
    w.field("agent_id", token.agentId);
    w.field("api_token", token.token);
    w.field("token_preview", token.preview);
    w.field("message", message);
    w.endObject();
}

void registerAgentSchemas()
{
    const Schema text = Schema::string();
    const Schema samples = Schema::array(
        Schema::object()
            .describe(u"An example exchange between a caller and an agent made from the template."_s)
            .property(u"scenario"_s, text, Schema::Required)
            .property(u"messages"_s,
                      Schema::array(Schema::object()
                                        .property(u"role"_s, Schema::string().oneOf({u"caller"_s, u"agent"_s}),
                                                  Schema::Required)
                                        .property(u"content"_s, text, Schema::Required)),
                      Schema::Required));
    const Schema key = Schema::string().oneOf(enumNames<AgentTemplateKey>());
    SchemaRegistry::add(u"AgentTemplateSummary"_s,
                        Schema::object()
                            .describe(u"A template an agent can be created from."_s)
                            .property(u"key"_s, key, Schema::Required)
                            .property(u"name"_s, text, Schema::Required)
                            .property(u"description"_s, text, Schema::Required)
                            .property(u"icon"_s, text, Schema::Required)
                            .property(u"sample_conversations"_s, samples, Schema::Required));
    SchemaRegistry::add(
        u"AgentTemplate"_s,
        Schema::object()
            .describe(u"A template with its prompt and greeting. The placeholders {agent_name}, {business_name} and "
                      "{phone_number} are filled in when an agent is created from it."_s)
            .property(u"key"_s, key, Schema::Required)
            .property(u"name"_s, text, Schema::Required)
            .property(u"description"_s, text, Schema::Required)
            .property(u"icon"_s, text, Schema::Required)
            .property(u"prompt_template"_s, text, Schema::Required)
            .property(u"first_message_template"_s, text, Schema::Required)
            .property(u"voice_id"_s, text, Schema::Required)
            .property(u"sample_conversations"_s, samples, Schema::Required));
    SchemaRegistry::add(u"AgentTemplateList"_s,
                        Schema::object()
                            .property(u"templates"_s, Schema::array(Schema::ref(u"AgentTemplateSummary"_s)),
                                      Schema::Required)
                            .property(u"total"_s, Schema::integer(), Schema::Required));

    const Schema id = Schema::string().format(u"uuid"_s);
    const Schema instant = Schema::string().format(u"date-time"_s);
    SchemaRegistry::add(
        u"Agent"_s,
        Schema::object()
            .describe(u"A voice agent of the organization."_s)
            .property(u"id"_s, id.describe(u"The agent's id."_s), Schema::Required)
            .property(u"agent_id"_s, id.describe(u"The same id (the original's clients read this one)."_s),
                      Schema::Required)
            .property(u"agent_name"_s, text, Schema::Required)
            .property(u"status"_s, Schema::string().oneOf(enumNames<AgentStatus>()), Schema::Required)
            .property(u"prompt"_s, text, Schema::Required)
            .property(u"first_message"_s, text, Schema::Required)
            .property(u"voice_id"_s, text, Schema::Required)
            .property(u"language"_s, text, Schema::Required)
            .property(u"template_key"_s, key.nullable(), Schema::Required)
            .property(u"provider"_s,
                      Schema::string().oneOf(enumNames<AgentProvider>()).describe(
                          u"The voice platform running the agent; not_configured until one is connected."_s),
                      Schema::Required)
            .property(u"created_at"_s, instant, Schema::Required)
            .property(u"updated_at"_s, instant, Schema::Required)
            .property(u"elevenlabs_metadata"_s,
                      Schema::object().allowAdditional().nullable().describe(
                          u"The provider's view of the agent; null while no provider runs it."_s),
                      Schema::Required));
    SchemaRegistry::add(u"AgentPage"_s,
                        Schema::object()
                            .describe(u"One page of agents, newest first."_s)
                            .property(u"agents"_s, Schema::array(Schema::ref(u"Agent"_s)), Schema::Required)
                            .property(u"total"_s, Schema::integer(), Schema::Required)
                            .property(u"page"_s, Schema::integer(), Schema::Required)
                            .property(u"per_page"_s, Schema::integer(), Schema::Required)
                            .property(u"pages"_s, Schema::integer(), Schema::Required));
    SchemaRegistry::add(u"AgentToken"_s,
                        Schema::object()
                            .describe(u"The agent's token for the X-Agent-Token header of the agent-actions routes."_s)
                            .property(u"agent_id"_s, id, Schema::Required)
                            .property(u"api_token"_s, text, Schema::Required)
                            .property(u"token_preview"_s, text, Schema::Required)
                            .property(u"message"_s, text, Schema::Required));
}

} // namespace vami::http
