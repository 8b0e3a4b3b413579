#pragma once

#include <QDateTime>
#include <QString>
#include <QUuid>
#include <QVariant>

class QSqlQuery;

namespace vami {

// The result of one executed statement, read row by row. Holds the statement
// prepared on this thread's connection and resets it when destroyed, so an
// unfinished SELECT never keeps a read snapshot open. Move-only; use on the thread
// that executed it.
class SqlRows
{
public:
    explicit SqlRows(QSqlQuery *query);
    SqlRows(SqlRows &&other) noexcept;
    SqlRows &operator=(SqlRows &&other) noexcept;
    SqlRows(const SqlRows &) = delete;
    SqlRows &operator=(const SqlRows &) = delete;
    ~SqlRows();

    bool next();
    [[nodiscard]] QVariant value(int column) const;
    [[nodiscard]] bool isNull(int column) const;
    // Null reads as a null QString.
    [[nodiscard]] QString text(int column) const;
    [[nodiscard]] qint64 integer(int column) const;
    [[nodiscard]] double number(int column) const;
    [[nodiscard]] bool boolean(int column) const;
    // uuid (PostgreSQL) or text (SQLite) column; null or malformed reads as a null id.
    [[nodiscard]] QUuid id(int column) const;
    // timestamptz (PostgreSQL) or ISO text (SQLite) column; null reads as invalid.
    [[nodiscard]] QDateTime instant(int column) const;
    [[nodiscard]] int rowsAffected() const;

private:
    QSqlQuery *m_query = nullptr;
};

} // namespace vami
