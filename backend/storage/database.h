#pragma once

#include "core/result.h"
#include "databaseconfig.h"
#include "dialect.h"
#include "sqlrows.h"

#include <QSqlDatabase>
#include <QString>
#include <QVariantList>

#include <mutex>
#include <type_traits>

namespace vami {

class Clock;

// One database (an SQLite file or a PostgreSQL database) used from many threads.
// Qt's rule is that a connection belongs to the thread that opened it, so every
// thread gets its own named connection on first use, with its own cache of
// prepared statements; both are released when the thread ends.
//
// SQLite runs in WAL mode with foreign keys on, synchronous=FULL and a 5 s busy
// timeout; write transactions take BEGIN IMMEDIATE under one in-process writer
// lock. PostgreSQL transactions are retried (at most three attempts) when the
// server reports a serialization failure or deadlock.
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
    // same thread join the outer transaction.
    template<typename Work>
    std::invoke_result_t<Work &> transaction(Work &&work);

    // The calling thread's connection (opened on first use).
    Result<QSqlDatabase> connection();
    // Drops the calling thread's connection and its statements (after a broken connection).
    void resetThreadConnection();

    // Number of statements currently cached on the calling thread (tests, metrics).
    [[nodiscard]] int cachedStatementCount();

private:
    struct ThreadConnection;
    ThreadConnection *threadConnection();
    Status beginTransaction();
    Status commitTransaction();
    void rollbackTransaction();
    bool isOutermostTransaction();
    static bool isRetryable(const Error &error);

    DatabaseConfig m_config;
    Dialect m_dialect;
    quint64 m_serial;
    std::mutex m_writerLock;
};

template<typename Work>
std::invoke_result_t<Work &> Database::transaction(Work &&work)
{
    using R = std::invoke_result_t<Work &>;
    for (int attempt = 1;; ++attempt) {
        const bool outermost = isOutermostTransaction();
        if (Status begun = beginTransaction(); !begun)
            return R(std::unexpect, begun.error());
        R result = work();
        if (!result) {
            rollbackTransaction();
            if (outermost && attempt < 3 && isRetryable(result.error()))
                continue;
            return result;
        }
        if (Status committed = commitTransaction(); !committed) {
            if (outermost && attempt < 3 && isRetryable(committed.error()))
                continue;
            return R(std::unexpect, committed.error());
        }
        return result;
    }
}

} // namespace vami
