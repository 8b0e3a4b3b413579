#include "passwordresetservice.h"

#include "credentialpolicy.h"

#include "core/clock.h"
#include "core/ids.h"
#include "core/logging.h"
#include "core/random.h"
#include "crypto/passwordhasher.h"
#include "outbox/emailoutbox.h"
#include "storage/database.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

Error invalidResetToken()
{
    return Error::rejected(u"auth.invalid_reset_token"_s, QT_TRANSLATE_NOOP("vami", "Invalid or expired reset token"));
}

} // namespace

PasswordResetService::PasswordResetService(Database &database, const Clock &clock, const PasswordHasher &hasher,
                                           EmailOutbox &outbox, AuthPolicy policy)
    : m_db(database)
    , m_clock(clock)
    , m_hasher(hasher)
    , m_outbox(outbox)
    , m_policy(std::move(policy))
    , m_users(database)
    , m_sessions(database)
    , m_keys(database)
    , m_resets(database)
{
    m_outbox.addRenderer(QString::fromLatin1(MailPurpose), [this](const OutboxMail &mail) { return renderMail(mail); });
    m_outbox.addRenderer(QString::fromLatin1(TakeoverPurpose),
                         [this](const OutboxMail &mail) { return renderMail(mail); });
}

QString PasswordResetService::linkFor(const QString &token) const
{
    QUrl url(m_policy.resetUrl);
    QString query = url.query(QUrl::FullyEncoded);
    if (!query.isEmpty())
        query += u'&';
    query += u"access_token="_s + token;
    url.setQuery(query, QUrl::StrictMode);
    return url.toString(QUrl::FullyEncoded);
}

Status PasswordResetService::requestReset(const QString &emailInput, const ClientInfo &client)
{
    const QString email = normalizedEmail(emailInput);
    if (email.isEmpty() || email.size() > 254)
        return {};
    const QDateTime now = m_clock.now();
    QUuid queuedFor;
    Status done = m_db.transaction([&]() -> Status {
        auto found = m_users.findByEmail(email);
        if (!found)
            return fail(found.error());
        if (!found->has_value() || (*found)->user.status != UserStatus::Active)
            return {};
        const User &user = (*found)->user;
        auto recent = m_resets.countRequestedSince(user.id, now.addSecs(-3600));
        if (!recent)
            return fail(recent.error());
        if (*recent >= m_policy.passwordResetsPerHour)
            return {}; // enough mail for this hour; the answer stays the same
        PasswordReset reset;
        reset.id = newId();
        reset.userId = user.id;
        reset.requestedAt = now;
        if (Status s = m_resets.insert(reset, client.address); !s)
            return s;
        auto queued = m_outbox.enqueue(QString::fromLatin1(MailPurpose), reset.id, QUuid(), user.email, user.fullName,
                                       QJsonObject{});
        if (!queued)
            return fail(queued.error());
        queuedFor = user.id;
        return {};
    });
    if (done && !queuedFor.isNull())
        qCInfo(lcAuth).noquote() << "password reset requested for" << idText(queuedFor) << "from" << client.address
                                 << "request" << client.requestId;
    return done;
}

Status PasswordResetService::queueTakeoverNotice(const User &user, const QUuid &organizationId,
                                                 const QString &organizationName, const QString &inviterName,
                                                 const ClientInfo &client)
{
    PasswordReset reset;
    reset.id = newId();
    reset.userId = user.id;
    reset.requestedAt = m_clock.now();
    if (Status s = m_resets.insert(reset, client.address); !s)
        return s;
    const QJsonObject data{{u"organization_name"_s, organizationName}, {u"inviter_name"_s, inviterName}};
    auto queued = m_outbox.enqueue(QString::fromLatin1(TakeoverPurpose), reset.id, organizationId, user.email,
                                   user.fullName, data);
    if (!queued)
        return fail(queued.error());
    return {};
}

Status PasswordResetService::resetPassword(const QString &token, const QString &newPassword, const ClientInfo &client)
{
    if (token.isEmpty() || token.size() > 256)
        return fail(invalidResetToken());
    if (const QList<FieldError> broken = checkPassword(newPassword, u"new_password"_s); !broken.isEmpty())
        return fail(Error::rejected(u"auth.password_policy"_s, broken.first().message, broken.first().args));
    const QString tokenHash = sha256Hex(token.toUtf8());
    auto usable = m_resets.findUsable(tokenHash, m_clock.now());
    if (!usable)
        return fail(usable.error());
    if (!usable->has_value())
        return fail(invalidResetToken());
    const PasswordReset reset = **usable;
    const QString hash = m_hasher.hash(newPassword.toUtf8());
    if (hash.isEmpty())
        return fail(Error::internal(u"password hashing failed"_s));

    const QDateTime now = m_clock.now();
    Status done = m_db.transaction([&]() -> Status {
        auto used = m_resets.useAll(reset.userId, reset.id, now);
        if (!used)
            return fail(used.error());
        if (!*used)
            return fail(invalidResetToken()); // used concurrently
        if (Status s = m_users.resetPassword(reset.userId, hash, now); !s)
            return s;
        // Whoever knew the old password keeps nothing: no session, no refresh
        // token (they belong to sessions), no API key made with the account.
        if (Status s = m_sessions.revokeAllForUser(reset.userId, now, u"password_reset"_s); !s)
            return s;
        return m_keys.revokeAllForUser(reset.userId, now);
    });
    if (done)
        qCInfo(lcAuth).noquote() << "password reset for" << idText(reset.userId) << "from" << client.address
                                 << "request" << client.requestId;
    return done;
}

Result<std::optional<MailMessage>> PasswordResetService::renderMail(const OutboxMail &mail)
{
    auto found = m_resets.find(mail.relatedId);
    if (!found)
        return fail(found.error());
    const QDateTime now = m_clock.now();
    // A reset the mail server could not take within its lifetime is not sent late.
    if (!found->has_value() || (*found)->usedAt.isValid()
        || (*found)->requestedAt.addSecs(m_policy.passwordResetTtlSeconds) <= now)
        return std::optional<MailMessage>();
    const QString token = secureToken(32);
    const QDateTime expiresAt = now.addSecs(m_policy.passwordResetTtlSeconds);
    if (Status s = m_resets.setToken(mail.relatedId, sha256Hex(token.toUtf8()), expiresAt); !s)
        return fail(s.error());
    const QString link = linkFor(token);
    const QString expires = expiresAt.toUTC().toString(u"yyyy-MM-dd HH:mm"_s) + u" UTC"_s;

    MailMessage message;
    if (mail.purpose == QString::fromLatin1(TakeoverPurpose)) {
        const QString organization = mail.data.value(u"organization_name"_s).toString();
        const QString inviter = mail.data.value(u"inviter_name"_s).toString();
        message.subject = u"A Vami account was created for this address"_s;
        message.textBody = u"Hello,\n\nA Vami account for this address was just created by accepting an invitation "
                           "from %1 to join %2, with a link that was not sent to this address, so its password was "
                           "chosen by whoever held that link.\n\nIf that was you, there is nothing to do. If not, "
                           "take the account over by choosing your own password:\n%3\n\nThe link works once, until "
                           "%4. Using it signs out every session and revokes every API key of the account. Later you "
                           "can ask for a new link with \"Forgot password\".\n"_s.arg(inviter, organization, link,
                                                                                      expires);
        message.htmlBody = u"<!DOCTYPE html><html><body><p>Hello,</p><p>A Vami account for this address was just "
                           "created by accepting an invitation from %1 to join <strong>%2</strong>, with a link that "
                           "was not sent to this address, so its password was chosen by whoever held that link.</p>"
                           "<p>If that was you, there is nothing to do. If not, <a href=\"%3\">take the account over "
                           "by choosing your own password</a>.</p><p>The link works once, until %4. Using it signs out "
                           "every session and revokes every API key of the account.</p></body></html>"_s.arg(
                               inviter.toHtmlEscaped(), organization.toHtmlEscaped(), link.toHtmlEscaped(),
                               expires.toHtmlEscaped());
        return std::optional<MailMessage>(message);
    }
    message.subject = u"Reset your Vami password"_s;
    message.textBody = u"Hello,\n\nSomeone asked to reset the password of the Vami account for this address. "
                       "Choose a new password here:\n%1\n\nThe link works once, until %2. Using it signs out every "
                       "session and revokes every API key of the account. If you did not ask for it, you can "
                       "ignore this e-mail.\n"_s.arg(link, expires);
    message.htmlBody = u"<!DOCTYPE html><html><body><p>Hello,</p><p>Someone asked to reset the password of the Vami "
                       "account for this address.</p><p><a href=\"%1\">Choose a new password</a></p><p>The link works "
                       "once, until %2. Using it signs out every session and revokes every API key of the account. "
                       "If you did not ask for it, you can ignore this e-mail.</p></body></html>"_s.arg(
                           link.toHtmlEscaped(), expires.toHtmlEscaped());
    return std::optional<MailMessage>(message);
}

} // namespace vami
