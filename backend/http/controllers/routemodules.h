#pragma once

#include <vector>

namespace vami::http {

struct HttpContext;

// The HTTP face of one area: the JSON schemas its answers refer to and its routes.
struct RouteModule
{
    const char *area;
    void (*registerSchemas)();
    void (*registerRoutes)(HttpContext &context);
};

// Every area's routes, in the order /api/routes and the OpenAPI document list them.
// A new area is added here with one line; the server and the dispatcher are not
// edited.
[[nodiscard]] const std::vector<RouteModule> &routeModules();

} // namespace vami::http
