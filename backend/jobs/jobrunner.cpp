#include "jobrunner.h"

#include "core/clock.h"
#include "core/logging.h"
#include "jobqueue.h"

#include <QRandomGenerator>

#include <algorithm>
#include <chrono>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

constexpr int LeaseSeconds = 300;

int backoffSeconds(int attempts)
{
    const int exponent = std::clamp(attempts - 1, 0, 12);
    const int base = std::min(3600, 15 * (1 << exponent));
    const int jitter = int(QRandomGenerator::global()->bounded(base / 5 + 1));
    return base - base / 10 + jitter;
}

} // namespace

JobRunner::JobRunner(JobQueue &queue, const Clock &clock, QString workerId)
    : m_queue(queue)
    , m_clock(clock)
    , m_workerId(std::move(workerId))
{
}

JobRunner::~JobRunner()
{
    stop();
}

void JobRunner::addHandler(const QString &kind, Handler handler, Ready ready)
{
    m_handlers.insert(kind, Registered{std::move(handler), std::move(ready)});
}

void JobRunner::addMaintenance(const QString &name, int intervalSeconds, std::function<void()> task)
{
    m_maintenance.append(Maintenance{name, qint64(intervalSeconds) * 1000, std::move(task), 0});
}

void JobRunner::start(int pollIntervalMs)
{
    if (m_thread.joinable())
        return;
    m_stopping = false;
    m_thread = std::thread([this, pollIntervalMs] { loop(pollIntervalMs); });
}

void JobRunner::stop()
{
    if (!m_thread.joinable())
        return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        m_woken = true;
    }
    m_wakeUp.notify_all();
    m_thread.join();
}

void JobRunner::wake()
{
    {
        std::lock_guard lock(m_mutex);
        m_woken = true;
    }
    m_wakeUp.notify_all();
}

QStringList JobRunner::readyKinds() const
{
    QStringList kinds;
    for (auto it = m_handlers.cbegin(); it != m_handlers.cend(); ++it) {
        if (!it->ready || it->ready())
            kinds.append(it.key());
    }
    kinds.sort();
    return kinds;
}

bool JobRunner::runOne()
{
    const QStringList kinds = readyKinds();
    if (kinds.isEmpty())
        return false;
    auto claimed = m_queue.claim(m_workerId, kinds, LeaseSeconds);
    if (!claimed) {
        qCWarning(lcJobs).noquote() << "cannot claim a job:" << claimed.error().message();
        return false;
    }
    if (!claimed->has_value())
        return false;
    const Job job = **claimed;
    const Registered handler = m_handlers.value(job.kind);
    const Status outcome = handler.handler(job);
    Status recorded;
    if (outcome) {
        recorded = m_queue.complete(job.id);
    } else {
        const Error &error = outcome.error();
        const QString text = error.diagnostic().isEmpty() ? error.code() + u": "_s + error.message()
                                                          : error.code() + u": "_s + error.diagnostic();
        const bool transient = error.kind() == ErrorKind::Unavailable || error.kind() == ErrorKind::RateLimited;
        if (transient && job.attempts < job.maxAttempts) {
            const int delay = std::max(error.retryAfterSeconds(), backoffSeconds(job.attempts));
            qCInfo(lcJobs).noquote() << job.kind << job.id.toString(QUuid::WithoutBraces) << "attempt"
                                     << job.attempts << "failed, retrying in" << delay << "s:" << text;
            recorded = m_queue.retryAt(job.id, text, m_clock.now().addSecs(delay));
        } else {
            qCWarning(lcJobs).noquote() << job.kind << job.id.toString(QUuid::WithoutBraces) << "failed:" << text;
            recorded = m_queue.failPermanently(job.id, text);
        }
    }
    if (!recorded)
        qCWarning(lcJobs).noquote() << "cannot record the outcome of job" << job.id << ':'
                                    << recorded.error().message();
    return true;
}

int JobRunner::runDueJobs(int maxJobs)
{
    int ran = 0;
    while (ran < maxJobs && !m_stopping && runOne())
        ++ran;
    return ran;
}

void JobRunner::runMaintenance(qint64 nowMs)
{
    for (Maintenance &m : m_maintenance) {
        if (nowMs < m.nextMs)
            continue;
        m.nextMs = nowMs + m.intervalMs;
        m.task();
    }
}

void JobRunner::loop(int pollIntervalMs)
{
    while (!m_stopping) {
        runMaintenance(m_clock.monotonicMs());
        runDueJobs(50);
        std::unique_lock lock(m_mutex);
        m_wakeUp.wait_for(lock, std::chrono::milliseconds(pollIntervalMs), [this] { return m_woken; });
        m_woken = false;
    }
}

} // namespace vami
