#pragma once

#include <QThreadPool>

#include <atomic>
#include <functional>

namespace vami::http {

// A small, bounded pool for CPU-heavy request work (sign-in, registration). The
// hashing inside runs on the password hasher's low-priority threads, so a storm of
// sign-ins slows sign-ins, not every other request; the database work around it
// runs here at normal priority. When all threads are busy and `queueLimit` tasks
// wait, new work is refused (the caller answers 503).
class HeavyPool
{
public:
    HeavyPool(int threads, int queueLimit);
    ~HeavyPool();

    // False when the pool is full; the task is then not run.
    bool tryStart(std::function<void()> task);
    [[nodiscard]] int inFlight() const { return m_inFlight.load(); }
    [[nodiscard]] int capacity() const { return m_capacity; }
    void waitForDone();

private:
    QThreadPool m_pool;
    int m_capacity;
    std::atomic<int> m_inFlight{0};
};

} // namespace vami::http
