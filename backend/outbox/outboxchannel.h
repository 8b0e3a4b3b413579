#pragma once

#include "outboxitem.h"

#include "core/result.h"
#include "jobs/jobkindspec.h"

#include <optional>

namespace vami {

class JobContext;

// A way out of the system (mail, webhooks, a provider's API). The outbox stores its
// items and delivers each with a job of the kind "outbox.<name>" whose limits the
// channel gives; the job runner's retry policy decides what a failure means.
class OutboxChannel
{
public:
    virtual ~OutboxChannel() = default;

    // The value of outbox.channel, e.g. "email".
    [[nodiscard]] virtual QString name() const = 0;
    // Lease, attempts and concurrency of the delivery jobs (the name is set by the outbox).
    [[nodiscard]] virtual JobKindSpec deliverySpec() const = 0;
    // False while nothing can be delivered (no mail server configured): items wait.
    [[nodiscard]] virtual bool isReady() const { return true; }
    // Performs the effect of one pending item. Returns what to record with it (a
    // subject, "HTTP 200"), or an empty optional when it no longer applies (it is
    // then cancelled). Blocking; runs on a job thread, never in a transaction.
    [[nodiscard]] virtual Result<std::optional<QString>> deliver(const OutboxItem &item, JobContext &context) = 0;
};

} // namespace vami
