#pragma once

#include "core/result.h"
#include "databaseconfig.h"
#include "dialect.h"
#include "sqlrows.h"

#include <QSqlDatabase>
#include <QString>
#include <QVariantList>

#include <atomic>
#include <mutex>
#include <type_traits>

namespace vami {

class Clock;

// One database (an SQLite file or a PostgreSQL database) used from many threads.
// Qt's rule is that a connection belongs to the thread that opened it, so every
// thread gets its own named connection on first use; statements run on the
// connection's native handle (sqlite3 / libpq) with a per-thread cache of prepared
// statements, and rows are read without a QVariant per column (SqlRows).
//
// Writes are serialised and retried in one place:
// - SQLite runs in WAL mode with foreign keys on and synchronous=FULL. Every write
//   (a transaction, or a single writing statement, which runs in a transaction of
//   its own) takes BEGIN IMMEDIATE under one in-process writer lock; a write lock
//   held by another process (SQLITE_BUSY beyond the busy timeout) is retried with
//   backoff.
// - PostgreSQL transactions and single statements are retried when the server
//   reports a serialization failure or deadlock.
// - A connection that fails inside a transaction stays failed until that
//   transaction ends: nothing after the failure runs, nothing is committed, and the
//   writer lock is released. The next statement opens a new connection.
//
// Transactions may run their work more than once (retries), so the work must not
// cause effects outside the database: no network I/O inside (threadInTransaction()
// lets the mailer and the HTTP client refuse); write an outbox row or a job instead.
class Database
{
public:
    explicit Database(DatabaseConfig config);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    [[nodiscard]] Dialect dialect() const { return m_dialect; }
    [[nodiscard]] const DatabaseConfig &config() const { return m_config; }

    // Opens the calling thread's connection (creating the SQLite file and its folder).
    Status open();
    // Applies the migrations this program ships that the database does not have yet.
    Status migrate(const Clock &clock);

    // Executes one statement with positional ("?") values on this thread's connection.
    Result<SqlRows> exec(const QString &sql, const QVariantList &values = {});

    // Runs `work` (returning Result<T> or Status) inside a transaction: committed when
    // it returns a value, rolled back when it returns an error. Nested calls on the
    // same thread join the outer transaction. The outermost call retries the whole
    // work when the database asks for it (busy, serialization failure, deadlock).
    template<typename Work> std::invoke_result_t<Work &> transaction(Work &&work);

    // True while the calling thread is inside a transaction of any Database.
    [[nodiscard]] static bool threadInTransaction();
    // For code with effects outside the database (network I/O): an Internal error,
    // logged with `what`, when called inside a transaction, which may run again.
    [[nodiscard]] static Status outsideTransaction(const char *what);

    // The calling thread's connection (opened on first use).
    Result<QSqlDatabase> connection();
    // Drops the calling thread's connection and its statements (not inside a transaction).
    void resetThreadConnection();

    // Number of statements currently cached on the calling thread (tests, metrics).
    [[nodiscard]] int cachedStatementCount();
    // Bytes of bound values that the calling thread's cached statements still hold,
    // as the database library reports them (tests): 0 once every statement ran.
    [[nodiscard]] qint64 cachedBoundBytes();
    // How often a low-priority thread (password hashing) took the SQLite writer lock;
    // stays 0 unless a caller breaks that rule (tests).
    [[nodiscard]] quint64 lowPriorityWriterLocks() const { return m_lowPriorityWriterLocks.load(); }
    // How often a transaction ran again because the database was busy or asked for a
    // retry (tests, metrics).
    [[nodiscard]] quint64 busyRetries() const { return m_busyRetries.load(); }

private:
    struct ThreadConnection;
    ThreadConnection *threadConnection();
    Result<ThreadConnection *> openConnection();
    void closeConnection(ThreadConnection *conn);
    Result<SqlRows> execSqlite(ThreadConnection *conn, const QString &sql, const QVariantList &values);
    Result<SqlRows> execPostgres(ThreadConnection *conn, const QString &sql, const QVariantList &values);
    Status execControl(ThreadConnection *conn, const char *statement);
    Error noteFailure(ThreadConnection *conn, Error error);
    Status beginTransaction();
    Status commitTransaction();
    void rollbackTransaction();
    void releaseWriterLock(ThreadConnection *conn);
    bool isOutermostTransaction();
    // Whether (and after a pause) the outermost transaction should run its work again.
    bool retryAfter(const Error &error, int attempt);

    DatabaseConfig m_config;
    Dialect m_dialect;
    quint64 m_serial;
    std::mutex m_writerLock;
    std::atomic<quint64> m_lowPriorityWriterLocks {0};
    std::atomic<quint64> m_busyRetries {0};
};

template<typename Work> std::invoke_result_t<Work &> Database::transaction(Work &&work)
{
    using R = std::invoke_result_t<Work &>;
    for (int attempt = 1;; ++attempt) {
        const bool outermost = isOutermostTransaction();
        if (Status begun = beginTransaction(); !begun) {
            if (outermost && retryAfter(begun.error(), attempt))
                continue;
            return R(std::unexpect, begun.error());
        }
        R result = work();
        if (!result) {
            rollbackTransaction();
            if (outermost && retryAfter(result.error(), attempt))
                continue;
            return result;
        }
        if (Status committed = commitTransaction(); !committed) {
            if (outermost && retryAfter(committed.error(), attempt))
                continue;
            return R(std::unexpect, committed.error());
        }
        return result;
    }
}

} // namespace vami
