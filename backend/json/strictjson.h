#pragma once

#include <QByteArrayView>
#include <QJsonValue>
#include <QString>

#include <expected>

namespace vami {

struct JsonSyntaxError
{
    qsizetype position = 0; // byte offset of the first offending byte
    QString reason;         // English, e.g. "duplicate key \"role\""
};

struct StrictJsonLimits
{
    int maxDepth = 64;
    qsizetype maxStringBytes = 1024 * 1024;
    qsizetype maxElements = 100000; // array elements + object members in the whole document
};

// Parses one RFC 8259 JSON text and refuses what QJsonDocument would silently
// accept: duplicate object keys, lone UTF-16 surrogates (escaped or encoded),
// unescaped control characters in strings, invalid or overlong UTF-8, integers
// beyond +/-2^53 (and numbers that overflow a double), nesting deeper than the
// limit, a byte-order mark, comments, trailing content.
[[nodiscard]] std::expected<QJsonValue, JsonSyntaxError> parseStrictJson(QByteArrayView text,
                                                                         const StrictJsonLimits &limits = {});

} // namespace vami
