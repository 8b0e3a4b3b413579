#pragma once

#include "core/result.h"
#include "mailmessage.h"
#include "smtpsettings.h"

namespace vami {

// Sends one message through an SMTP server with libcurl (STARTTLS or implicit
// TLS, AUTH when a user name is set, certificate verification on by default).
// Blocking: called from the job runner's thread, never from a GUI or HTTP thread.
// A permanent refusal (a 5yz reply such as 550 for an unknown recipient, RFC 5321
// 4.2.1) comes back as Error::rejected with code "mail.rejected": sending the same
// message again cannot help. A 421 (the server closes the channel, as servers do
// to throttle a sender) is Error::rateLimited with code "mail.throttled" and five
// minutes to wait. Everything else is Error::unavailable and worth a retry, with
// a code naming the cause ("mail.connect_failed", "mail.auth_failed",
// "mail.deferred" for other 4yz replies and lost connections, "mail.timeout",
// "mail.tls_failed"). Messages are diagnostic-free English.
class SmtpMailer
{
public:
    explicit SmtpMailer(SmtpSettings settings);

    [[nodiscard]] const SmtpSettings &settings() const { return m_settings; }
    [[nodiscard]] Status send(const MailMessage &message, const QString &messageId) const;

private:
    SmtpSettings m_settings;
};

} // namespace vami
