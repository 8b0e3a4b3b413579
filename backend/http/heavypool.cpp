#include "heavypool.h"

#include <QRunnable>

#if defined(Q_OS_LINUX)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace vami::http {

namespace {

void lowerThisThreadsPriority()
{
    thread_local bool lowered = false;
    if (lowered)
        return;
    lowered = true;
#if defined(Q_OS_LINUX)
    // Linux schedules threads individually, so a nice value applies to this thread only.
    (void)setpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)), 10);
#else
    QThread::currentThread()->setPriority(QThread::LowPriority);
#endif
}

} // namespace

HeavyPool::HeavyPool(int threads, int queueLimit)
    : m_capacity(threads + queueLimit)
{
    m_pool.setMaxThreadCount(threads);
    m_pool.setExpiryTimeout(-1);
}

HeavyPool::~HeavyPool()
{
    m_pool.waitForDone();
}

bool HeavyPool::tryStart(std::function<void()> task)
{
    int current = m_inFlight.load();
    do {
        if (current >= m_capacity)
            return false;
    } while (!m_inFlight.compare_exchange_weak(current, current + 1));
    m_pool.start([this, task = std::move(task)] {
        lowerThisThreadsPriority();
        task();
        m_inFlight.fetch_sub(1);
    });
    return true;
}

void HeavyPool::waitForDone()
{
    m_pool.waitForDone();
}

} // namespace vami::http
