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

} // namespace sql

} // namespace vami
