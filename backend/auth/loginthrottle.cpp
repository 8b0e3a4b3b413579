#include "loginthrottle.h"

#include "core/clock.h"

#include <algorithm>

namespace vami {

namespace {

constexpr qsizetype MaxTrackedKeys = 100'000;

} // namespace

LoginThrottle::LoginThrottle(const Clock &clock, int accountLimit, int addressLimit, int windowSeconds)
    : m_clock(clock)
    , m_accountLimit(accountLimit)
    , m_addressLimit(addressLimit)
    , m_windowMs(qint64(windowSeconds) * 1000)
{
}

int LoginThrottle::secondsUntilFree(std::deque<qint64> &failures, int limit, qint64 now)
{
    while (!failures.empty() && failures.front() <= now - m_windowMs)
        failures.pop_front();
    if (qsizetype(failures.size()) < limit)
        return 0;
    const qint64 freeAt = failures[failures.size() - size_t(limit)] + m_windowMs;
    return int(std::max<qint64>(1, (freeAt - now + 999) / 1000));
}

int LoginThrottle::retryAfterSeconds(const QString &account, const QString &address)
{
    const qint64 now = m_clock.monotonicMs();
    QMutexLocker locker(&m_mutex);
    int wait = 0;
    if (auto it = m_accounts.find(account); it != m_accounts.end())
        wait = std::max(wait, secondsUntilFree(*it, m_accountLimit, now));
    if (auto it = m_addresses.find(address); it != m_addresses.end())
        wait = std::max(wait, secondsUntilFree(*it, m_addressLimit, now));
    return wait;
}

void LoginThrottle::record(QHash<QString, std::deque<qint64>> &table, const QString &key, int limit, qint64 now)
{
    if (table.size() >= MaxTrackedKeys && !table.contains(key)) {
        // Drop keys whose failures all left the window; if none did, drop the table.
        for (auto it = table.begin(); it != table.end();) {
            if (it->empty() || it->back() <= now - m_windowMs)
                it = table.erase(it);
            else
                ++it;
        }
        if (table.size() >= MaxTrackedKeys)
            table.clear();
    }
    std::deque<qint64> &failures = table[key];
    failures.push_back(now);
    while (qsizetype(failures.size()) > limit)
        failures.pop_front();
}

void LoginThrottle::recordFailure(const QString &account, const QString &address)
{
    const qint64 now = m_clock.monotonicMs();
    QMutexLocker locker(&m_mutex);
    record(m_accounts, account, m_accountLimit, now);
    if (!address.isEmpty())
        record(m_addresses, address, m_addressLimit, now);
}

void LoginThrottle::recordSuccess(const QString &account)
{
    QMutexLocker locker(&m_mutex);
    m_accounts.remove(account);
}

} // namespace vami
