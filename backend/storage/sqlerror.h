#pragma once

#include "core/error.h"
#include "dialect.h"

class QSqlError;

namespace vami {

// Maps a driver error to an Error without leaking SQL or driver text to callers
// (the text goes to the diagnostic and the log). Codes:
//   storage.unique_violation  (Conflict)    a UNIQUE or PRIMARY KEY constraint
//   storage.constraint        (Conflict)    a FOREIGN KEY, CHECK or NOT NULL constraint
//   storage.busy              (Unavailable) SQLite busy/locked beyond the timeout
//   storage.retry             (Unavailable) PostgreSQL serialization failure / deadlock
//   storage.unavailable       (Unavailable) the connection failed or was lost
//   internal_error            (Internal)    anything else
[[nodiscard]] Error storageError(const QSqlError &error, Dialect dialect, const QString &statement);

[[nodiscard]] inline bool isUniqueViolation(const Error &error)
{
    return error.code() == QLatin1StringView("storage.unique_violation");
}

} // namespace vami
