// What the storage layer does when things go wrong: a full disk or a lost
// connection inside a transaction, another process holding the write lock, readers
// that outlive the statement cache, large bound values. Runs on SQLite and on
// PostgreSQL (cases that exist for one dialect only say so and skip on the other).

#include "testdatabase.h"

#include "core/threadpriority.h"
#include "storage/database.h"
#include "storage/sqlerror.h"

#include <QSqlQuery>
#include <QtConcurrent>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

class tst_StorageFailures : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void diskFullInsideTransactionReleasesTheWriterLock();
    void failedConnectionInsideTransactionCommitsNothing();
    void writeWaitsForAnotherWriterInsteadOfFailing();
    void singleWritesAreSerialisedWithTransactions();
    void readerOutlivesTheStatementCache();
    void sameStatementReadTwiceAtOnce();
    void boundValuesAreReleasedAfterExecution();
    void threadKnowsWhenItIsInATransaction();
    void lowPriorityWriterIsCounted();

private:
    std::unique_ptr<TestDatabase> fresh()
    {
        auto db = std::make_unique<TestDatabase>();
        if (!db->isValid())
            qWarning() << db->error();
        return db;
    }
    static int count(Database &db, const QString &table)
    {
        auto rows = db.exec(u"SELECT COUNT(*) FROM "_s + table);
        return rows && rows->next() ? int(rows->integer(0)) : -1;
    }
};

void tst_StorageFailures::diskFullInsideTransactionReleasesTheWriterLock()
{
    auto t = fresh();
    QVERIFY(t->isValid());
    if (t->kind() != TestDatabase::Kind::Sqlite)
        QSKIP("A full disk is simulated with SQLite's page limit.");
    Database db(t->config());
    QVERIFY(db.exec(u"CREATE TABLE items (id INTEGER PRIMARY KEY, data BLOB)"_s));
    // This thread's connection may grow the file by a few pages only: the next large
    // write fails with SQLITE_FULL, as on a full disk.
    auto pages = db.exec(u"SELECT page_count FROM pragma_page_count()"_s);
    QVERIFY(pages && pages->next());
    const qint64 limit = pages->integer(0) + 4;
    pages = Result<SqlRows>(std::unexpect, Error());
    {
        QSqlQuery pragma(*db.connection());
        QVERIFY(pragma.exec(u"PRAGMA max_page_count = %1"_s.arg(limit)));
    }

    Status full = db.transaction([&]() -> Status {
        auto small = db.exec(u"INSERT INTO items (id, data) VALUES (1, x'00')"_s);
        if (!small)
            return fail(small.error());
        auto big = db.exec(u"INSERT INTO items (id, data) VALUES (2, ?)"_s, {QByteArray(1 << 20, 'x')});
        if (!big)
            return fail(big.error());
        return {};
    });
    QVERIFY(!full);
    QCOMPARE(full.error().code(), u"storage.unavailable"_s);

    // Another thread can write at once: the failed transaction let go of the lock.
    QThreadPool pool;
    QFuture<bool> other = QtConcurrent::run(&pool, [&db] {
        return bool(db.transaction([&]() -> Status {
            auto r = db.exec(u"INSERT INTO items (id, data) VALUES (3, x'01')"_s);
            if (!r)
                return fail(r.error());
            return {};
        }));
    });
    QTRY_VERIFY_WITH_TIMEOUT(other.isFinished(), 20000);
    QVERIFY(other.result());
    // So can this thread (on a new connection), and the failed transaction left nothing.
    QVERIFY(db.exec(u"INSERT INTO items (id, data) VALUES (4, ?)"_s, {QByteArray(1 << 20, 'y')}));
    auto ids = db.exec(u"SELECT id FROM items ORDER BY id"_s);
    QVERIFY(ids);
    QList<qint64> seen;
    while (ids->next())
        seen.append(ids->integer(0));
    QCOMPARE(seen, (QList<qint64> {3, 4}));
}

void tst_StorageFailures::failedConnectionInsideTransactionCommitsNothing()
{
    auto t = fresh();
    QVERIFY(t->isValid());
    if (t->kind() != TestDatabase::Kind::Postgres)
        QSKIP("A connection is cut by terminating its PostgreSQL backend.");
    Database db(t->config());
    Database admin(t->config());
    QVERIFY(db.exec(u"CREATE TABLE items (id INTEGER PRIMARY KEY)"_s));

    bool secondFailed = false;
    Status outcome = db.transaction([&]() -> Status {
        auto first = db.exec(u"INSERT INTO items (id) VALUES (1)"_s);
        if (!first)
            return fail(first.error());
        auto pid = db.exec(u"SELECT pg_backend_pid()"_s);
        if (!pid || !pid->next())
            return fail(Error::internal(u"no backend pid"_s));
        const qint64 backend = pid->integer(0);
        auto killed = admin.exec(u"SELECT pg_terminate_backend(?)"_s, {backend});
        if (!killed)
            return fail(killed.error());
        killed = Result<SqlRows>(std::unexpect, Error());
        // The signal is asynchronous: wait until the backend is gone.
        for (int i = 0; i < 2000; ++i) {
            auto alive = admin.exec(u"SELECT 1 FROM pg_stat_activity WHERE pid = ?"_s, {backend});
            if (!alive || !alive->next())
                break;
            QThread::msleep(5);
        }
        // A careless caller goes on after an error: nothing of it may be committed,
        // neither here nor on a new connection in autocommit mode.
        secondFailed = !db.exec(u"INSERT INTO items (id) VALUES (2)"_s);
        (void)db.exec(u"INSERT INTO items (id) VALUES (3)"_s);
        return {};
    });
    QVERIFY(secondFailed);
    QVERIFY(!outcome);
    QCOMPARE(outcome.error().code(), u"storage.unavailable"_s);
    QCOMPARE(count(db, u"items"_s), 0);
    // The next statement runs on a new connection.
    QVERIFY(db.exec(u"INSERT INTO items (id) VALUES (4)"_s));
    QCOMPARE(count(db, u"items"_s), 1);
}

void tst_StorageFailures::writeWaitsForAnotherWriterInsteadOfFailing()
{
    auto t = fresh();
    QVERIFY(t->isValid());
    if (t->kind() != TestDatabase::Kind::Sqlite)
        QSKIP("PostgreSQL queues writers on its own row locks.");
    DatabaseConfig config = t->config();
    config.busyTimeoutMs = 50;
    Database ours(config);
    // A second Database has its own in-process lock, as another process would.
    Database theirs(config);
    QVERIFY(ours.exec(u"CREATE TABLE items (id INTEGER PRIMARY KEY)"_s));

    QThreadPool pool;
    QFuture<bool> write;
    Status held = theirs.transaction([&]() -> Status {
        auto r = theirs.exec(u"INSERT INTO items (id) VALUES (1)"_s);
        if (!r)
            return fail(r.error());
        // While this transaction holds the write lock, a single write of ours runs
        // into SQLITE_BUSY after its 50 ms timeout, and must wait and try again.
        write = QtConcurrent::run(&pool, [&ours] { return bool(ours.exec(u"INSERT INTO items (id) VALUES (2)"_s)); });
        QDeadlineTimer deadline(20000);
        while (ours.busyRetries() < 1 && !deadline.hasExpired())
            QThread::msleep(5);
        return {};
    });
    QVERIFY(held);
    QVERIFY(ours.busyRetries() >= 1);
    QTRY_VERIFY_WITH_TIMEOUT(write.isFinished(), 20000);
    QVERIFY(write.result());
    QCOMPARE(count(ours, u"items"_s), 2);
}

void tst_StorageFailures::singleWritesAreSerialisedWithTransactions()
{
    auto t = fresh();
    QVERIFY(t->isValid());
    Database db(t->config());
    QVERIFY(db.exec(u"CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)"_s));
    QVERIFY(db.exec(u"INSERT INTO counter (id, n) VALUES (1, 0)"_s));
    // Transactions that read then write, and single increments, at the same time:
    // none may be lost or fail.
    constexpr int Rounds = 60;
    QThreadPool pool;
    pool.setMaxThreadCount(4);
    QList<QFuture<int>> futures;
    for (int w = 0; w < 4; ++w) {
        futures.append(QtConcurrent::run(&pool, [&db, w] {
            int ok = 0;
            for (int i = 0; i < Rounds; ++i) {
                if (w % 2 == 0) {
                    ok += db.exec(u"UPDATE counter SET n = n + 1 WHERE id = 1"_s) ? 1 : 0;
                    continue;
                }
                Status done = db.transaction([&]() -> Status {
                    auto n = db.exec(u"SELECT n FROM counter WHERE id = 1"_s);
                    if (!n || !n->next())
                        return fail(Error::internal(u"no counter"_s));
                    const qint64 value = n->integer(0);
                    n = Result<SqlRows>(std::unexpect, Error());
                    auto r = db.exec(u"UPDATE counter SET n = ? WHERE id = 1"_s, {value + 1});
                    if (!r)
                        return fail(r.error());
                    return {};
                });
                ok += done ? 1 : 0;
            }
            return ok;
        }));
    }
    int acknowledged = 0;
    for (auto &f : futures)
        acknowledged += f.result();
    // SQLite serialises every writer, so no update is lost. PostgreSQL's read-committed
    // transactions let an odd writer's read-then-write overwrite increments made since
    // its read (that is the isolation level, not a lost write of ours): there only the
    // acknowledgements and the bounds are certain.
    auto n = db.exec(u"SELECT n FROM counter WHERE id = 1"_s);
    QVERIFY(n && n->next());
    QCOMPARE(acknowledged, 4 * Rounds);
    if (t->kind() == TestDatabase::Kind::Sqlite)
        QCOMPARE(n->integer(0), 4 * Rounds);
    else
        QVERIFY(n->integer(0) > 0 && n->integer(0) <= 4 * Rounds);
}

void tst_StorageFailures::readerOutlivesTheStatementCache()
{
    auto t = fresh();
    QVERIFY(t->isValid());
    Database db(t->config());
    QVERIFY(db.exec(u"CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"_s));
    QVERIFY(db.transaction([&]() -> Status {
        for (int i = 1; i <= 500; ++i) {
            auto r = db.exec(u"INSERT INTO items (id, name) VALUES (?, ?)"_s, {i, u"item %1"_s.arg(i)});
            if (!r)
                return fail(r.error());
        }
        return {};
    }));
    auto rows = db.exec(u"SELECT id, name FROM items ORDER BY id"_s);
    QVERIFY(rows);
    QVERIFY(rows->next());
    QCOMPARE(rows->integer(0), 1);
    // More distinct statements than the cache holds: the cache is cleared while the
    // reader above is still reading.
    for (int i = 0; i < 300; ++i) {
        auto other = db.exec(u"SELECT %1 FROM items WHERE id = ?"_s.arg(i), {i + 1});
        QVERIFY(other && other->next());
    }
    int read = 1;
    qint64 last = 1;
    while (rows->next()) {
        QCOMPARE(rows->integer(0), last + 1);
        QCOMPARE(rows->text(1), u"item %1"_s.arg(last + 1));
        last = rows->integer(0);
        ++read;
    }
    QCOMPARE(read, 500);
}

void tst_StorageFailures::sameStatementReadTwiceAtOnce()
{
    auto t = fresh();
    QVERIFY(t->isValid());
    Database db(t->config());
    QVERIFY(db.exec(u"CREATE TABLE items (id INTEGER PRIMARY KEY)"_s));
    for (int i = 1; i <= 3; ++i)
        QVERIFY(db.exec(u"INSERT INTO items (id) VALUES (?)"_s, {i}));
    const QString sql = u"SELECT id FROM items WHERE id >= ? ORDER BY id"_s;
    auto outer = db.exec(sql, {1});
    QVERIFY(outer);
    QList<qint64> pairs;
    while (outer->next()) {
        auto inner = db.exec(sql, {outer->integer(0)});
        QVERIFY(inner);
        while (inner->next())
            pairs.append(outer->integer(0) * 10 + inner->integer(0));
    }
    QCOMPARE(pairs, (QList<qint64> {11, 12, 13, 22, 23, 33}));
}

void tst_StorageFailures::boundValuesAreReleasedAfterExecution()
{
    auto t = fresh();
    QVERIFY(t->isValid());
    Database db(t->config());
    QVERIFY(db.exec(u"CREATE TABLE items (id INTEGER PRIMARY KEY, data BLOB)"_s.replace(
        u"BLOB"_s, t->kind() == TestDatabase::Kind::Postgres ? u"BYTEA"_s : u"BLOB"_s)));
    const QByteArray big(1 << 20, 'z');
    QVERIFY(db.exec(u"INSERT INTO items (id, data) VALUES (?, ?)"_s, {1, big}));
    {
        auto rows = db.exec(u"SELECT data FROM items WHERE id = ?"_s, {1});
        QVERIFY(rows && rows->next());
        QCOMPARE(rows->bytes(0), big);
    }
    QVERIFY(db.cachedStatementCount() > 0);
    QCOMPARE(db.cachedBoundBytes(), 0);
}

void tst_StorageFailures::threadKnowsWhenItIsInATransaction()
{
    auto t = fresh();
    QVERIFY(t->isValid());
    Database db(t->config());
    QVERIFY(!Database::threadInTransaction());
    bool inside = false;
    bool nested = false;
    QVERIFY(db.transaction([&]() -> Status {
        inside = Database::threadInTransaction();
        return db.transaction([&]() -> Status {
            nested = Database::threadInTransaction();
            return {};
        });
    }));
    QVERIFY(inside);
    QVERIFY(nested);
    QVERIFY(!Database::threadInTransaction());
    // A failed transaction ends too.
    QVERIFY(!db.transaction([&]() -> Status { return fail(Error::internal(u"no"_s)); }));
    QVERIFY(!Database::threadInTransaction());
}

void tst_StorageFailures::lowPriorityWriterIsCounted()
{
    auto t = fresh();
    QVERIFY(t->isValid());
    if (t->kind() != TestDatabase::Kind::Sqlite)
        QSKIP("Only SQLite has an in-process writer lock.");
    Database db(t->config());
    QVERIFY(db.exec(u"CREATE TABLE items (id INTEGER PRIMARY KEY)"_s));
    QCOMPARE(db.lowPriorityWriterLocks(), quint64(0));
    std::unique_ptr<QThread> hashing(QThread::create([&db] {
        lowerThisThreadsPriority();
        (void)db.exec(u"INSERT INTO items (id) VALUES (1)"_s);
    }));
    hashing->start();
    QVERIFY(hashing->wait(20000));
    QCOMPARE(db.lowPriorityWriterLocks(), quint64(1));
}

QTEST_GUILESS_MAIN(tst_StorageFailures)
#include "tst_storage_failures.moc"
