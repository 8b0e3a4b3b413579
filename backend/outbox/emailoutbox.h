#pragma once

#include "outboxmail.h"
#include "outboxrepository.h"

#include "core/result.h"
#include "jobs/job.h"
#include "mail/mailmessage.h"
#include "mail/smtpsettings.h"

#include <QHash>
#include <QReadWriteLock>

#include <functional>
#include <optional>

namespace vami {

class Clock;
class Database;
class JobQueue;

// Transactional e-mail: a service writes a message into the outbox in the same
// transaction as the change it reports (an invitation), together with an
// "email.send" job; the job runner later renders and sends it through SMTP,
// retrying while the mail server is unreachable. Nothing is sent, and nothing is
// lost, while no mail server is configured: the job waits until one is.
class EmailOutbox
{
public:
    // Renders a message when it is about to be sent. Returning an empty optional
    // cancels the message (its subject no longer applies, e.g. a revoked invitation).
    using Renderer = std::function<Result<std::optional<MailMessage>>(const OutboxMail &)>;

    static constexpr const char *SendJobKind = "email.send";

    EmailOutbox(Database &database, JobQueue &jobs, const Clock &clock, SmtpSettings settings);

    // Register at start-up, before the job runner starts.
    void addRenderer(const QString &purpose, Renderer renderer);

    // Call inside the caller's transaction.
    Result<QUuid> enqueue(const QString &purpose, const QUuid &relatedId, const QUuid &organizationId,
                          const QString &toAddress, const QString &toName, const QJsonObject &data);
    Result<int> cancelFor(const QString &purpose, const QUuid &relatedId);

    // The "email.send" job handler.
    Status deliver(const Job &job);

    // Thread-safe; the desktop changes them while running.
    void setSmtpSettings(const SmtpSettings &settings);
    [[nodiscard]] SmtpSettings smtpSettings() const;
    [[nodiscard]] bool canSend() const;

    [[nodiscard]] OutboxRepository &repository() { return m_repository; }

private:
    Database &m_db;
    JobQueue &m_jobs;
    const Clock &m_clock;
    OutboxRepository m_repository;
    QHash<QString, Renderer> m_renderers;
    mutable QReadWriteLock m_settingsLock;
    SmtpSettings m_settings;
};

} // namespace vami
