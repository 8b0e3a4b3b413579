#pragma once

#include "outboxchannel.h"
#include "outboxdelivery.h"
#include "outboxrepository.h"

#include "jobs/jobkind.h"
#include "jobs/joboutcome.h"

#include <QHash>

namespace vami {

class Clock;
class Database;
struct Job;
class JobContext;
class JobQueue;
class JobRegistry;

// The only way to cause an effect outside the database. A service writes an item
// in the same transaction as the change it reports; the item's delivery job
// (kind "outbox.<channel>", de-duplicated by the item's id) performs it later with
// a lease, attempts and backoff, so several processes never deliver an item twice
// and nothing is lost across a restart. The item's status follows the job: the
// outcome the runner records (in the same transaction) marks it failed, cancelled
// or retried with the error; a delivered item is marked sent the moment its
// channel reports success, and is skipped by any later run.
//
// An effect is performed at most once per claim; if the database fails between the
// effect and its record, the next attempt may repeat it (at least once). The
// item's `reference` stays the same across attempts so a receiver can tell.
class Outbox
{
public:
    Outbox(Database &database, JobQueue &jobs, JobRegistry &registry, const Clock &clock);
    Outbox(const Outbox &) = delete;
    Outbox &operator=(const Outbox &) = delete;

    // Adds a channel and registers its delivery job kind; at start-up, before the
    // job runner starts. The channel must outlive the outbox.
    void addChannel(OutboxChannel &channel);

    // Call inside the caller's transaction. Uses the item's channel, purpose,
    // relatedId, organizationId, recipient, payload and reference (empty: derived
    // from the id); returns the item's id.
    Result<QUuid> enqueue(OutboxItem item);
    // Cancels the pending items about `relatedId`, and their delivery jobs.
    Result<int> cancelFor(const QString &purpose, const QUuid &relatedId);

    Result<std::optional<OutboxItem>> find(const QUuid &id) { return m_repository.find(id); }
    Result<QList<OutboxItem>> listForOrganization(const QUuid &organizationId, int limit)
    {
        return m_repository.listForOrganization(organizationId, limit);
    }

private:
    Status deliver(OutboxChannel &channel, JobContext &context, const OutboxDelivery &delivery);
    Status finished(const Job &job, JobOutcome outcome, const Error &error);

    Database &m_db;
    JobQueue &m_jobs;
    JobRegistry &m_registry;
    const Clock &m_clock;
    OutboxRepository m_repository;
    QHash<QString, OutboxChannel *> m_channels;
    QHash<QString, JobKindSpec> m_kinds; // by channel
};

} // namespace vami
