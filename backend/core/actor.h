#pragma once

#include "permission.h"
#include "role.h"

#include <QList>
#include <QString>
#include <QUuid>

#include <optional>

namespace vami {

enum class AuthMethod { Session, ApiKey, System };

// Who is acting, in which organization, with which role: the first argument of
// every service call. It is resolved afresh from the database for every request
// (HTTP) or every task (desktop), so a role change or a removal takes effect at
// once.
struct Actor
{
    QUuid userId;
    QUuid organizationId;
    Role role = Role::Member;
    QString email;
    AuthMethod method = AuthMethod::Session;
    QUuid sessionId;  // for AuthMethod::Session
    QUuid apiKeyId;   // for AuthMethod::ApiKey
    // An API key may be limited to some actions; empty optional = the creator's role.
    std::optional<QList<Permission>> keyScopes;
    QString requestId;
    QString clientAddress;

    [[nodiscard]] bool isApiKey() const { return method == AuthMethod::ApiKey; }
    // Work no user started (a job, a schedule): see systemActor().
    [[nodiscard]] bool isSystem() const { return method == AuthMethod::System; }
};

} // namespace vami
