#include "routespec.h"

#include "auth/authservice.h"
#include "core/clock.h"
#include "core/random.h"
#include "runtime/backend.h"

using namespace Qt::StringLiterals;

namespace vami::http::spec {

RouteResponse ok(const Schema &schema, const QString &description)
{
    return RouteResponse{200, description, schema, QByteArrayLiteral("application/json")};
}

RouteResponse message(const QString &description)
{
    return RouteResponse{200, description, Schema::ref(u"Message"_s), QByteArrayLiteral("application/json")};
}

RouteParam pathId(const QString &name, const QString &description, Error (*notFound)())
{
    return RouteParam{name,        RouteParam::In::Path,  Schema::string().format(u"uuid"_s), true,
                      description, RouteParam::Kind::Id, notFound};
}

RouteParam pathText(const QString &name, const QString &description)
{
    return RouteParam{name, RouteParam::In::Path, Schema::string(), true, description};
}

RouteParam query(const QString &name, const Schema &schema, const QString &description)
{
    return RouteParam{name, RouteParam::In::Query, schema, false, description};
}

void registerCommonSchemas()
{
    SchemaRegistry::add(u"Message"_s,
                        Schema::object().property(u"message"_s, Schema::string(), Schema::Required).allowAdditional());
    SchemaRegistry::add(u"HTTPError"_s,
                        Schema::object()
                            .describe(u"An error. `detail` is an English sentence; `error_code` is stable."_s)
                            .property(u"detail"_s, Schema::string(), Schema::Required)
                            .property(u"error_code"_s, Schema::string())
                            .property(u"request_id"_s, Schema::string())
                            .allowAdditional());
    SchemaRegistry::add(
        u"ValidationError"_s,
        Schema::object()
            .describe(u"The request did not validate; one entry per problem."_s)
            .property(u"detail"_s,
                      Schema::array(Schema::object()
                                        .property(u"type"_s, Schema::string(), Schema::Required)
                                        .property(u"loc"_s, Schema::array(Schema::any()), Schema::Required)
                                        .property(u"msg"_s, Schema::string(), Schema::Required)
                                        .property(u"input"_s, Schema::any())
                                        .property(u"ctx"_s, Schema::object().allowAdditional())),
                      Schema::Required));
    SchemaRegistry::add(u"RateLimitError"_s,
                        Schema::object()
                            .property(u"detail"_s, Schema::string(), Schema::Required)
                            .property(u"error"_s, Schema::string())
                            .property(u"retry_after"_s, Schema::integer())
                            .property(u"error_code"_s, Schema::string())
                            .property(u"request_id"_s, Schema::string()));
}

} // namespace vami::http::spec

namespace vami::http {

QByteArray issueAccessToken(HttpContext &context, const SignedIn &signedIn)
{
    const QDateTime now = context.backend.clock().now();
    AccessClaims claims;
    claims.userId = signedIn.user.id;
    claims.organizationId = signedIn.organization.id;
    claims.sessionId = signedIn.sessionId;
    claims.tokenVersion = signedIn.user.tokenVersion;
    claims.issuedAt = now;
    claims.expiresAt = now.addSecs(context.backend.service<AuthService>().policy().accessTokenTtlSeconds);
    claims.tokenId = secureToken(16);
    return context.jwt.sign(claims);
}

} // namespace vami::http
