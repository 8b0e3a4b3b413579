#include "controllers.h"
#include "routespec.h"

#include "http/exchange.h"
#include "http/serialize/agentjson.h"

#include "agents/agenterrors.h"
#include "agents/agenttemplates.h"

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

} // namespace

void registerAgentRoutes(HttpContext &context)
{
    RouteTable &t = context.routes;

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
