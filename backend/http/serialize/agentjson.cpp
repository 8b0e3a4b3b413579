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

}

} // namespace vami::http
