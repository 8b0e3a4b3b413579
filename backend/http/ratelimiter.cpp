#include "ratelimiter.h"

#include "core/clock.h"

#include <algorithm>

namespace vami::http {

RateLimiter::Window::Window(int limit, qint64 windowMs)
    : m_limit(limit)
    , m_windowMs(windowMs)
{
    if (limit > 256) {
        m_bucketed = true;
        m_bucketMs = std::max<qint64>(1, windowMs / 60);
    } else {
        m_times.resize(size_t(std::max(1, limit)));
    }
}

void RateLimiter::Window::advance(qint64 now)
{
    if (m_bucketed) {
        const qint64 bucket = now / m_bucketMs;
        if (bucket - m_currentBucket >= 60) {
            m_buckets.fill(0);
        } else {
            for (qint64 b = m_currentBucket + 1; b <= bucket; ++b)
                m_buckets[size_t(b % 60)] = 0;
        }
        m_currentBucket = std::max(m_currentBucket, bucket);
        return;
    }
    while (m_count > 0 && m_times[m_head] <= now - m_windowMs) {
        m_head = (m_head + 1) % m_times.size();
        --m_count;
    }
}

int RateLimiter::Window::used(qint64 now)
{
    advance(now);
    if (m_bucketed) {
        int sum = 0;
        for (int c : m_buckets)
            sum += c;
        return sum;
    }
    return int(m_count);
}

qint64 RateLimiter::Window::waitMs(qint64 now)
{
    if (used(now) < m_limit)
        return 0;
    if (m_bucketed) {
        // The oldest slice that still holds requests leaves the window first.
        for (qint64 b = m_currentBucket - 59; b <= m_currentBucket; ++b) {
            if (m_buckets[size_t(((b % 60) + 60) % 60)] > 0)
                return std::max<qint64>(1, (b + 60) * m_bucketMs - now);
        }
        return m_bucketMs;
    }
    return std::max<qint64>(1, m_times[m_head] + m_windowMs - now);
}

void RateLimiter::Window::record(qint64 now)
{
    advance(now);
    if (m_bucketed) {
        ++m_buckets[size_t(m_currentBucket % 60)];
        return;
    }
    if (m_count == m_times.size()) {
        m_head = (m_head + 1) % m_times.size();
        --m_count;
    }
    m_times[(m_head + m_count) % m_times.size()] = now;
    ++m_count;
}

RateLimiter::RateLimiter(const Clock &clock, qsizetype maxKeys)
    : m_clock(clock)
    , m_maxKeysPerShard(std::max<qsizetype>(16, maxKeys / qsizetype(16)))
{
}

void RateLimiter::evict(Shard &shard, qint64 now)
{
    for (auto it = shard.entries.begin(); it != shard.entries.end();) {
        qint64 longest = 0;
        for (const Window &w : it->windows)
            longest = std::max(longest, w.windowMs());
        if (it->lastSeen <= now - longest)
            it = shard.entries.erase(it);
        else
            ++it;
    }
    if (shard.entries.size() >= m_maxKeysPerShard) {
        // Still full of active keys: drop the least recently seen half.
        std::vector<qint64> seen;
        seen.reserve(size_t(shard.entries.size()));
        for (const Entry &e : std::as_const(shard.entries))
            seen.push_back(e.lastSeen);
        std::nth_element(seen.begin(), seen.begin() + qsizetype(seen.size() / 2), seen.end());
        const qint64 cut = seen[seen.size() / 2];
        for (auto it = shard.entries.begin(); it != shard.entries.end();) {
            if (it->lastSeen <= cut)
                it = shard.entries.erase(it);
            else
                ++it;
        }
    }
}

RateLimiter::Decision RateLimiter::hit(const QString &key, const QList<Rule> &rules)
{
    const qint64 now = m_clock.monotonicMs();
    Shard &shard = m_shards[size_t(qHash(key) % m_shards.size())];
    QMutexLocker locker(&shard.mutex);
    auto it = shard.entries.find(key);
    if (it == shard.entries.end()) {
        if (shard.entries.size() >= m_maxKeysPerShard)
            evict(shard, now);
        Entry entry;
        for (const Rule &rule : rules)
            entry.windows.emplace_back(rule.limit, qint64(rule.windowSeconds) * 1000);
        it = shard.entries.insert(key, std::move(entry));
    }
    Entry &entry = *it;
    entry.lastSeen = now;
    Decision decision;
    qint64 wait = 0;
    for (Window &w : entry.windows)
        wait = std::max(wait, w.waitMs(now));
    if (wait > 0) {
        decision.allowed = false;
        decision.retryAfterSeconds = int((wait + 999) / 1000);
    } else {
        for (Window &w : entry.windows)
            w.record(now);
    }
    for (size_t i = 0; i < entry.windows.size() && i < size_t(rules.size()); ++i)
        decision.remaining.append(std::max(0, rules[qsizetype(i)].limit - entry.windows[i].used(now)));
    return decision;
}

qsizetype RateLimiter::keyCount() const
{
    qsizetype n = 0;
    for (const Shard &s : m_shards) {
        QMutexLocker locker(&s.mutex);
        n += s.entries.size();
    }
    return n;
}

} // namespace vami::http
