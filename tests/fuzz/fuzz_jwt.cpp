// libFuzzer target: the access-token decoder. Each input is tried as it is (the
// signature check must refuse it) and, taken as "header.payload", signed with the
// codec's key, so the header and claim parsing behind the signature is reached too.

#include "core/clock.h"
#include "crypto/jwtcodec.h"

#include <QMessageAuthenticationCode>

#include <cstdint>
#include <cstdlib>

using namespace Qt::StringLiterals;
using namespace vami;

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

// A fixed instant, so that expiry checks do not depend on when the fuzzer runs.
class FixedClock final : public Clock
{
public:
    QDateTime now() const override { return QDateTime(QDate(2026, 6, 1), QTime(12, 0), Qt::UTC); }
    qint64 monotonicMs() const override { return 0; }
};

const QByteArray &key()
{
    static const QByteArray bytes(32, 'k');
    return bytes;
}

const JwtCodec &codec()
{
    static const FixedClock clock;
    static const JwtCodec instance(key(), u"vami"_s, u"vami-api"_s, clock);
    return instance;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto unsigned_ = codec().verify(input);
    // A token that verifies as it is must carry the signature of its own first two
    // segments.
    if (unsigned_) {
        const qsizetype dot = input.lastIndexOf('.');
        check(dot > 0);
        const QByteArray mac = QMessageAuthenticationCode::hash(input.left(dot), key(), QCryptographicHash::Sha256);
        check(input.mid(dot + 1) == mac.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    }
    const QByteArray signature = QMessageAuthenticationCode::hash(input, key(), QCryptographicHash::Sha256)
                                     .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    const QByteArray token = input + '.' + signature;
    const auto signedToken = codec().verify(token);
    if (signedToken) {
        check(!signedToken->userId.isNull());
        check(signedToken->expiresAt.isValid());
        check(signedToken->issuedAt.isValid());
    }
    return 0;
}
