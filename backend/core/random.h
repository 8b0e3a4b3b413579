#pragma once

#include <QByteArray>
#include <QString>

namespace vami {

// Bytes from the operating system's cryptographically secure generator.
[[nodiscard]] QByteArray secureRandomBytes(qsizetype count);

// `bytes` random bytes, base64url without padding (32 bytes -> 43 characters),
// the form of invitation tokens, API keys, refresh tokens.
[[nodiscard]] QString secureToken(qsizetype bytes = 32);

// SHA-256 of the UTF-8 text, lowercase hex; how tokens are stored.
[[nodiscard]] QString sha256Hex(const QByteArray &data);

// Constant-time comparison of two byte strings.
[[nodiscard]] bool constantTimeEquals(const QByteArray &a, const QByteArray &b);

} // namespace vami
