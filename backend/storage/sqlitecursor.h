#pragma once

#include "rowcursor.h"

#include <memory>

namespace vami {

class SqliteStatement;

// The rows of an executing SQLite statement, read with sqlite3_column_*(). The
// cursor shares ownership of the statement, so clearing the statement cache never
// leaves it dangling; destroying it resets the statement and releases its values.
class SqliteCursor final : public RowCursor
{
public:
    // `hasRow` is the outcome of the first sqlite3_step() (done by the caller to see
    // errors at once); `changes` is sqlite3_changes() for a completed write.
    SqliteCursor(std::shared_ptr<SqliteStatement> statement, bool hasRow, int changes);
    ~SqliteCursor() override;

    bool next() override;
    [[nodiscard]] int columnCount() const override;
    [[nodiscard]] bool isNull(int column) const override;
    [[nodiscard]] QByteArrayView utf8(int column) const override;
    [[nodiscard]] qint64 integer(int column) const override;
    [[nodiscard]] double number(int column) const override;
    [[nodiscard]] QByteArray blob(int column) const override;
    [[nodiscard]] QVariant value(int column) const override;
    [[nodiscard]] int rowsAffected() const override { return m_changes; }

private:
    std::shared_ptr<SqliteStatement> m_statement;
    bool m_pending; // the first row was stepped to and not yet returned by next()
    bool m_done;
    int m_changes;
};

} // namespace vami
