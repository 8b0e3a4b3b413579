#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QByteArrayView>

namespace vami {

// A signature over "<timestamp>.<body>" with HMAC-SHA256 and a shared secret, carried
// in one header as "t=<unix seconds>,v0=<hex digest>" (the form ElevenLabs sends;
// several v0 entries may be given while a secret is rotated). Verifying checks the
// digest in constant time and that the timestamp is within the tolerance of now, so
// a captured callback cannot be replayed later.
class SignedPayload
{
public:
    explicit SignedPayload(QByteArray secret, int toleranceSeconds = 300);

    [[nodiscard]] QByteArray header(qint64 unixSeconds, QByteArrayView body) const;
    [[nodiscard]] QByteArray digestHex(qint64 unixSeconds, QByteArrayView body) const;
    // Unauthorized (callback.signature_*) when the header is missing, malformed,
    // stale or does not match.
    [[nodiscard]] Status verify(QByteArrayView header, QByteArrayView body, qint64 nowUnixSeconds) const;

private:
    QByteArray m_secret;
    int m_toleranceSeconds;
};

} // namespace vami
