#pragma once

#include <QString>

namespace vami {

enum class Dialect { Sqlite, Postgres };

// SQL that differs between the dialects, in one place (repositories call these
// instead of comparing dialects inline).
namespace sql {

// An inner join whose left side stays the outer loop: SQLite's CROSS JOIN fixes the
// loop order; PostgreSQL's planner chooses well on its own (and has no CROSS JOIN ... ON).
[[nodiscard]] inline QString outerLoopJoin(Dialect dialect)
{
    return dialect == Dialect::Sqlite ? QStringLiteral(" CROSS JOIN ") : QStringLiteral(" JOIN ");
}

// The cheapest column that locates a row again within its table: SQLite's integer
// rowid (an inner query copying only integers is much cheaper there), PostgreSQL's
// primary key `id` (the tables have one).
[[nodiscard]] inline QString rowLocator(Dialect dialect)
{
    return dialect == Dialect::Sqlite ? QStringLiteral("rowid") : QStringLiteral("id");
}

} // namespace sql

} // namespace vami
