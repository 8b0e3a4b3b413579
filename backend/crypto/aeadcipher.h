#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace vami {

// AES-256-GCM through OpenSSL EVP, for secrets the database keeps so that they can
// be shown again (agent tokens). Every seal() draws a fresh random 96-bit nonce;
// the sealed form is version (1 byte) | nonce (12) | ciphertext | tag (16). The
// associated data (what the secret belongs to, e.g. organization and row id) is
// authenticated but not stored: open() with other associated data, another key, or
// any changed byte answers nothing. Thread-safe (no state after construction).
class AeadCipher
{
public:
    static constexpr qsizetype KeyBytes = 32;
    static constexpr qsizetype NonceBytes = 12;
    static constexpr qsizetype TagBytes = 16;
    static constexpr char Version = 1;

    // A cipher with a key of exactly KeyBytes bytes; isValid() is false otherwise.
    explicit AeadCipher(QByteArray key);

    [[nodiscard]] bool isValid() const { return m_key.size() == KeyBytes; }
    // Empty when the cipher has no key or OpenSSL fails.
    [[nodiscard]] QByteArray seal(QByteArrayView plaintext, QByteArrayView associatedData) const;
    // The plaintext, or nothing when the tag does not check out.
    [[nodiscard]] std::optional<QByteArray> open(QByteArrayView sealed, QByteArrayView associatedData) const;

private:
    QByteArray m_key;
};

} // namespace vami
