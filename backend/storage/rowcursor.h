#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QVariant>

namespace vami {

// What SqlRows reads from: the rows of one executed statement, straight from the
// database library (an SQLite statement, a PostgreSQL result), with no QVariant per
// column. Text is read as the library holds it (UTF-8 bytes), valid until next().
class RowCursor
{
public:
    virtual ~RowCursor() = default;

    virtual bool next() = 0;
    [[nodiscard]] virtual int columnCount() const = 0;
    [[nodiscard]] virtual bool isNull(int column) const = 0;
    // The value as text (integers and reals in their decimal form); a null view
    // (data() == nullptr) for SQL NULL, an empty non-null view for ''.
    [[nodiscard]] virtual QByteArrayView utf8(int column) const = 0;
    [[nodiscard]] virtual qint64 integer(int column) const = 0;
    [[nodiscard]] virtual double number(int column) const = 0;
    [[nodiscard]] virtual QByteArray blob(int column) const = 0;
    // A generic value (text, integer, real, bytes or null) for code that needs one.
    [[nodiscard]] virtual QVariant value(int column) const = 0;
    [[nodiscard]] virtual int rowsAffected() const = 0;
};

} // namespace vami
