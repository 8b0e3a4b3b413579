#include "heavypool.h"

#include <QRunnable>

namespace vami::http {

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
