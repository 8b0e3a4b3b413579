// The desktop's application context lets go of a database without waiting for
// the work still running on it, so the window never waits for a slow database.

#include "testdatabase.h"

#include "common/appcontext.h"
#include "common/secretstore.h"

#include "runtime/backend.h"

#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>

#include <atomic>
#include <chrono>
#include <thread>

using namespace Qt::StringLiterals;
using namespace vami;

class tst_AppContext : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void closeDoesNotWaitForRunningWork();
};

void tst_AppContext::closeDoesNotWaitForRunningWork()
{
    // A throwaway SQLite file, or a fresh database on the suite's PostgreSQL server.
    test::TestDatabase database;
    QVERIFY2(database.isValid(), qPrintable(database.error()));
    SecretStore secrets(u"VamiTest"_s);
    AppContext context(secrets);
    QSignalSpy opened(&context, &AppContext::opened);
    BackendConfig config;
    config.database = database.config();
    config.runJobs = false;
    context.open(config);
    QTRY_COMPARE(opened.count(), 1);

    // A task that runs until it is let go, standing in for a slow remote query.
    QSemaphore letGo;
    std::atomic<bool> finished{false};
    bool delivered = false;
    context.runOnBackend(
        &context,
        [&](Backend &) -> Result<int> {
            letGo.acquire();
            finished = true;
            return 1;
        },
        [&](Result<int>) { delivered = true; });
    QVERIFY(context.isBusy());

    // Should close() wait for the task, this lets it go after 10 s, so the test
    // fails instead of hanging.
    std::atomic<bool> closeReturned{false};
    std::thread safety([&] {
        for (int i = 0; i < 200 && !closeReturned; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        letGo.release();
    });
    context.close();
    const bool finishedBeforeCloseReturned = finished;
    closeReturned = true;
    safety.join();
    QVERIFY(!finishedBeforeCloseReturned);
    QVERIFY(!context.hasBackend());

    // The old backend stops in the background; the context stays busy until then,
    // and the result of the closed database's task is dropped.
    QTRY_VERIFY(!context.isBusy());
    QVERIFY(finished);
    QCoreApplication::processEvents();
    QVERIFY(!delivered);

    // The same database opens again.
    context.open(config);
    QTRY_COMPARE(opened.count(), 2);
    QVERIFY(context.hasBackend());
}

QTEST_MAIN(tst_AppContext)
#include "tst_appcontext.moc"
