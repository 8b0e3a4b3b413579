#include "random.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

#include <openssl/crypto.h>
#include <openssl/rand.h>

namespace vami {

QByteArray secureRandomBytes(qsizetype count)
{
    QByteArray out(count, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(out.data()), int(count)) != 1) {
        // OpenSSL's DRBG failed (should not happen); fall back to the OS generator
        // Qt reads directly (getrandom / BCryptGenRandom), never to a weak one.
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(out.data()), count / 4);
        for (qsizetype i = (count / 4) * 4; i < count; ++i)
            out[i] = char(QRandomGenerator::system()->generate());
    }
    return out;
}

QString secureToken(qsizetype bytes)
{
    return QString::fromLatin1(
        secureRandomBytes(bytes).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString sha256Hex(const QByteArray &data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex());
}

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    return CRYPTO_memcmp(a.constData(), b.constData(), size_t(a.size())) == 0;
}

} // namespace vami
