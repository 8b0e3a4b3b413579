#pragma once

#include <QByteArray>
#include <QString>
#include <QVarLengthArray>
#include <QVariantList>

struct sqlite3;
struct sqlite3_stmt;

namespace vami {

// One statement prepared on an SQLite connection, cached per thread. Values are
// bound without copies (the bound bytes are kept here until reset()), and reset()
// releases them, so a cached statement never keeps a large value alive.
class SqliteStatement
{
public:
    SqliteStatement(sqlite3 *db, sqlite3_stmt *statement, QString sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    // Prepares `sql`; on failure returns nullptr and leaves the error on the connection.
    static SqliteStatement *prepare(sqlite3 *db, const QString &sql);

    // Binds `values` (null, bool, integers, reals, text, bytes, ids, instants).
    // Returns the SQLite result code of the first failing bind, or 0.
    int bind(const QVariantList &values);
    // Resets the statement for its next execution and releases the bound values.
    void reset();

    [[nodiscard]] sqlite3 *connection() const { return m_db; }
    [[nodiscard]] sqlite3_stmt *handle() const { return m_statement; }
    [[nodiscard]] const QString &sql() const { return m_sql; }
    [[nodiscard]] bool isReadOnly() const { return m_readOnly; }

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_statement;
    QString m_sql;
    bool m_readOnly;
    QVarLengthArray<QByteArray, 8> m_bound;
};

} // namespace vami
