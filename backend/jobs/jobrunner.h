#pragma once

#include "job.h"

#include "core/result.h"

#include <QHash>
#include <QList>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace vami {

class Clock;
class JobQueue;

// Runs background jobs on its own thread: claims due jobs of the kinds it has
// handlers for, runs them, and records the outcome. A handler's Unavailable or
// RateLimited error is retried with exponential backoff (15 s, 30 s, ... up to an
// hour, with jitter) until the job's attempts are used up; any other error fails the
// job for good. Kinds whose `ready` predicate is false (e-mail while no mail server
// is configured) are left waiting. Periodic maintenance tasks run on the same thread.
class JobRunner
{
public:
    using Handler = std::function<Status(const Job &)>;
    using Ready = std::function<bool()>;

    JobRunner(JobQueue &queue, const Clock &clock, QString workerId);
    ~JobRunner();
    JobRunner(const JobRunner &) = delete;
    JobRunner &operator=(const JobRunner &) = delete;

    // Register before start().
    void addHandler(const QString &kind, Handler handler, Ready ready = {});
    void addMaintenance(const QString &name, int intervalSeconds, std::function<void()> task);

    void start(int pollIntervalMs = 2000);
    // Finishes the job in progress, then stops the thread.
    void stop();
    // Looks for work now instead of at the next poll (thread-safe).
    void wake();

    // Runs due jobs on the calling thread until none is left or `maxJobs` ran;
    // returns how many ran. For tests and for a caller that wants work done now.
    int runDueJobs(int maxJobs = 100);

    [[nodiscard]] const QString &workerId() const { return m_workerId; }

private:
    void loop(int pollIntervalMs);
    void runMaintenance(qint64 nowMs);
    bool runOne();
    QStringList readyKinds() const;

    struct Registered
    {
        Handler handler;
        Ready ready;
    };
    struct Maintenance
    {
        QString name;
        qint64 intervalMs;
        std::function<void()> task;
        qint64 nextMs = 0;
    };

    JobQueue &m_queue;
    const Clock &m_clock;
    QString m_workerId;
    QHash<QString, Registered> m_handlers;
    QList<Maintenance> m_maintenance;

    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wakeUp;
    bool m_woken = false;
    std::atomic<bool> m_stopping{false};
};

} // namespace vami
