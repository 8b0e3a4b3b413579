#pragma once

#include <QString>

namespace vami {

enum class Dialect { Sqlite, Postgres };

// SQL that differs between the dialects, in one place: repositories call these
// instead of comparing dialects inline.
namespace sql {

// `expression` folded to lower case for a case-insensitive match, non-ASCII letters
// included: PostgreSQL's lower() follows the database's locale; SQLite's lower()
// folds ASCII only, so each SQLite connection gets vami_fold() (Unicode case folding,
// the same as QString::toCaseFolded(), which callers apply to their own text).
[[nodiscard]] inline QString foldCase(Dialect dialect, const QString &expression)
{
    return (dialect == Dialect::Sqlite ? QStringLiteral("vami_fold(") : QStringLiteral("lower(")) + expression
        + QLatin1Char(')');
}

// The suffix of a SELECT that claims rows for the transaction: on PostgreSQL the
// rows are locked and rows another transaction holds are passed over (" FOR UPDATE
// SKIP LOCKED"); on SQLite nothing, as every write transaction runs alone under
// the writer lock.
[[nodiscard]] inline QString lockRowsSkipLocked(Dialect dialect)
{
    return dialect == Dialect::Postgres ? QStringLiteral(" FOR UPDATE SKIP LOCKED") : QString();
}

// A statement that takes a lock named by one 64-bit integer ("?") and holds it until
// the transaction ends, so transactions that take the same key run one at a time:
// pg_advisory_xact_lock on PostgreSQL; on SQLite none (an empty string), as write
// transactions already run one at a time there.
[[nodiscard]] inline QString transactionLock(Dialect dialect)
{
    return dialect == Dialect::Postgres ? QStringLiteral("SELECT pg_advisory_xact_lock(?)") : QString();
}

} // namespace sql

} // namespace vami
