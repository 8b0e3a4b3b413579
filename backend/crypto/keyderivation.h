#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace vami {

// HKDF-SHA256 (RFC 5869) through OpenSSL's EVP_KDF "HKDF": `length` bytes of key
// material for the purpose named by `info`, from a secret of at least 32 bytes.
// Each purpose has its own info label, so keys for different uses never coincide.
// Empty when the secret is shorter than 32 bytes or OpenSSL fails.
[[nodiscard]] QByteArray hkdfSha256(QByteArrayView secret, QByteArrayView info, qsizetype length = 32,
                                    QByteArrayView salt = {});

} // namespace vami
