#include "authservice.h"

#include "credentialpolicy.h"
#include "plans.h"

#include "core/clock.h"
#include "core/ids.h"
#include "core/logging.h"
#include "core/random.h"
#include "crypto/passwordhasher.h"
#include "storage/database.h"
#include "storage/sqlerror.h"

using namespace Qt::StringLiterals;

namespace vami {

namespace {

Error invalidCredentials()
{
    return Error::unauthorized(u"auth.invalid_credentials"_s, QT_TRANSLATE_NOOP("vami", "Invalid email or password"));
}

Error invalidToken()
{
    return Error::unauthorized(u"auth.invalid_token"_s, QT_TRANSLATE_NOOP("vami", "Could not validate credentials"));
}

Error invalidRefresh()
{
    return Error::unauthorized(u"auth.invalid_refresh_token"_s, QT_TRANSLATE_NOOP("vami", "Invalid refresh token"));
}

Error emailTaken()
{
    return Error::rejected(u"auth.email_taken"_s,
                           QT_TRANSLATE_NOOP("vami", "Registration failed: email already registered"));
}

Status accountUsable(const User &user)
{
    if (user.status == UserStatus::Disabled)
        return fail(Error::forbidden(u"auth.account_disabled"_s, QT_TRANSLATE_NOOP("vami", "This account is disabled")));
    if (user.status == UserStatus::PendingDeletion)
        return fail(Error::forbidden(u"auth.account_deleted"_s,
                                     QT_TRANSLATE_NOOP("vami", "This account is scheduled for deletion")));
    return {};
}

bool isApiKeyShape(const QString &secret)
{
    if (secret.size() != 48 || !secret.startsWith(u"vami_"_s))
        return false;
    for (qsizetype i = 5; i < secret.size(); ++i) {
        const QChar c = secret[i];
        if (!((c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'-'
              || c == u'_'))
            return false;
    }
    return true;
}

LoginThrottle::Policy throttlePolicy(const AuthPolicy &policy)
{
    LoginThrottle::Policy p;
    p.pairFreeFailures = policy.loginPairFreeFailures;
    p.addressFreeFailures = policy.loginAddressFreeFailures;
    p.baseDelaySeconds = policy.loginBaseDelaySeconds;
    p.maxDelaySeconds = policy.loginMaxDelaySeconds;
    p.accountBudget = policy.loginAccountBudget;
    p.windowSeconds = policy.loginWindowSeconds;
    return p;
}

} // namespace

AuthService::AuthService(Database &database, const Clock &clock, const PasswordHasher &hasher, AuthPolicy policy)
    : m_db(database)
    , m_clock(clock)
    , m_hasher(hasher)
    , m_policy(policy)
    , m_throttle(clock, throttlePolicy(policy))
    , m_users(database)
    , m_sessions(database)
    , m_keys(database)
    , m_organizations(database)
    , m_members(database)
{
}

Result<SignedIn> AuthService::openSession(const User &user, const QUuid &organizationId, const ClientInfo &client)
{
    auto membership = m_members.membership(user.id, organizationId);
    if (!membership)
        return fail(membership.error());
    if (!membership->has_value())
        return fail(Error::notFound(u"auth.organization_not_found"_s, QT_TRANSLATE_NOOP("vami", "Organization not found")));
    auto organization = m_organizations.find(organizationId);
    if (!organization)
        return fail(organization.error());
    if (!organization->has_value())
        return fail(Error::notFound(u"auth.organization_not_found"_s, QT_TRANSLATE_NOOP("vami", "Organization not found")));

    const QDateTime now = m_clock.now();
    SessionRow session;
    session.id = newId();
    session.userId = user.id;
    session.organizationId = organizationId;
    session.createdAt = now;
    session.lastUsedAt = now;
    session.expiresAt = now.addDays(m_policy.refreshAbsoluteDays);
    session.idleExpiresAt = std::min(now.addDays(m_policy.refreshIdleDays), session.expiresAt);
    const QString refreshToken = secureToken(32);

    Status stored = m_db.transaction([&]() -> Status {
        if (Status s = m_sessions.insertSession(session, client); !s)
            return s;
        return m_sessions.insertRefreshToken(sha256Hex(refreshToken.toUtf8()), session.id, now);
    });
    if (!stored)
        return fail(stored.error());

    SignedIn signedIn;
    signedIn.user = user;
    signedIn.organization = **organization;
    signedIn.role = (*membership)->role;
    signedIn.sessionId = session.id;
    signedIn.refreshToken = refreshToken;
    signedIn.refreshExpiresAt = session.idleExpiresAt;
    return signedIn;
}

Result<bool> AuthService::hasAccounts()
{
    return m_users.anyExists();
}

Result<SignedIn> AuthService::registerAccount(const RegisterInput &input, const ClientInfo &client)
{
    QList<FieldError> errors;
    errors += checkEmail(input.email);
    errors += checkPassword(input.password);
    errors += checkText(input.fullName, u"full_name"_s, 255);
    errors += checkText(input.companyName, u"company_name"_s, 255);
    if (!input.plan.isEmpty() && !isKnownPlan(input.plan))
        errors.append(FieldError{u"plan"_s, u"enum"_s, QT_TRANSLATE_NOOP("vami", "Input should be %1"),
                                 {u"'starter_trial', 'basic', 'professional', 'premium' or 'custom'"_s},
                                 input.plan});
    if (!errors.isEmpty())
        return fail(Error::validation(errors));

    const QString email = normalizedEmail(input.email);
    auto exists = m_users.emailExists(email);
    if (!exists)
        return fail(exists.error());
    if (*exists)
        return fail(emailTaken());

    const QString hash = m_hasher.hash(input.password.toUtf8());
    if (hash.isEmpty())
        return fail(Error::internal(u"password hashing failed"_s));

    const QDateTime now = m_clock.now();
    User user;
    user.id = newId();
    user.email = email;
    user.fullName = input.fullName.trimmed().isEmpty() ? QString() : input.fullName.trimmed();
    user.companyName = input.companyName.trimmed().isEmpty() ? QString() : input.companyName.trimmed();
    // Every account starts on the trial plan; a paid plan is granted by billing only.
    user.plan = u"starter_trial"_s;
    user.createdAt = now;
    user.updatedAt = now;

    Organization organization;
    organization.id = newId();
    organization.name = user.companyName.isEmpty() ? email : user.companyName;
    organization.ownerId = user.id;
    organization.createdAt = now;
    user.defaultOrganizationId = organization.id;

    auto created = m_db.transaction([&]() -> Result<SignedIn> {
        if (Status s = m_users.insert(user, hash); !s)
            return fail(isUniqueViolation(s.error()) ? emailTaken() : s.error());
        if (Status s = m_organizations.insert(organization); !s)
            return fail(s.error());
        if (Status s = m_members.insert(organization.id, user.id, Role::Owner, {}, now); !s)
            return fail(s.error());
        return openSession(user, organization.id, client);
    });
    if (created)
        qCInfo(lcAuth).noquote() << "registered account" << idText(user.id) << "with organization"
                                 << idText(organization.id);
    return created;
}

Result<UserCredentials> AuthService::verifyPassword(const QString &emailInput, const QString &password,
                                                    const ClientInfo &client)
{
    const QString email = normalizedEmail(emailInput);
    if (const int wait = m_throttle.retryAfterSeconds(email, client.address); wait > 0)
        return fail(Error::rateLimited(u"auth.too_many_attempts"_s,
                                       QT_TRANSLATE_NOOP("vami", "Too many failed sign-in attempts. Try again in %1 seconds."),
                                       wait, {QString::number(wait)}));
    if (password.toUtf8().size() > PasswordHasher::MaxPasswordBytes) {
        m_throttle.recordFailure(email, client.address);
        return fail(invalidCredentials());
    }
    auto found = m_users.findByEmail(email);
    if (!found)
        return fail(found.error());
    // Spend the same time whether or not the account exists.
    const QString stored = found->has_value() ? (*found)->passwordHash : m_hasher.dummyHash();
    const PasswordHasher::Verification check = m_hasher.verify(password.toUtf8(), stored);
    if (!found->has_value() || !check.matches) {
        m_throttle.recordFailure(email, client.address);
        qCInfo(lcAuth).noquote() << "failed sign-in from" << client.address << "request" << client.requestId;
        return fail(invalidCredentials());
    }
    UserCredentials credentials = **found;
    if (Status usable = accountUsable(credentials.user); !usable)
        return fail(usable.error());
    m_throttle.recordSuccess(email, client.address);
    if (check.needsRehash) {
        const QString upgraded = m_hasher.hash(password.toUtf8());
        if (!upgraded.isEmpty()) {
            if (Status s = m_users.updatePasswordHash(credentials.user.id, upgraded, m_clock.now()); s)
                credentials.passwordHash = upgraded;
        }
    }
    return credentials;
}

Result<SignedIn> AuthService::login(const LoginInput &input, const ClientInfo &client)
{
    QList<FieldError> errors = checkEmail(input.email);
    if (input.password.isEmpty())
        errors.append(FieldError{u"password"_s, u"missing"_s, QT_TRANSLATE_NOOP("vami", "Field required"), {}, {}});
    if (!errors.isEmpty())
        return fail(Error::validation(errors));

    auto credentials = verifyPassword(input.email, input.password, client);
    if (!credentials)
        return fail(credentials.error());
    const User &user = credentials->user;

    auto memberships = m_members.membershipsOf(user.id);
    if (!memberships)
        return fail(memberships.error());
    QUuid organizationId;
    for (const Membership &m : *memberships) {
        if (!input.organizationId.isNull()) {
            if (m.organizationId == input.organizationId)
                organizationId = m.organizationId;
        } else if (m.organizationId == user.defaultOrganizationId) {
            organizationId = m.organizationId;
        }
    }
    if (organizationId.isNull()) {
        if (!input.organizationId.isNull())
            return fail(Error::notFound(u"auth.organization_not_found"_s, QT_TRANSLATE_NOOP("vami", "Organization not found")));
        if (memberships->isEmpty())
            return fail(Error::forbidden(
                u"auth.no_organization"_s,
                QT_TRANSLATE_NOOP("vami", "Your account is not a member of any organization. Ask an administrator "
                                          "for a new invitation.")));
        organizationId = memberships->first().organizationId;
    }
    auto signedIn = openSession(user, organizationId, client);
    if (signedIn) {
        noteActivity(user.id);
        if (organizationId != user.defaultOrganizationId)
            (void)m_users.setDefaultOrganization(user.id, organizationId, m_clock.now());
    }
    return signedIn;
}

Result<SignedIn> AuthService::refresh(const QString &refreshToken, const ClientInfo &client)
{
    if (refreshToken.isEmpty() || refreshToken.size() > 256)
        return fail(invalidRefresh());
    const QString hash = sha256Hex(refreshToken.toUtf8());
    const QDateTime now = m_clock.now();
    QUuid reusedSession;

    auto renewed = m_db.transaction([&]() -> Result<SignedIn> {
        auto found = m_sessions.findByRefreshHash(hash);
        if (!found)
            return fail(found.error());
        if (!found->has_value())
            return fail(invalidRefresh());
        const SessionRow session = (*found)->session;
        if (session.revokedAt.isValid() || now >= session.expiresAt || now >= session.idleExpiresAt)
            return fail(invalidRefresh());
        auto marked = m_sessions.markRefreshUsed(hash, now);
        if (!marked)
            return fail(marked.error());
        if ((*found)->usedAt.isValid() || !*marked) {
            reusedSession = session.id;
            return fail(invalidRefresh());
        }
        auto user = m_users.findById(session.userId);
        if (!user)
            return fail(user.error());
        if (!user->has_value() || (*user)->user.status != UserStatus::Active)
            return fail(invalidRefresh());
        auto membership = m_members.membership(session.userId, session.organizationId);
        if (!membership)
            return fail(membership.error());
        if (!membership->has_value())
            return fail(invalidRefresh());
        auto organization = m_organizations.find(session.organizationId);
        if (!organization)
            return fail(organization.error());
        if (!organization->has_value())
            return fail(invalidRefresh());

        const QString next = secureToken(32);
        if (Status s = m_sessions.insertRefreshToken(sha256Hex(next.toUtf8()), session.id, now); !s)
            return fail(s.error());
        const QDateTime idle = std::min(now.addDays(m_policy.refreshIdleDays), session.expiresAt);
        if (Status s = m_sessions.touch(session.id, now, idle); !s)
            return fail(s.error());
        SignedIn out;
        out.user = (*user)->user;
        out.organization = **organization;
        out.role = (*membership)->role;
        out.sessionId = session.id;
        out.refreshToken = next;
        out.refreshExpiresAt = idle;
        return out;
    });
    if (!reusedSession.isNull()) {
        // A rotated token came back: someone holds a copy. End the whole session.
        qCWarning(lcAuth).noquote() << "refresh token reuse; ending session" << idText(reusedSession) << "request"
                                    << client.requestId;
        // Fail closed: the refresh is refused either way, and a revocation that does
        // not go through is an error the caller (and the log) sees, not a silent 401.
        if (Status revoked = m_sessions.revoke(reusedSession, now, u"refresh_token_reuse"_s); !revoked) {
            qCCritical(lcAuth).noquote() << "cannot end session" << idText(reusedSession)
                                         << "after refresh token reuse:" << revoked.error().diagnostic() << "request"
                                         << client.requestId;
            return fail(Error::unavailable(u"auth.revoke_failed"_s,
                                           QT_TRANSLATE_NOOP("vami", "The session could not be ended. Try again."), 5));
        }
    }
    if (renewed)
        noteActivity(renewed->user.id);
    return renewed;
}

Status AuthService::logout(const Actor &actor)
{
    if (actor.isApiKey())
        return fail(Error::rejected(u"auth.not_a_session"_s,
                                    QT_TRANSLATE_NOOP("vami", "API keys have no session to end; revoke the key instead")));
    return m_sessions.revoke(actor.sessionId, m_clock.now(), u"logout"_s);
}

Result<Actor> AuthService::authenticateSession(const SessionRef &ref, const ClientInfo &client)
{
    auto access = m_sessions.access(ref.sessionId, ref.userId, ref.organizationId);
    if (!access)
        return fail(access.error());
    if (!access->has_value())
        return fail(invalidToken());
    const SessionAccess &a = **access;
    if (a.revokedAt.isValid() || m_clock.now() >= a.expiresAt || a.tokenVersion != ref.tokenVersion
        || a.userStatus != UserStatus::Active || !a.role)
        return fail(invalidToken());
    if (a.memberStatus != MemberStatus::Active)
        return fail(Error::forbidden(u"auth.membership_inactive"_s,
                                     QT_TRANSLATE_NOOP("vami", "Your membership in this organization is not active")));
    Actor actor;
    actor.userId = ref.userId;
    actor.organizationId = ref.organizationId;
    actor.role = *a.role;
    actor.email = a.email;
    actor.method = AuthMethod::Session;
    actor.sessionId = ref.sessionId;
    actor.requestId = client.requestId;
    actor.clientAddress = client.address;
    noteActivity(ref.userId);
    return actor;
}

Result<Actor> AuthService::authenticateApiKey(const QString &secret, const ClientInfo &client)
{
    if (!isApiKeyShape(secret))
        return fail(invalidToken());
    auto access = m_keys.findForAuthentication(sha256Hex(secret.toUtf8()));
    if (!access)
        return fail(access.error());
    if (!access->has_value())
        return fail(invalidToken());
    const ApiKeyAccess &a = **access;
    const QDateTime now = m_clock.now();
    if (a.revokedAt.isValid() || !a.key.isActive || a.userStatus != UserStatus::Active
        || a.memberStatus != MemberStatus::Active)
        return fail(invalidToken());
    if (a.key.expiresAt.isValid() && now >= a.key.expiresAt)
        return fail(Error::unauthorized(u"auth.key_expired"_s, QT_TRANSLATE_NOOP("vami", "API key has expired")));

    Actor actor;
    actor.userId = a.key.userId;
    actor.organizationId = a.key.organizationId;
    actor.role = a.role;
    actor.email = a.email;
    actor.method = AuthMethod::ApiKey;
    actor.apiKeyId = a.key.id;
    actor.keyScopes = a.key.permissions;
    actor.requestId = client.requestId;
    actor.clientAddress = client.address;

    const qint64 mono = m_clock.monotonicMs();
    bool write = false;
    {
        QMutexLocker locker(&m_activityMutex);
        auto it = m_lastKeyUseWrite.find(a.key.id);
        if (it == m_lastKeyUseWrite.end() || mono - *it >= 60'000) {
            m_lastKeyUseWrite.insert(a.key.id, mono);
            write = true;
        }
    }
    if (write)
        (void)m_keys.touchLastUsed(a.key.id, now);
    return actor;
}

void AuthService::noteActivity(const QUuid &userId)
{
    const qint64 mono = m_clock.monotonicMs();
    {
        QMutexLocker locker(&m_activityMutex);
        auto it = m_lastActivityWrite.find(userId);
        if (it != m_lastActivityWrite.end() && mono - *it < qint64(m_policy.activityWriteIntervalSeconds) * 1000)
            return;
        if (m_lastActivityWrite.size() > 100'000)
            m_lastActivityWrite.clear();
        m_lastActivityWrite.insert(userId, mono);
    }
    if (Status s = m_users.touchLastActive(userId, m_clock.now()); !s)
        qCWarning(lcAuth).noquote() << "cannot record activity:" << s.error().message();
}

Result<User> AuthService::currentUser(const Actor &actor)
{
    auto found = m_users.findById(actor.userId);
    if (!found)
        return fail(found.error());
    if (!found->has_value())
        return fail(invalidToken());
    return (*found)->user;
}

Result<Organization> AuthService::currentOrganization(const Actor &actor)
{
    auto found = m_organizations.find(actor.organizationId);
    if (!found)
        return fail(found.error());
    if (!found->has_value())
        return fail(invalidToken());
    return **found;
}

Result<QList<Membership>> AuthService::organizations(const Actor &actor)
{
    return m_members.membershipsOf(actor.userId);
}

Result<SignedIn> AuthService::switchOrganization(const Actor &actor, const QUuid &organizationId,
                                                 const ClientInfo &client)
{
    if (actor.isApiKey())
        return fail(Error::rejected(u"auth.not_a_session"_s,
                                    QT_TRANSLATE_NOOP("vami", "An API key belongs to one organization")));
    auto user = m_users.findById(actor.userId);
    if (!user)
        return fail(user.error());
    if (!user->has_value())
        return fail(invalidToken());
    const QDateTime now = m_clock.now();
    return m_db.transaction([&]() -> Result<SignedIn> {
        auto opened = openSession((*user)->user, organizationId, client);
        if (!opened)
            return opened;
        if (Status s = m_sessions.revoke(actor.sessionId, now, u"switched_organization"_s); !s)
            return fail(s.error());
        if (Status s = m_users.setDefaultOrganization(actor.userId, organizationId, now); !s)
            return fail(s.error());
        return opened;
    });
}

Result<SignedIn> AuthService::startSession(const QUuid &userId, const QUuid &organizationId, const ClientInfo &client)
{
    auto user = m_users.findById(userId);
    if (!user)
        return fail(user.error());
    if (!user->has_value())
        return fail(invalidToken());
    if (Status usable = accountUsable((*user)->user); !usable)
        return fail(usable.error());
    return m_db.transaction([&]() -> Result<SignedIn> {
        if (Status s = m_users.setDefaultOrganization(userId, organizationId, m_clock.now()); !s)
            return fail(s.error());
        return openSession((*user)->user, organizationId, client);
    });
}

} // namespace vami
