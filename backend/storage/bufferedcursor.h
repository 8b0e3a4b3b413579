#pragma once

#include "rowcursor.h"

#include <QList>

namespace vami {

// Rows copied out of a statement (the RETURNING rows of an SQLite write, read
// before its implicit transaction commits).
class BufferedCursor final : public RowCursor
{
public:
    struct Cell
    {
        enum class Type { Null, Integer, Real, Text, Blob };
        Type type = Type::Null;
        qint64 integer = 0;
        double real = 0;
        QByteArray bytes; // text (UTF-8) or blob; the decimal form for numbers
    };

    BufferedCursor(int columns, QList<Cell> cells, int changes);

    bool next() override;
    [[nodiscard]] int columnCount() const override { return m_columns; }
    [[nodiscard]] bool isNull(int column) const override;
    [[nodiscard]] QByteArrayView utf8(int column) const override;
    [[nodiscard]] qint64 integer(int column) const override;
    [[nodiscard]] double number(int column) const override;
    [[nodiscard]] QByteArray blob(int column) const override;
    [[nodiscard]] QVariant value(int column) const override;
    [[nodiscard]] int rowsAffected() const override { return m_changes; }

private:
    [[nodiscard]] const Cell *cell(int column) const;

    int m_columns;
    QList<Cell> m_cells;
    qsizetype m_row = -1;
    int m_changes;
};

} // namespace vami
