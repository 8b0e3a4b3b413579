#include "testdatabase.h"
#include "manualclock.h"

#include "storage/database.h"
#include "storage/databaseconfig.h"
#include "storage/migrator.h"
#include "storage/sqlerror.h"
#include "storage/sqlscript.h"

#include <QtConcurrent>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

class tst_Storage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void databaseUrls_data();
    void databaseUrls();
    void splitScripts();
    void migrationsApplyOnceWithChecksums();
    void changedMigrationIsRefused();
    void newerDatabaseIsRefused();
    void transactionCommitsAndRollsBack();
    void nestedFailureRollsBackEverything();
    void uniqueViolationIsMapped();
    void badStatementIsAnInternalErrorNotACrash();
    void connectionsAreKeptPerThread();
    void concurrentWritersLoseNothing();

private:
    std::unique_ptr<TestDatabase> freshDatabase();
    ManualClock m_clock;
};

void tst_Storage::initTestCase()
{
    qInfo() << "database kind:" << TestDatabase::kindName(TestDatabase::kindFromEnvironment());
}

std::unique_ptr<TestDatabase> tst_Storage::freshDatabase()
{
    auto db = std::make_unique<TestDatabase>();
    if (!db->isValid())
        qWarning() << db->error();
    return db;
}

void tst_Storage::databaseUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("display");
    QTest::newRow("sqlite absolute") << u"sqlite:///var/lib/vami/vami.db"_s << true << u"sqlite:///var/lib/vami/vami.db"_s;
    QTest::newRow("sqlite relative") << u"sqlite:data/vami.db"_s << true << u"sqlite://data/vami.db"_s;
    QTest::newRow("postgres") << u"postgresql://vami:s%40cret@db.example:6543/vami?sslmode=require"_s << true
                              << u"postgresql://vami@db.example:6543/vami?sslmode=require"_s;
    QTest::newRow("postgres short scheme") << u"postgres://u@h/d"_s << true << u"postgresql://u@h:5432/d"_s;
    QTest::newRow("no database name") << u"postgresql://u@h:5432/"_s << false << QString();
    QTest::newRow("unknown option") << u"postgresql://u@h/d?options=-c%20x"_s << false << QString();
    QTest::newRow("bad sslmode") << u"postgresql://u@h/d?sslmode=maybe"_s << false << QString();
    QTest::newRow("mysql") << u"mysql://u@h/d"_s << false << QString();
    QTest::newRow("empty") << QString() << false << QString();
    QTest::newRow("port out of range") << u"postgresql://u@h:70000/d"_s << false << QString();
}

void tst_Storage::databaseUrls()
{
    QFETCH(QString, url);
    QFETCH(bool, valid);
    QFETCH(QString, display);
    auto config = DatabaseConfig::fromUrl(url);
    QCOMPARE(config.has_value(), valid);
    if (valid) {
        QCOMPARE(config->displayUrl(), display);
        QVERIFY(!config->displayUrl().contains(u"s@cret"_s));
    } else {
        QCOMPARE(config.error().kind(), ErrorKind::Validation);
    }
}

void tst_Storage::splitScripts()
{
    const QString script = u"-- comment; with a semicolon\n"
                           "CREATE TABLE a (x TEXT DEFAULT 'a;b'); /* block; comment */\n"
                           "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n"
                           "INSERT INTO a VALUES ('it''s; fine');;\n"
                           "CREATE TRIGGER t AFTER INSERT ON a\nBEGIN\n  UPDATE b SET n = n + 1;\n  DELETE FROM c;\nEND;\n"
                           "  \n"_s;
    const QStringList parts = splitSqlScript(script);
    QCOMPARE(parts.size(), 4);
    QVERIFY(parts[3].startsWith(u"CREATE TRIGGER t"_s));
    QVERIFY(parts[3].endsWith(u"END"_s));
    QCOMPARE(parts[0], u"CREATE TABLE a (x TEXT DEFAULT 'a;b')"_s);
    QVERIFY(parts[1].contains(u"$$ SELECT 1; $$"_s));
    QCOMPARE(parts[2], u"INSERT INTO a VALUES ('it''s; fine')"_s);
}

void tst_Storage::migrationsApplyOnceWithChecksums()
{
    auto t = freshDatabase();
    QVERIFY2(t->isValid(), qPrintable(t->error()));
    Database db(t->config());
    QVERIFY(db.open());
    auto first = db.migrate(m_clock);
    QVERIFY2(first, qPrintable(first ? QString() : first.error().diagnostic()));
    Migrator migrator(db, m_clock);
    auto versions = migrator.appliedVersions();
    QVERIFY(versions);
    const QList<Migration> shipped = Migrator::shipped(db.dialect());
    QVERIFY(!shipped.isEmpty());
    QCOMPARE(versions->size(), shipped.size());
    auto again = db.migrate(m_clock);
    QVERIFY(again);
    QCOMPARE(migrator.appliedVersions()->size(), shipped.size());
    auto checksums = db.exec(u"SELECT checksum FROM schema_migrations ORDER BY version"_s);
    QVERIFY(checksums);
    int i = 0;
    while (checksums->next())
        QCOMPARE(checksums->text(0), shipped[i++].checksum);
    // The foundation tables exist.
    for (const QString &table :
        {u"users"_s, u"organizations"_s, u"team_members"_s, u"team_invitations"_s, u"invitation_tokens"_s,
            u"sessions"_s, u"refresh_tokens"_s, u"api_keys"_s, u"jobs"_s, u"outbox"_s, u"job_schedules"_s}) {
        auto probe = db.exec(u"SELECT COUNT(*) FROM "_s + table);
        QVERIFY2(probe, qPrintable(table));
    }
}

void tst_Storage::changedMigrationIsRefused()
{
    auto t = freshDatabase();
    QVERIFY(t->isValid());
    Database db(t->config());
    QVERIFY(db.migrate(m_clock));
    QVERIFY(db.exec(u"UPDATE schema_migrations SET checksum = 'tampered' WHERE version = 1"_s));
    auto refused = db.migrate(m_clock);
    QVERIFY(!refused);
    QVERIFY(refused.error().diagnostic().contains(u"changed"_s));
}

void tst_Storage::newerDatabaseIsRefused()
{
    auto t = freshDatabase();
    QVERIFY(t->isValid());
    Database db(t->config());
    QVERIFY(db.migrate(m_clock));
    QVERIFY(db.exec(u"INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (9999, 'future', "
                    "'x', ?)"_s,
                    {u"2030-01-01T00:00:00.000Z"_s}));
    auto refused = db.migrate(m_clock);
    QVERIFY(!refused);
    QCOMPARE(refused.error().code(), u"storage.schema_newer"_s);
}

void tst_Storage::transactionCommitsAndRollsBack()
{
    auto t = freshDatabase();
    QVERIFY(t->isValid());
    Database db(t->config());
    QVERIFY(db.exec(u"CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"_s));
    Status committed = db.transaction([&]() -> Status {
        auto r = db.exec(u"INSERT INTO items (id, name) VALUES (?, ?)"_s, {1, u"kept"_s});
        if (!r)
            return fail(r.error());
        return {};
    });
    QVERIFY(committed);
    Status rolledBack = db.transaction([&]() -> Status {
        auto r = db.exec(u"INSERT INTO items (id, name) VALUES (?, ?)"_s, {2, u"dropped"_s});
        if (!r)
            return fail(r.error());
        return fail(Error::rejected(u"test.abort"_s, "abort"));
    });
    QVERIFY(!rolledBack);
    auto count = db.exec(u"SELECT COUNT(*), MIN(name) FROM items"_s);
    QVERIFY(count && count->next());
    QCOMPARE(count->integer(0), 1);
    QCOMPARE(count->text(1), u"kept"_s);
}

void tst_Storage::nestedFailureRollsBackEverything()
{
    auto t = freshDatabase();
    QVERIFY(t->isValid());
    Database db(t->config());
    QVERIFY(db.exec(u"CREATE TABLE items (id INTEGER PRIMARY KEY)"_s));
    Status outer = db.transaction([&]() -> Status {
        if (!db.exec(u"INSERT INTO items (id) VALUES (1)"_s))
            return fail(Error::internal(u"insert"_s));
        // The inner failure is ignored by the outer work: the commit must still fail.
        (void)db.transaction([&]() -> Status { return fail(Error::rejected(u"inner"_s, "inner")); });
        return {};
    });
    QVERIFY(!outer);
    auto count = db.exec(u"SELECT COUNT(*) FROM items"_s);
    QVERIFY(count && count->next());
    QCOMPARE(count->integer(0), 0);
}

void tst_Storage::uniqueViolationIsMapped()
{
    auto t = freshDatabase();
    QVERIFY(t->isValid());
    Database db(t->config());
    QVERIFY(db.exec(u"CREATE TABLE items (id INTEGER PRIMARY KEY, code TEXT UNIQUE)"_s));
    QVERIFY(db.exec(u"INSERT INTO items (id, code) VALUES (1, 'a')"_s));
    auto duplicate = db.exec(u"INSERT INTO items (id, code) VALUES (2, 'a')"_s);
    QVERIFY(!duplicate);
    QVERIFY(isUniqueViolation(duplicate.error()));
    QCOMPARE(duplicate.error().kind(), ErrorKind::Conflict);
    QVERIFY(!duplicate.error().message().contains(u"UNIQUE"_s, Qt::CaseInsensitive));
    // The connection still works after the error.
    QVERIFY(db.exec(u"INSERT INTO items (id, code) VALUES (3, 'b')"_s));
}

void tst_Storage::badStatementIsAnInternalErrorNotACrash()
{
    auto t = freshDatabase();
    QVERIFY(t->isValid());
    Database db(t->config());
    auto bad = db.exec(u"SELECT * FROM no_such_table"_s);
    QVERIFY(!bad);
    QCOMPARE(bad.error().kind(), ErrorKind::Internal);
    QVERIFY(!bad.error().diagnostic().isEmpty());
    QCOMPARE(bad.error().message(), u"An internal error occurred."_s);
    QVERIFY(db.exec(u"SELECT 1"_s));
}

void tst_Storage::connectionsAreKeptPerThread()
{
    auto t = freshDatabase();
    QVERIFY(t->isValid());
    Database db(t->config());
    QVERIFY(db.exec(u"CREATE TABLE items (id INTEGER PRIMARY KEY)"_s));
    QVERIFY(db.exec(u"INSERT INTO items (id) VALUES (1)"_s));
    const QString mine = db.connection()->connectionName();
    QThreadPool pool;
    const QString theirs = QtConcurrent::run(&pool, [&db] {
                               auto rows = db.exec(u"SELECT COUNT(*) FROM items"_s);
                               if (!rows || !rows->next() || rows->integer(0) != 1)
                                   return QString();
                               return db.connection()->connectionName();
                           }).result();
    QVERIFY(!theirs.isEmpty());
    QVERIFY(mine != theirs);
}

void tst_Storage::concurrentWritersLoseNothing()
{
    auto t = freshDatabase();
    QVERIFY(t->isValid());
    Database db(t->config());
    QVERIFY(db.exec(u"CREATE TABLE items (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL)"_s));
    constexpr int Writers = 4;
    constexpr int PerWriter = 50;
    QThreadPool pool;
    pool.setMaxThreadCount(Writers);
    QList<QFuture<int>> futures;
    for (int w = 0; w < Writers; ++w) {
        futures.append(QtConcurrent::run(&pool, [&db, w] {
            int ok = 0;
            for (int i = 0; i < PerWriter; ++i) {
                Status done = db.transaction([&]() -> Status {
                    auto r = db.exec(u"INSERT INTO items (id, writer) VALUES (?, ?)"_s, {w * 1000 + i, w});
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
    QCOMPARE(acknowledged, Writers * PerWriter);
    auto count = db.exec(u"SELECT COUNT(*) FROM items"_s);
    QVERIFY(count && count->next());
    QCOMPARE(count->integer(0), Writers * PerWriter);
}

QTEST_GUILESS_MAIN(tst_Storage)
#include "tst_storage.moc"
