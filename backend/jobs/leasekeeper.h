#pragma once

#include "job.h"
#include "jobcontrol.h"

#include <QHash>

#include <memory>
#include <mutex>

namespace vami {

class Clock;
class JobQueue;

// The heartbeat of running jobs: renews each claim's lease every third of it while
// the handler runs, so a long job keeps it, and passes on what the renewal learns:
// a cancel request, or a lost lease (the handler's outcome will not count). The
// runner calls renewDue() from its own thread; tests call it directly.
class LeaseKeeper
{
public:
    LeaseKeeper(JobQueue &queue, const Clock &clock);

    void track(const Job &claimed, int leaseSeconds, std::shared_ptr<JobControl> control);
    void untrack(const QUuid &jobId);
    // Renews the leases that are due; returns how many were renewed.
    int renewDue();
    // Asks every tracked job to stop because the process is stopping.
    void shutdownAll();

private:
    struct Tracked
    {
        Job job;
        int leaseSeconds = 0;
        qint64 nextRenewMs = 0;
        std::shared_ptr<JobControl> control;
    };

    JobQueue &m_queue;
    const Clock &m_clock;
    std::mutex m_mutex;
    QHash<QUuid, Tracked> m_tracked;
};

} // namespace vami
