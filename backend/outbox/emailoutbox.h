#pragma once

#include "outboxchannel.h"
#include "outboxmail.h"

#include "core/result.h"
#include "mail/mailmessage.h"
#include "mail/smtpsettings.h"

#include <QHash>
#include <QReadWriteLock>

#include <functional>
#include <optional>

namespace vami {

class Clock;
class Outbox;

// Transactional e-mail: the "email" channel of the outbox. A service writes a
// message (purpose, recipient, data) in the same transaction as the change it
// reports (an invitation); its delivery job renders it when it is sent and hands
// it to the mail server over SMTP. Nothing is sent, and nothing is lost, while no
// mail server is configured: the jobs wait until one is. Whether a failure is
// retried is the job runner's decision (RetryPolicy); a 5yz refusal is permanent.
class EmailOutbox final : public OutboxChannel
{
public:
    // Renders a message when it is about to be sent. Returning an empty optional
    // cancels the message (its subject no longer applies, e.g. a revoked invitation).
    using Renderer = std::function<Result<std::optional<MailMessage>>(const OutboxMail &)>;

    static constexpr const char *Channel = "email";

    EmailOutbox(Outbox &outbox, SmtpSettings settings);

    // Register at start-up, before the job runner starts.
    void addRenderer(const QString &purpose, Renderer renderer);

    // Call inside the caller's transaction.
    Result<QUuid> enqueue(const QString &purpose, const QUuid &relatedId, const QUuid &organizationId,
        const QString &toAddress, const QString &toName, const QJsonObject &data);
    Result<int> cancelFor(const QString &purpose, const QUuid &relatedId);

    // Thread-safe; the desktop changes them while running.
    void setSmtpSettings(const SmtpSettings &settings);
    [[nodiscard]] SmtpSettings smtpSettings() const;
    [[nodiscard]] bool canSend() const;

    // OutboxChannel
    [[nodiscard]] QString name() const override;
    [[nodiscard]] JobKindSpec deliverySpec() const override;
    [[nodiscard]] bool isReady() const override { return canSend(); }
    [[nodiscard]] Result<std::optional<QString>> deliver(const OutboxItem &item, JobContext &context) override;

private:
    Outbox &m_outbox;
    QHash<QString, Renderer> m_renderers;
    mutable QReadWriteLock m_settingsLock;
    SmtpSettings m_settings;
};

} // namespace vami
