#include "emailoutbox.h"

#include "emailpayload.h"
#include "outbox.h"

#include "core/ids.h"
#include "mail/smtpmailer.h"

using namespace Qt::StringLiterals;

namespace vami {

EmailOutbox::EmailOutbox(Outbox &outbox, SmtpSettings settings)
    : m_outbox(outbox)
    , m_settings(std::move(settings))
{ }

void EmailOutbox::addRenderer(const QString &purpose, Renderer renderer)
{
    m_renderers.insert(purpose, std::move(renderer));
}

Result<QUuid> EmailOutbox::enqueue(const QString &purpose, const QUuid &relatedId, const QUuid &organizationId,
    const QString &toAddress, const QString &toName, const QJsonObject &data)
{
    OutboxItem item;
    item.channel = QString::fromLatin1(Channel);
    item.purpose = purpose;
    item.relatedId = relatedId;
    item.organizationId = organizationId;
    item.recipient = toAddress;
    item.payload = encodePayload(EmailPayload {toName, data});
    return m_outbox.enqueue(item);
}

Result<int> EmailOutbox::cancelFor(const QString &purpose, const QUuid &relatedId)
{
    return m_outbox.cancelFor(purpose, relatedId);
}

QString EmailOutbox::name() const
{
    return QString::fromLatin1(Channel);
}

JobKindSpec EmailOutbox::deliverySpec() const
{
    JobKindSpec spec;
    spec.leaseSeconds = 180; // longer than the SMTP timeout (at most 600 s is renewed anyway)
    spec.maxAttempts = 8;
    spec.concurrency = 4; // a mail server is not flooded by many instances at once
    return spec;
}

Result<std::optional<QString>> EmailOutbox::deliver(const OutboxItem &item, JobContext &)
{
    auto payload = decodePayload<EmailPayload>(item.payload);
    if (!payload)
        return fail(payload.error());
    OutboxMail mail;
    mail.id = item.id;
    mail.organizationId = item.organizationId;
    mail.purpose = item.purpose;
    mail.relatedId = item.relatedId;
    mail.toAddress = item.recipient;
    mail.toName = payload->toName;
    mail.data = payload->data;
    mail.status = item.status;
    mail.attempts = item.attempts;
    mail.lastError = item.lastError;
    mail.messageId = item.reference;
    mail.createdAt = item.createdAt;

    const auto renderer = m_renderers.constFind(mail.purpose);
    if (renderer == m_renderers.constEnd())
        return fail(Error::internal(u"no renderer for e-mail purpose "_s + mail.purpose));
    auto rendered = (*renderer)(mail);
    if (!rendered)
        return fail(rendered.error());
    if (!rendered->has_value())
        return std::optional<QString>();
    MailMessage message = **rendered;
    message.toAddress = mail.toAddress;
    if (message.toName.isEmpty())
        message.toName = mail.toName;

    const SmtpSettings settings = smtpSettings();
    const SmtpMailer mailer(settings);
    const QString domain = settings.fromAddress.section(u'@', 1);
    const QString messageId = idText(mail.id) + u'@' + (domain.isEmpty() ? u"vami"_s : domain);
    if (Status sent = mailer.send(message, messageId); !sent)
        return fail(sent.error());
    return std::optional<QString>(message.subject);
}

void EmailOutbox::setSmtpSettings(const SmtpSettings &settings)
{
    QWriteLocker locker(&m_settingsLock);
    m_settings = settings;
}

SmtpSettings EmailOutbox::smtpSettings() const
{
    QReadLocker locker(&m_settingsLock);
    return m_settings;
}

bool EmailOutbox::canSend() const
{
    QReadLocker locker(&m_settingsLock);
    return m_settings.isConfigured();
}

} // namespace vami
