#pragma once

#include "core/result.h"
#include "mailmessage.h"
#include "smtpsettings.h"

namespace vami {

// Sends one message through an SMTP server with libcurl (STARTTLS or implicit
// TLS, AUTH when a user name is set, certificate verification on by default).
// Blocking: called from the job runner's thread, never from a GUI or HTTP thread.
// Failures come back as Error::unavailable with a code naming the cause
// ("mail.connect_failed", "mail.auth_failed", "mail.rejected", "mail.timeout",
// "mail.tls_failed"); the server's reply text is in diagnostic-free English.
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
