#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QString>
#include <QUuid>

#include <expected>
#include <memory>

struct evp_mac_ctx_st;

namespace vami {

class Clock;

// The claims of an access token.
struct AccessClaims
{
    QUuid userId;         // "sub"
    QUuid organizationId; // "org"
    QUuid sessionId;      // "sid"
    int tokenVersion = 0; // "ver": the user's token version when issued
    QDateTime issuedAt;   // "iat"
    QDateTime expiresAt;  // "exp"
    QString tokenId;      // "jti"
};

enum class JwtFailure {
    Malformed,      // not three base64url segments, bad JSON, missing or mistyped claim
    TooLarge,       // more than 8 KiB
    BadAlgorithm,   // "alg" other than HS256 (including "none" in any case)
    BadType,        // "typ" other than "at+jwt"
    UnknownKey,     // "kid" does not name our key, or a forbidden header (jku, jwk, x5u, x5c, crit)
    BadSignature,
    Expired,
    NotYetValid,    // "nbf" or "iat" in the future beyond the allowed skew
    WrongIssuer,
    WrongAudience,
};

// HS256 JSON Web Tokens (RFC 7519, RFC 8725) signed with a 256-bit key.
// Header: {"alg":"HS256","typ":"at+jwt","kid":"<first 16 hex digits of SHA-256(key)>"}.
// Payload: iss, aud, sub, org, sid, ver, iat, nbf, exp, jti.
// The signature is checked before any claim is read; 60 s of clock skew allowed.
// Thread-safe after construction.
class JwtCodec
{
public:
    static constexpr qsizetype MaxTokenBytes = 8192;
    static constexpr int AllowedSkewSeconds = 60;

    // `key` must be at least 32 bytes.
    JwtCodec(const QByteArray &key, const QString &issuer, const QString &audience, const Clock &clock);

    [[nodiscard]] QString keyId() const { return m_keyId; }
    [[nodiscard]] QByteArray sign(const AccessClaims &claims) const;
    [[nodiscard]] std::expected<AccessClaims, JwtFailure> verify(QByteArrayView token) const;

private:
    [[nodiscard]] QByteArray mac(QByteArrayView data) const;

    QByteArray m_key;
    QByteArray m_header;   // the base64url header this codec writes
    std::shared_ptr<evp_mac_ctx_st> m_mac; // HMAC-SHA256 keyed once, copied per use
    QString m_issuer;
    QString m_audience;
    QString m_keyId;
    const Clock &m_clock;
};

} // namespace vami
