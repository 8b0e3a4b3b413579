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

} // namespace vami
