#pragma once

#include <atomic>
#include <stop_token>

namespace vami {

// What the runner and the lease keeper tell a running job: someone cancelled it,
// its lease was lost (its outcome will not count), or the process is shutting
// down. Any of them requests a stop on the job's stop token. Thread-safe.
class JobControl
{
public:
    void requestCancel();
    void markLeaseLost();
    void requestShutdown();

    [[nodiscard]] bool cancelRequested() const { return m_cancelled.load(); }
    [[nodiscard]] bool leaseLost() const { return m_leaseLost.load(); }
    [[nodiscard]] bool shuttingDown() const { return m_shutdown.load(); }
    [[nodiscard]] std::stop_token token() const { return m_source.get_token(); }

private:
    std::stop_source m_source;
    std::atomic<bool> m_cancelled {false};
    std::atomic<bool> m_leaseLost {false};
    std::atomic<bool> m_shutdown {false};
};

} // namespace vami
