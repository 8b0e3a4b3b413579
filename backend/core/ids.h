#pragma once

#include <QByteArrayView>
#include <QString>
#include <QStringView>
#include <QUuid>

#include <optional>

namespace vami {

// A new random (version 4) identifier.
[[nodiscard]] QUuid newId();

// Parses only the canonical 8-4-4-4-12 hexadecimal form (no braces, no URN),
// which is what the API emits; anything else is "not an id".
[[nodiscard]] std::optional<QUuid> parseId(QStringView text);

// Canonical lowercase form without braces.
[[nodiscard]] QString idText(const QUuid &id);

// The same parser and form on ASCII bytes, without allocating: what storage reads
// and JSON writes use on every row.
[[nodiscard]] std::optional<QUuid> parseIdAscii(QByteArrayView text);
constexpr qsizetype IdTextLength = 36;
// Writes exactly IdTextLength bytes.
void writeIdAscii(const QUuid &id, char *out);

} // namespace vami
