#include "outbox.h"

#include "core/clock.h"
#include "core/ids.h"
#include "core/logging.h"
#include "jobs/jobcontext.h"
#include "jobs/jobqueue.h"
#include "jobs/jobregistry.h"
#include "storage/database.h"

using namespace Qt::StringLiterals;

namespace vami {

namespace {

QString jobKindFor(const QString &channel)
{
    return u"outbox."_s + channel;
}

} // namespace

Outbox::Outbox(Database &database, JobQueue &jobs, JobRegistry &registry, const Clock &clock)
    : m_db(database)
    , m_jobs(jobs)
    , m_registry(registry)
    , m_clock(clock)
    , m_repository(database)
{ }

void Outbox::addChannel(OutboxChannel &channel)
{
    const QString name = channel.name();
    Q_ASSERT_X(!m_channels.contains(name), "Outbox", "a channel is added twice");
    JobKindSpec spec = channel.deliverySpec();
    spec.name = jobKindFor(name);
    m_channels.insert(name, &channel);
    m_kinds.insert(name, spec);
    OutboxChannel *target = &channel;
    m_registry.add<OutboxDelivery>(
        JobKind<OutboxDelivery>(spec),
        [this, target](
            JobContext &context, const OutboxDelivery &delivery) { return deliver(*target, context, delivery); },
        [target] { return target->isReady(); },
        [this](const Job &job, JobOutcome outcome, const Error &error) { return finished(job, outcome, error); });
}

Result<QUuid> Outbox::enqueue(OutboxItem item)
{
    const auto kind = m_kinds.constFind(item.channel);
    if (kind == m_kinds.constEnd())
        return fail(Error::internal(u"no outbox channel "_s + item.channel));
    item.id = newId();
    item.createdAt = m_clock.now();
    item.status = OutboxStatus::Pending;
    if (item.reference.isEmpty())
        item.reference = idText(item.id) + u"@vami"_s;
    return m_db.transaction([&]() -> Result<QUuid> {
        if (Status inserted = m_repository.insert(item); !inserted)
            return fail(inserted.error());
        EnqueueOptions options;
        options.organizationId = item.organizationId;
        options.dedupKey = idText(item.id);
        auto job = m_jobs.enqueue(JobKind<OutboxDelivery>(*kind), OutboxDelivery {item.id}, options);
        if (!job)
            return fail(job.error());
        return item.id;
    });
}

Result<int> Outbox::cancelFor(const QString &purpose, const QUuid &relatedId)
{
    return m_db.transaction([&]() -> Result<int> {
        auto cancelled = m_repository.cancelPendingFor(purpose, relatedId, m_clock.now());
        if (!cancelled)
            return fail(cancelled.error());
        for (const auto &[id, channel] : std::as_const(*cancelled)) {
            auto job = m_jobs.cancelByKey(jobKindFor(channel), idText(id));
            if (!job)
                return fail(job.error());
        }
        return int(cancelled->size());
    });
}

Status Outbox::deliver(OutboxChannel &channel, JobContext &context, const OutboxDelivery &delivery)
{
    auto found = m_repository.find(delivery.outboxId);
    if (!found)
        return fail(found.error());
    if (!found->has_value() || (*found)->status != OutboxStatus::Pending)
        return {}; // delivered, cancelled or removed meanwhile: nothing to do
    const OutboxItem item = **found;
    auto delivered = channel.deliver(item, context);
    if (!delivered)
        return fail(delivered.error());
    if (!delivered->has_value()) {
        auto cancelled = m_repository.markCancelled(item.id, m_clock.now());
        if (!cancelled)
            return fail(cancelled.error());
        return {};
    }
    auto sent = m_repository.markSent(item.id, **delivered, m_clock.now());
    if (!sent) {
        qCCritical(lcJobs).noquote() << item.channel << "item" << idText(item.id)
                                     << "was delivered but cannot be recorded; it may be delivered again:"
                                     << sent.error().message();
        return fail(sent.error());
    }
    qCInfo(lcJobs).noquote() << "delivered" << item.channel << item.purpose << "item" << idText(item.id);
    return {};
}

Status Outbox::finished(const Job &job, JobOutcome outcome, const Error &error)
{
    auto delivery = decodePayload<OutboxDelivery>(job.payload);
    if (!delivery)
        return {}; // nothing of ours to update; the job itself failed on its payload
    const QDateTime now = m_clock.now();
    Result<bool> changed = false;
    switch (outcome) {
    case JobOutcome::Done:
    case JobOutcome::Released:
        return {};
    case JobOutcome::Retry:
        changed = m_repository.recordAttempt(delivery->outboxId, error.message(), now);
        break;
    case JobOutcome::Failed:
        changed = m_repository.markFailed(delivery->outboxId, error.message(), now);
        break;
    case JobOutcome::Cancelled:
        changed = m_repository.markCancelled(delivery->outboxId, now);
        break;
    }
    if (!changed)
        return fail(changed.error());
    return {};
}

} // namespace vami
