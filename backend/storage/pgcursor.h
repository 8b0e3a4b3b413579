#pragma once

#include "rowcursor.h"

struct pg_result;

namespace vami {

// The rows of a PostgreSQL result in text format, read with PQgetvalue(). Owns the
// result and clears it when destroyed.
class PgCursor final : public RowCursor
{
public:
    explicit PgCursor(pg_result *result);
    ~PgCursor() override;
    PgCursor(const PgCursor &) = delete;
    PgCursor &operator=(const PgCursor &) = delete;

    bool next() override;
    [[nodiscard]] int columnCount() const override;
    [[nodiscard]] bool isNull(int column) const override;
    [[nodiscard]] QByteArrayView utf8(int column) const override;
    [[nodiscard]] qint64 integer(int column) const override;
    [[nodiscard]] double number(int column) const override;
    // bytea in hex form ("\x0a1b...") or escape form.
    [[nodiscard]] QByteArray blob(int column) const override;
    [[nodiscard]] QVariant value(int column) const override;
    [[nodiscard]] int rowsAffected() const override;

private:
    pg_result *m_result;
    int m_rows;
    int m_row = -1;
};

} // namespace vami
