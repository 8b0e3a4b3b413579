#pragma once

#include "core/error.h"

#include <QByteArrayView>

namespace vami {

// Maps a database error to an Error without leaking SQL or driver text to callers
// (the text goes to the diagnostic and the log). Codes:
//   storage.unique_violation  (Conflict)    a UNIQUE or PRIMARY KEY constraint
//   storage.constraint        (Conflict)    a FOREIGN KEY, CHECK or NOT NULL constraint
//   storage.busy              (Unavailable) SQLite: another process holds the write lock
//   storage.retry             (Unavailable) PostgreSQL serialization failure / deadlock
//   storage.unavailable       (Unavailable) the connection failed or was lost, the disk is
//                                           full, the file cannot be used
//   internal_error            (Internal)    anything else (a bad statement)

// `extendedCode` is sqlite3_extended_errcode() of the connection.
[[nodiscard]] Error sqliteError(int extendedCode, QByteArrayView message, const QString &statement);
// `sqlState` is the five-character SQLSTATE (empty when the server gave none, e.g. a
// lost connection); `connectionLost` is true when the connection is no longer usable.
[[nodiscard]] Error postgresError(
    QByteArrayView sqlState, QByteArrayView message, bool connectionLost, const QString &statement);

[[nodiscard]] inline bool isUniqueViolation(const Error &error)
{
    return error.code() == QLatin1StringView("storage.unique_violation");
}

// The connection that produced this error cannot be used any more.
[[nodiscard]] inline bool isConnectionFailure(const Error &error)
{
    return error.code() == QLatin1StringView("storage.unavailable");
}

} // namespace vami
