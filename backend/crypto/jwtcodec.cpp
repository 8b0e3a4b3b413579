#include "jwtcodec.h"

#include "core/clock.h"
#include "core/ids.h"
#include "json/jsonwriter.h"
#include "json/strictjson.h"

#include <QCryptographicHash>
#include <QJsonObject>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

QByteArray b64url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

std::optional<QByteArray> fromB64url(QByteArrayView text)
{
    if (text.isEmpty())
        return std::nullopt;
    for (char c : text) {
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return std::nullopt;
    }
    auto decoded = QByteArray::fromBase64Encoding(text.toByteArray(),
                                                  QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return decoded.decoded;
}

QByteArray hmacSha256(const QByteArray &key, QByteArrayView data)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!HMAC(EVP_sha256(), key.constData(), int(key.size()), reinterpret_cast<const unsigned char *>(data.data()),
              size_t(data.size()), out, &length))
        return {};
    return QByteArray(reinterpret_cast<const char *>(out), int(length));
}

std::optional<qint64> integerClaim(const QJsonObject &claims, const QString &name)
{
    const QJsonValue v = claims.value(name);
    if (!v.isDouble())
        return std::nullopt;
    const double d = v.toDouble();
    if (d != double(qint64(d)) || d < 0)
        return std::nullopt;
    return qint64(d);
}

} // namespace

JwtCodec::JwtCodec(const QByteArray &key, const QString &issuer, const QString &audience, const Clock &clock)
    : m_key(key.size() >= 32 ? key : QByteArray())
    , m_issuer(issuer)
    , m_audience(audience)
    , m_clock(clock)
{
    m_keyId = QString::fromLatin1(QCryptographicHash::hash(m_key, QCryptographicHash::Sha256).toHex().left(16));
}

QByteArray JwtCodec::sign(const AccessClaims &claims) const
{
    if (m_key.isEmpty())
        return {};
    JsonWriter header(64);
    header.beginObject().field("alg", "HS256").field("typ", "at+jwt").field("kid", m_keyId).endObject();
    JsonWriter payload(256);
    payload.beginObject();
    payload.field("iss", m_issuer);
    payload.field("aud", m_audience);
    payload.field("sub", idText(claims.userId));
    payload.field("org", idText(claims.organizationId));
    payload.field("sid", idText(claims.sessionId));
    payload.field("ver", claims.tokenVersion);
    payload.field("iat", claims.issuedAt.toSecsSinceEpoch());
    payload.field("nbf", claims.issuedAt.toSecsSinceEpoch());
    payload.field("exp", claims.expiresAt.toSecsSinceEpoch());
    payload.field("jti", claims.tokenId);
    payload.endObject();
    QByteArray token = b64url(header.data()) + '.' + b64url(payload.data());
    token += '.' + b64url(hmacSha256(m_key, token));
    return token;
}

std::expected<AccessClaims, JwtFailure> JwtCodec::verify(QByteArrayView token) const
{
    if (token.size() > MaxTokenBytes)
        return std::unexpected(JwtFailure::TooLarge);
    if (m_key.isEmpty())
        return std::unexpected(JwtFailure::UnknownKey);
    const qsizetype first = token.indexOf('.');
    const qsizetype second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (first <= 0 || second <= first + 1 || second == token.size() - 1 || token.indexOf('.', second + 1) >= 0)
        return std::unexpected(JwtFailure::Malformed);
    const QByteArrayView headerPart = token.first(first);
    const QByteArrayView payloadPart = token.sliced(first + 1, second - first - 1);
    const QByteArrayView signaturePart = token.sliced(second + 1);
    const auto headerBytes = fromB64url(headerPart);
    const auto payloadBytes = fromB64url(payloadPart);
    const auto signature = fromB64url(signaturePart);
    if (!headerBytes || !payloadBytes || !signature)
        return std::unexpected(JwtFailure::Malformed);

    StrictJsonLimits limits;
    limits.maxDepth = 4;
    limits.maxElements = 64;
    const auto header = parseStrictJson(*headerBytes, limits);
    if (!header || !header->isObject())
        return std::unexpected(JwtFailure::Malformed);
    const QJsonObject h = header->toObject();
    if (h.value(u"alg"_s).toString() != u"HS256"_s)
        return std::unexpected(JwtFailure::BadAlgorithm);
    if (h.value(u"typ"_s).toString() != u"at+jwt"_s)
        return std::unexpected(JwtFailure::BadType);
    for (const QString &forbidden : {u"jku"_s, u"jwk"_s, u"x5u"_s, u"x5c"_s, u"crit"_s}) {
        if (h.contains(forbidden))
            return std::unexpected(JwtFailure::UnknownKey);
    }
    if (h.value(u"kid"_s).toString() != m_keyId)
        return std::unexpected(JwtFailure::UnknownKey);

    const QByteArray expected = hmacSha256(m_key, token.first(second));
    if (expected.size() != signature->size()
        || CRYPTO_memcmp(expected.constData(), signature->constData(), size_t(expected.size())) != 0)
        return std::unexpected(JwtFailure::BadSignature);

    limits.maxElements = 64;
    const auto payload = parseStrictJson(*payloadBytes, limits);
    if (!payload || !payload->isObject())
        return std::unexpected(JwtFailure::Malformed);
    const QJsonObject c = payload->toObject();
    const auto sub = parseId(c.value(u"sub"_s).toString());
    const auto org = parseId(c.value(u"org"_s).toString());
    const auto sid = parseId(c.value(u"sid"_s).toString());
    const auto ver = integerClaim(c, u"ver"_s);
    const auto iat = integerClaim(c, u"iat"_s);
    const auto exp = integerClaim(c, u"exp"_s);
    const QJsonValue jti = c.value(u"jti"_s);
    if (!sub || !org || !sid || !ver || !iat || !exp || !jti.isString() || !c.value(u"iss"_s).isString()
        || !c.value(u"aud"_s).isString())
        return std::unexpected(JwtFailure::Malformed);
    if (c.value(u"iss"_s).toString() != m_issuer)
        return std::unexpected(JwtFailure::WrongIssuer);
    if (c.value(u"aud"_s).toString() != m_audience)
        return std::unexpected(JwtFailure::WrongAudience);
    const qint64 now = m_clock.now().toSecsSinceEpoch();
    if (now >= *exp + AllowedSkewSeconds)
        return std::unexpected(JwtFailure::Expired);
    if (*iat > now + AllowedSkewSeconds)
        return std::unexpected(JwtFailure::NotYetValid);
    if (c.contains(u"nbf"_s)) {
        const auto nbf = integerClaim(c, u"nbf"_s);
        if (!nbf)
            return std::unexpected(JwtFailure::Malformed);
        if (*nbf > now + AllowedSkewSeconds)
            return std::unexpected(JwtFailure::NotYetValid);
    }

    AccessClaims claims;
    claims.userId = *sub;
    claims.organizationId = *org;
    claims.sessionId = *sid;
    claims.tokenVersion = int(*ver);
    claims.issuedAt = QDateTime::fromSecsSinceEpoch(*iat, Qt::UTC);
    claims.expiresAt = QDateTime::fromSecsSinceEpoch(*exp, Qt::UTC);
    claims.tokenId = jti.toString();
    return claims;
}

} // namespace vami
