#pragma once

#include "jobregistry.h"
#include "leasekeeper.h"
#include "schedulestore.h"

#include "core/result.h"

#include <QHash>
#include <QSet>
#include <QString>

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

namespace vami {

class Clock;
class Database;
class JobQueue;
class LoopThread;

// Runs the registered job kinds and schedules. start() creates `workers` threads,
// each with its own Qt event loop, that claim due jobs of the kinds whose `ready`
// predicate holds and run their handlers; a lease keeper thread renews the leases
// of running jobs; a scheduler thread runs due schedules.
//
// The outcome of a run is written in one transaction with the kind's `finished`
// hook, and only while this worker still holds the lease: a lost lease is logged
// and the outcome dropped. A handler's error follows RetryPolicy (transient errors
// back off and run again while attempts are left, others fail the job); a handler
// that throws counts as a failed attempt and never ends the process. A job whose
// cancel was requested ends cancelled when its handler returns an error; a job
// interrupted by stop() goes back to pending without using an attempt.
class JobRunner
{
public:
    JobRunner(Database &database, JobQueue &queue, const JobRegistry &registry, const Clock &clock, QString workerId);
    ~JobRunner();
    JobRunner(const JobRunner &) = delete;
    JobRunner &operator=(const JobRunner &) = delete;

    void start(int workers = 2, int pollIntervalMs = 1000);
    // Asks running handlers to stop, waits for them, then stops every thread.
    void stop();
    // Looks for work now instead of at the next poll (thread-safe).
    void wake();

    // Runs due jobs on the calling thread until none is left or `maxJobs` ran;
    // returns how many ran. For tests and for a caller that wants work done now.
    int runDueJobs(int maxJobs = 100);
    // Runs the schedules that are due and free on the calling thread; returns how many ran.
    int runSchedules();
    // Renews the due leases of running jobs now (the lease keeper does it on its
    // own otherwise); returns how many were renewed.
    int renewLeases();

    [[nodiscard]] const QString &workerId() const { return m_workerId; }

private:
    static bool isReady(const JobRegistry::Kind &kind);
    bool runOne(const QString &lockedBy);
    void execute(const JobRegistry::Kind &kind, const Job &job);
    void record(
        const JobRegistry::Kind &kind, const Job &job, const Status &outcome, bool crashed, const JobControl &control);
    bool runSchedule(const JobRegistry::Schedule &schedule);

    Database &m_db;
    JobQueue &m_queue;
    const JobRegistry &m_registry;
    const Clock &m_clock;
    QString m_workerId;
    LeaseKeeper m_keeper;
    ScheduleStore m_schedules;

    std::mutex m_scheduleMutex;
    QSet<QString> m_ensured;
    QHash<QString, QDateTime> m_scheduleNotBefore;

    std::vector<std::unique_ptr<LoopThread>> m_workers;
    std::unique_ptr<LoopThread> m_scheduler;
    std::unique_ptr<LoopThread> m_heartbeat;
    std::atomic<bool> m_stopping {false};
};

} // namespace vami
