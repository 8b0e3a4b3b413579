#include "connectionbudget.h"

#include <QMutexLocker>

namespace vami::http {

namespace {

// IPv4 peers of a dual-stack listener arrive as ::ffff:a.b.c.d; count them as a.b.c.d.
QHostAddress budgetKey(const QHostAddress &peer)
{
    bool isV4 = false;
    const quint32 v4 = peer.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : peer;
}

} // namespace

ConnectionBudget::ConnectionBudget(const FrameLimits &limits)
    : m_limits(limits)
{ }

bool ConnectionBudget::tryAcquire(const QHostAddress &peer)
{
    const QHostAddress key = budgetKey(peer);
    QMutexLocker lock(&m_mutex);
    if (m_open.load(std::memory_order_relaxed) >= m_limits.maxConnections)
        return false;
    const auto it = m_perAddress.find(key);
    const int current = it == m_perAddress.end() ? 0 : it.value();
    if (current >= m_limits.maxConnectionsPerAddress)
        return false;
    m_perAddress.insert(key, current + 1);
    m_open.fetch_add(1, std::memory_order_relaxed);
    return true;
}

void ConnectionBudget::release(const QHostAddress &peer)
{
    const QHostAddress key = budgetKey(peer);
    QMutexLocker lock(&m_mutex);
    const auto it = m_perAddress.find(key);
    if (it == m_perAddress.end())
        return;
    if (--it.value() <= 0)
        m_perAddress.erase(it);
    m_open.fetch_sub(1, std::memory_order_relaxed);
}

void ConnectionBudget::notePendingOutput(qint64 delta, qint64 current)
{
    if (delta != 0)
        m_pendingOutput.fetch_add(delta, std::memory_order_relaxed);
    qint64 peak = m_peakPendingOutput.load(std::memory_order_relaxed);
    while (current > peak && !m_peakPendingOutput.compare_exchange_weak(peak, current, std::memory_order_relaxed)) {
    }
}

} // namespace vami::http
