#include "database.h"

#include "bufferedcursor.h"
#include "core/logging.h"
#include "core/threadpriority.h"
#include "migrator.h"
#include "pgcursor.h"
#include "sqlerror.h"
#include "sqlitecursor.h"
#include "sqlitestatement.h"
#include "sqlparam.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlDriver>
#include <QSqlError>
#include <QThread>
#include <QThreadStorage>
#include <QVarLengthArray>

#include <libpq-fe.h>
#include <sqlite3.h>

#include <cctype>
#include <memory>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

std::atomic<quint64> g_nextSerial {1};

// Serials of Database objects that no longer exist; threads drop their connections
// to them the next time they touch their connection table (when the generation
// they last saw changed).
QMutex g_deadMutex;
QSet<quint64> g_deadSerials;
std::atomic<quint64> g_deadGeneration {0};

thread_local int t_transactionDepth = 0;

constexpr int MaxCachedStatements = 256;

Error brokenInTransaction()
{
    return Error::unavailable(u"storage.unavailable"_s, QT_TRANSLATE_NOOP("vami", "The database cannot be reached."), 5)
        .withDiagnostic(u"the connection failed earlier in this transaction"_s);
}

// Statements PostgreSQL's PREPARE accepts.
bool isPreparable(const QString &sql)
{
    static const QLatin1StringView kinds[]
        = {QLatin1StringView("select"), QLatin1StringView("insert"), QLatin1StringView("update"),
            QLatin1StringView("delete"), QLatin1StringView("with"), QLatin1StringView("values")};
    qsizetype start = 0;
    while (start < sql.size() && sql.at(start).isSpace())
        ++start;
    qsizetype end = start;
    while (end < sql.size() && sql.at(end).isLetter())
        ++end;
    const QStringView head = QStringView(sql).mid(start, end - start);
    for (QLatin1StringView kind : kinds) {
        if (head.compare(kind, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// "?" placeholders to PostgreSQL's "$1", "$2", ..., outside quoted text, quoted
// identifiers, dollar-quoted bodies and comments.
QByteArray dollarPlaceholders(const QString &sql)
{
    const QByteArray in = sql.toUtf8();
    QByteArray out;
    out.reserve(in.size() + 16);
    int n = 0;
    qsizetype i = 0;
    const qsizetype size = in.size();
    while (i < size) {
        const char c = in[i];
        if (c == '\'' || c == '"') {
            const qsizetype close = in.indexOf(c, i + 1);
            const qsizetype stop = close < 0 ? size : close + 1;
            out.append(in.constData() + i, stop - i);
            i = stop;
        } else if (c == '-' && i + 1 < size && in[i + 1] == '-') {
            const qsizetype eol = in.indexOf('\n', i);
            const qsizetype stop = eol < 0 ? size : eol;
            out.append(in.constData() + i, stop - i);
            i = stop;
        } else if (c == '/' && i + 1 < size && in[i + 1] == '*') {
            const qsizetype close = in.indexOf("*/", i + 2);
            const qsizetype stop = close < 0 ? size : close + 2;
            out.append(in.constData() + i, stop - i);
            i = stop;
        } else if (c == '$' && (i == 0 || !(std::isalnum(uchar(in[i - 1])) || in[i - 1] == '_'))) {
            qsizetype tagEnd = i + 1;
            while (tagEnd < size && (std::isalnum(uchar(in[tagEnd])) || in[tagEnd] == '_'))
                ++tagEnd;
            if (tagEnd < size && in[tagEnd] == '$') {
                const QByteArray tag = in.mid(i, tagEnd - i + 1);
                const qsizetype close = in.indexOf(tag, tagEnd + 1);
                const qsizetype stop = close < 0 ? size : close + tag.size();
                out.append(in.constData() + i, stop - i);
                i = stop;
            } else {
                out.append(c);
                ++i;
            }
        } else if (c == '?') {
            out.append('$');
            out.append(QByteArray::number(++n));
            ++i;
        } else {
            out.append(c);
            ++i;
        }
    }
    return out;
}

// vami_fold(text): Unicode case folding for case-insensitive matches on SQLite.
void foldFunction(sqlite3_context *context, int, sqlite3_value **arguments)
{
    if (sqlite3_value_type(arguments[0]) == SQLITE_NULL) {
        sqlite3_result_null(context);
        return;
    }
    const auto *text = reinterpret_cast<const char *>(sqlite3_value_text(arguments[0]));
    const QByteArray folded = QString::fromUtf8(text, sqlite3_value_bytes(arguments[0])).toCaseFolded().toUtf8();
    sqlite3_result_text(context, folded.constData(), int(folded.size()), SQLITE_TRANSIENT);
}

template<typename Handle>
Handle nativeHandle(const QSqlDatabase &db, const char *typeName)
{
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), typeName) != 0) {
        qCCritical(lcStorage) << "unexpected driver handle" << handle.typeName() << "instead of" << typeName;
        return nullptr;
    }
    return *static_cast<Handle const *>(handle.constData());
}

} // namespace

struct Database::ThreadConnection
{
    QString name; // the Qt connection; empty while closed
    sqlite3 *sqlite = nullptr;
    PGconn *pg = nullptr;
    QHash<QString, std::shared_ptr<SqliteStatement>> sqliteStatements;
    QHash<QString, QByteArray> pgStatements; // SQL text -> prepared statement name
    quint64 pgNextStatement = 0;
    int depth = 0;
    bool rollbackOnly = false;
    bool broken = false; // the connection failed inside the current transaction
    bool ownsWriterLock = false;

    void close()
    {
        sqliteStatements.clear();
        pgStatements.clear();
        sqlite = nullptr;
        pg = nullptr;
        if (!name.isEmpty()) {
            {
                QSqlDatabase db = QSqlDatabase::database(name, false);
                if (db.isOpen())
                    db.close();
            }
            QSqlDatabase::removeDatabase(name);
            name.clear();
        }
    }

    ~ThreadConnection() { close(); }
};

namespace {

// All connections of the current thread, by Database serial.
struct ThreadConnections
{
    QHash<quint64, void *> bySerial;
    std::function<void(void *)> deleter;
    quint64 deadGenerationSeen = 0;

    ~ThreadConnections()
    {
        for (void *c : std::as_const(bySerial))
            deleter(c);
    }
};

// QThreadStorage (not thread_local): Qt destroys it before QThread::wait()
// returns and, for the main thread, with the application object, so no
// connection is closed after the SQL module's own globals are gone.
QThreadStorage<ThreadConnections *> g_threadConnections;

ThreadConnections &threadConnections()
{
    if (!g_threadConnections.hasLocalData())
        g_threadConnections.setLocalData(new ThreadConnections);
    return *g_threadConnections.localData();
}

} // namespace

Database::Database(DatabaseConfig config)
    : m_config(std::move(config))
    , m_dialect(m_config.kind == DatabaseConfig::Kind::Postgres ? Dialect::Postgres : Dialect::Sqlite)
    , m_serial(g_nextSerial.fetch_add(1))
{ }

Database::~Database()
{
    // This thread's connection can be closed now; other threads close theirs lazily.
    ThreadConnections &table = threadConnections();
    auto it = table.bySerial.find(m_serial);
    if (it != table.bySerial.end()) {
        delete static_cast<ThreadConnection *>(it.value());
        table.bySerial.erase(it);
    }
    QMutexLocker locker(&g_deadMutex);
    g_deadSerials.insert(m_serial);
    g_deadGeneration.fetch_add(1);
}

bool Database::threadInTransaction()
{
    return t_transactionDepth > 0;
}

Status Database::outsideTransaction(const char *what)
{
    if (t_transactionDepth == 0)
        return {};
    qCCritical(lcStorage) << what << "was called inside a database transaction; write an outbox item or a job instead";
    return fail(Error::internal(u"%1 inside a database transaction"_s.arg(QLatin1StringView(what))));
}

Database::ThreadConnection *Database::threadConnection()
{
    ThreadConnections &table = threadConnections();
    if (!table.deleter)
        table.deleter = [](void *c) { delete static_cast<ThreadConnection *>(c); };
    const quint64 generation = g_deadGeneration.load(std::memory_order_acquire);
    if (generation != table.deadGenerationSeen) {
        QMutexLocker locker(&g_deadMutex);
        for (auto it = table.bySerial.begin(); it != table.bySerial.end();) {
            if (g_deadSerials.contains(it.key())) {
                delete static_cast<ThreadConnection *>(it.value());
                it = table.bySerial.erase(it);
            } else {
                ++it;
            }
        }
        table.deadGenerationSeen = generation;
    }
    auto it = table.bySerial.find(m_serial);
    if (it != table.bySerial.end())
        return static_cast<ThreadConnection *>(it.value());
    auto *conn = new ThreadConnection;
    table.bySerial.insert(m_serial, conn);
    return conn;
}

Result<Database::ThreadConnection *> Database::openConnection()
{
    ThreadConnection *conn = threadConnection();
    if (conn->broken)
        return fail(brokenInTransaction());
    if (!conn->name.isEmpty())
        return conn;

    const QString name = u"vami-%1-%2"_s.arg(m_serial).arg(quintptr(QThread::currentThreadId()), 0, 16);
    QSqlDatabase db;
    if (m_dialect == Dialect::Sqlite) {
        if (!QSqlDatabase::isDriverAvailable(u"QSQLITE"_s))
            return fail(Error::unavailable(u"storage.driver_missing"_s,
                QT_TRANSLATE_NOOP("vami", "The SQLite database driver is not installed.")));
        if (m_config.sqlitePath != u":memory:"_s) {
            const QFileInfo info(m_config.sqlitePath);
            if (!QDir().mkpath(info.absolutePath()))
                return fail(Error::unavailable(
                    u"storage.path"_s, QT_TRANSLATE_NOOP("vami", "The database folder cannot be created.")));
        }
        db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(m_config.sqlitePath);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(m_config.busyTimeoutMs));
    } else {
        if (!QSqlDatabase::isDriverAvailable(u"QPSQL"_s))
            return fail(Error::unavailable(u"storage.driver_missing"_s,
                QT_TRANSLATE_NOOP("vami", "The PostgreSQL database driver is not installed.")));
        db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
        db.setHostName(m_config.host);
        db.setPort(m_config.port);
        db.setDatabaseName(m_config.name);
        db.setUserName(m_config.user);
        db.setPassword(m_config.password);
        QStringList options {u"connect_timeout=%1"_s.arg(m_config.connectTimeoutSeconds)};
        if (!m_config.sslMode.isEmpty())
            options << u"sslmode="_s + m_config.sslMode;
        if (!m_config.applicationName.isEmpty())
            options << u"application_name="_s + m_config.applicationName;
        db.setConnectOptions(options.join(u';'));
    }
    auto drop = [&] {
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
    };
    if (!db.open()) {
        const QSqlError error = db.lastError();
        drop();
        qCWarning(lcStorage).noquote() << "cannot open" << m_config.displayUrl() << ':' << error.text();
        return fail(Error::unavailable(
            u"storage.unavailable"_s, QT_TRANSLATE_NOOP("vami", "The database cannot be reached."), 5));
    }
    if (m_dialect == Dialect::Sqlite) {
        sqlite3 *handle = nativeHandle<sqlite3 *>(db, "sqlite3*");
        if (!handle) {
            drop();
            return fail(Error::internal(u"the SQLite driver exposes no connection handle"_s));
        }
        for (const char *statement : {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=FULL"}) {
            char *message = nullptr;
            if (sqlite3_exec(handle, statement, nullptr, nullptr, &message) != SQLITE_OK) {
                qCWarning(lcStorage).noquote() << statement << "failed:" << message;
                sqlite3_free(message);
                db.close();
                drop();
                return fail(Error::unavailable(
                    u"storage.unavailable"_s, QT_TRANSLATE_NOOP("vami", "The database file cannot be used."), 5));
            }
        }
        sqlite3_create_function_v2(handle, "vami_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                   nullptr, foldFunction, nullptr, nullptr, nullptr);
        conn->sqlite = handle;
    } else {
        PGconn *handle = nativeHandle<PGconn *>(db, "pg_conn*");
        if (!handle) {
            db.close();
            drop();
            return fail(Error::internal(u"the PostgreSQL driver exposes no connection handle"_s));
        }
        PGresult *setup = PQexec(handle, "SET TIME ZONE 'UTC'; SET bytea_output = 'hex'");
        const bool ok = PQresultStatus(setup) == PGRES_COMMAND_OK;
        const Error error = ok ? Error()
                               : postgresError(PQresultErrorField(setup, PG_DIAG_SQLSTATE), PQresultErrorMessage(setup),
                                   PQstatus(handle) != CONNECTION_OK, u"SET TIME ZONE"_s);
        PQclear(setup);
        if (!ok) {
            db.close();
            drop();
            return fail(error);
        }
        conn->pg = handle;
    }
    conn->name = name;
    return conn;
}

void Database::closeConnection(ThreadConnection *conn)
{
    conn->close();
}

Result<QSqlDatabase> Database::connection()
{
    auto conn = openConnection();
    if (!conn)
        return fail(conn.error());
    return QSqlDatabase::database((*conn)->name, false);
}

void Database::resetThreadConnection()
{
    ThreadConnection *conn = threadConnection();
    if (conn->depth > 0) {
        conn->broken = true; // closed when the transaction ends
        return;
    }
    closeConnection(conn);
}

int Database::cachedStatementCount()
{
    ThreadConnection *conn = threadConnection();
    return int(m_dialect == Dialect::Sqlite ? conn->sqliteStatements.size() : conn->pgStatements.size());
}

qint64 Database::cachedBoundBytes()
{
    ThreadConnection *conn = threadConnection();
    qint64 bytes = 0;
    for (const auto &statement : std::as_const(conn->sqliteStatements)) {
        // The SQL text with the currently bound values written in (an unbound "?"
        // reads "NULL"): longer than that by what the statement holds.
        char *expanded = sqlite3_expanded_sql(statement->handle());
        const char *plain = sqlite3_sql(statement->handle());
        const qint64 unbound = 3 * qint64(sqlite3_bind_parameter_count(statement->handle()));
        if (expanded && plain)
            bytes += std::max<qint64>(0, qint64(qstrlen(expanded)) - qint64(qstrlen(plain)) - unbound);
        sqlite3_free(expanded);
    }
    return bytes; // PostgreSQL statements take their values per execution and keep none
}

Status Database::open()
{
    auto conn = openConnection();
    if (!conn)
        return fail(conn.error());
    return {};
}

Status Database::migrate(const Clock &clock)
{
    Migrator migrator(*this, clock);
    return migrator.run();
}

Error Database::noteFailure(ThreadConnection *conn, Error error)
{
    if (isConnectionFailure(error)) {
        if (conn->depth > 0)
            conn->broken = true;
        else
            closeConnection(conn);
    }
    return error;
}

Result<SqlRows> Database::exec(const QString &sql, const QVariantList &values)
{
    auto conn = openConnection();
    if (!conn)
        return fail(conn.error());
    return m_dialect == Dialect::Sqlite ? execSqlite(*conn, sql, values) : execPostgres(*conn, sql, values);
}

namespace {

// The cached statement for `sql`, or a fresh one when the cached one is still being
// read (a live SqlRows shares it).
Result<std::shared_ptr<SqliteStatement>> sqliteStatement(
    QHash<QString, std::shared_ptr<SqliteStatement>> &cache, sqlite3 *db, const QString &sql)
{
    auto it = cache.constFind(sql);
    if (it != cache.constEnd() && it->use_count() == 1)
        return *it;
    std::shared_ptr<SqliteStatement> statement(SqliteStatement::prepare(db, sql));
    if (!statement)
        return fail(sqliteError(sqlite3_extended_errcode(db), sqlite3_errmsg(db), sql));
    if (it == cache.constEnd()) {
        if (cache.size() >= MaxCachedStatements)
            cache.clear(); // statements still being read live on in their SqlRows
        cache.insert(sql, statement);
    }
    return statement;
}

BufferedCursor::Cell copyCell(sqlite3_stmt *s, int column)
{
    BufferedCursor::Cell cell;
    switch (sqlite3_column_type(s, column)) {
    case SQLITE_INTEGER:
        cell.type = BufferedCursor::Cell::Type::Integer;
        cell.integer = sqlite3_column_int64(s, column);
        cell.bytes = QByteArray::number(cell.integer);
        break;
    case SQLITE_FLOAT:
        cell.type = BufferedCursor::Cell::Type::Real;
        cell.real = sqlite3_column_double(s, column);
        cell.bytes = QByteArray::number(cell.real, 'g', 17);
        break;
    case SQLITE_TEXT:
        cell.type = BufferedCursor::Cell::Type::Text;
        cell.bytes = QByteArray(
            reinterpret_cast<const char *>(sqlite3_column_text(s, column)), sqlite3_column_bytes(s, column));
        break;
    case SQLITE_BLOB:
        cell.type = BufferedCursor::Cell::Type::Blob;
        cell.bytes
            = QByteArray(static_cast<const char *>(sqlite3_column_blob(s, column)), sqlite3_column_bytes(s, column));
        break;
    default:
        break;
    }
    return cell;
}

} // namespace

Result<SqlRows> Database::execSqlite(ThreadConnection *conn, const QString &sql, const QVariantList &values)
{
    auto prepared = sqliteStatement(conn->sqliteStatements, conn->sqlite, sql);
    if (!prepared)
        return fail(noteFailure(conn, prepared.error()));
    std::shared_ptr<SqliteStatement> statement = std::move(*prepared);

    if (!statement->isReadOnly() && conn->depth == 0) {
        // A write outside a transaction runs in a transaction of its own, so it is
        // serialised with every other writer and retried like one.
        statement.reset();
        return transaction([&]() -> Result<SqlRows> {
            auto inner = openConnection();
            if (!inner)
                return fail(inner.error());
            return execSqlite(*inner, sql, values);
        });
    }

    sqlite3 *db = conn->sqlite;
    auto failure = [&]() -> Error {
        const Error error = sqliteError(sqlite3_extended_errcode(db), sqlite3_errmsg(db), sql);
        statement->reset();
        return noteFailure(conn, error);
    };
    if (statement->bind(values) != SQLITE_OK)
        return fail(failure());
    sqlite3_stmt *s = statement->handle();
    int step = sqlite3_step(s);
    if (statement->isReadOnly()) {
        if (step != SQLITE_ROW && step != SQLITE_DONE)
            return fail(failure());
        return SqlRows(std::make_unique<SqliteCursor>(std::move(statement), step == SQLITE_ROW, 0));
    }
    // A write completes here; what it returns (RETURNING) is copied out.
    const int columns = sqlite3_column_count(s);
    QList<BufferedCursor::Cell> cells;
    while (step == SQLITE_ROW) {
        for (int c = 0; c < columns; ++c)
            cells.append(copyCell(s, c));
        step = sqlite3_step(s);
    }
    if (step != SQLITE_DONE)
        return fail(failure());
    const int changes = sqlite3_changes(db);
    statement->reset();
    return SqlRows(std::make_unique<BufferedCursor>(columns, std::move(cells), changes));
}

Result<SqlRows> Database::execPostgres(ThreadConnection *conn, const QString &sql, const QVariantList &values)
{
    PGconn *pg = conn->pg;
    for (int attempt = 1;; ++attempt) {
        PGresult *result = nullptr;
        QByteArray statementName;
        if (values.isEmpty() && !isPreparable(sql)) {
            result = PQexec(pg, sql.toUtf8().constData());
        } else {
            auto it = conn->pgStatements.constFind(sql);
            if (it != conn->pgStatements.constEnd()) {
                statementName = *it;
            } else {
                bool cache = true;
                if (conn->pgStatements.size() >= MaxCachedStatements) {
                    if (conn->depth == 0) {
                        PQclear(PQexec(pg, "DEALLOCATE ALL"));
                        conn->pgStatements.clear();
                    } else {
                        cache = false; // the unnamed statement, replaced by the next one
                    }
                }
                if (cache)
                    statementName = "vami_" + QByteArray::number(++conn->pgNextStatement);
                PGresult *prepared
                    = PQprepare(pg, statementName.constData(), dollarPlaceholders(sql).constData(), 0, nullptr);
                if (PQresultStatus(prepared) != PGRES_COMMAND_OK) {
                    const Error error = postgresError(PQresultErrorField(prepared, PG_DIAG_SQLSTATE),
                        PQresultErrorMessage(prepared), PQstatus(pg) != CONNECTION_OK, sql);
                    PQclear(prepared);
                    return fail(noteFailure(conn, error));
                }
                PQclear(prepared);
                if (cache)
                    conn->pgStatements.insert(sql, statementName);
            }
            const qsizetype n = values.size();
            QVarLengthArray<SqlParam, 8> params;
            QVarLengthArray<const char *, 8> texts;
            QVarLengthArray<int, 8> lengths;
            QVarLengthArray<int, 8> formats;
            params.reserve(n);
            for (qsizetype i = 0; i < n; ++i) {
                SqlParam p = SqlParam::from(values.at(i));
                if (p.kind == SqlParam::Kind::Integer)
                    p.bytes = QByteArray::number(p.integer);
                else if (p.kind == SqlParam::Kind::Real)
                    p.bytes = QByteArray::number(p.real, 'g', 17);
                params.append(std::move(p));
            }
            for (const SqlParam &p : params) {
                texts.append(p.kind == SqlParam::Kind::Null ? nullptr : p.bytes.constData());
                lengths.append(int(p.bytes.size()));
                formats.append(p.kind == SqlParam::Kind::Blob ? 1 : 0);
            }
            result = PQexecPrepared(
                pg, statementName.constData(), int(n), texts.constData(), lengths.constData(), formats.constData(), 0);
        }
        const ExecStatusType status = PQresultStatus(result);
        if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK || status == PGRES_EMPTY_QUERY)
            return SqlRows(std::make_unique<PgCursor>(result));

        const QByteArray sqlState = PQresultErrorField(result, PG_DIAG_SQLSTATE);
        const Error error = postgresError(sqlState, PQresultErrorMessage(result), PQstatus(pg) != CONNECTION_OK, sql);
        PQclear(result);
        if (sqlState == "26000" && !statementName.isEmpty() && attempt == 1) {
            // The prepared statement is gone (DEALLOCATE by someone else): prepare again.
            conn->pgStatements.remove(sql);
            continue;
        }
        if (error.code() == u"storage.retry"_s && conn->depth == 0 && attempt < 3)
            continue; // a single statement is atomic: running it again is safe
        return fail(noteFailure(conn, error));
    }
}

Status Database::execControl(ThreadConnection *conn, const char *statement)
{
    if (m_dialect == Dialect::Sqlite) {
        auto prepared = sqliteStatement(conn->sqliteStatements, conn->sqlite, QString::fromLatin1(statement));
        if (!prepared)
            return fail(noteFailure(conn, prepared.error()));
        sqlite3_stmt *s = (*prepared)->handle();
        const int step = sqlite3_step(s);
        Error error;
        if (step != SQLITE_DONE && step != SQLITE_ROW)
            error = sqliteError(
                sqlite3_extended_errcode(conn->sqlite), sqlite3_errmsg(conn->sqlite), QString::fromLatin1(statement));
        (*prepared)->reset();
        if (step != SQLITE_DONE && step != SQLITE_ROW)
            return fail(noteFailure(conn, error));
        return {};
    }
    PGresult *result = PQexec(conn->pg, statement);
    if (PQresultStatus(result) == PGRES_COMMAND_OK) {
        PQclear(result);
        return {};
    }
    const Error error = postgresError(PQresultErrorField(result, PG_DIAG_SQLSTATE), PQresultErrorMessage(result),
        PQstatus(conn->pg) != CONNECTION_OK, QString::fromLatin1(statement));
    PQclear(result);
    return fail(noteFailure(conn, error));
}

bool Database::isOutermostTransaction()
{
    return threadConnection()->depth == 0;
}

Status Database::beginTransaction()
{
    ThreadConnection *conn = threadConnection();
    if (conn->depth > 0) {
        if (conn->broken)
            return fail(brokenInTransaction());
        ++conn->depth;
        return {};
    }
    auto opened = openConnection();
    if (!opened)
        return fail(opened.error());
    if (m_dialect == Dialect::Sqlite) {
        if (isThisThreadLowPriority()) {
            if (m_lowPriorityWriterLocks.fetch_add(1) == 0)
                qCWarning(lcStorage) << "a low-priority thread takes the database writer lock";
        }
        m_writerLock.lock();
        conn->ownsWriterLock = true;
    }
    conn->depth = 1; // so a failing BEGIN marks the connection broken, not closed under the lock
    conn->rollbackOnly = false;
    conn->broken = false;
    ++t_transactionDepth;
    if (Status begun = execControl(conn, m_dialect == Dialect::Sqlite ? "BEGIN IMMEDIATE" : "BEGIN"); !begun) {
        conn->depth = 0;
        --t_transactionDepth;
        releaseWriterLock(conn);
        if (conn->broken) {
            conn->broken = false;
            closeConnection(conn);
        }
        return begun;
    }
    return {};
}

Status Database::commitTransaction()
{
    ThreadConnection *conn = threadConnection();
    if (conn->depth > 1) {
        --conn->depth;
        return {};
    }
    if (conn->rollbackOnly || conn->broken) {
        const bool broken = conn->broken;
        rollbackTransaction();
        if (broken)
            return fail(brokenInTransaction());
        return fail(Error::internal(u"a nested transaction failed; the outer transaction was rolled back"_s));
    }
    const Status committed = execControl(conn, "COMMIT");
    if (!committed && !conn->broken)
        (void)execControl(conn, "ROLLBACK");
    conn->depth = 0;
    --t_transactionDepth;
    releaseWriterLock(conn);
    if (conn->broken) {
        conn->broken = false;
        closeConnection(conn);
    }
    return committed;
}

void Database::rollbackTransaction()
{
    ThreadConnection *conn = threadConnection();
    if (conn->depth > 1) {
        --conn->depth;
        conn->rollbackOnly = true;
        return;
    }
    if (conn->depth == 0)
        return;
    if (!conn->broken) {
        if (Status rolledBack = execControl(conn, "ROLLBACK"); !rolledBack)
            qCWarning(lcStorage).noquote() << "ROLLBACK failed:" << rolledBack.error().diagnostic();
    }
    conn->depth = 0;
    conn->rollbackOnly = false;
    --t_transactionDepth;
    releaseWriterLock(conn);
    if (conn->broken) {
        conn->broken = false;
        closeConnection(conn);
    }
}

void Database::releaseWriterLock(ThreadConnection *conn)
{
    if (conn->ownsWriterLock) {
        conn->ownsWriterLock = false;
        m_writerLock.unlock();
    }
}

bool Database::retryAfter(const Error &error, int attempt)
{
    int pauseMs = 0;
    if (error.code() == u"storage.retry"_s && attempt < 5)
        pauseMs = 5 * attempt + int(QRandomGenerator::global()->bounded(10 * attempt));
    else if (error.code() == u"storage.busy"_s && attempt < 6)
        pauseMs = 25 << attempt; // another process holds the write lock: 50 ms ... 800 ms
    else
        return false;
    m_busyRetries.fetch_add(1);
    QThread::msleep(ulong(pauseMs));
    return true;
}

} // namespace vami
