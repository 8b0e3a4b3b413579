#pragma once

#include "http/route.h"
#include "http/httpcontext.h"

#include "auth/signedin.h"

namespace vami::http {

// Small builders for route declarations, shared by the controllers.
namespace spec {

[[nodiscard]] RouteResponse ok(const Schema &schema, const QString &description = QStringLiteral("Success"));
[[nodiscard]] RouteResponse message(const QString &description);
// A path id: the dispatcher parses it and answers `notFound` (the area's error for
// an id that names nothing) when it is not an id.
[[nodiscard]] RouteParam pathId(const QString &name, const QString &description, Error (*notFound)());
[[nodiscard]] RouteParam pathText(const QString &name, const QString &description);
[[nodiscard]] RouteParam query(const QString &name, const Schema &schema, const QString &description);

// Registers Message, HTTPError, ValidationError and RateLimitError.
void registerCommonSchemas();

} // namespace spec

// The access token of a session (HS256 JWT, lifetime from the auth policy).
[[nodiscard]] QByteArray issueAccessToken(HttpContext &context, const SignedIn &signedIn);

} // namespace vami::http
