#include "emailoutbox.h"

#include "core/clock.h"
#include "core/ids.h"
#include "core/logging.h"
#include "jobs/jobqueue.h"
#include "mail/smtpmailer.h"
#include "storage/database.h"

using namespace Qt::StringLiterals;

namespace vami {

EmailOutbox::EmailOutbox(Database &database, JobQueue &jobs, const Clock &clock, SmtpSettings settings)
    : m_db(database)
    , m_jobs(jobs)
    , m_clock(clock)
    , m_repository(database)
    , m_settings(std::move(settings))
{
}

void EmailOutbox::addRenderer(const QString &purpose, Renderer renderer)
{
    m_renderers.insert(purpose, std::move(renderer));
}

Result<QUuid> EmailOutbox::enqueue(const QString &purpose, const QUuid &relatedId, const QUuid &organizationId,
                                   const QString &toAddress, const QString &toName, const QJsonObject &data)
{
    OutboxMail mail;
    mail.id = newId();
    mail.organizationId = organizationId;
    mail.purpose = purpose;
    mail.relatedId = relatedId;
    mail.toAddress = toAddress;
    mail.toName = toName;
    mail.data = data;
    mail.createdAt = m_clock.now();
    mail.messageId = idText(mail.id) + u"@vami"_s;
    return m_db.transaction([&]() -> Result<QUuid> {
        if (Status inserted = m_repository.insert(mail); !inserted)
            return fail(inserted.error());
        auto job = m_jobs.enqueue(QString::fromLatin1(SendJobKind), {{u"outbox_id"_s, idText(mail.id)}},
                                  organizationId);
        if (!job)
            return fail(job.error());
        return mail.id;
    });
}

Result<int> EmailOutbox::cancelFor(const QString &purpose, const QUuid &relatedId)
{
    return m_repository.cancelPendingFor(purpose, relatedId, m_clock.now());
}

Status EmailOutbox::deliver(const Job &job)
{
    const auto outboxId = parseId(job.payload.value(u"outbox_id"_s).toString());
    if (!outboxId)
        return fail(Error::internal(u"email job without an outbox id"_s));
    auto found = m_repository.find(*outboxId);
    if (!found)
        return fail(found.error());
    if (!found->has_value() || (*found)->status != u"pending"_s)
        return {}; // sent, cancelled or removed meanwhile: nothing to do
    const OutboxMail mail = **found;

    const auto renderer = m_renderers.constFind(mail.purpose);
    if (renderer == m_renderers.constEnd())
        return fail(Error::internal(u"no renderer for e-mail purpose "_s + mail.purpose));
    auto rendered = (*renderer)(mail);
    if (!rendered)
        return fail(rendered.error());
    if (!rendered->has_value()) {
        if (Status cancelled = m_repository.markCancelled(mail.id, m_clock.now()); !cancelled)
            return cancelled;
        return {};
    }
    MailMessage message = **rendered;
    message.toAddress = mail.toAddress;
    if (message.toName.isEmpty())
        message.toName = mail.toName;

    const SmtpSettings settings = smtpSettings();
    const SmtpMailer mailer(settings);
    const QString domain = settings.fromAddress.section(u'@', 1);
    const QString messageId = idText(mail.id) + u'@' + (domain.isEmpty() ? u"vami"_s : domain);
    Status sent = mailer.send(message, messageId);
    if (!sent) {
        const bool final = !(sent.error().kind() == ErrorKind::Unavailable && job.attempts < job.maxAttempts);
        if (Status recorded = m_repository.recordFailure(mail.id, sent.error().message(), final, m_clock.now());
            !recorded)
            qCWarning(lcMail).noquote() << "cannot record a delivery failure:" << recorded.error().message();
        return sent;
    }
    qCInfo(lcMail).noquote() << "sent" << mail.purpose << "mail" << idText(mail.id);
    return m_repository.markSent(mail.id, message.subject, m_clock.now());
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
