#pragma once

#include "httpconfig.h"
#include "routetable.h"

#include <QJsonObject>

namespace vami::http {

// The OpenAPI 3.0.3 document of the served routes, generated from the route table
// and the registered component schemas. Standard error responses are added from
// each route's properties (401 when it needs credentials, 422 when it takes input,
// 429 when it is rate limited, 404 when it has path parameters, 503 for heavy work).
[[nodiscard]] QJsonObject buildOpenApi(const RouteTable &routes, const HttpConfig &config);

// {"total": N, "routes": [{"path", "methods", "name"}]} sorted by path, as the
// original API's /api/routes listed them.
[[nodiscard]] QByteArray routeListJson(const RouteTable &routes);

// The version of the wire contract (the original API's version).
inline constexpr const char *ApiVersion = "2.0.0";

} // namespace vami::http
