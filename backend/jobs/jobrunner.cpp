#include "jobrunner.h"

#include "jobqueue.h"
#include "loopthread.h"
#include "retrypolicy.h"

#include "core/clock.h"
#include "core/ids.h"
#include "core/logging.h"
#include "storage/database.h"

#include <exception>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

constexpr int JobsPerTick = 20;

QString describe(const Error &error)
{
    return error.code() + u": "_s + (error.diagnostic().isEmpty() ? error.message() : error.diagnostic());
}

QString jobName(const Job &job)
{
    return job.kind + u' ' + idText(job.id);
}

} // namespace

JobRunner::JobRunner(
    Database &database, JobQueue &queue, const JobRegistry &registry, const Clock &clock, QString workerId)
    : m_db(database)
    , m_queue(queue)
    , m_registry(registry)
    , m_clock(clock)
    , m_workerId(std::move(workerId))
    , m_keeper(queue, clock)
    , m_schedules(database, clock)
{ }

JobRunner::~JobRunner()
{
    stop();
}

void JobRunner::start(int workers, int pollIntervalMs)
{
    if (!m_workers.empty())
        return;
    m_stopping = false;
    for (int i = 0; i < std::max(1, workers); ++i) {
        const QString lockedBy = m_workerId + u'/' + QString::number(i + 1);
        m_workers.push_back(std::make_unique<LoopThread>(u"vami-jobs-%1"_s.arg(i + 1), [this, lockedBy] {
            int ran = 0;
            while (ran < JobsPerTick && !m_stopping && runOne(lockedBy))
                ++ran;
            return ran == JobsPerTick;
        }));
    }
    m_scheduler = std::make_unique<LoopThread>(u"vami-schedules"_s, [this] {
        if (!m_stopping)
            runSchedules();
        return false;
    });
    m_heartbeat = std::make_unique<LoopThread>(u"vami-leases"_s, [this] {
        renewLeases();
        return false;
    });
    m_heartbeat->start(std::min(1000, pollIntervalMs));
    m_scheduler->start(pollIntervalMs);
    for (auto &worker : m_workers)
        worker->start(pollIntervalMs);
}

void JobRunner::stop()
{
    if (m_workers.empty())
        return;
    m_stopping = true;
    m_keeper.shutdownAll();
    m_workers.clear(); // each waits for its running handler
    m_scheduler.reset();
    m_heartbeat.reset(); // last: leases stay renewed while handlers wind down
    m_stopping = false;
}

void JobRunner::wake()
{
    for (auto &worker : m_workers)
        worker->wake();
}

int JobRunner::runDueJobs(int maxJobs)
{
    int ran = 0;
    while (ran < maxJobs && !m_stopping && runOne(m_workerId + u"/inline"_s))
        ++ran;
    return ran;
}

int JobRunner::renewLeases()
{
    return m_keeper.renewDue();
}

bool JobRunner::isReady(const JobRegistry::Kind &kind)
{
    if (!kind.ready)
        return true;
    try {
        return kind.ready();
    } catch (...) {
        qCWarning(lcJobs).noquote() << "the ready check of" << kind.spec.name << "threw; its jobs wait";
        return false;
    }
}

bool JobRunner::runOne(const QString &lockedBy)
{
    auto due = m_queue.dueKinds();
    if (!due) {
        qCWarning(lcJobs).noquote() << "cannot look for due jobs:" << due.error().message();
        return false;
    }
    for (const QString &name : std::as_const(*due)) {
        const JobRegistry::Kind *kind = m_registry.find(name);
        if (!kind || !isReady(*kind))
            continue;
        auto claimed = m_queue.claim(kind->spec, lockedBy);
        if (!claimed) {
            qCWarning(lcJobs).noquote() << "cannot claim a" << name << "job:" << claimed.error().message();
            continue;
        }
        if (!claimed->has_value())
            continue; // taken by another worker, or held back by a concurrency limit
        execute(*kind, **claimed);
        return true;
    }
    return false;
}

void JobRunner::execute(const JobRegistry::Kind &kind, const Job &job)
{
    auto control = std::make_shared<JobControl>();
    if (m_stopping)
        control->requestShutdown();
    m_keeper.track(job, kind.spec.leaseSeconds, control);
    JobContext context(job, kind.spec, control);
    Status outcome;
    bool crashed = false;
    try {
        outcome = kind.run(context);
    } catch (const std::exception &e) {
        crashed = true;
        outcome = fail(Error::internal(u"the handler threw: "_s + QString::fromLocal8Bit(e.what())));
    } catch (...) {
        crashed = true;
        outcome = fail(Error::internal(u"the handler threw something that is not a std::exception"_s));
    }
    m_keeper.untrack(job.id);
    record(kind, job, outcome, crashed, *control);
}

void JobRunner::record(
    const JobRegistry::Kind &kind, const Job &job, const Status &outcome, bool crashed, const JobControl &control)
{
    JobOutcome result = JobOutcome::Done;
    Error error;
    QString text;
    QDateTime retryAt;
    int delay = 0;
    if (!outcome) {
        error = outcome.error();
        text = describe(error);
        if (control.cancelRequested()) {
            result = JobOutcome::Cancelled;
        } else if (control.shuttingDown()) {
            result = JobOutcome::Released;
        } else {
            const RetryPolicy::Decision decision = crashed ? RetryPolicy::afterCrash(job.attempts, job.maxAttempts)
                                                           : RetryPolicy::decide(error, job.attempts, job.maxAttempts);
            result = decision.retry ? JobOutcome::Retry : JobOutcome::Failed;
            delay = decision.delaySeconds;
            retryAt = m_clock.now().addSecs(delay);
        }
    }

    bool held = false;
    const Status written = m_db.transaction([&]() -> Status {
        Result<bool> w = false;
        switch (result) {
        case JobOutcome::Done:
            w = m_queue.complete(job);
            break;
        case JobOutcome::Retry:
            w = m_queue.retryAt(job, text, retryAt);
            break;
        case JobOutcome::Failed:
            w = m_queue.failPermanently(job, text);
            break;
        case JobOutcome::Cancelled:
            w = m_queue.markCancelled(job, u"cancelled; "_s + text);
            break;
        case JobOutcome::Released:
            w = m_queue.release(job);
            break;
        }
        if (!w)
            return fail(w.error());
        held = *w;
        if (!held || !kind.finished)
            return {};
        try {
            return kind.finished(job, result, error);
        } catch (const std::exception &e) {
            return fail(Error::internal(u"the finished hook threw: "_s + QString::fromLocal8Bit(e.what())));
        } catch (...) {
            return fail(Error::internal(u"the finished hook threw something that is not a std::exception"_s));
        }
    });
    if (!written) {
        qCWarning(lcJobs).noquote() << "cannot record the outcome of" << jobName(job) << ':'
                                    << written.error().message() << written.error().diagnostic();
        return;
    }
    if (!held) {
        qCWarning(lcJobs).noquote() << jobName(job) << "attempt" << job.attempts
                                    << "finished after its lease was lost; the outcome is dropped";
        return;
    }
    switch (result) {
    case JobOutcome::Done:
        qCDebug(lcJobs).noquote() << jobName(job) << "done";
        break;
    case JobOutcome::Retry:
        qCInfo(lcJobs).noquote() << jobName(job) << "attempt" << job.attempts << "failed, retrying in" << delay
                                 << "s:" << text;
        break;
    case JobOutcome::Failed:
        qCWarning(lcJobs).noquote() << jobName(job) << "failed after" << job.attempts << "attempt(s):" << text;
        break;
    case JobOutcome::Cancelled:
        qCInfo(lcJobs).noquote() << jobName(job) << "cancelled";
        break;
    case JobOutcome::Released:
        qCInfo(lcJobs).noquote() << jobName(job) << "released for a later run";
        break;
    }
}

int JobRunner::runSchedules()
{
    int ran = 0;
    for (const JobRegistry::Schedule &schedule : m_registry.schedules()) {
        if (m_stopping)
            break;
        if (runSchedule(schedule))
            ++ran;
    }
    return ran;
}

bool JobRunner::runSchedule(const JobRegistry::Schedule &schedule)
{
    const QString &name = schedule.spec.name;
    const QDateTime now = m_clock.now();
    {
        std::lock_guard lock(m_scheduleMutex);
        const QDateTime notBefore = m_scheduleNotBefore.value(name);
        if (notBefore.isValid() && now < notBefore)
            return false;
    }
    auto later = [&](const QDateTime &at) {
        std::lock_guard lock(m_scheduleMutex);
        m_scheduleNotBefore.insert(name, at);
    };
    bool ensured = false;
    {
        std::lock_guard lock(m_scheduleMutex);
        ensured = m_ensured.contains(name);
    }
    if (!ensured) {
        if (Status created = m_schedules.ensure(name); !created) {
            qCWarning(lcJobs).noquote() << "cannot set up schedule" << name << ':' << created.error().message();
            later(now.addSecs(5));
            return false;
        }
        std::lock_guard lock(m_scheduleMutex);
        m_ensured.insert(name);
    }
    const QString holder = m_workerId + u"/schedules"_s;
    auto acquired = m_schedules.acquire(name, holder, schedule.spec.leaseSeconds);
    if (!acquired) {
        qCWarning(lcJobs).noquote() << "cannot acquire schedule" << name << ':' << acquired.error().message();
        later(now.addSecs(5));
        return false;
    }
    if (!*acquired) {
        // Not due, or another process runs it now: come back when it may be due.
        auto state = m_schedules.state(name);
        QDateTime next = now.addSecs(5);
        if (state && state->has_value())
            next = std::max((*state)->nextRunAt, (*state)->lockedUntil.isValid() ? now.addSecs(5) : now);
        later(next);
        return false;
    }

    Status done;
    try {
        done = schedule.task();
    } catch (const std::exception &e) {
        done = fail(Error::internal(u"the task threw: "_s + QString::fromLocal8Bit(e.what())));
    } catch (...) {
        done = fail(Error::internal(u"the task threw something that is not a std::exception"_s));
    }
    if (!done)
        qCWarning(lcJobs).noquote() << "schedule" << name << "failed:" << describe(done.error());
    auto finished
        = m_schedules.finish(name, holder, schedule.spec.intervalSeconds, done ? QString() : describe(done.error()));
    if (!finished)
        qCWarning(lcJobs).noquote() << "cannot finish schedule" << name << ':' << finished.error().message();
    later(m_clock.now().addSecs(schedule.spec.intervalSeconds));
    return true;
}

} // namespace vami
