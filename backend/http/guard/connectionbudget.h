#pragma once

#include "framelimits.h"

#include <QHash>
#include <QHostAddress>
#include <QMutex>

#include <atomic>

namespace vami::http {

// Connection counts shared by every worker of one server process, and what the
// connections hold in unsent output (a diagnostic: the connection guard keeps each
// connection's share bounded, see FrameLimits::maxPendingOutputBytes).
class ConnectionBudget
{
public:
    explicit ConnectionBudget(const FrameLimits &limits);
    // False when the process-wide or per-address limit is reached.
    bool tryAcquire(const QHostAddress &peer);
    void release(const QHostAddress &peer);
    [[nodiscard]] int open() const { return m_open.load(std::memory_order_relaxed); }

    // A connection's unsent output changed by `delta` bytes and is now `current`.
    void notePendingOutput(qint64 delta, qint64 current);
    void countWriteTimeout() { m_writeTimeouts.fetch_add(1, std::memory_order_relaxed); }
    // Unsent response bytes of all connections now.
    [[nodiscard]] qint64 pendingOutputBytes() const { return m_pendingOutput.load(std::memory_order_relaxed); }
    // The most unsent output one connection has held since start.
    [[nodiscard]] qint64 peakPendingOutputBytes() const { return m_peakPendingOutput.load(std::memory_order_relaxed); }
    // Connections closed because their output did not drain.
    [[nodiscard]] qint64 writeTimeouts() const { return m_writeTimeouts.load(std::memory_order_relaxed); }

private:
    FrameLimits m_limits;
    std::atomic<int> m_open{0};
    std::atomic<qint64> m_pendingOutput{0};
    std::atomic<qint64> m_peakPendingOutput{0};
    std::atomic<qint64> m_writeTimeouts{0};
    QMutex m_mutex;
    QHash<QHostAddress, int> m_perAddress;
};

} // namespace vami::http
