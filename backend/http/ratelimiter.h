#pragma once

#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>

#include <array>
#include <vector>

namespace vami {
class Clock;
}

namespace vami::http {

struct RateLimitConfig
{
    bool enabled = true;
    int perMinute = 60;
    int perHour = 1000;
};

// Sliding-window rate limiting keyed by client address, user or API key. Windows of
// up to 256 requests keep the exact time of each request (a ring of the last
// `limit` timestamps); larger ones count requests in 60 slices of the window, which
// is exact to a sixtieth of the window. Memory per key is bounded, the number of
// keys is bounded (idle keys are dropped first), and the table is sharded so
// worker threads rarely wait on each other.
class RateLimiter
{
public:
    struct Rule
    {
        int limit = 60;
        int windowSeconds = 60;
    };
    struct Decision
    {
        bool allowed = true;
        int retryAfterSeconds = 0; // when refused
        QList<int> remaining;      // per rule, after this request
    };

    explicit RateLimiter(const Clock &clock, qsizetype maxKeys = 200'000);

    // Checks every rule for `key` and records the request in all of them only when
    // all allow it (refused requests do not count). A key must always be used with
    // the same rules.
    Decision hit(const QString &key, const QList<Rule> &rules);
    [[nodiscard]] qsizetype keyCount() const;

private:
    class Window
    {
    public:
        Window(int limit, qint64 windowMs);
        qint64 waitMs(qint64 now);
        void record(qint64 now);
        int used(qint64 now);
        [[nodiscard]] qint64 windowMs() const { return m_windowMs; }

    private:
        void advance(qint64 now);
        int m_limit;
        qint64 m_windowMs;
        // exact mode
        std::vector<qint64> m_times;
        size_t m_head = 0;
        size_t m_count = 0;
        // bucketed mode
        bool m_bucketed = false;
        std::array<int, 60> m_buckets{};
        qint64 m_bucketMs = 0;
        qint64 m_currentBucket = 0;
    };
    struct Entry
    {
        std::vector<Window> windows;
        qint64 lastSeen = 0;
    };
    struct Shard
    {
        mutable QMutex mutex;
        QHash<QString, Entry> entries;
    };

    void evict(Shard &shard, qint64 now);

    const Clock &m_clock;
    qsizetype m_maxKeysPerShard;
    std::array<Shard, 16> m_shards;
};

} // namespace vami::http
