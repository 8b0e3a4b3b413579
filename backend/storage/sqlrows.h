#pragma once

#include "rowcursor.h"

#include "core/enumnames.h"

#include <QByteArrayView>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QUuid>
#include <QVariant>

#include <memory>
#include <optional>

namespace vami {

// The result of one executed statement, read row by row straight from the
// database library: text as UTF-8 bytes, numbers as numbers, no QVariant per
// column. Owns what it reads (the statement stays valid even when the thread's
// statement cache is cleared). Move-only; use on the thread that executed it.
class SqlRows
{
public:
    SqlRows() = default;
    explicit SqlRows(std::unique_ptr<RowCursor> cursor);
    SqlRows(SqlRows &&other) noexcept = default;
    SqlRows &operator=(SqlRows &&other) noexcept = default;
    SqlRows(const SqlRows &) = delete;
    SqlRows &operator=(const SqlRows &) = delete;
    ~SqlRows();

    bool next();
    [[nodiscard]] int columnCount() const;
    [[nodiscard]] bool isNull(int column) const;
    // The text of a column as stored (UTF-8), valid until next(); a null view for
    // SQL NULL.
    [[nodiscard]] QByteArrayView utf8(int column) const;
    // Null reads as a null QString.
    [[nodiscard]] QString text(int column) const;
    [[nodiscard]] qint64 integer(int column) const;
    [[nodiscard]] double number(int column) const;
    // 1/0 (SQLite) or t/f (PostgreSQL).
    [[nodiscard]] bool boolean(int column) const;
    // uuid (PostgreSQL) or text (SQLite) column; null or malformed reads as a null id.
    [[nodiscard]] QUuid id(int column) const;
    // timestamptz (PostgreSQL) or storage text (SQLite) column; null reads as invalid.
    [[nodiscard]] QDateTime instant(int column) const;
    [[nodiscard]] std::optional<qint64> instantMs(int column) const;
    // bytea (PostgreSQL) or blob (SQLite).
    [[nodiscard]] QByteArray bytes(int column) const;
    // jsonb (PostgreSQL) or text (SQLite) column holding an object; null, malformed
    // or another JSON value reads as an empty object.
    [[nodiscard]] QJsonObject jsonObject(int column) const;
    // A generic value, for the rare code that needs one.
    [[nodiscard]] QVariant value(int column) const;
    [[nodiscard]] int rowsAffected() const;

    // Reads a column into a row field by the field's type (used by RowReader).
    void read(int column, QString &out) const { out = text(column); }
    void read(int column, QUuid &out) const { out = id(column); }
    void read(int column, QDateTime &out) const { out = instant(column); }
    void read(int column, QByteArray &out) const { out = bytes(column); }
    void read(int column, QJsonObject &out) const { out = jsonObject(column); }
    void read(int column, qint64 &out) const { out = integer(column); }
    void read(int column, int &out) const { out = int(integer(column)); }
    void read(int column, bool &out) const { out = boolean(column); }
    void read(int column, double &out) const { out = number(column); }
    // An enum by its name table; an unknown name leaves the field as it is.
    template<NamedEnum E> void read(int column, E &out) const
    {
        if (auto v = parseEnum<E>(utf8(column)))
            out = *v;
    }
    // An optional enum: SQL NULL and an unknown name both read as none.
    template<NamedEnum E> void read(int column, std::optional<E> &out) const { out = parseEnum<E>(utf8(column)); }
    template<typename T> void read(int column, std::optional<T> &out) const
    {
        if (isNull(column)) {
            out.reset();
            return;
        }
        T v {};
        read(column, v);
        out = std::move(v);
    }

private:
    std::unique_ptr<RowCursor> m_cursor;
};

} // namespace vami
