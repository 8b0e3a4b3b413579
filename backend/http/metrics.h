#pragma once

#include "httprequest.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>

#include <array>
#include <atomic>
#include <functional>
#include <memory>

namespace vami::http {

// Request counters and a latency histogram in the Prometheus text format. Each
// worker thread records into its own shard (an uncontended lock); /metrics adds
// the shards up, together with gauges supplied by the server.
class Metrics
{
public:
    static constexpr std::array<double, 12> Buckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                       0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

    class Shard
    {
    public:
        void record(const QString &route, Method method, int status, double seconds);

    private:
        friend class Metrics;
        struct Key
        {
            QString route;
            Method method;
            int status;
            friend bool operator==(const Key &, const Key &) = default;
            friend size_t qHash(const Key &k, size_t seed) { return qHashMulti(seed, k.route, int(k.method), k.status); }
        };
        mutable QMutex m_mutex;
        QHash<Key, quint64> m_requests;
        std::array<quint64, Buckets.size() + 1> m_histogram{};
        double m_secondsSum = 0;
        quint64 m_count = 0;
    };

    // A new shard for one worker; the Metrics object owns it.
    Shard *addShard();

    void countRateLimited() { m_rateLimited.fetch_add(1, std::memory_order_relaxed); }
    void countHeavyRejected() { m_heavyRejected.fetch_add(1, std::memory_order_relaxed); }

    // Extra gauge lines, computed at scrape time: name, help, value.
    struct Gauge
    {
        QByteArray name;
        QByteArray help;
        std::function<double()> value;
    };
    void addGauge(Gauge gauge);

    [[nodiscard]] QByteArray render() const;

private:
    mutable QMutex m_shardsMutex;
    QList<std::shared_ptr<Shard>> m_shards;
    QList<Gauge> m_gauges;
    std::atomic<quint64> m_rateLimited{0};
    std::atomic<quint64> m_heavyRejected{0};
};

// Resident set size and its peak of this process, in bytes (0 where unknown).
[[nodiscard]] qint64 residentMemoryBytes();
[[nodiscard]] qint64 peakResidentMemoryBytes();

} // namespace vami::http
