#include "userjson.h"

#include "auth/plans.h"
#include "core/ids.h"

using namespace Qt::StringLiterals;

namespace vami::http {

void writeFeatures(JsonWriter &w, const QString &plan)
{
    w.beginObject();
    for (const PlanFeature &f : planFeatures(plan)) {
        w.key(f.key);
        if (f.value.typeId() == QMetaType::Bool)
            w.value(f.value.toBool());
        else
            w.value(f.value.toLongLong());
    }
    w.endObject();
}

void writeUser(JsonWriter &w, const User &u)
{
    w.beginObject();
    w.field("id", u.id);
    w.field("email", u.email);
    w.field("email_verified", u.emailVerified);
    w.optionalField("full_name", u.fullName);
    w.optionalField("company_name", u.companyName);
    w.optionalField("avatar_url", u.avatarUrl);
    w.optionalField("phone_number", u.phoneNumber);
    w.field("timezone", u.timezone);
    w.field("language", u.language);
    w.field("plan", u.plan);
    w.optionalField("stripe_customer_id", u.stripeCustomerId);
    w.optionalField("stripe_subscription_id", u.stripeSubscriptionId);
    w.field("subscription_status", u.subscriptionStatus);
    w.field("current_period_end", u.currentPeriodEnd);
    w.key("features");
    writeFeatures(w, u.plan);
    w.field("status", u.status);
    w.field("last_active", u.lastActiveAt);
    w.field("created_at", u.createdAt);
    w.field("updated_at", u.updatedAt);
    w.endObject();
}

void writeMembership(JsonWriter &w, const Membership &m)
{
    w.beginObject();
    w.field("id", m.organizationId);
    w.field("name", m.organizationName);
    w.field("role", roleName(m.role));
    w.field("joined_at", m.joinedAt);
    w.endObject();
}

QByteArray authResponseJson(const SignedIn &s, const QByteArray &accessToken, int expiresIn)
{
    JsonWriter w(2048);
    w.beginObject();
    w.key("access_token").value(QString::fromLatin1(accessToken));
    w.field("token_type", "bearer");
    w.field("refresh_token", s.refreshToken);
    w.field("expires_in", expiresIn);
    w.field("refresh_expires_at", s.refreshExpiresAt);
    w.key("user");
    writeUser(w, s.user);
    w.key("organization").beginObject();
    w.field("id", s.organization.id);
    w.field("name", s.organization.name);
    w.field("role", roleName(s.role));
    w.endObject();
    w.key("features");
    writeFeatures(w, s.user.plan);
    w.key("agent").null();
    w.key("checkout_url").null();
    w.endObject();
    return w.take();
}

void registerUserSchemas()
{
    Schema features = Schema::object().describe(u"Features granted by the plan."_s);
    for (const PlanFeature &f : planFeatures(u"starter_trial"_s))
        features = features.property(QString::fromLatin1(f.key),
                                     f.value.typeId() == QMetaType::Bool ? Schema::boolean() : Schema::integer(),
                                     Schema::Required);
    SchemaRegistry::add(u"PlanFeatures"_s, features);

    const Schema text = Schema::string();
    const Schema optionalText = Schema::string().nullable();
    const Schema instant = Schema::string().format(u"date-time"_s);
    SchemaRegistry::add(
        u"User"_s,
        Schema::object()
            .describe(u"An account."_s)
            .property(u"id"_s, Schema::string().format(u"uuid"_s), Schema::Required)
            .property(u"email"_s, Schema::string().format(u"email"_s), Schema::Required)
            .property(u"email_verified"_s,
                      Schema::boolean().describe(u"The address was proven by a link sent to it (the invitation "
                                                 "e-mail or a password reset)."_s),
                      Schema::Required)
            .property(u"full_name"_s, optionalText, Schema::Required)
            .property(u"company_name"_s, optionalText, Schema::Required)
            .property(u"avatar_url"_s, optionalText, Schema::Required)
            .property(u"phone_number"_s, optionalText, Schema::Required)
            .property(u"timezone"_s, text, Schema::Required)
            .property(u"language"_s, text, Schema::Required)
            .property(u"plan"_s, Schema::string().oneOf(planNames()), Schema::Required)
            .property(u"stripe_customer_id"_s, optionalText, Schema::Required)
            .property(u"stripe_subscription_id"_s, optionalText, Schema::Required)
            .property(u"subscription_status"_s, text, Schema::Required)
            .property(u"current_period_end"_s, instant.nullable(), Schema::Required)
            .property(u"features"_s, Schema::ref(u"PlanFeatures"_s), Schema::Required)
            .property(u"status"_s, Schema::string().oneOf(enumNames<UserStatus>()),
                      Schema::Required)
            .property(u"last_active"_s, instant.nullable(), Schema::Required)
            .property(u"created_at"_s, instant, Schema::Required)
            .property(u"updated_at"_s, instant, Schema::Required));
    const Schema role = Schema::string().oneOf({u"owner"_s, u"admin"_s, u"member"_s});
    SchemaRegistry::add(u"Membership"_s,
                        Schema::object()
                            .describe(u"An organization the user belongs to."_s)
                            .property(u"id"_s, Schema::string().format(u"uuid"_s), Schema::Required)
                            .property(u"name"_s, text, Schema::Required)
                            .property(u"role"_s, role, Schema::Required)
                            .property(u"joined_at"_s, instant, Schema::Required));
    SchemaRegistry::add(
        u"AuthResponse"_s,
        Schema::object()
            .describe(u"Tokens of a new session. The refresh token is shown once."_s)
            .property(u"access_token"_s, text.describe(u"Bearer token for the Authorization header."_s), Schema::Required)
            .property(u"token_type"_s, Schema::string().oneOf({u"bearer"_s}), Schema::Required)
            .property(u"refresh_token"_s, text, Schema::Required)
            .property(u"expires_in"_s, Schema::integer().describe(u"Seconds until the access token expires."_s),
                      Schema::Required)
            .property(u"refresh_expires_at"_s, instant, Schema::Required)
            .property(u"user"_s, Schema::ref(u"User"_s), Schema::Required)
            .property(u"organization"_s,
                      Schema::object()
                          .property(u"id"_s, Schema::string().format(u"uuid"_s), Schema::Required)
                          .property(u"name"_s, text, Schema::Required)
                          .property(u"role"_s, role, Schema::Required),
                      Schema::Required)
            .property(u"features"_s, Schema::ref(u"PlanFeatures"_s), Schema::Required)
            .property(u"agent"_s, Schema::object().allowAdditional().nullable(), Schema::Required)
            .property(u"checkout_url"_s, optionalText, Schema::Required));
}

} // namespace vami::http
