#include "database.h"

#include "core/logging.h"
#include "migrator.h"
#include "sqlerror.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QSet>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <atomic>
#include <memory>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

std::atomic<quint64> g_nextSerial{1};

// Serials of Database objects that no longer exist; threads drop their connections
// to them the next time they touch their connection table.
QMutex g_deadMutex;
QSet<quint64> g_deadSerials;

constexpr int MaxCachedStatements = 256;

} // namespace

struct Database::ThreadConnection
{
    QString name;
    QHash<QString, QSqlQuery *> statements;
    int depth = 0;
    bool rollbackOnly = false;
    bool ownsWriterLock = false;

    void clearStatements()
    {
        qDeleteAll(statements);
        statements.clear();
    }

    ~ThreadConnection()
    {
        clearStatements();
        if (!name.isEmpty()) {
            {
                QSqlDatabase db = QSqlDatabase::database(name, false);
                if (db.isOpen())
                    db.close();
            }
            QSqlDatabase::removeDatabase(name);
        }
    }
};

namespace {

// All connections of the current thread, by Database serial.
struct ThreadConnections
{
    QHash<quint64, void *> bySerial;
    std::function<void(void *)> deleter;

    ~ThreadConnections()
    {
        for (void *c : std::as_const(bySerial))
            deleter(c);
    }
};

thread_local ThreadConnections t_connections;

} // namespace

Database::Database(DatabaseConfig config)
    : m_config(std::move(config))
    , m_dialect(m_config.kind == DatabaseConfig::Kind::Postgres ? Dialect::Postgres : Dialect::Sqlite)
    , m_serial(g_nextSerial.fetch_add(1))
{
}

Database::~Database()
{
    // This thread's connection can be closed now; other threads close theirs lazily.
    auto it = t_connections.bySerial.find(m_serial);
    if (it != t_connections.bySerial.end()) {
        delete static_cast<ThreadConnection *>(it.value());
        t_connections.bySerial.erase(it);
    }
    QMutexLocker locker(&g_deadMutex);
    g_deadSerials.insert(m_serial);
}

Database::ThreadConnection *Database::threadConnection()
{
    if (!t_connections.deleter)
        t_connections.deleter = [](void *c) { delete static_cast<ThreadConnection *>(c); };
    {
        QMutexLocker locker(&g_deadMutex);
        if (!g_deadSerials.isEmpty()) {
            for (auto it = t_connections.bySerial.begin(); it != t_connections.bySerial.end();) {
                if (g_deadSerials.contains(it.key())) {
                    delete static_cast<ThreadConnection *>(it.value());
                    it = t_connections.bySerial.erase(it);
                } else {
                    ++it;
                }
            }
        }
    }
    auto it = t_connections.bySerial.find(m_serial);
    if (it != t_connections.bySerial.end())
        return static_cast<ThreadConnection *>(it.value());
    auto *conn = new ThreadConnection;
    t_connections.bySerial.insert(m_serial, conn);
    return conn;
}

Result<QSqlDatabase> Database::connection()
{
    ThreadConnection *conn = threadConnection();
    if (!conn->name.isEmpty()) {
        QSqlDatabase db = QSqlDatabase::database(conn->name, false);
        if (db.isOpen())
            return db;
        conn->clearStatements();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(conn->name);
        conn->name.clear();
    }

    const QString name = u"vami-%1-%2"_s.arg(m_serial).arg(quintptr(QThread::currentThreadId()), 0, 16);
    QSqlDatabase db;
    if (m_dialect == Dialect::Sqlite) {
        if (!QSqlDatabase::isDriverAvailable(u"QSQLITE"_s))
            return fail(Error::unavailable(u"storage.driver_missing"_s,
                                           QT_TRANSLATE_NOOP("vami", "The SQLite database driver is not installed.")));
        if (m_config.sqlitePath != u":memory:"_s) {
            const QFileInfo info(m_config.sqlitePath);
            if (!QDir().mkpath(info.absolutePath()))
                return fail(Error::unavailable(u"storage.path"_s,
                                               QT_TRANSLATE_NOOP("vami", "The database folder cannot be created.")));
        }
        db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(m_config.sqlitePath);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    } else {
        if (!QSqlDatabase::isDriverAvailable(u"QPSQL"_s))
            return fail(Error::unavailable(
                u"storage.driver_missing"_s,
                QT_TRANSLATE_NOOP("vami", "The PostgreSQL database driver is not installed.")));
        db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
        db.setHostName(m_config.host);
        db.setPort(m_config.port);
        db.setDatabaseName(m_config.name);
        db.setUserName(m_config.user);
        db.setPassword(m_config.password);
        QStringList options{u"connect_timeout=%1"_s.arg(m_config.connectTimeoutSeconds)};
        if (!m_config.sslMode.isEmpty())
            options << u"sslmode="_s + m_config.sslMode;
        if (!m_config.applicationName.isEmpty())
            options << u"application_name="_s + m_config.applicationName;
        db.setConnectOptions(options.join(u';'));
    }
    if (!db.open()) {
        const QSqlError error = db.lastError();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        qCWarning(lcStorage).noquote() << "cannot open" << m_config.displayUrl() << ':' << error.text();
        return fail(Error::unavailable(u"storage.unavailable"_s,
                                       QT_TRANSLATE_NOOP("vami", "The database cannot be reached."), 5));
    }
    conn->name = name;
    if (m_dialect == Dialect::Sqlite) {
        QSqlQuery pragma(db);
        for (const QString &statement : {u"PRAGMA journal_mode=WAL"_s, u"PRAGMA foreign_keys=ON"_s,
                                         u"PRAGMA synchronous=FULL"_s}) {
            if (!pragma.exec(statement)) {
                qCWarning(lcStorage).noquote() << statement << "failed:" << pragma.lastError().text();
                return fail(Error::unavailable(u"storage.unavailable"_s,
                                               QT_TRANSLATE_NOOP("vami", "The database file cannot be used."), 5));
            }
        }
    } else {
        QSqlQuery setup(db);
        if (!setup.exec(u"SET TIME ZONE 'UTC'"_s))
            return fail(storageError(setup.lastError(), m_dialect, u"SET TIME ZONE"_s));
    }
    return db;
}

void Database::resetThreadConnection()
{
    auto it = t_connections.bySerial.find(m_serial);
    if (it == t_connections.bySerial.end())
        return;
    delete static_cast<ThreadConnection *>(it.value());
    t_connections.bySerial.erase(it);
}

int Database::cachedStatementCount()
{
    return int(threadConnection()->statements.size());
}

Status Database::open()
{
    auto db = connection();
    if (!db)
        return fail(db.error());
    return {};
}

Status Database::migrate(const Clock &clock)
{
    Migrator migrator(*this, clock);
    return migrator.run();
}

Result<SqlRows> Database::exec(const QString &sql, const QVariantList &values)
{
    auto db = connection();
    if (!db)
        return fail(db.error());
    ThreadConnection *conn = threadConnection();

    if (m_dialect == Dialect::Postgres && values.isEmpty()) {
        // PostgreSQL cannot PREPARE schema changes (CREATE, ALTER, DROP, ...), so a
        // statement without values runs unprepared; with nothing bound, nothing
        // can be injected either.
        const QString key = QChar(u'\x01') + sql;
        QSqlQuery *direct = conn->statements.value(key);
        if (!direct) {
            if (conn->statements.size() >= MaxCachedStatements)
                conn->clearStatements();
            auto created = std::make_unique<QSqlQuery>(*db);
            created->setForwardOnly(true);
            direct = created.release();
            conn->statements.insert(key, direct);
        }
        if (!direct->exec(sql)) {
            const Error error = storageError(direct->lastError(), m_dialect, sql);
            direct->finish();
            if (error.code() == u"storage.unavailable"_s)
                resetThreadConnection();
            return fail(error);
        }
        return SqlRows(direct);
    }

    QSqlQuery *query = conn->statements.value(sql);
    if (!query) {
        if (conn->statements.size() >= MaxCachedStatements)
            conn->clearStatements();
        auto prepared = std::make_unique<QSqlQuery>(*db);
        prepared->setForwardOnly(true);
        if (!prepared->prepare(sql)) {
            const Error error = storageError(prepared->lastError(), m_dialect, sql);
            if (error.code() == u"storage.unavailable"_s)
                resetThreadConnection();
            return fail(error);
        }
        query = prepared.release();
        conn->statements.insert(sql, query);
    }
    for (qsizetype i = 0; i < values.size(); ++i)
        query->bindValue(int(i), values.at(i));
    if (!query->exec()) {
        const Error error = storageError(query->lastError(), m_dialect, sql);
        query->finish();
        if (error.code() == u"storage.unavailable"_s)
            resetThreadConnection();
        return fail(error);
    }
    return SqlRows(query);
}

bool Database::isOutermostTransaction()
{
    return threadConnection()->depth == 0;
}

Status Database::beginTransaction()
{
    ThreadConnection *conn = threadConnection();
    if (conn->depth > 0) {
        ++conn->depth;
        return {};
    }
    auto db = connection();
    if (!db)
        return fail(db.error());
    conn = threadConnection();
    if (m_dialect == Dialect::Sqlite) {
        m_writerLock.lock();
        conn->ownsWriterLock = true;
    }
    QSqlQuery begin(*db);
    const QString statement = m_dialect == Dialect::Sqlite ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s;
    if (!begin.exec(statement)) {
        const Error error = storageError(begin.lastError(), m_dialect, statement);
        if (conn->ownsWriterLock) {
            conn->ownsWriterLock = false;
            m_writerLock.unlock();
        }
        if (error.code() == u"storage.unavailable"_s)
            resetThreadConnection();
        return fail(error);
    }
    conn->depth = 1;
    conn->rollbackOnly = false;
    return {};
}

Status Database::commitTransaction()
{
    ThreadConnection *conn = threadConnection();
    if (conn->depth > 1) {
        --conn->depth;
        return {};
    }
    if (conn->rollbackOnly) {
        rollbackTransaction();
        return fail(Error::internal(u"a nested transaction failed; the outer transaction was rolled back"_s));
    }
    conn->depth = 0;
    // Reset cached statements so no read snapshot outlives the transaction.
    for (QSqlQuery *q : std::as_const(conn->statements))
        q->finish();
    QSqlDatabase db = QSqlDatabase::database(conn->name, false);
    QSqlQuery commit(db);
    const bool ok = commit.exec(u"COMMIT"_s);
    Error error;
    if (!ok) {
        error = storageError(commit.lastError(), m_dialect, u"COMMIT"_s);
        QSqlQuery rollback(db);
        rollback.exec(u"ROLLBACK"_s);
    }
    if (conn->ownsWriterLock) {
        conn->ownsWriterLock = false;
        m_writerLock.unlock();
    }
    if (!ok) {
        if (error.code() == u"storage.unavailable"_s)
            resetThreadConnection();
        return fail(error);
    }
    return {};
}

void Database::rollbackTransaction()
{
    ThreadConnection *conn = threadConnection();
    if (conn->depth > 1) {
        --conn->depth;
        conn->rollbackOnly = true;
        return;
    }
    conn->depth = 0;
    conn->rollbackOnly = false;
    for (QSqlQuery *q : std::as_const(conn->statements))
        q->finish();
    if (!conn->name.isEmpty()) {
        QSqlDatabase db = QSqlDatabase::database(conn->name, false);
        if (db.isOpen()) {
            QSqlQuery rollback(db);
            if (!rollback.exec(u"ROLLBACK"_s))
                qCWarning(lcStorage).noquote() << "ROLLBACK failed:" << rollback.lastError().text();
        }
    }
    if (conn->ownsWriterLock) {
        conn->ownsWriterLock = false;
        m_writerLock.unlock();
    }
}

bool Database::isRetryable(const Error &error)
{
    return error.code() == u"storage.retry"_s;
}

} // namespace vami
