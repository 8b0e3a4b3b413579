#include "controllers.h"
#include "routespec.h"

#include "http/exchange.h"
#include "http/serialize/userjson.h"

#include "auth/authservice.h"
#include "auth/passwordresetservice.h"
#include "auth/plans.h"
#include "core/ids.h"
#include "core/logging.h"
#include "runtime/backend.h"

using namespace Qt::StringLiterals;

namespace vami::http {

namespace {

HttpResponse signedInResponse(Exchange &ex, const Result<SignedIn> &signedIn)
{
    if (!signedIn)
        return ex.fail(signedIn.error());
    const QByteArray token = issueAccessToken(ex.context(), *signedIn);
    return ex.json(200, authResponseJson(*signedIn, token, ex.backend().service<AuthService>().policy().accessTokenTtlSeconds));
}

HttpResponse registerAccount(Exchange &ex)
{
    const QJsonObject &b = ex.body();
    RegisterInput input;
    input.email = b.value(u"email"_s).toString();
    input.password = b.value(u"password"_s).toString();
    input.fullName = b.value(u"full_name"_s).toString();
    input.companyName = b.value(u"company_name"_s).toString();
    input.plan = b.value(u"plan"_s).toString(u"starter_trial"_s);
    return signedInResponse(ex, ex.backend().service<AuthService>().registerAccount(input, ex.client()));
}

HttpResponse login(Exchange &ex)
{
    const QJsonObject &b = ex.body();
    LoginInput input;
    input.email = b.value(u"email"_s).toString();
    input.password = b.value(u"password"_s).toString();
    if (auto org = parseId(b.value(u"organization_id"_s).toString()))
        input.organizationId = *org;
    return signedInResponse(ex, ex.backend().service<AuthService>().login(input, ex.client()));
}

HttpResponse refresh(Exchange &ex)
{
    return signedInResponse(ex, ex.backend().service<AuthService>().refresh(ex.body().value(u"refresh_token"_s).toString(), ex.client()));
}

HttpResponse logout(Exchange &ex)
{
    if (Status done = ex.backend().service<AuthService>().logout(ex.actor()); !done)
        return ex.fail(done.error());
    return ex.message(u"Logged out successfully"_s);
}

HttpResponse me(Exchange &ex)
{
    auto user = ex.backend().service<AuthService>().currentUser(ex.actor());
    if (!user)
        return ex.fail(user.error());
    JsonWriter w = ex.writer();
    writeUser(w, *user);
    return ex.json(200, w.take());
}

HttpResponse organizations(Exchange &ex)
{
    auto list = ex.backend().service<AuthService>().organizations(ex.actor());
    if (!list)
        return ex.fail(list.error());
    JsonWriter w = ex.writer();
    w.beginArray();
    for (const Membership &m : *list)
        writeMembership(w, m);
    w.endArray();
    return ex.json(200, w.take());
}

HttpResponse switchOrganization(Exchange &ex)
{
    const auto id = parseId(ex.body().value(u"organization_id"_s).toString());
    if (!id)
        return ex.fail(Error::notFound(u"auth.organization_not_found"_s, QT_TRANSLATE_NOOP("vami", "Organization not found")));
    return signedInResponse(ex, ex.backend().service<AuthService>().switchOrganization(ex.actor(), *id, ex.client()));
}

HttpResponse forgotPassword(Exchange &ex)
{
    const QString email = ex.body().contains(u"email"_s) ? ex.body().value(u"email"_s).toString()
                                                          : ex.queryText(u"email"_s);
    if (email.isEmpty() && !ex.body().contains(u"email"_s) && !ex.hasQuery(u"email"_s))
        return ex.fail(Error::validation(u"email"_s, u"missing"_s, QT_TRANSLATE_NOOP("vami", "Field required")), u"query");
    // The same answer whether or not the account exists, and when the request fails.
    if (Status done = ex.backend().service<PasswordResetService>().requestReset(email, ex.client()); !done)
        qCWarning(lcAuth).noquote() << "password reset request failed:" << done.error().diagnostic() << "request"
                                    << ex.client().requestId;
    return ex.message(u"If an account exists with this email, you will receive a password reset link shortly"_s);
}

HttpResponse resetPassword(Exchange &ex)
{
    const QJsonObject &b = ex.body();
    if (Status done = ex.backend().service<PasswordResetService>().resetPassword(b.value(u"token"_s).toString(),
                                                                  b.value(u"new_password"_s).toString(), ex.client());
        !done)
        return ex.fail(done.error());
    return ex.message(u"Password reset successfully"_s);
}

} // namespace

void registerAuthRoutes(HttpContext &context)
{
    const QString tag = u"auth"_s;
    const Schema email = Schema::string().format(u"email"_s).maxLength(254);
    const Schema password = Schema::string().format(u"password"_s).minLength(1).maxLength(1024);
    RouteTable &t = context.routes;

    t.add({
        .method = Method::Post,
        .path = u"/api/auth/register"_s,
        .name = u"register"_s,
        .tag = tag,
        .summary = u"Create an account"_s,
        .description = u"Creates the user, an organization named after the company (or the e-mail address) with "
                       "the user as its owner, and a session. Passwords need at least 8 characters, an upper-case "
                       "and a lower-case letter, a digit and one of !@#$%^&*(),.?\":{}|<>. Every account starts "
                       "on the starter_trial plan."_s,
        .access = Access::Public,
        .execution = Execution::Heavy,
        .body = Schema::object()
                    .property(u"email"_s, email, Schema::Required)
                    .property(u"password"_s, password, Schema::Required)
                    .property(u"full_name"_s, Schema::string().maxLength(255).nullable())
                    .property(u"company_name"_s, Schema::string().maxLength(255).nullable())
                    .property(u"plan"_s, Schema::string().oneOf(planNames()).nullable()),
        .responses = {spec::ok(Schema::ref(u"AuthResponse"_s), u"The account and its first session"_s)},
        .rateRules = {{5, 60}},
        .handler = registerAccount,
    });

    t.add({
        .method = Method::Post,
        .path = u"/api/auth/login"_s,
        .name = u"login"_s,
        .tag = tag,
        .summary = u"Sign in"_s,
        .description = u"Starts a session in the user's default organization, or in organization_id. Failed "
                       "attempts slow down the address they come from: after 3 for one account (20 over all "
                       "accounts), each further attempt waits 1 s doubling up to 15 minutes (429 with Retry-After). "
                       "After 50 failures for one account within 15 minutes from anywhere, only addresses without "
                       "failures on it, or that signed in to it before, get through. Wrong guesses from elsewhere "
                       "never keep the owner out."_s,
        .access = Access::Public,
        .execution = Execution::Heavy,
        .body = Schema::object()
                    .property(u"email"_s, Schema::string().maxLength(254), Schema::Required)
                    .property(u"password"_s, Schema::string().format(u"password"_s).maxLength(4096), Schema::Required)
                    .property(u"organization_id"_s, Schema::string().format(u"uuid"_s).nullable()),
        .responses = {spec::ok(Schema::ref(u"AuthResponse"_s), u"A new session"_s)},
        .rateRules = {{10, 60}},
        .handler = login,
    });

    t.add({
        .method = Method::Post,
        .path = u"/api/auth/refresh"_s,
        .name = u"refresh_token"_s,
        .tag = tag,
        .summary = u"Renew the access token"_s,
        .description = u"Exchanges a refresh token for a new access token and a new refresh token. Each refresh "
                       "token works once; presenting a used one ends the session."_s,
        .access = Access::Public,
        .body = Schema::object().property(u"refresh_token"_s, Schema::string().maxLength(256), Schema::Required),
        .responses = {spec::ok(Schema::ref(u"AuthResponse"_s), u"The renewed session"_s)},
        .rateRules = {{30, 60}},
        .handler = refresh,
    });

    t.add({
        .method = Method::Post,
        .path = u"/api/auth/logout"_s,
        .name = u"logout"_s,
        .tag = tag,
        .summary = u"Sign out"_s,
        .description = u"Ends the session of the access token; its access and refresh tokens stop working at once."_s,
        .responses = {spec::message(u"Logged out"_s)},
        .handler = logout,
    });

    t.add({
        .method = Method::Post,
        .path = u"/api/auth/forgot-password"_s,
        .name = u"forgot_password"_s,
        .tag = tag,
        .summary = u"Ask for a password reset e-mail"_s,
        .description = u"Sends a reset link to the address when an account has it (at most 3 an hour per account). "
                       "The answer is the same whether or not the account exists. The address may come in the "
                       "body or in the query. The link's token works once, for one hour."_s,
        .access = Access::Public,
        .body = Schema::object().property(u"email"_s, Schema::string().maxLength(254)),
        .bodyRequired = false,
        .params = {spec::query(u"email"_s, Schema::string().maxLength(254), u"The account's e-mail address."_s)},
        .responses = {spec::message(u"Accepted (whether or not the account exists)"_s)},
        .rateRules = {{3, 3600}},
        .handler = forgotPassword,
    });

    t.add({
        .method = Method::Post,
        .path = u"/api/auth/reset-password"_s,
        .name = u"reset_password"_s,
        .tag = tag,
        .summary = u"Set a new password with a reset token"_s,
        .description = u"Takes the token from the reset e-mail (access_token or token) and the new password "
                       "(new_password or password), which follows the registration rules. The token works once. "
                       "The address then counts as verified, and every session, refresh token and API key of the "
                       "account stops working."_s,
        .access = Access::Public,
        .execution = Execution::Heavy,
        .body = Schema::object()
                    .property(u"token"_s, Schema::string().maxLength(256), Schema::Required)
                    .alias(u"token"_s, u"access_token"_s)
                    .property(u"new_password"_s, Schema::string().format(u"password"_s).maxLength(4096),
                              Schema::Required)
                    .alias(u"new_password"_s, u"password"_s),
        .responses = {spec::message(u"The new password is set"_s)},
        .rateRules = {{5, 3600}},
        .handler = resetPassword,
    });

    t.add({
        .method = Method::Get,
        .path = u"/api/auth/me"_s,
        .name = u"get_current_user"_s,
        .tag = tag,
        .summary = u"The signed-in user"_s,
        .responses = {spec::ok(Schema::ref(u"User"_s))},
        .handler = me,
    });

    t.add({
        .method = Method::Get,
        .path = u"/api/auth/organizations"_s,
        .name = u"list_my_organizations"_s,
        .tag = tag,
        .summary = u"Organizations the user belongs to"_s,
        .responses = {spec::ok(Schema::array(Schema::ref(u"Membership"_s)))},
        .handler = organizations,
    });

    t.add({
        .method = Method::Post,
        .path = u"/api/auth/switch-organization"_s,
        .name = u"switch_organization"_s,
        .tag = tag,
        .summary = u"Continue in another organization"_s,
        .description = u"Ends the current session and starts one in another organization the user belongs to."_s,
        .body = Schema::object().property(u"organization_id"_s, Schema::string().format(u"uuid"_s), Schema::Required),
        .responses = {spec::ok(Schema::ref(u"AuthResponse"_s), u"A session in the chosen organization"_s)},
        .handler = switchOrganization,
    });
}

} // namespace vami::http
