#include "signedpayload.h"

#include <QCoreApplication>
#include <QMessageAuthenticationCode>

#include <openssl/crypto.h>

#include <cstdlib>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

Error badSignature(const QString &code, const char *message)
{
    return Error::unauthorized(code, message);
}

} // namespace

SignedPayload::SignedPayload(QByteArray secret, int toleranceSeconds)
    : m_secret(std::move(secret))
    , m_toleranceSeconds(toleranceSeconds)
{
}

QByteArray SignedPayload::digestHex(qint64 unixSeconds, QByteArrayView body) const
{
    QMessageAuthenticationCode mac(QCryptographicHash::Sha256, m_secret);
    mac.addData(QByteArray::number(unixSeconds));
    mac.addData(".", 1);
    mac.addData(body.data(), body.size());
    return mac.result().toHex();
}

QByteArray SignedPayload::header(qint64 unixSeconds, QByteArrayView body) const
{
    return "t=" + QByteArray::number(unixSeconds) + ",v0=" + digestHex(unixSeconds, body);
}

Status SignedPayload::verify(QByteArrayView header, QByteArrayView body, qint64 nowUnixSeconds) const
{
    if (m_secret.isEmpty())
        return fail(badSignature(u"callback.not_configured"_s,
                                 QT_TRANSLATE_NOOP("vami", "Callbacks from this provider are not configured")));
    if (header.isEmpty())
        return fail(badSignature(u"callback.signature_missing"_s, QT_TRANSLATE_NOOP("vami", "Missing signature")));
    std::optional<qint64> timestamp;
    QList<QByteArray> digests;
    for (const QByteArray &part : header.toByteArray().split(',')) {
        const QByteArray item = part.trimmed();
        if (item.startsWith("t=")) {
            bool ok = false;
            const qint64 t = item.mid(2).toLongLong(&ok);
            if (!ok || timestamp)
                return fail(badSignature(u"callback.signature_invalid"_s,
                                         QT_TRANSLATE_NOOP("vami", "Malformed signature")));
            timestamp = t;
        } else if (item.startsWith("v0=")) {
            digests.append(item.mid(3).toLower());
        }
    }
    if (!timestamp || digests.isEmpty())
        return fail(badSignature(u"callback.signature_invalid"_s, QT_TRANSLATE_NOOP("vami", "Malformed signature")));
    if (std::llabs(nowUnixSeconds - *timestamp) > m_toleranceSeconds)
        return fail(badSignature(u"callback.signature_stale"_s,
                                 QT_TRANSLATE_NOOP("vami", "The signature's timestamp is too old or in the future")));
    const QByteArray expected = digestHex(*timestamp, body);
    for (const QByteArray &digest : digests) {
        if (digest.size() == expected.size()
            && CRYPTO_memcmp(digest.constData(), expected.constData(), size_t(expected.size())) == 0)
            return {};
    }
    return fail(badSignature(u"callback.signature_mismatch"_s, QT_TRANSLATE_NOOP("vami", "Invalid signature")));
}

} // namespace vami
