#pragma once

#include <QDateTime>
#include <QString>

namespace vami {

struct MailMessage
{
    QString toAddress;
    QString toName;
    QString subject;
    QString textBody;
    QString htmlBody; // optional; when set the message is multipart/alternative
};

struct MailSender
{
    QString address;
    QString name;
};

// RFC 5322 / RFC 2045 rendering of a message: CRLF line ends, UTF-8 parts in
// base64 (76-character lines), RFC 2047 encoded-words for non-ASCII display
// names and subjects, a Date in RFC 5322 form, the given Message-ID. Header
// values are cleaned of CR/LF so no header can be injected.
[[nodiscard]] QByteArray composeMail(const MailMessage &message, const MailSender &from, const QDateTime &date,
                                     const QString &messageId);

} // namespace vami
