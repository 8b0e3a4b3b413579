#include "loginthrottle.h"

#include "core/clock.h"

#include <QHostAddress>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

constexpr qsizetype TrustedAddressesPerAccount = 4;

QString pairKey(const QString &account, const QString &address)
{
    return account + u'\n' + address;
}

} // namespace

LoginThrottle::LoginThrottle(const Clock &clock, Policy policy)
    : m_clock(clock)
    , m_policy(policy)
{
}

QString LoginThrottle::addressKey(const QString &address)
{
    QHostAddress host;
    if (address.isEmpty() || !host.setAddress(address))
        return address;
    bool isV4 = false;
    const quint32 v4 = host.toIPv4Address(&isV4);
    if (isV4)
        return QHostAddress(v4).toString();
    Q_IPV6ADDR bytes = host.toIPv6Address();
    for (int i = 8; i < 16; ++i)
        bytes[i] = 0;
    return QHostAddress(bytes).toString() + u"/64"_s;
}

qint64 LoginThrottle::waitMs(const Backoff &entry, int freeFailures, qint64 now) const
{
    if (entry.failures == 0 || entry.failures < freeFailures)
        return 0;
    const int doublings = std::min(entry.failures - std::max(freeFailures, 1), 30);
    const qint64 delayMs = std::min<qint64>(qint64(m_policy.baseDelaySeconds) << doublings, m_policy.maxDelaySeconds)
                           * 1000;
    return std::max<qint64>(0, entry.lastMs + delayMs - now);
}

bool LoginThrottle::isTrusted(const QString &account, const QString &address) const
{
    const auto it = m_trusted.constFind(account);
    return it != m_trusted.constEnd() && it->contains(address);
}

void LoginThrottle::pruneWindow(std::deque<qint64> &failures, qint64 now) const
{
    const qint64 windowMs = qint64(m_policy.windowSeconds) * 1000;
    while (!failures.empty() && failures.front() <= now - windowMs)
        failures.pop_front();
}

int LoginThrottle::retryAfterSeconds(const QString &account, const QString &rawAddress)
{
    const QString address = addressKey(rawAddress);
    const qint64 now = m_clock.monotonicMs();
    const qint64 forgetMs = qint64(m_policy.forgetAfterSeconds) * 1000;
    QMutexLocker locker(&m_mutex);

    const bool trusted = isTrusted(account, address);
    bool underAttack = false;
    qint64 accountWait = 0;
    if (auto it = m_accounts.find(account); it != m_accounts.end()) {
        pruneWindow(*it, now);
        if (qsizetype(it->size()) >= m_policy.accountBudget) {
            underAttack = true;
            const qint64 freeAt = (*it)[it->size() - size_t(m_policy.accountBudget)] + qint64(m_policy.windowSeconds) * 1000;
            accountWait = std::max<qint64>(0, freeAt - now);
        }
    }

    qint64 wait = 0;
    const auto pair = m_pairs.constFind(pairKey(account, address));
    const bool failedHere = pair != m_pairs.constEnd() && now - pair->lastMs < forgetMs;
    if (failedHere) {
        // Under attack, an address that failed here gets no free attempts any more;
        // unless it signed in before, it also waits for the account's window.
        wait = waitMs(*pair, underAttack ? 0 : m_policy.pairFreeFailures, now);
        if (underAttack && !trusted)
            wait = std::max(wait, accountWait);
    }
    if (!trusted && !address.isEmpty()) {
        const auto spray = m_addresses.constFind(address);
        if (spray != m_addresses.constEnd() && now - spray->lastMs < forgetMs)
            wait = std::max(wait, waitMs(*spray, m_policy.addressFreeFailures, now));
    }
    return wait > 0 ? int((wait + 999) / 1000) : 0;
}

void LoginThrottle::makeRoom(QHash<QString, Backoff> &table, qint64 now)
{
    const qint64 forgetMs = qint64(m_policy.forgetAfterSeconds) * 1000;
    for (auto it = table.begin(); it != table.end();) {
        if (now - it->lastMs >= forgetMs)
            it = table.erase(it);
        else
            ++it;
    }
    if (table.size() < m_policy.maxTrackedKeys)
        return;
    // Still full: drop the tenth idle longest, so a flood of new keys cannot wipe
    // the counters of an attack in progress.
    std::vector<qint64> last;
    last.reserve(size_t(table.size()));
    for (const Backoff &b : std::as_const(table))
        last.push_back(b.lastMs);
    const size_t cut = std::max<size_t>(1, last.size() / 10);
    std::nth_element(last.begin(), last.begin() + qsizetype(cut - 1), last.end());
    const qint64 threshold = last[cut - 1];
    qsizetype dropped = 0;
    for (auto it = table.begin(); it != table.end() && dropped < qsizetype(cut);) {
        if (it->lastMs <= threshold) {
            it = table.erase(it);
            ++dropped;
        } else {
            ++it;
        }
    }
}

void LoginThrottle::makeRoom(QHash<QString, std::deque<qint64>> &table, qint64 now)
{
    for (auto it = table.begin(); it != table.end();) {
        pruneWindow(*it, now);
        if (it->empty())
            it = table.erase(it);
        else
            ++it;
    }
    if (table.size() < m_policy.maxTrackedKeys)
        return;
    std::vector<qint64> last;
    last.reserve(size_t(table.size()));
    for (const std::deque<qint64> &d : std::as_const(table))
        last.push_back(d.back());
    const size_t cut = std::max<size_t>(1, last.size() / 10);
    std::nth_element(last.begin(), last.begin() + qsizetype(cut - 1), last.end());
    const qint64 threshold = last[cut - 1];
    qsizetype dropped = 0;
    for (auto it = table.begin(); it != table.end() && dropped < qsizetype(cut);) {
        if (it->back() <= threshold) {
            it = table.erase(it);
            ++dropped;
        } else {
            ++it;
        }
    }
}

void LoginThrottle::noteFailure(QHash<QString, Backoff> &table, const QString &key, qint64 now)
{
    auto it = table.find(key);
    if (it == table.end()) {
        if (table.size() >= m_policy.maxTrackedKeys)
            makeRoom(table, now);
        it = table.insert(key, Backoff{});
    } else if (now - it->lastMs >= qint64(m_policy.forgetAfterSeconds) * 1000) {
        *it = Backoff{};
    }
    it->failures = std::min(it->failures + 1, 1'000'000);
    it->lastMs = now;
}

void LoginThrottle::recordFailure(const QString &account, const QString &rawAddress)
{
    const QString address = addressKey(rawAddress);
    const qint64 now = m_clock.monotonicMs();
    QMutexLocker locker(&m_mutex);
    noteFailure(m_pairs, pairKey(account, address), now);
    if (!address.isEmpty())
        noteFailure(m_addresses, address, now);
    auto it = m_accounts.find(account);
    if (it == m_accounts.end()) {
        if (m_accounts.size() >= m_policy.maxTrackedKeys)
            makeRoom(m_accounts, now);
        it = m_accounts.insert(account, {});
    }
    it->push_back(now);
    while (qsizetype(it->size()) > std::max(1, m_policy.accountBudget))
        it->pop_front();
}

void LoginThrottle::recordSuccess(const QString &account, const QString &rawAddress)
{
    const QString address = addressKey(rawAddress);
    QMutexLocker locker(&m_mutex);
    m_pairs.remove(pairKey(account, address));
    auto it = m_trusted.find(account);
    if (it == m_trusted.end()) {
        if (m_trusted.size() >= m_policy.maxTrackedKeys) {
            // Forgetting trust only removes a privilege; drop a tenth.
            qsizetype drop = std::max<qsizetype>(1, m_trusted.size() / 10);
            for (auto t = m_trusted.begin(); t != m_trusted.end() && drop > 0; --drop)
                t = m_trusted.erase(t);
        }
        it = m_trusted.insert(account, {});
    }
    it->removeAll(address);
    it->prepend(address);
    while (it->size() > TrustedAddressesPerAccount)
        it->removeLast();
}

qsizetype LoginThrottle::trackedEntries()
{
    QMutexLocker locker(&m_mutex);
    return m_pairs.size() + m_addresses.size() + m_accounts.size() + m_trusted.size();
}

} // namespace vami
