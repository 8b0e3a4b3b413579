#include "leasekeeper.h"

#include "jobqueue.h"

#include "core/clock.h"
#include "core/ids.h"
#include "core/logging.h"

namespace vami {

namespace {

qint64 renewalIntervalMs(int leaseSeconds)
{
    return qint64(leaseSeconds) * 1000 / 3;
}

} // namespace

LeaseKeeper::LeaseKeeper(JobQueue &queue, const Clock &clock)
    : m_queue(queue)
    , m_clock(clock)
{ }

void LeaseKeeper::track(const Job &claimed, int leaseSeconds, std::shared_ptr<JobControl> control)
{
    std::lock_guard lock(m_mutex);
    m_tracked.insert(claimed.id,
        Tracked {claimed, leaseSeconds, m_clock.monotonicMs() + renewalIntervalMs(leaseSeconds), std::move(control)});
}

void LeaseKeeper::untrack(const QUuid &jobId)
{
    std::lock_guard lock(m_mutex);
    m_tracked.remove(jobId);
}

int LeaseKeeper::renewDue()
{
    QList<Tracked> due;
    {
        std::lock_guard lock(m_mutex);
        const qint64 now = m_clock.monotonicMs();
        for (const Tracked &t : std::as_const(m_tracked)) {
            if (t.nextRenewMs <= now && !t.control->leaseLost())
                due.append(t);
        }
    }
    int renewed = 0;
    for (const Tracked &t : std::as_const(due)) {
        auto state = m_queue.renew(t.job, t.leaseSeconds);
        qint64 next = m_clock.monotonicMs() + renewalIntervalMs(t.leaseSeconds);
        if (!state) {
            qCWarning(lcJobs).noquote() << "cannot renew the lease of job" << idText(t.job.id) << ':'
                                        << state.error().message();
            next = m_clock.monotonicMs() + 1000; // try again soon
        } else if (*state == LeaseState::Lost) {
            qCWarning(lcJobs).noquote() << t.job.kind << idText(t.job.id)
                                        << "lost its lease; its outcome will not be recorded";
            t.control->markLeaseLost();
        } else {
            ++renewed;
            if (*state == LeaseState::CancelRequested && !t.control->cancelRequested()) {
                qCInfo(lcJobs).noquote() << t.job.kind << idText(t.job.id) << "was asked to cancel";
                t.control->requestCancel();
            }
        }
        std::lock_guard lock(m_mutex);
        auto it = m_tracked.find(t.job.id);
        if (it != m_tracked.end())
            it->nextRenewMs = next;
    }
    return renewed;
}

void LeaseKeeper::shutdownAll()
{
    std::lock_guard lock(m_mutex);
    for (const Tracked &t : std::as_const(m_tracked))
        t.control->requestShutdown();
}

} // namespace vami
