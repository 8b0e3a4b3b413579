#pragma once

#include "apikeyrepository.h"
#include "authpolicy.h"
#include "passwordresetrepository.h"
#include "sessionrepository.h"
#include "signedin.h"
#include "userrepository.h"

#include "core/result.h"
#include "mail/mailmessage.h"
#include "outbox/outboxmail.h"

#include <optional>

namespace vami {

class Clock;
class Database;
class EmailOutbox;
class PasswordHasher;

// Password reset through the mailbox: the way the owner of an address takes its
// account back, whoever set its password (an inviter who accepted a copied
// invitation link, or someone who learned it). A request answers the same whether
// or not the account exists and queues an e-mail through the outbox; its token is
// minted when the e-mail is sent, stored as SHA-256 only, works once and for an
// hour. Using it sets the new password, marks the address verified, and ends every
// session, refresh token and API key of the account, in every organization.
class PasswordResetService
{
public:
    static constexpr const char *MailPurpose = "auth.password_reset";
    static constexpr const char *TakeoverPurpose = "auth.account_created_by_link";

    PasswordResetService(Database &database, const Clock &clock, const PasswordHasher &hasher, EmailOutbox &outbox,
                         AuthPolicy policy);

    // Succeeds whether or not an account has the address; fails only when the
    // database does.
    Status requestReset(const QString &email, const ClientInfo &client);
    // Call inside the transaction that creates an account whose address nobody
    // proved (an invitation link the inviter copied): tells the address and gives
    // it a reset link, so its owner can take the account over.
    Status queueTakeoverNotice(const User &user, const QUuid &organizationId, const QString &organizationName,
                               const QString &inviterName, const ClientInfo &client);
    // Hashes the password on the calling thread (keep it off event-loop threads).
    Status resetPassword(const QString &token, const QString &newPassword, const ClientInfo &client);

private:
    Result<std::optional<MailMessage>> renderMail(const OutboxMail &mail);
    QString linkFor(const QString &token) const;

    Database &m_db;
    const Clock &m_clock;
    const PasswordHasher &m_hasher;
    EmailOutbox &m_outbox;
    AuthPolicy m_policy;
    UserRepository m_users;
    SessionRepository m_sessions;
    ApiKeyRepository m_keys;
    PasswordResetRepository m_resets;
};

} // namespace vami
