#pragma once

#include "auth/organization.h"
#include "auth/signedin.h"
#include "auth/user.h"
#include "json/jsonwriter.h"
#include "json/schema.h"

namespace vami::http {

// User: the body of GET /api/auth/me and AuthResponse.user.
void writeUser(JsonWriter &w, const User &user);
void writeFeatures(JsonWriter &w, const QString &plan);
void writeMembership(JsonWriter &w, const Membership &membership);

// AuthResponse of register, login, refresh and invitation acceptance.
[[nodiscard]] QByteArray authResponseJson(const SignedIn &signedIn, const QByteArray &accessToken, int expiresIn);

// Registers the component schemas User, PlanFeatures, Organization, Membership, AuthResponse.
void registerUserSchemas();

} // namespace vami::http
