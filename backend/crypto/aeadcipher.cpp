#include "aeadcipher.h"

#include "core/random.h"

#include <openssl/evp.h>

#include <memory>

namespace vami {

namespace {

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char *bytes(QByteArrayView view)
{
    return reinterpret_cast<const unsigned char *>(view.data());
}

} // namespace

AeadCipher::AeadCipher(QByteArray key)
    : m_key(std::move(key))
{
}

QByteArray AeadCipher::seal(QByteArrayView plaintext, QByteArrayView associatedData) const
{
    if (!isValid())
        return {};
    const QByteArray nonce = secureRandomBytes(NonceBytes);
    if (nonce.size() != NonceBytes)
        return {};
    CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1
        || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, int(NonceBytes), nullptr) != 1
        || EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, bytes(m_key), bytes(nonce)) != 1)
        return {};
    int written = 0;
    if (!associatedData.isEmpty()
        && EVP_EncryptUpdate(ctx.get(), nullptr, &written, bytes(associatedData), int(associatedData.size())) != 1)
        return {};
    QByteArray out;
    out.reserve(1 + NonceBytes + plaintext.size() + TagBytes);
    out.append(Version);
    out.append(nonce);
    const qsizetype head = out.size();
    out.resize(head + plaintext.size() + TagBytes);
    auto *cursor = reinterpret_cast<unsigned char *>(out.data()) + head;
    written = 0;
    if (!plaintext.isEmpty() && EVP_EncryptUpdate(ctx.get(), cursor, &written, bytes(plaintext), int(plaintext.size())) != 1)
        return {};
    int tail = 0;
    if (EVP_EncryptFinal_ex(ctx.get(), cursor + written, &tail) != 1)
        return {};
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, int(TagBytes), cursor + written + tail) != 1)
        return {};
    out.resize(head + written + tail + TagBytes);
    return out;
}

std::optional<QByteArray> AeadCipher::open(QByteArrayView sealed, QByteArrayView associatedData) const
{
    if (!isValid() || sealed.size() < 1 + NonceBytes + TagBytes || sealed.front() != Version)
        return std::nullopt;
    const QByteArrayView nonce = sealed.sliced(1, NonceBytes);
    const QByteArrayView body = sealed.sliced(1 + NonceBytes, sealed.size() - 1 - NonceBytes - TagBytes);
    QByteArray tag = sealed.last(TagBytes).toByteArray();
    CipherContext ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1
        || EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, int(NonceBytes), nullptr) != 1
        || EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, bytes(m_key), bytes(nonce)) != 1)
        return std::nullopt;
    int written = 0;
    if (!associatedData.isEmpty()
        && EVP_DecryptUpdate(ctx.get(), nullptr, &written, bytes(associatedData), int(associatedData.size())) != 1)
        return std::nullopt;
    QByteArray plain(body.size() + 16, Qt::Uninitialized);
    auto *cursor = reinterpret_cast<unsigned char *>(plain.data());
    written = 0;
    if (!body.isEmpty() && EVP_DecryptUpdate(ctx.get(), cursor, &written, bytes(body), int(body.size())) != 1)
        return std::nullopt;
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, int(TagBytes), tag.data()) != 1)
        return std::nullopt;
    int tail = 0;
    if (EVP_DecryptFinal_ex(ctx.get(), cursor + written, &tail) != 1)
        return std::nullopt;
    plain.resize(written + tail);
    return plain;
}

} // namespace vami
