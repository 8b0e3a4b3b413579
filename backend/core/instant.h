#pragma once

#include <QDateTime>
#include <QString>
#include <QStringView>

#include <optional>

namespace vami {

// ISO 8601 in UTC with a trailing Z; fractional seconds (six digits) only when the
// instant has a non-zero millisecond part, as the original API printed them.
[[nodiscard]] QString instantText(const QDateTime &instant);
[[nodiscard]] QByteArray instantUtf8(const QDateTime &instant);

// Strict ISO 8601 reader: YYYY-MM-DDTHH:MM[:SS[.fraction]] with Z, +HH:MM or no
// offset (read as UTC, never as server-local time). Rejects 24:00, years outside
// 0001-9999 and anything QDateTime would silently reinterpret.
[[nodiscard]] std::optional<QDateTime> parseInstant(QStringView text);

// Storage form: fixed width so text comparison orders instants (SQLite).
[[nodiscard]] QString storageInstantText(const QDateTime &instant);
// Reads a value returned by either database driver back into a UTC instant.
[[nodiscard]] QDateTime instantFromStorage(const QVariant &value);

// The same forms on milliseconds since the epoch and ASCII buffers, without
// QDateTime formatting or allocation: what every row read and JSON answer uses.
// Years 1-9999 only (callers fall back to the QDateTime forms outside them).
constexpr qsizetype MaxInstantTextLength = 27; // 2025-11-08T10:00:00.123000Z
constexpr qsizetype StorageInstantLength = 24; // 2025-11-08T10:00:00.123Z
[[nodiscard]] bool isWritableInstant(qint64 msecsSinceEpoch);
// The API form of instantText(); returns the number of bytes written.
qsizetype writeInstantAscii(qint64 msecsSinceEpoch, char *out);
// The storage form of storageInstantText(); writes exactly StorageInstantLength bytes.
void writeStorageInstantAscii(qint64 msecsSinceEpoch, char *out);
// Reads the storage form, PostgreSQL's text form of timestamptz
// ("2025-11-08 10:00:00.123456+00", any offset) and the ISO forms parseInstant()
// accepts; nullopt for anything else.
[[nodiscard]] std::optional<qint64> parseStorageInstantMs(QByteArrayView text);
[[nodiscard]] QDateTime instantFromMs(qint64 msecsSinceEpoch);

} // namespace vami
