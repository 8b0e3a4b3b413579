#pragma once

namespace vami::http {

struct HttpContext;

// Each controller adds its routes to the context's route table.
void registerSystemRoutes(HttpContext &context);
void registerAuthRoutes(HttpContext &context);
void registerTeamRoutes(HttpContext &context);
void registerApiKeyRoutes(HttpContext &context);
void registerAgentRoutes(HttpContext &context);
void registerCallRoutes(HttpContext &context);

// Everything, in the order /api/routes lists them.
void registerAllRoutes(HttpContext &context);

} // namespace vami::http
