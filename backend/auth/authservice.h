#pragma once

#include "apikeyrepository.h"
#include "authpolicy.h"
#include "loginthrottle.h"
#include "sessionrepository.h"
#include "signedin.h"
#include "userrepository.h"

#include "core/actor.h"
#include "core/result.h"
#include "team/memberrepository.h"
#include "team/organizationrepository.h"

#include <QHash>
#include <QMutex>

namespace vami {

class Clock;
class Database;
class PasswordHasher;

struct RegisterInput
{
    QString email;
    QString password;
    QString fullName;
    QString companyName;
    QString plan = QStringLiteral("starter_trial");
};

struct LoginInput
{
    QString email;
    QString password;
    QUuid organizationId; // optional: sign in to this organization
};

// Accounts, sign-in and sessions. Registration creates the user, an organization
// and the owner membership in one transaction. Sessions belong to one user in one
// organization; a refresh token continues a session and is rotated on every use
// (reusing a rotated token ends the session). Every request is checked against
// the database (session alive, token version, membership and role), so sign-out,
// removal and role changes take effect at once. Password hashing runs on the
// calling thread: callers keep it off event-loop threads.
class AuthService
{
public:
    AuthService(Database &database, const Clock &clock, const PasswordHasher &hasher, AuthPolicy policy);

    [[nodiscard]] const AuthPolicy &policy() const { return m_policy; }

    // False until the first account is registered (the desktop then shows its first-run flow).
    Result<bool> hasAccounts();
    Result<SignedIn> registerAccount(const RegisterInput &input, const ClientInfo &client);
    Result<SignedIn> login(const LoginInput &input, const ClientInfo &client);
    Result<SignedIn> refresh(const QString &refreshToken, const ClientInfo &client);
    Status logout(const Actor &actor);

    // The actor of a request carrying a session (an access token, or the desktop).
    Result<Actor> authenticateSession(const SessionRef &session, const ClientInfo &client);
    // The actor of a request carrying an API key ("vami_...").
    Result<Actor> authenticateApiKey(const QString &secret, const ClientInfo &client);

    Result<User> currentUser(const Actor &actor);
    Result<Organization> currentOrganization(const Actor &actor);
    Result<QList<Membership>> organizations(const Actor &actor);
    Result<SignedIn> switchOrganization(const Actor &actor, const QUuid &organizationId, const ClientInfo &client);

    // For invitation acceptance: a new session for a member, and a throttled password
    // check for an existing account.
    Result<SignedIn> startSession(const QUuid &userId, const QUuid &organizationId, const ClientInfo &client);
    Result<UserCredentials> verifyPassword(const QString &email, const QString &password, const ClientInfo &client);

    [[nodiscard]] const PasswordHasher &hasher() const { return m_hasher; }

private:
    Result<SignedIn> openSession(const User &user, const QUuid &organizationId, const ClientInfo &client);
    void noteActivity(const QUuid &userId);

    Database &m_db;
    const Clock &m_clock;
    const PasswordHasher &m_hasher;
    AuthPolicy m_policy;
    LoginThrottle m_throttle;
    UserRepository m_users;
    SessionRepository m_sessions;
    ApiKeyRepository m_keys;
    OrganizationRepository m_organizations;
    MemberRepository m_members;

    QMutex m_activityMutex;
    QHash<QUuid, qint64> m_lastActivityWrite;
    QHash<QUuid, qint64> m_lastKeyUseWrite;
};

} // namespace vami
