#include "metrics.h"

#include <QFile>

#include <map>

namespace vami::http {

void Metrics::Shard::record(const QString &route, Method method, int status, double seconds)
{
    QMutexLocker locker(&m_mutex);
    ++m_requests[Key{route, method, status}];
    size_t bucket = 0;
    while (bucket < Buckets.size() && seconds > Buckets[bucket])
        ++bucket;
    ++m_histogram[bucket];
    m_secondsSum += seconds;
    ++m_count;
}

Metrics::Shard *Metrics::addShard()
{
    QMutexLocker locker(&m_shardsMutex);
    m_shards.append(std::make_shared<Shard>());
    return m_shards.last().get();
}

void Metrics::addGauge(Gauge gauge)
{
    QMutexLocker locker(&m_shardsMutex);
    m_gauges.append(std::move(gauge));
}

QByteArray Metrics::render() const
{
    std::map<std::tuple<QString, int, int>, quint64> requests;
    std::array<quint64, Buckets.size() + 1> histogram{};
    double sum = 0;
    quint64 count = 0;
    QList<Gauge> gauges;
    {
        QMutexLocker locker(&m_shardsMutex);
        gauges = m_gauges;
        for (const auto &shard : m_shards) {
            QMutexLocker shardLocker(&shard->m_mutex);
            for (auto it = shard->m_requests.cbegin(); it != shard->m_requests.cend(); ++it)
                requests[{it.key().route, int(it.key().method), it.key().status}] += it.value();
            for (size_t i = 0; i < histogram.size(); ++i)
                histogram[i] += shard->m_histogram[i];
            sum += shard->m_secondsSum;
            count += shard->m_count;
        }
    }
    QByteArray out;
    out += "# HELP vami_http_requests_total Requests answered, by route, method and status.\n"
           "# TYPE vami_http_requests_total counter\n";
    for (const auto &[key, value] : requests) {
        const auto &[route, method, status] = key;
        out += "vami_http_requests_total{route=\"" + route.toUtf8() + "\",method=\""
            + methodName(Method(method)) + "\",status=\"" + QByteArray::number(status) + "\"} "
            + QByteArray::number(value) + '\n';
    }
    out += "# HELP vami_http_request_duration_seconds Time from a complete request to its response.\n"
           "# TYPE vami_http_request_duration_seconds histogram\n";
    quint64 cumulative = 0;
    for (size_t i = 0; i < Buckets.size(); ++i) {
        cumulative += histogram[i];
        out += "vami_http_request_duration_seconds_bucket{le=\"" + QByteArray::number(Buckets[i]) + "\"} "
            + QByteArray::number(cumulative) + '\n';
    }
    cumulative += histogram[Buckets.size()];
    out += "vami_http_request_duration_seconds_bucket{le=\"+Inf\"} " + QByteArray::number(cumulative) + '\n';
    out += "vami_http_request_duration_seconds_sum " + QByteArray::number(sum, 'f', 6) + '\n';
    out += "vami_http_request_duration_seconds_count " + QByteArray::number(count) + '\n';
    out += "# HELP vami_http_rate_limited_total Requests refused by rate limiting.\n"
           "# TYPE vami_http_rate_limited_total counter\n"
           "vami_http_rate_limited_total "
        + QByteArray::number(m_rateLimited.load()) + '\n';
    out += "# HELP vami_http_heavy_rejected_total Requests refused because the hashing pool was full.\n"
           "# TYPE vami_http_heavy_rejected_total counter\n"
           "vami_http_heavy_rejected_total "
        + QByteArray::number(m_heavyRejected.load()) + '\n';
    out += "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
           "# TYPE process_resident_memory_bytes gauge\n"
           "process_resident_memory_bytes "
        + QByteArray::number(residentMemoryBytes()) + '\n';
    for (const Gauge &g : gauges) {
        out += "# HELP " + g.name + ' ' + g.help + "\n# TYPE " + g.name + " gauge\n" + g.name + ' '
            + QByteArray::number(g.value(), 'g', 12) + '\n';
    }
    return out;
}

namespace {

qint64 statusField(const char *field)
{
    QFile file(QStringLiteral("/proc/self/status"));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray wanted(field);
    while (!file.atEnd()) {
        const QByteArray line = file.readLine();
        if (line.startsWith(wanted)) {
            const QList<QByteArray> parts = line.simplified().split(' ');
            if (parts.size() >= 2)
                return parts[1].toLongLong() * 1024;
        }
    }
    return 0;
}

} // namespace

qint64 residentMemoryBytes()
{
    return statusField("VmRSS:");
}

qint64 peakResidentMemoryBytes()
{
    return statusField("VmHWM:");
}

} // namespace vami::http
