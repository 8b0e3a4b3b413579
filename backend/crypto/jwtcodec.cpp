#include "jwtcodec.h"

#include "core/clock.h"
#include "core/ids.h"
#include "json/jsonwriter.h"
#include "json/strictjson.h"

#include <QCryptographicHash>
#include <QJsonObject>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/params.h>

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

// The payload's claims as read, before they are checked.
struct RawClaims
{
    QByteArray iss, aud, sub, org, sid, jti;
    std::optional<qint64> ver, iat, nbf, exp;
    bool hasNbf = false;
};

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

// The payloads this codec writes are flat objects of plain strings (no escapes) and
// non-negative integers. Reads such a payload without building a QJsonObject; nullopt
// for anything else (the general parser then decides). Duplicate names are refused.
enum class FlatRead { Done, NotFlat, Malformed };

FlatRead readFlatClaims(QByteArrayView json, RawClaims &out)
{
    qsizetype i = 0;
    const qsizetype n = json.size();
    auto skipSpace = [&] {
        while (i < n && (json[i] == ' ' || json[i] == '\n' || json[i] == '\r' || json[i] == '\t'))
            ++i;
    };
    auto plainString = [&](QByteArrayView *text) {
        if (i >= n || json[i] != '"')
            return false;
        const qsizetype start = ++i;
        while (i < n && json[i] != '"') {
            const uchar c = uchar(json[i]);
            if (c == '\\' || c < 0x20 || c >= 0x80)
                return false;
            ++i;
        }
        if (i >= n)
            return false;
        *text = json.sliced(start, i - start);
        ++i;
        return true;
    };
    skipSpace();
    if (i >= n || json[i] != '{')
        return FlatRead::NotFlat;
    ++i;
    quint32 seen = 0;
    for (bool first = true;; first = false) {
        skipSpace();
        if (i < n && json[i] == '}' && first) {
            ++i;
            break;
        }
        QByteArrayView name;
        if (!plainString(&name))
            return FlatRead::NotFlat;
        skipSpace();
        if (i >= n || json[i] != ':')
            return FlatRead::NotFlat;
        ++i;
        skipSpace();
        QByteArrayView text;
        std::optional<qint64> number;
        if (i < n && json[i] == '"') {
            if (!plainString(&text))
                return FlatRead::NotFlat;
        } else {
            const qsizetype start = i;
            while (i < n && json[i] >= '0' && json[i] <= '9')
                ++i;
            if (i == start || i - start > 15 || (json[start] == '0' && i - start > 1))
                return FlatRead::NotFlat;
            number = json.sliced(start, i - start).toLongLong();
        }
        static const char *const names[] = {"iss", "aud", "sub", "org", "sid", "jti", "ver", "iat", "nbf", "exp"};
        int index = -1;
        for (int k = 0; k < 10; ++k) {
            if (name == names[k]) {
                index = k;
                break;
            }
        }
        if (index >= 0) {
            if (seen & (1u << index))
                return FlatRead::Malformed;
            seen |= 1u << index;
            QByteArray *strings[] = {&out.iss, &out.aud, &out.sub, &out.org, &out.sid, &out.jti};
            std::optional<qint64> *numbers[] = {&out.ver, &out.iat, &out.nbf, &out.exp};
            if (index < 6) {
                if (number)
                    return FlatRead::Malformed;
                *strings[index] = text.toByteArray();
            } else {
                if (!number)
                    return FlatRead::Malformed;
                *numbers[index - 6] = number;
                if (index == 8)
                    out.hasNbf = true;
            }
        }
        skipSpace();
        if (i < n && json[i] == ',') {
            ++i;
            continue;
        }
        if (i < n && json[i] == '}') {
            ++i;
            break;
        }
        return FlatRead::NotFlat;
    }
    skipSpace();
    return i == n ? FlatRead::Done : FlatRead::NotFlat;
}

std::optional<RawClaims> readClaims(QByteArrayView json)
{
    RawClaims raw;
    switch (readFlatClaims(json, raw)) {
    case FlatRead::Done: return raw;
    case FlatRead::Malformed: return std::nullopt;
    case FlatRead::NotFlat: break;
    }
    StrictJsonLimits limits;
    limits.maxDepth = 4;
    limits.maxElements = 64;
    const auto payload = parseStrictJson(json, limits);
    if (!payload || !payload->isObject())
        return std::nullopt;
    const QJsonObject c = payload->toObject();
    raw = RawClaims();
    for (const auto &[field, name] : {std::pair{&raw.iss, u"iss"_s}, {&raw.aud, u"aud"_s}, {&raw.sub, u"sub"_s},
                                      {&raw.org, u"org"_s}, {&raw.sid, u"sid"_s}, {&raw.jti, u"jti"_s}}) {
        const QJsonValue v = c.value(name);
        if (!v.isUndefined() && !v.isString())
            return std::nullopt;
        *field = v.toString().toUtf8();
        if (v.isString() && field->isNull())
            *field = QByteArray("");
    }
    raw.ver = integerClaim(c, u"ver"_s);
    raw.iat = integerClaim(c, u"iat"_s);
    raw.exp = integerClaim(c, u"exp"_s);
    raw.hasNbf = c.contains(u"nbf"_s);
    raw.nbf = integerClaim(c, u"nbf"_s);
    return raw;
}

} // namespace

JwtCodec::JwtCodec(const QByteArray &key, const QString &issuer, const QString &audience, const Clock &clock)
    : m_key(key.size() >= 32 ? key : QByteArray())
    , m_issuer(issuer)
    , m_audience(audience)
    , m_clock(clock)
{
    m_keyId = QString::fromLatin1(QCryptographicHash::hash(m_key, QCryptographicHash::Sha256).toHex().left(16));
    JsonWriter header(64);
    header.beginObject().field("alg", "HS256").field("typ", "at+jwt").field("kid", m_keyId).endObject();
    m_header = b64url(header.data());
    if (!m_key.isEmpty()) {
        EVP_MAC *hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
        EVP_MAC_CTX *ctx = hmac ? EVP_MAC_CTX_new(hmac) : nullptr;
        EVP_MAC_free(hmac);
        char digest[] = "SHA256";
        const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest, 0), OSSL_PARAM_construct_end()};
        if (ctx && EVP_MAC_init(ctx, reinterpret_cast<const unsigned char *>(m_key.constData()), size_t(m_key.size()),
                                params) == 1)
            m_mac.reset(ctx, EVP_MAC_CTX_free);
        else
            EVP_MAC_CTX_free(ctx);
    }
}

QByteArray JwtCodec::mac(QByteArrayView data) const
{
    if (!m_mac)
        return {};
    // A copy of the keyed context: the key schedule is not redone for every token.
    EVP_MAC_CTX *ctx = EVP_MAC_CTX_dup(m_mac.get());
    unsigned char out[EVP_MAX_MD_SIZE];
    size_t length = 0;
    const bool ok = ctx && EVP_MAC_update(ctx, reinterpret_cast<const unsigned char *>(data.data()), size_t(data.size())) == 1
        && EVP_MAC_final(ctx, out, &length, sizeof out) == 1;
    EVP_MAC_CTX_free(ctx);
    if (!ok)
        return {};
    return QByteArray(reinterpret_cast<const char *>(out), qsizetype(length));
}

QByteArray JwtCodec::sign(const AccessClaims &claims) const
{
    if (m_key.isEmpty())
        return {};
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
    QByteArray token = m_header + '.' + b64url(payload.data());
    token += '.' + b64url(mac(token));
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
    const auto payloadBytes = fromB64url(payloadPart);
    const auto signature = fromB64url(signaturePart);
    if (!payloadBytes || !signature)
        return std::unexpected(JwtFailure::Malformed);
    // The header this codec writes is compared as it stands; any other is read.
    if (headerPart != QByteArrayView(m_header)) {
        const auto headerBytes = fromB64url(headerPart);
        if (!headerBytes)
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
    }

    const QByteArray expected = mac(token.first(second));
    if (expected.isEmpty() || expected.size() != signature->size()
        || CRYPTO_memcmp(expected.constData(), signature->constData(), size_t(expected.size())) != 0)
        return std::unexpected(JwtFailure::BadSignature);

    const auto c = readClaims(*payloadBytes);
    if (!c)
        return std::unexpected(JwtFailure::Malformed);
    const auto sub = parseIdAscii(c->sub);
    const auto org = parseIdAscii(c->org);
    const auto sid = parseIdAscii(c->sid);
    if (!sub || !org || !sid || !c->ver || !c->iat || !c->exp || c->jti.isNull() || c->iss.isNull() || c->aud.isNull())
        return std::unexpected(JwtFailure::Malformed);
    if (c->iss != m_issuer.toUtf8())
        return std::unexpected(JwtFailure::WrongIssuer);
    if (c->aud != m_audience.toUtf8())
        return std::unexpected(JwtFailure::WrongAudience);
    const qint64 now = m_clock.now().toSecsSinceEpoch();
    if (now >= *c->exp + AllowedSkewSeconds)
        return std::unexpected(JwtFailure::Expired);
    if (*c->iat > now + AllowedSkewSeconds)
        return std::unexpected(JwtFailure::NotYetValid);
    if (c->hasNbf) {
        if (!c->nbf)
            return std::unexpected(JwtFailure::Malformed);
        if (*c->nbf > now + AllowedSkewSeconds)
            return std::unexpected(JwtFailure::NotYetValid);
    }

    AccessClaims claims;
    claims.userId = *sub;
    claims.organizationId = *org;
    claims.sessionId = *sid;
    claims.tokenVersion = int(*c->ver);
    claims.issuedAt = QDateTime::fromSecsSinceEpoch(*c->iat, Qt::UTC);
    claims.expiresAt = QDateTime::fromSecsSinceEpoch(*c->exp, Qt::UTC);
    claims.tokenId = QString::fromUtf8(c->jti);
    return claims;
}

} // namespace vami
