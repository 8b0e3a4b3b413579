#include "controllers.h"
#include "routespec.h"

#include "http/exchange.h"
#include "http/serialize/agentjson.h"

#include "agents/agenterrors.h"
#include "agents/agentlimits.h"
#include "agents/agentservice.h"
#include "agents/agenttemplates.h"
#include "runtime/backend.h"

using namespace Qt::StringLiterals;

namespace vami::http {

namespace {

HttpResponse listTemplates(Exchange &ex)
{
    const QList<AgentTemplate> &templates = AgentTemplates::all();
    JsonWriter w = ex.writer();
    w.beginObject().key("templates").beginArray();
    for (const AgentTemplate &t : templates)
        writeAgentTemplateSummary(w, t);
    w.endArray();
    w.field("total", int(templates.size()));
    w.endObject();
    return ex.json(200, w.take());
}

HttpResponse getTemplate(Exchange &ex)
{
    const auto key = parseEnum<AgentTemplateKey>(QStringView(ex.pathParam(u"template_key"_s)));
    if (!key)
        return ex.fail(AgentErrors::templateNotFound());
    JsonWriter w = ex.writer();
    writeAgentTemplate(w, AgentTemplates::get(*key));
    return ex.json(200, w.take());
}

// A text member of the body, or null when it is absent or null.
QString bodyText(const Exchange &ex, const QString &name)
{
    const QJsonValue v = ex.body().value(name);
    return v.isString() ? v.toString() : QString();
}

// The body's member, else the query's: the original read template_key, business_name
// and phone_number from the query, its onboarding page sends them in the body.
QString bodyOrQuery(const Exchange &ex, const QString &name)
{
    const QString fromBody = bodyText(ex, name);
    if (!fromBody.isNull())
        return fromBody;
    return ex.hasQuery(name) ? ex.queryText(name) : QString();
}

HttpResponse agentAnswer(Exchange &ex, int status, const Result<Agent> &agent)
{
    if (!agent)
        return ex.fail(agent.error());
    JsonWriter w = ex.writer();
    writeAgent(w, *agent);
    return ex.json(status, w.take());
}

HttpResponse defaultAgent(Exchange &ex)
{
    return agentAnswer(ex, 200, ex.backend().service<AgentService>().defaultAgent(ex.actor()));
}

HttpResponse createAgent(Exchange &ex)
{
    CreateAgentInput input;
    input.name = bodyText(ex, u"agent_name"_s);
    input.prompt = bodyText(ex, u"prompt"_s);
    input.firstMessage = bodyText(ex, u"first_message"_s);
    input.voiceId = bodyText(ex, u"voice_id"_s);
    input.language = bodyText(ex, u"language"_s);
    input.templateKey = bodyOrQuery(ex, u"template_key"_s);
    input.businessName = bodyOrQuery(ex, u"business_name"_s);
    input.phoneNumber = bodyOrQuery(ex, u"phone_number"_s);
    return agentAnswer(ex, 201, ex.backend().service<AgentService>().create(ex.actor(), input));
}

HttpResponse listAgents(Exchange &ex)
{
    AgentQuery query;
    query.page = ex.hasQuery(u"page"_s) ? ex.queryText(u"page"_s).toInt() : 1;
    query.perPage = ex.hasQuery(u"per_page"_s) ? ex.queryText(u"per_page"_s).toInt() : AgentLimits::DefaultPerPage;
    if (ex.hasQuery(u"status"_s))
        query.status = parseEnum<AgentStatus>(QStringView(ex.queryText(u"status"_s)));
    auto page = ex.backend().service<AgentService>().list(ex.actor(), query);
    if (!page)
        return ex.fail(page.error(), u"query");
    JsonWriter w = ex.writer();
    w.beginObject().key("agents").beginArray();
    for (const Agent &a : page->agents)
        writeAgent(w, a);
    w.endArray();
    const qint64 pages = page->perPage > 0 ? (page->total + page->perPage - 1) / page->perPage : 0;
    w.field("total", page->total).field("page", page->page).field("per_page", page->perPage).field("pages", pages);
    w.endObject();
    HttpResponse response = ex.json(200, w.take());
    response.addHeader("X-Total-Count", QByteArray::number(page->total));
    return response;
}

HttpResponse getAgent(Exchange &ex)
{
    return agentAnswer(ex, 200, ex.backend().service<AgentService>().agent(ex.actor(), ex.id(u"agent_id"_s)));
}

HttpResponse updateAgent(Exchange &ex)
{
    UpdateAgentInput input;
    auto optionalText = [&ex](const QString &name) -> std::optional<QString> {
        const QString text = bodyText(ex, name);
        return text.isNull() ? std::nullopt : std::optional<QString>(text);
    };
    input.name = optionalText(u"agent_name"_s);
    input.prompt = optionalText(u"prompt"_s);
    input.firstMessage = optionalText(u"first_message"_s);
    input.voiceId = optionalText(u"voice_id"_s);
    if (const QString status = bodyText(ex, u"status"_s); !status.isNull())
        input.status = parseEnum<AgentStatus>(QStringView(status));
    return agentAnswer(ex, 200,
                       ex.backend().service<AgentService>().update(ex.actor(), ex.id(u"agent_id"_s), input));
}

HttpResponse tokenAnswer(Exchange &ex, const Result<AgentToken> &token, const QString &message)
{
    if (!token)
        return ex.fail(token.error());
    JsonWriter w = ex.writer();
    writeAgentToken(w, *token, message);
    return ex.json(200, w.take());
}

HttpResponse agentToken(Exchange &ex)
{
    return tokenAnswer(ex, ex.backend().service<AgentService>().token(ex.actor(), ex.id(u"agent_id"_s)),
                       u"Use this token in the X-Agent-Token header when configuring ElevenLabs function calling"_s);
}

HttpResponse regenerateToken(Exchange &ex)
{
    return tokenAnswer(ex, ex.backend().service<AgentService>().regenerateToken(ex.actor(), ex.id(u"agent_id"_s)),
                       u"Token regenerated successfully. Update this token in your ElevenLabs agent configuration."_s);
}

} // namespace

void registerAgentRoutes(HttpContext &context)
{
    RouteTable &t = context.routes;
    const QString tag = u"agents"_s;
    const Schema name = Schema::string().maxLength(AgentLimits::MaxNameLength);
    const Schema prompt = Schema::string().maxLength(AgentLimits::MaxPromptLength);
    const Schema firstMessage = Schema::string().maxLength(AgentLimits::MaxFirstMessageLength);
    const Schema voice = Schema::string().maxLength(AgentLimits::MaxVoiceIdLength).describe(
        u"A voice id of the provider ([A-Za-z0-9_-])."_s);
    const Schema templateKey = Schema::string().maxLength(64).describe(
        u"healthcare, legal, real_estate or general; another value answers 400."_s);
    const Schema businessName = Schema::string().maxLength(AgentLimits::MaxBusinessNameLength);
    const Schema phoneNumber = Schema::string().maxLength(AgentLimits::MaxPhoneNumberLength);
    const auto agentId = [](Error (*notFound)()) {
        return spec::pathId(u"agent_id"_s, u"The agent's id."_s, notFound);
    };

    t.add({
        .method = Method::Get,
        .path = u"/api/agents"_s,
        .name = u"get_agent"_s,
        .tag = tag,
        .summary = u"The organization's agent"_s,
        .description = u"The oldest active agent of the organization (the single agent the original's clients "
                       "expect); 404 \"Agent not found\" when there is none. Every agent: GET /api/agents/list."_s,
        .responses = {spec::ok(Schema::ref(u"Agent"_s))},
        .handler = defaultAgent,
    });

    t.add({
        .method = Method::Post,
        .path = u"/api/agents"_s,
        .name = u"create_agent"_s,
        .tag = tag,
        .summary = u"Create an agent"_s,
        .description = u"Owners and admins create agents. With template_key the template's prompt, greeting and "
                       "voice are filled in with agent_name, business_name (default \"Our Business\") and "
                       "phone_number (default \"+1 (555) 000-0000\"); template_key, business_name and "
                       "phone_number are read from the body or, as the original did, from the query. A prompt, "
                       "first_message or voice_id given wins over the template. Other members are ignored. The "
                       "agent gets its token for the agent-actions routes at once (GET .../api-token)."_s,
        .body = Schema::object()
                    .property(u"agent_name"_s, name, Schema::Required)
                    .property(u"prompt"_s, prompt.nullable())
                    .property(u"first_message"_s, firstMessage.nullable())
                    .property(u"voice_id"_s, voice.nullable())
                    .property(u"language"_s, Schema::string().maxLength(AgentLimits::MaxLanguageLength).nullable())
                    .property(u"template_key"_s, templateKey.nullable())
                    .property(u"business_name"_s, businessName.nullable())
                    .property(u"phone_number"_s, phoneNumber.nullable())
                    .allowAdditional(),
        .params = {spec::query(u"template_key"_s, templateKey, u"The template to start from."_s),
                   spec::query(u"business_name"_s, businessName, u"Fills {business_name}."_s),
                   spec::query(u"phone_number"_s, phoneNumber, u"Fills {phone_number}."_s)},
        .responses = {RouteResponse{201, u"The new agent"_s, Schema::ref(u"Agent"_s)}},
        .handler = createAgent,
    });

    t.add({
        .method = Method::Get,
        .path = u"/api/agents/list"_s,
        .name = u"list_agents"_s,
        .tag = tag,
        .summary = u"Agents of the organization"_s,
        .description = u"One page of agents, newest first: {agents, total, page, per_page, pages}. Deleted agents "
                       "are never listed. X-Total-Count carries the total."_s,
        .params = {
            spec::query(u"page"_s, Schema::integer().minimum(1).maximum(AgentLimits::MaxPage), u"Page number, from 1."_s),
            spec::query(u"per_page"_s, Schema::integer().minimum(1).maximum(AgentLimits::MaxPerPage),
                        u"Agents per page (1-%1, default %2)."_s.arg(AgentLimits::MaxPerPage)
                            .arg(AgentLimits::DefaultPerPage)),
            spec::query(u"status"_s, Schema::string().oneOf({u"active"_s, u"inactive"_s, u"suspended"_s}),
                        u"Only this status."_s),
        },
        .responses = {spec::ok(Schema::ref(u"AgentPage"_s))},
        .handler = listAgents,
    });

    t.add({
        .method = Method::Get,
        .path = u"/api/agents/{agent_id}"_s,
        .name = u"get_agent_by_id"_s,
        .tag = tag,
        .summary = u"One agent"_s,
        .params = {agentId(AgentErrors::agentNotFound)},
        .responses = {spec::ok(Schema::ref(u"Agent"_s))},
        .handler = getAgent,
    });

    t.add({
        .method = Method::Put,
        .path = u"/api/agents/{agent_id}"_s,
        .name = u"update_agent"_s,
        .tag = tag,
        .summary = u"Change an agent"_s,
        .description = u"Owners and admins change the name, prompt, greeting, voice or status; members not given "
                       "stay, other members are ignored. Status deleted removes the agent from every answer."_s,
        .body = Schema::object()
                    .property(u"agent_name"_s, name.nullable())
                    .property(u"prompt"_s, prompt.nullable())
                    .property(u"first_message"_s, firstMessage.nullable())
                    .property(u"voice_id"_s, voice.nullable())
                    .property(u"status"_s, Schema::string().oneOf(enumNames<AgentStatus>()).nullable())
                    .allowAdditional(),
        .params = {agentId(AgentErrors::agentNotFound)},
        .responses = {spec::ok(Schema::ref(u"Agent"_s), u"The updated agent"_s)},
        .handler = updateAgent,
    });

    t.add({
        .method = Method::Get,
        .path = u"/api/agents/{agent_id}/api-token"_s,
        .name = u"get_agent_api_token"_s,
        .tag = tag,
        .summary = u"The agent's token"_s,
        .description = u"Owners and admins read the token for the X-Agent-Token header of the agent-actions "
                       "routes."_s,
        .params = {agentId(AgentErrors::tokenAgentNotFound)},
        .responses = {spec::ok(Schema::ref(u"AgentToken"_s))},
        .handler = agentToken,
    });

    t.add({
        .method = Method::Post,
        .path = u"/api/agents/{agent_id}/regenerate-token"_s,
        .name = u"regenerate_agent_api_token"_s,
        .tag = tag,
        .summary = u"Replace the agent's token"_s,
        .description = u"A new token; the old one stops working at once."_s,
        .params = {agentId(AgentErrors::tokenAgentNotFound)},
        .responses = {spec::ok(Schema::ref(u"AgentToken"_s))},
        .handler = regenerateToken,
    });

    t.add({
        .method = Method::Get,
        .path = u"/api/templates/agent-templates"_s,
        .name = u"list_agent_templates"_s,
        .tag = u"templates"_s,
        .summary = u"Agent templates"_s,
        .description = u"The templates an agent can be created from (healthcare, legal, real estate, general), "
                       "with sample conversations."_s,
        .access = Access::Public,
        .responses = {spec::ok(Schema::ref(u"AgentTemplateList"_s))},
        .handler = listTemplates,
    });

    t.add({
        .method = Method::Get,
        .path = u"/api/templates/agent-templates/{template_key}"_s,
        .name = u"get_agent_template"_s,
        .tag = u"templates"_s,
        .summary = u"One agent template"_s,
        .description = u"The template with its prompt and greeting templates and voice. An unknown key answers 404 "
                       "\"Template not found\"."_s,
        .access = Access::Public,
        .params = {spec::pathText(u"template_key"_s, u"healthcare, legal, real_estate or general."_s)},
        .responses = {spec::ok(Schema::ref(u"AgentTemplate"_s))},
        .handler = getTemplate,
    });
}

} // namespace vami::http
