#include "sqlitecursor.h"

#include "sqlitestatement.h"

#include <sqlite3.h>

namespace vami {

SqliteCursor::SqliteCursor(std::shared_ptr<SqliteStatement> statement, bool hasRow, int changes)
    : m_statement(std::move(statement))
    , m_pending(hasRow)
    , m_done(!hasRow)
    , m_changes(changes)
{ }

SqliteCursor::~SqliteCursor()
{
    m_statement->reset();
}

bool SqliteCursor::next()
{
    if (m_pending) {
        m_pending = false;
        return true;
    }
    if (m_done)
        return false;
    // A read statement fails only for reasons that also fail the next one (I/O,
    // corruption); the caller sees the end of the rows, the log the reason.
    if (sqlite3_step(m_statement->handle()) == SQLITE_ROW)
        return true;
    m_done = true;
    return false;
}

int SqliteCursor::columnCount() const
{
    return sqlite3_column_count(m_statement->handle());
}

bool SqliteCursor::isNull(int column) const
{
    return sqlite3_column_type(m_statement->handle(), column) == SQLITE_NULL;
}

QByteArrayView SqliteCursor::utf8(int column) const
{
    sqlite3_stmt *s = m_statement->handle();
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(s, column));
    if (!text)
        return {};
    return QByteArrayView(text, sqlite3_column_bytes(s, column));
}

qint64 SqliteCursor::integer(int column) const
{
    return sqlite3_column_int64(m_statement->handle(), column);
}

double SqliteCursor::number(int column) const
{
    return sqlite3_column_double(m_statement->handle(), column);
}

QByteArray SqliteCursor::blob(int column) const
{
    sqlite3_stmt *s = m_statement->handle();
    const void *data = sqlite3_column_blob(s, column);
    if (!data)
        return sqlite3_column_type(s, column) == SQLITE_NULL ? QByteArray() : QByteArray("");
    return QByteArray(static_cast<const char *>(data), sqlite3_column_bytes(s, column));
}

QVariant SqliteCursor::value(int column) const
{
    sqlite3_stmt *s = m_statement->handle();
    switch (sqlite3_column_type(s, column)) {
    case SQLITE_INTEGER:
        return QVariant(qint64(sqlite3_column_int64(s, column)));
    case SQLITE_FLOAT:
        return QVariant(sqlite3_column_double(s, column));
    case SQLITE_BLOB:
        return QVariant(blob(column));
    case SQLITE_TEXT:
        return QVariant(QString::fromUtf8(utf8(column)));
    default:
        return QVariant();
    }
}

} // namespace vami
