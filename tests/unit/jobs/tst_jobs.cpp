#include "testbackend.h"

#include "jobs/jobqueue.h"
#include "jobs/jobrunner.h"
#include "storage/database.h"

#include <QtConcurrent>
#include <QtTest>

#include <atomic>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

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

private:
    JobQueue &queue() { return m_backend->backend().jobs(); }
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

void tst_Jobs::enqueueClaimComplete()
{
    auto id = queue().enqueue(u"test.echo"_s, {{u"n"_s, 7}});
    QVERIFY(id);
    auto claimed = queue().claim(u"w1"_s, {u"test.echo"_s}, 60);
    QVERIFY(claimed && claimed->has_value());
    const Job job = **claimed;
    QCOMPARE(job.id, *id);
    QCOMPARE(job.payload.value(u"n"_s).toInt(), 7);
    QCOMPARE(job.attempts, 1);
    QVERIFY(!(*queue().claim(u"w2"_s, {u"test.echo"_s}, 60)).has_value());
    QVERIFY(queue().complete(job.id));
    QCOMPARE(*queue().countWithStatus(u"done"_s), 1);
    QCOMPARE(*queue().countWithStatus(u"pending"_s), 0);
}

void tst_Jobs::onlyDueJobsOfKnownKindsAreClaimed()
{
    QVERIFY(queue().enqueue(u"test.later"_s, {}, {}, m_backend->clock().now().addSecs(300)));
    QVERIFY(queue().enqueue(u"test.other"_s, {}));
    QVERIFY(!(*queue().claim(u"w"_s, {u"test.later"_s}, 60)).has_value());
    m_backend->clock().advanceSeconds(301);
    QVERIFY((*queue().claim(u"w"_s, {u"test.later"_s}, 60)).has_value());
    QVERIFY(!(*queue().claim(u"w"_s, {u"test.later"_s}, 60)).has_value());
    QVERIFY((*queue().claim(u"w"_s, {u"test.other"_s, u"test.later"_s}, 60)).has_value());
}

void tst_Jobs::expiredLeasesAreRecovered()
{
    QVERIFY(queue().enqueue(u"test.crash"_s, {}));
    auto first = queue().claim(u"crashed-worker"_s, {u"test.crash"_s}, 30);
    QVERIFY(first && first->has_value());
    QCOMPARE(*queue().recoverExpiredLeases(), 0);
    m_backend->clock().advanceSeconds(31);
    QCOMPARE(*queue().recoverExpiredLeases(), 1);
    auto second = queue().claim(u"healthy-worker"_s, {u"test.crash"_s}, 30);
    QVERIFY(second && second->has_value());
    QCOMPARE((*second)->attempts, 2);
}

void tst_Jobs::concurrentWorkersNeverRunAJobTwice()
{
    constexpr int Jobs = 60;
    for (int i = 0; i < Jobs; ++i)
        QVERIFY(queue().enqueue(u"test.parallel"_s, {{u"i"_s, i}}));
    QThreadPool pool;
    pool.setMaxThreadCount(3);
    QMutex mutex;
    QList<int> seen;
    QList<QFuture<void>> workers;
    for (int w = 0; w < 3; ++w) {
        workers.append(QtConcurrent::run(&pool, [&, w] {
            for (;;) {
                auto claimed = queue().claim(u"worker-%1"_s.arg(w), {u"test.parallel"_s}, 60);
                if (!claimed) {
                    QThread::msleep(5); // busy database: try again
                    continue;
                }
                if (!claimed->has_value())
                    return;
                {
                    QMutexLocker locker(&mutex);
                    seen.append((*claimed)->payload.value(u"i"_s).toInt());
                }
                (void)queue().complete((*claimed)->id);
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
    JobRunner runner(queue(), m_backend->clock(), u"runner"_s);
    int flakyCalls = 0;
    int brokenCalls = 0;
    runner.addHandler(u"test.flaky"_s, [&](const Job &) -> Status {
        if (++flakyCalls < 3)
            return fail(Error::unavailable(u"test.down"_s, "down"));
        return {};
    });
    runner.addHandler(u"test.broken"_s, [&](const Job &) -> Status {
        ++brokenCalls;
        return fail(Error::internal(u"defect"_s));
    });
    QVERIFY(queue().enqueue(u"test.flaky"_s, {}));
    QVERIFY(queue().enqueue(u"test.broken"_s, {}));
    QCOMPARE(runner.runDueJobs(), 2);
    QCOMPARE(flakyCalls, 1);
    QCOMPARE(brokenCalls, 1);
    QCOMPARE(*queue().countWithStatus(u"failed"_s, u"test.broken"_s), 1);
    // The retry waits for its backoff.
    QCOMPARE(runner.runDueJobs(), 0);
    m_backend->clock().advanceSeconds(20);
    QCOMPARE(runner.runDueJobs(), 1);
    QCOMPARE(flakyCalls, 2);
    m_backend->clock().advanceSeconds(40);
    QCOMPARE(runner.runDueJobs(), 1);
    QCOMPARE(flakyCalls, 3);
    QCOMPARE(*queue().countWithStatus(u"done"_s, u"test.flaky"_s), 1);
    QCOMPARE(brokenCalls, 1);
}

void tst_Jobs::kindsThatAreNotReadyWait()
{
    JobRunner runner(queue(), m_backend->clock(), u"runner"_s);
    std::atomic<bool> ready = false;
    int calls = 0;
    runner.addHandler(u"test.gated"_s, [&](const Job &) -> Status { ++calls; return {}; }, [&] { return ready.load(); });
    QVERIFY(queue().enqueue(u"test.gated"_s, {}));
    QCOMPARE(runner.runDueJobs(), 0);
    QCOMPARE(*queue().countWithStatus(u"pending"_s), 1);
    ready = true;
    QCOMPARE(runner.runDueJobs(), 1);
    QCOMPARE(calls, 1);
}

void tst_Jobs::enqueueFollowsTheCallersTransaction()
{
    Database &db = m_backend->backend().database();
    Status rolledBack = db.transaction([&]() -> Status {
        if (auto id = queue().enqueue(u"test.tx"_s, {}); !id)
            return fail(id.error());
        return fail(Error::rejected(u"test.abort"_s, "abort"));
    });
    QVERIFY(!rolledBack);
    QCOMPARE(*queue().countWithStatus(u"pending"_s), 0);
}

QTEST_GUILESS_MAIN(tst_Jobs)
#include "tst_jobs.moc"
