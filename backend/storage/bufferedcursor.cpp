#include "bufferedcursor.h"

namespace vami {

BufferedCursor::BufferedCursor(int columns, QList<Cell> cells, int changes)
    : m_columns(columns)
    , m_cells(std::move(cells))
    , m_changes(changes)
{ }

bool BufferedCursor::next()
{
    if (m_columns == 0)
        return false;
    const qsizetype rows = m_cells.size() / m_columns;
    if (m_row + 1 >= rows) {
        m_row = rows;
        return false;
    }
    ++m_row;
    return true;
}

const BufferedCursor::Cell *BufferedCursor::cell(int column) const
{
    if (m_row < 0 || column < 0 || column >= m_columns)
        return nullptr;
    const qsizetype index = m_row * m_columns + column;
    return index < m_cells.size() ? &m_cells[index] : nullptr;
}

bool BufferedCursor::isNull(int column) const
{
    const Cell *c = cell(column);
    return !c || c->type == Cell::Type::Null;
}

QByteArrayView BufferedCursor::utf8(int column) const
{
    const Cell *c = cell(column);
    if (!c || c->type == Cell::Type::Null)
        return {};
    return c->bytes.isEmpty() ? QByteArrayView("", 0) : QByteArrayView(c->bytes);
}

qint64 BufferedCursor::integer(int column) const
{
    const Cell *c = cell(column);
    if (!c)
        return 0;
    switch (c->type) {
    case Cell::Type::Integer:
        return c->integer;
    case Cell::Type::Real:
        return qint64(c->real);
    case Cell::Type::Text:
        return c->bytes.toLongLong();
    default:
        return 0;
    }
}

double BufferedCursor::number(int column) const
{
    const Cell *c = cell(column);
    if (!c)
        return 0;
    switch (c->type) {
    case Cell::Type::Integer:
        return double(c->integer);
    case Cell::Type::Real:
        return c->real;
    case Cell::Type::Text:
        return c->bytes.toDouble();
    default:
        return 0;
    }
}

QByteArray BufferedCursor::blob(int column) const
{
    const Cell *c = cell(column);
    return c && c->type != Cell::Type::Null ? c->bytes : QByteArray();
}

QVariant BufferedCursor::value(int column) const
{
    const Cell *c = cell(column);
    if (!c)
        return {};
    switch (c->type) {
    case Cell::Type::Integer:
        return QVariant(c->integer);
    case Cell::Type::Real:
        return QVariant(c->real);
    case Cell::Type::Text:
        return QVariant(QString::fromUtf8(c->bytes));
    case Cell::Type::Blob:
        return QVariant(c->bytes);
    case Cell::Type::Null:
        break;
    }
    return {};
}

} // namespace vami
