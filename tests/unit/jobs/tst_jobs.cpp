// The job platform on a real database (SQLite and PostgreSQL): the queue's claims,
// leases and limits, the runner's outcomes and retry policy, heartbeats, cancel,
// de-duplication, typed payloads, the system actor, worker threads with an event
// loop, and schedules that one instance at a time runs. Time is a manual clock:
// leases run out and retries fall due when the test moves it.

#include "testbackend.h"

#include "auth/authorizer.h"
#include "auth/authservice.h"
#include "core/ids.h"
#include "jobs/jobqueue.h"
#include "jobs/jobregistry.h"
#include "jobs/jobrunner.h"
#include "jobs/retrypolicy.h"
#include "jobs/schedulestore.h"
#include "storage/database.h"
#include "storage/sqlvalue.h"

#include <QAbstractEventDispatcher>
#include <QEventLoop>
#include <QTimer>
#include <QtConcurrent>
#include <QtTest>

#include <atomic>
#include <functional>
#include <semaphore>
#include <stdexcept>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

namespace {

struct Echo
{
    int n = 0;
    static constexpr auto payloadFields() { return std::tuple {payloadField("n", &Echo::n)}; }
};

struct Everything
{
    QString text;
    QUuid id;
    bool flag = false;
    int small = 0;
    qint64 large = 0;
    double ratio = 0;
    QDateTime at;
    QStringList names;
    QJsonObject extra;
    std::optional<QString> maybe;
    std::optional<int> absent;

    static constexpr auto payloadFields()
    {
        return std::tuple {payloadField("text", &Everything::text), payloadField("id", &Everything::id),
            payloadField("flag", &Everything::flag), payloadField("small", &Everything::small),
            payloadField("large", &Everything::large), payloadField("ratio", &Everything::ratio),
            payloadField("at", &Everything::at), payloadField("names", &Everything::names),
            payloadField("extra", &Everything::extra), payloadField("maybe", &Everything::maybe),
            payloadField("absent", &Everything::absent)};
    }
};

JobKind<Echo> echoKind(const QString &name, int leaseSeconds = 60, int maxAttempts = 8)
{
    JobKindSpec spec;
    spec.name = name;
    spec.leaseSeconds = leaseSeconds;
    spec.maxAttempts = maxAttempts;
    return JobKind<Echo>(spec);
}

bool waitFor(const std::function<bool()> &condition, int timeoutMs = 15000)
{
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QTest::qWait(10);
    }
    return true;
}

} // namespace

class tst_Jobs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void enqueueClaimComplete();
    void onlyDueJobsOfKnownKindsAreClaimed();
    void expiredLeasesAreRecovered();
    void concurrentWorkersNeverRunAJobTwice();
    void runnerRetriesTransientFailuresAndStopsOnPermanentOnes();
    void kindsThatAreNotReadyWait();
    void enqueueFollowsTheCallersTransaction();
    void typedPayloadsRoundTripAndBadOnesFail();
    void outcomesNeedTheLease();
    void runnerDropsTheOutcomeOfALostLease();
    void heartbeatsKeepALongJobsLease();
    void theLeaseKeeperRenewsOnItsOwn();
    void aJobThatCrashesEveryTimeEndsFailed();
    void claimsSkipJobsWithoutAttemptsLeft();
    void aThrowingHandlerIsAFailedAttempt();
    void aThrowingFinishedHookRecordsNothing();
    void oneRetryPolicy();
    void deduplicationKeysAreUniqueAmongUnfinishedJobs();
    void cancellingAPendingJob();
    void cancellingARunningJobReachesItsHandler();
    void concurrencyPerKindAndPerOrganization();
    void theSystemActorHasTheKindsPermissions();
    void workerThreadsRunAnEventLoop();
    void stoppingReleasesAnInterruptedJob();
    void schedulesRunInOneInstanceAtATime();
    void failingSchedulesRunAgainNextInterval();

private:
    JobQueue &queue() { return m_backend->backend().jobs(); }
    Database &db() { return m_backend->backend().database(); }
    ManualClock &clock() { return m_backend->clock(); }
    JobRecord record(const QUuid &id);
    QUuid newOrganization(const QString &email);
    std::unique_ptr<JobRunner> runner(const JobRegistry &registry, const QString &workerId = u"runner"_s);

    std::unique_ptr<TestBackend> m_backend;
};

void tst_Jobs::init()
{
    TestBackend::Options options;
    options.manualClock = true;
    m_backend = std::make_unique<TestBackend>(options);
    QVERIFY2(m_backend->isValid(), qPrintable(m_backend->error()));
}

void tst_Jobs::cleanup()
{
    m_backend.reset();
}

JobRecord tst_Jobs::record(const QUuid &id)
{
    auto found = queue().find(id);
    if (!found || !found->has_value())
        return {};
    return **found;
}

QUuid tst_Jobs::newOrganization(const QString &email)
{
    RegisterInput input;
    input.email = email;
    input.password = u"Background-Work42!"_s;
    input.companyName = email.section(u'@', 1);
    auto signedIn = m_backend->backend().service<AuthService>().registerAccount(input, ClientInfo {u"192.0.2.1"_s, {}, {}});
    return signedIn ? signedIn->organization.id : QUuid();
}

std::unique_ptr<JobRunner> tst_Jobs::runner(const JobRegistry &registry, const QString &workerId)
{
    return std::make_unique<JobRunner>(db(), queue(), registry, clock(), workerId);
}

void tst_Jobs::enqueueClaimComplete()
{
    const auto kind = echoKind(u"test.echo"_s);
    auto id = queue().enqueue(kind, Echo {7});
    QVERIFY(id);
    auto claimed = queue().claim(kind.spec(), u"w1"_s);
    QVERIFY(claimed && claimed->has_value());
    const Job job = **claimed;
    QCOMPARE(job.id, *id);
    QCOMPARE(decodePayload<Echo>(job.payload)->n, 7);
    QCOMPARE(job.attempts, 1);
    QCOMPARE(job.lockedBy, u"w1"_s);
    QVERIFY(!(*queue().claim(kind.spec(), u"w2"_s)).has_value());
    QCOMPARE(*queue().complete(job), true);
    QCOMPARE(*queue().countWithStatus(JobStatus::Done), 1);
    QCOMPARE(*queue().countWithStatus(JobStatus::Pending), 0);
    QCOMPARE(record(job.id).status, JobStatus::Done);
}

void tst_Jobs::onlyDueJobsOfKnownKindsAreClaimed()
{
    const auto later = echoKind(u"test.later"_s);
    const auto other = echoKind(u"test.other"_s);
    EnqueueOptions options;
    options.runAt = clock().now().addSecs(300);
    QVERIFY(queue().enqueue(later, Echo {}, options));
    QVERIFY(queue().enqueue(other, Echo {}));
    QCOMPARE(*queue().dueKinds(), QStringList {u"test.other"_s});
    QVERIFY(!(*queue().claim(later.spec(), u"w"_s)).has_value());
    clock().advanceSeconds(301);
    QCOMPARE(queue().dueKinds()->size(), 2);
    QVERIFY((*queue().claim(later.spec(), u"w"_s)).has_value());
    QVERIFY(!(*queue().claim(later.spec(), u"w"_s)).has_value());
    QVERIFY((*queue().claim(other.spec(), u"w"_s)).has_value());
    QVERIFY(queue().dueKinds()->isEmpty());
}

void tst_Jobs::expiredLeasesAreRecovered()
{
    const auto kind = echoKind(u"test.crash"_s, 30);
    QVERIFY(queue().enqueue(kind, Echo {}));
    auto first = queue().claim(kind.spec(), u"crashed-worker"_s);
    QVERIFY(first && first->has_value());
    QCOMPARE(*queue().recoverExpiredLeases(), 0);
    clock().advanceSeconds(31);
    QCOMPARE(*queue().recoverExpiredLeases(), 1);
    QVERIFY(record((*first)->id).lastError.startsWith(u"jobs.lease_expired"_s));
    auto second = queue().claim(kind.spec(), u"healthy-worker"_s);
    QVERIFY(second && second->has_value());
    QCOMPARE((*second)->attempts, 2);
}

void tst_Jobs::concurrentWorkersNeverRunAJobTwice()
{
    constexpr int Jobs = 60;
    const auto kind = echoKind(u"test.parallel"_s);
    for (int i = 0; i < Jobs; ++i)
        QVERIFY(queue().enqueue(kind, Echo {i}));
    QThreadPool pool;
    pool.setMaxThreadCount(3);
    QMutex mutex;
    QList<int> seen;
    QList<QFuture<void>> workers;
    for (int w = 0; w < 3; ++w) {
        workers.append(QtConcurrent::run(&pool, [&, w] {
            for (;;) {
                auto claimed = queue().claim(kind.spec(), u"worker-%1"_s.arg(w));
                if (!claimed) {
                    QThread::msleep(5); // busy database: try again
                    continue;
                }
                if (!claimed->has_value())
                    return;
                {
                    QMutexLocker locker(&mutex);
                    seen.append(decodePayload<Echo>((*claimed)->payload)->n);
                }
                while (!queue().complete(**claimed))
                    QThread::msleep(5);
            }
        }));
    }
    for (auto &f : workers)
        f.waitForFinished();
    std::sort(seen.begin(), seen.end());
    QCOMPARE(seen.size(), Jobs);
    for (int i = 0; i < Jobs; ++i)
        QCOMPARE(seen[i], i);
}

void tst_Jobs::runnerRetriesTransientFailuresAndStopsOnPermanentOnes()
{
    JobRegistry registry;
    const auto flaky = echoKind(u"test.flaky"_s);
    const auto broken = echoKind(u"test.broken"_s);
    int flakyCalls = 0;
    int brokenCalls = 0;
    registry.add<Echo>(flaky, [&](JobContext &, const Echo &) -> Status {
        if (++flakyCalls < 3)
            return fail(Error::unavailable(u"test.down"_s, "down"));
        return {};
    });
    registry.add<Echo>(broken, [&](JobContext &, const Echo &) -> Status {
        ++brokenCalls;
        return fail(Error::internal(u"defect"_s));
    });
    auto r = runner(registry);
    QVERIFY(queue().enqueue(flaky, Echo {}));
    QVERIFY(queue().enqueue(broken, Echo {}));
    QCOMPARE(r->runDueJobs(), 2);
    QCOMPARE(flakyCalls, 1);
    QCOMPARE(brokenCalls, 1);
    QCOMPARE(*queue().countWithStatus(JobStatus::Failed, u"test.broken"_s), 1);
    // The retry waits for its backoff.
    QCOMPARE(r->runDueJobs(), 0);
    clock().advanceSeconds(20);
    QCOMPARE(r->runDueJobs(), 1);
    QCOMPARE(flakyCalls, 2);
    clock().advanceSeconds(40);
    QCOMPARE(r->runDueJobs(), 1);
    QCOMPARE(flakyCalls, 3);
    QCOMPARE(*queue().countWithStatus(JobStatus::Done, u"test.flaky"_s), 1);
    QCOMPARE(brokenCalls, 1);
}

void tst_Jobs::kindsThatAreNotReadyWait()
{
    JobRegistry registry;
    const auto gated = echoKind(u"test.gated"_s);
    std::atomic<bool> ready = false;
    int calls = 0;
    registry.add<Echo>(
        gated,
        [&](JobContext &, const Echo &) -> Status {
            ++calls;
            return {};
        },
        [&] { return ready.load(); });
    auto r = runner(registry);
    QVERIFY(queue().enqueue(gated, Echo {}));
    QCOMPARE(r->runDueJobs(), 0);
    QCOMPARE(*queue().countWithStatus(JobStatus::Pending), 1);
    ready = true;
    QCOMPARE(r->runDueJobs(), 1);
    QCOMPARE(calls, 1);
}

void tst_Jobs::enqueueFollowsTheCallersTransaction()
{
    Status rolledBack = db().transaction([&]() -> Status {
        if (auto id = queue().enqueue(echoKind(u"test.tx"_s), Echo {}); !id)
            return fail(id.error());
        return fail(Error::rejected(u"test.abort"_s, "abort"));
    });
    QVERIFY(!rolledBack);
    QCOMPARE(*queue().countWithStatus(JobStatus::Pending), 0);
}

void tst_Jobs::typedPayloadsRoundTripAndBadOnesFail()
{
    Everything all;
    all.text = u"Grüße"_s;
    all.id = newId();
    all.flag = true;
    all.small = -42;
    all.large = 9007199254740991LL;
    all.ratio = 0.25;
    all.at = clock().now().addMSecs(123);
    all.names = {u"a"_s, u"b"_s};
    all.extra = {{u"k"_s, 1}};
    all.maybe = u"present"_s;
    const QJsonObject json = encodePayload(all);
    QVERIFY(json.value(u"absent"_s).isNull());
    auto back = decodePayload<Everything>(json);
    QVERIFY(back);
    QCOMPARE(back->text, all.text);
    QCOMPARE(back->id, all.id);
    QCOMPARE(back->flag, true);
    QCOMPARE(back->small, -42);
    QCOMPARE(back->large, all.large);
    QCOMPARE(back->ratio, 0.25);
    QCOMPARE(back->at, all.at);
    QCOMPARE(back->names, all.names);
    QCOMPARE(back->extra, all.extra);
    QCOMPARE(back->maybe, std::optional<QString>(u"present"_s));
    QVERIFY(!back->absent.has_value());

    // Strict: a missing or mistyped field is an error, an optional one may be absent.
    QVERIFY(!decodePayload<Echo>(QJsonObject {}));
    QVERIFY(!decodePayload<Echo>(QJsonObject {{u"n"_s, u"7"_s}}));
    QVERIFY(!decodePayload<Echo>(QJsonObject {{u"n"_s, 1.5}}));
    QJsonObject withoutOptional = json;
    withoutOptional.remove(u"maybe"_s);
    QVERIFY(decodePayload<Everything>(withoutOptional));
    QJsonObject badId = json;
    badId.insert(u"id"_s, u"not-a-uuid"_s);
    QVERIFY(!decodePayload<Everything>(badId));

    // A job whose stored payload does not decode fails without reaching its handler.
    JobRegistry registry;
    const auto kind = echoKind(u"test.typed"_s);
    int calls = 0;
    registry.add<Echo>(kind, [&](JobContext &, const Echo &) -> Status {
        ++calls;
        return {};
    });
    auto bad = queue().enqueueEncoded(kind.spec(), {{u"n"_s, u"seven"_s}}, {});
    QVERIFY(bad);
    QCOMPARE(runner(registry)->runDueJobs(), 1);
    QCOMPARE(calls, 0);
    QCOMPARE(record(*bad).status, JobStatus::Failed);
    QVERIFY2(record(*bad).lastError.contains(u"\"n\""_s), qPrintable(record(*bad).lastError));
}

void tst_Jobs::outcomesNeedTheLease()
{
    const auto kind = echoKind(u"test.lease"_s, 30);
    auto id = queue().enqueue(kind, Echo {});
    QVERIFY(id);
    const Job first = **queue().claim(kind.spec(), u"worker-a"_s);

    // The lease ran out: nothing worker A writes counts any more, even before anyone recovers it.
    clock().advanceSeconds(31);
    QCOMPARE(*queue().complete(first), false);
    QCOMPARE(*queue().renew(first, 30), LeaseState::Lost);
    QCOMPARE(record(*id).status, JobStatus::Running);

    // Recovered and claimed by worker B: A still writes nothing, B does.
    QCOMPARE(*queue().recoverExpiredLeases(), 1);
    const Job second = **queue().claim(kind.spec(), u"worker-b"_s);
    QCOMPARE(*queue().complete(first), false);
    QCOMPARE(*queue().retryAt(first, u"late"_s, clock().now()), false);
    QCOMPARE(*queue().failPermanently(first, u"late"_s), false);
    QCOMPARE(*queue().markCancelled(first, u"late"_s), false);
    QCOMPARE(*queue().release(first), false);
    QCOMPARE(record(*id).status, JobStatus::Running);
    QCOMPARE(record(*id).job.lockedBy, u"worker-b"_s);

    // The same worker name with an older attempt is not the same claim either.
    Job stale = second;
    stale.attempts = first.attempts;
    QCOMPARE(*queue().complete(stale), false);
    QCOMPARE(*queue().renew(second, 30), LeaseState::Held);
    QCOMPARE(*queue().complete(second), true);
    QCOMPARE(record(*id).status, JobStatus::Done);
}

void tst_Jobs::runnerDropsTheOutcomeOfALostLease()
{
    JobRegistry registry;
    const auto kind = echoKind(u"test.slow"_s, 60);
    int calls = 0;
    std::optional<Job> taken;
    registry.add<Echo>(kind, [&](JobContext &context, const Echo &echo) -> Status {
        ++calls;
        // The worker stalls past its lease; another instance recovers and takes the job.
        clock().advanceSeconds(61);
        if (*queue().recoverExpiredLeases() != 1)
            return fail(Error::internal(u"not recovered"_s));
        auto other = queue().claim(kind.spec(), u"other-instance"_s);
        if (!other || !other->has_value() || (*other)->id != context.jobId())
            return fail(Error::internal(u"not taken over"_s));
        taken = **other;
        return echo.n == 0 ? Status() : fail(Error::unavailable(u"test.down"_s, "down"));
    });
    auto id = queue().enqueue(kind, Echo {0});
    QVERIFY(id);
    QCOMPARE(runner(registry)->runDueJobs(), 1);
    QCOMPARE(calls, 1);
    // The stalled worker's "done" was dropped: the job is the other instance's.
    JobRecord now = record(*id);
    QCOMPARE(now.status, JobStatus::Running);
    QCOMPARE(now.job.lockedBy, u"other-instance"_s);
    QCOMPARE(now.job.attempts, 2);
    QVERIFY(taken);
    QCOMPARE(*queue().complete(*taken), true);

    // The same for a failure: no retry is scheduled behind the new owner's back.
    auto failing = queue().enqueue(kind, Echo {1});
    QVERIFY(failing);
    QCOMPARE(runner(registry)->runDueJobs(), 1);
    now = record(*failing);
    QCOMPARE(now.status, JobStatus::Running);
    QCOMPARE(now.job.lockedBy, u"other-instance"_s);
    QVERIFY(now.lastError.startsWith(u"jobs.lease_expired"_s));
}

void tst_Jobs::heartbeatsKeepALongJobsLease()
{
    JobRegistry registry;
    const auto kind = echoKind(u"test.long"_s, 60);
    std::unique_ptr<JobRunner> r = runner(registry);
    int renewed = 0;
    int recovered = -1;
    registry.add<Echo>(kind, [&](JobContext &, const Echo &) -> Status {
        // Three quarters of a lease at a time, three times: far beyond one lease.
        for (int i = 0; i < 3; ++i) {
            clock().advanceSeconds(45);
            renewed += r->renewLeases();
        }
        recovered = *queue().recoverExpiredLeases();
        return {};
    });
    auto id = queue().enqueue(kind, Echo {});
    QVERIFY(id);
    QCOMPARE(r->runDueJobs(), 1);
    QCOMPARE(renewed, 3);
    QCOMPARE(recovered, 0);
    QCOMPARE(record(*id).status, JobStatus::Done);
    QCOMPARE(record(*id).job.attempts, 1);
}

void tst_Jobs::theLeaseKeeperRenewsOnItsOwn()
{
    JobRegistry registry;
    const auto kind = echoKind(u"test.held"_s, 30);
    std::binary_semaphore started(0);
    std::binary_semaphore release(0);
    registry.add<Echo>(kind, [&](JobContext &, const Echo &) -> Status {
        started.release();
        release.acquire();
        return {};
    });
    auto id = queue().enqueue(kind, Echo {});
    QVERIFY(id);
    auto r = runner(registry);
    r->start(1, 50);
    QVERIFY(started.try_acquire_for(std::chrono::seconds(15)));
    const QDateTime firstLease = record(*id).lockedUntil;
    clock().advanceSeconds(20); // past a third of the lease: the keeper thread renews it
    QVERIFY(waitFor([&] { return record(*id).lockedUntil > firstLease; }));
    clock().advanceSeconds(20); // beyond the first lease
    QCOMPARE(*queue().recoverExpiredLeases(), 0);
    release.release();
    QVERIFY(waitFor([&] { return record(*id).status == JobStatus::Done; }));
    r->stop();
}

void tst_Jobs::aJobThatCrashesEveryTimeEndsFailed()
{
    const auto kind = echoKind(u"test.poison"_s, 30, 3);
    auto id = queue().enqueue(kind, Echo {});
    QVERIFY(id);
    int claims = 0;
    // Each claim "kills the process": nothing is ever recorded, the lease just runs out.
    for (int round = 0; round < 10; ++round) {
        auto claimed = queue().claim(kind.spec(), u"doomed-%1"_s.arg(round));
        QVERIFY(claimed);
        if (claimed->has_value())
            ++claims;
        clock().advanceSeconds(31);
        QVERIFY(queue().recoverExpiredLeases());
    }
    QCOMPARE(claims, 3);
    const JobRecord last = record(*id);
    QCOMPARE(last.status, JobStatus::Failed);
    QCOMPARE(last.job.attempts, 3);
    QVERIFY(last.lastError.contains(u"attempts are used up"_s));
    QVERIFY(last.finishedAt.isValid());
    QVERIFY(queue().dueKinds()->isEmpty());
}

void tst_Jobs::claimsSkipJobsWithoutAttemptsLeft()
{
    const auto kind = echoKind(u"test.spent"_s, 30, 2);
    auto id = queue().enqueue(kind, Echo {});
    QVERIFY(id);
    QVERIFY(db().exec(u"UPDATE jobs SET attempts = 2 WHERE id = ?"_s, {sqlId(*id)}));
    QVERIFY(queue().dueKinds()->isEmpty());
    QVERIFY(!(*queue().claim(kind.spec(), u"w"_s)).has_value());
}

void tst_Jobs::aThrowingHandlerIsAFailedAttempt()
{
    JobRegistry registry;
    const auto kind = echoKind(u"test.throws"_s, 60, 2);
    int calls = 0;
    registry.add<Echo>(kind, [&](JobContext &, const Echo &echo) -> Status {
        ++calls;
        if (echo.n == 1)
            throw 42;
        throw std::runtime_error("handler bug");
    });
    auto r = runner(registry);
    auto id = queue().enqueue(kind, Echo {0});
    QVERIFY(id);
    QCOMPARE(r->runDueJobs(), 1); // the process is still here
    JobRecord now = record(*id);
    QCOMPARE(now.status, JobStatus::Pending);
    QCOMPARE(now.job.attempts, 1);
    QVERIFY2(now.lastError.contains(u"handler bug"_s), qPrintable(now.lastError));
    clock().advanceSeconds(3600);
    QCOMPARE(r->runDueJobs(), 1);
    now = record(*id);
    QCOMPARE(now.status, JobStatus::Failed);
    QCOMPARE(now.job.attempts, 2);

    auto other = queue().enqueue(kind, Echo {1});
    QVERIFY(other);
    QCOMPARE(r->runDueJobs(), 1);
    QVERIFY(record(*other).lastError.contains(u"not a std::exception"_s));
    QCOMPARE(calls, 3);
}

void tst_Jobs::aThrowingFinishedHookRecordsNothing()
{
    JobRegistry registry;
    const auto kind = echoKind(u"test.hook"_s, 30);
    registry.add<Echo>(
        kind, [](JobContext &, const Echo &) -> Status { return {}; }, {},
        [](const Job &, JobOutcome, const Error &) -> Status { throw std::runtime_error("hook bug"); });
    auto id = queue().enqueue(kind, Echo {});
    QVERIFY(id);
    QCOMPARE(runner(registry)->runDueJobs(), 1);
    // The outcome and the hook are one transaction: neither happened, the lease decides.
    QCOMPARE(record(*id).status, JobStatus::Running);
    // ... and the database is not left inside a transaction (SQLite's writer lock is free).
    QVERIFY(queue().enqueue(echoKind(u"test.after"_s), Echo {}));
    clock().advanceSeconds(31);
    QCOMPARE(*queue().recoverExpiredLeases(), 1);
    QCOMPARE(record(*id).status, JobStatus::Pending);
}

void tst_Jobs::oneRetryPolicy()
{
    const Error limited = Error::rateLimited(u"net.rate_limited"_s, "slow down", 120);
    RetryPolicy::Decision d = RetryPolicy::decide(limited, 1, 8);
    QVERIFY(d.retry);
    QVERIFY(d.delaySeconds >= 120);
    d = RetryPolicy::decide(Error::unavailable(u"mail.deferred"_s, "later"), 1, 8);
    QVERIFY(d.retry);
    QVERIFY(d.delaySeconds >= 13 && d.delaySeconds <= 17);
    QVERIFY(!RetryPolicy::decide(Error::unavailable(u"mail.deferred"_s, "later"), 8, 8).retry);
    QVERIFY(!RetryPolicy::decide(Error::rejected(u"mail.rejected"_s, "no"), 1, 8).retry);
    QVERIFY(!RetryPolicy::decide(Error::internal(u"bug"_s), 1, 8).retry);
    QVERIFY(RetryPolicy::afterCrash(1, 2).retry);
    QVERIFY(!RetryPolicy::afterCrash(2, 2).retry);
    for (int attempts = 1; attempts < 20; ++attempts) {
        const int s = RetryPolicy::backoffSeconds(attempts);
        QVERIFY(s >= 13 && s <= 3960);
    }
    QVERIFY(RetryPolicy::backoffSeconds(20) >= 3240);
}

void tst_Jobs::deduplicationKeysAreUniqueAmongUnfinishedJobs()
{
    const auto kind = echoKind(u"test.dedup"_s);
    EnqueueOptions options;
    options.dedupKey = u"invitation-1"_s;
    auto first = queue().enqueue(kind, Echo {1}, options);
    auto again = queue().enqueue(kind, Echo {2}, options);
    QVERIFY(first && again);
    QCOMPARE(*again, *first);
    QCOMPARE(*queue().countWithStatus(JobStatus::Pending, kind.name()), 1);
    QCOMPARE(decodePayload<Echo>(record(*first).job.payload)->n, 1);

    // The database itself refuses a second unfinished row with the key.
    auto direct = db().exec(u"INSERT INTO jobs (id, kind, payload, status, attempts, max_attempts, run_at, "
                            "created_at, updated_at, dedup_key) VALUES (?, ?, '{}', 'pending', 0, 8, ?, ?, ?, ?)"_s,
        {sqlId(newId()), kind.name(), sqlInstant(clock().now()), sqlInstant(clock().now()), sqlInstant(clock().now()),
            options.dedupKey});
    QVERIFY(!direct);

    // Other kinds have their own keys; a finished job frees its key.
    QVERIFY(*queue().enqueue(echoKind(u"test.other"_s), Echo {}, options) != *first);
    const Job running = **queue().claim(kind.spec(), u"w"_s);
    QCOMPARE(*queue().enqueue(kind, Echo {3}, options), *first); // running counts as unfinished
    QVERIFY(*queue().complete(running));
    auto next = queue().enqueue(kind, Echo {4}, options);
    QVERIFY(next);
    QVERIFY(*next != *first);
}

void tst_Jobs::cancellingAPendingJob()
{
    const auto kind = echoKind(u"test.cancel"_s);
    auto id = queue().enqueue(kind, Echo {});
    QVERIFY(id);
    QCOMPARE(*queue().cancel(*id), JobCancel::Cancelled);
    QCOMPARE(record(*id).status, JobStatus::Cancelled);
    QVERIFY(!(*queue().claim(kind.spec(), u"w"_s)).has_value());
    QCOMPARE(*queue().cancel(*id), JobCancel::Inactive);
    QCOMPARE(*queue().cancel(newId()), JobCancel::Inactive);

    EnqueueOptions options;
    options.dedupKey = u"k"_s;
    auto keyed = queue().enqueue(kind, Echo {}, options);
    QVERIFY(keyed);
    QCOMPARE(*queue().cancelByKey(kind.name(), u"k"_s), JobCancel::Cancelled);
    QCOMPARE(record(*keyed).status, JobStatus::Cancelled);
    QCOMPARE(*queue().purgeFinished(clock().now().addSecs(1)), 2);
}

void tst_Jobs::cancellingARunningJobReachesItsHandler()
{
    JobRegistry registry;
    const auto kind = echoKind(u"test.cancel_running"_s, 30);
    std::unique_ptr<JobRunner> r = runner(registry);
    bool sawCancel = false;
    bool sawStop = false;
    registry.add<Echo>(kind, [&](JobContext &context, const Echo &) -> Status {
        if (*queue().cancel(context.jobId()) != JobCancel::Requested)
            return fail(Error::internal(u"not requested"_s));
        clock().advanceSeconds(11); // the next heartbeat brings the news
        r->renewLeases();
        sawCancel = context.cancelRequested();
        sawStop = context.stopToken().stop_requested();
        return fail(Error::unavailable(u"test.stopped"_s, "stopped early"));
    });
    auto id = queue().enqueue(kind, Echo {});
    QVERIFY(id);
    QCOMPARE(r->runDueJobs(), 1);
    QVERIFY(sawCancel);
    QVERIFY(sawStop);
    QCOMPARE(record(*id).status, JobStatus::Cancelled); // not retried although the error is transient

    // A cancel requested while the worker dies: recovery ends the job cancelled.
    auto orphan = queue().enqueue(kind, Echo {});
    QVERIFY(orphan);
    QVERIFY((*queue().claim(kind.spec(), u"dying"_s)).has_value());
    QCOMPARE(*queue().cancel(*orphan), JobCancel::Requested);
    clock().advanceSeconds(31);
    QCOMPARE(*queue().recoverExpiredLeases(), 1);
    QCOMPARE(record(*orphan).status, JobStatus::Cancelled);
}

void tst_Jobs::concurrencyPerKindAndPerOrganization()
{
    const QUuid a = newOrganization(u"owner@a.test"_s);
    const QUuid b = newOrganization(u"owner@b.test"_s);
    const QUuid c = newOrganization(u"owner@c.test"_s);
    QVERIFY(!a.isNull() && !b.isNull() && !c.isNull());
    const JobKind<Echo> kind({.name = u"test.dial"_s, .concurrency = 2, .perOrganization = 1});
    const JobKindSpec &spec = kind.spec();
    auto enqueue = [&](const QUuid &org, int n) {
        auto id = queue().enqueue(kind, Echo {n}, {.organizationId = org});
        clock().advanceMs(1); // a defined order
        return id.value_or(QUuid());
    };
    enqueue(a, 1);
    enqueue(a, 2);
    enqueue(b, 3);
    enqueue(b, 4);
    enqueue(c, 5);
    QList<Job> running;
    auto take = [&]() -> int {
        auto claimed = queue().claim(spec, u"w"_s);
        if (!claimed || !claimed->has_value())
            return 0;
        running.append(**claimed);
        return decodePayload<Echo>((*claimed)->payload)->n;
    };
    QCOMPARE(take(), 1);
    QCOMPARE(take(), 3); // a's second waits for a's first
    QCOMPARE(take(), 0); // two running: the kind's limit
    QVERIFY(*queue().complete(running.first()));
    QCOMPARE(take(), 2); // the oldest allowed: a's second
    QCOMPARE(take(), 0);
    QVERIFY(*queue().complete(running.at(1)));
    QCOMPARE(take(), 4); // b's first is done, so b's second goes before c's
    QCOMPARE(take(), 0);
}

void tst_Jobs::theSystemActorHasTheKindsPermissions()
{
    const QUuid org = newOrganization(u"owner@system.test"_s);
    JobKindSpec spec;
    spec.name = u"test.system"_s;
    spec.permissions = {Permission::ManageTeam};
    const JobKind<Echo> kind(spec);
    JobRegistry registry;
    Actor seen;
    Status manage;
    Status billing;
    QUuid jobId;
    registry.add<Echo>(kind, [&](JobContext &context, const Echo &) -> Status {
        seen = context.actor();
        jobId = context.jobId();
        manage = authorize(context.actor(), Permission::ManageTeam);
        billing = authorize(context.actor(), Permission::ManageBilling);
        return {};
    });
    EnqueueOptions options;
    options.organizationId = org;
    QVERIFY(queue().enqueue(kind, Echo {}, options));
    QCOMPARE(runner(registry)->runDueJobs(), 1);
    QVERIFY(seen.isSystem());
    QVERIFY(!seen.isApiKey());
    QCOMPARE(seen.organizationId, org);
    QVERIFY(seen.userId.isNull());
    QCOMPARE(seen.requestId, u"job:"_s + idText(jobId));
    QVERIFY(manage);
    QVERIFY(!billing);
    QCOMPARE(billing.error().kind(), ErrorKind::Forbidden);
}

void tst_Jobs::workerThreadsRunAnEventLoop()
{
    JobRegistry registry;
    const auto kind = echoKind(u"test.qt"_s);
    std::atomic<bool> timerFired = false;
    std::atomic<bool> offMainThread = false;
    std::atomic<int> loopLevel = 0;
    registry.add<Echo>(kind, [&](JobContext &, const Echo &) -> Status {
        offMainThread = QThread::currentThread() != qApp->thread();
        loopLevel = QThread::currentThread()->loopLevel();
        QEventLoop loop;
        QTimer::singleShot(0, &loop, [&] {
            timerFired = true;
            loop.quit();
        });
        loop.exec();
        return {};
    });
    auto id = queue().enqueue(kind, Echo {});
    QVERIFY(id);
    auto r = runner(registry);
    r->start(2, 50);
    QVERIFY(waitFor([&] { return record(*id).status == JobStatus::Done; }));
    r->stop();
    QVERIFY(offMainThread);
    QVERIFY(loopLevel >= 1); // called from the thread's running event loop
    QVERIFY(timerFired);
}

void tst_Jobs::stoppingReleasesAnInterruptedJob()
{
    JobRegistry registry;
    const auto kind = echoKind(u"test.interrupted"_s);
    std::atomic<bool> started = false;
    registry.add<Echo>(kind, [&](JobContext &context, const Echo &) -> Status {
        started = true;
        while (!context.stopRequested())
            QThread::msleep(2);
        return fail(Error::unavailable(u"test.interrupted"_s, "interrupted"));
    });
    auto id = queue().enqueue(kind, Echo {});
    QVERIFY(id);
    auto r = runner(registry);
    r->start(1, 50);
    QVERIFY(waitFor([&] { return started.load(); }));
    r->stop();
    const JobRecord now = record(*id);
    QCOMPARE(now.status, JobStatus::Pending);
    QCOMPARE(now.job.attempts, 0);
    QVERIFY(now.job.lockedBy.isEmpty());
}

void tst_Jobs::schedulesRunInOneInstanceAtATime()
{
    JobRegistry registry;
    int runs = 0;
    std::unique_ptr<JobRunner> first = runner(registry, u"instance-a"_s);
    std::unique_ptr<JobRunner> second = runner(registry, u"instance-b"_s);
    int nestedRuns = -1;
    registry.addSchedule({u"test.sweep"_s, 60, 120}, [&]() -> Status {
        ++runs;
        // While this instance runs it, the other one finds it taken.
        nestedRuns = second->runSchedules();
        return {};
    });
    QCOMPARE(first->runSchedules(), 1);
    QCOMPARE(runs, 1);
    QCOMPARE(nestedRuns, 0);
    QCOMPARE(second->runSchedules(), 0); // ran a moment ago (in the other instance)
    clock().advanceSeconds(30);
    QCOMPARE(first->runSchedules() + second->runSchedules(), 0);
    clock().advanceSeconds(31);
    QCOMPARE(second->runSchedules(), 1);
    QCOMPARE(first->runSchedules(), 0);
    QCOMPARE(runs, 2);

    // An instance that died holding the schedule: once its lease ends, another runs it.
    clock().advanceSeconds(61);
    ScheduleStore store(db(), clock());
    QCOMPARE(*store.acquire(u"test.sweep"_s, u"dead-instance"_s, 120), true);
    QCOMPARE(first->runSchedules() + second->runSchedules(), 0);
    clock().advanceSeconds(121);
    QCOMPARE(first->runSchedules() + second->runSchedules(), 1);
    QCOMPARE(runs, 3);
}

void tst_Jobs::failingSchedulesRunAgainNextInterval()
{
    JobRegistry registry;
    int runs = 0;
    registry.addSchedule({u"test.flaky_sweep"_s, 60, 120}, [&]() -> Status {
        if (++runs == 1)
            throw std::runtime_error("sweep bug");
        return fail(Error::unavailable(u"test.down"_s, "down"));
    });
    auto r = runner(registry);
    QCOMPARE(r->runSchedules(), 1);
    QCOMPARE(r->runSchedules(), 0);
    clock().advanceSeconds(61);
    QCOMPARE(r->runSchedules(), 1);
    QCOMPARE(runs, 2);
    auto last = db().exec(u"SELECT last_error FROM job_schedules WHERE name = 'test.flaky_sweep'"_s);
    QVERIFY(last && last->next());
    QVERIFY(last->text(0).startsWith(u"test.down"_s));
}

QTEST_GUILESS_MAIN(tst_Jobs)
#include "tst_jobs.moc"
