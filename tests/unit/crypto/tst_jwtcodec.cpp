// JwtCodec: HS256 access tokens. Besides the round trip, every forgery in the
// RFC 8725 catalogue is tried with tokens this test signs itself (with Qt's own
// HMAC, independent of the codec): alg none / algorithm confusion, foreign keys and
// key ids, header-supplied keys, tampering, time claims, type, encoding and size.

#include "manualclock.h"

#include "core/ids.h"
#include "crypto/jwtcodec.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

namespace {

const QByteArray Key = QByteArray("0123456789abcdef0123456789abcdef-server-key");
const QByteArray OtherKey = QByteArray("fedcba9876543210fedcba9876543210-other-key!");
const QString Issuer = u"vami"_s;
const QString Audience = u"vami-api"_s;

QByteArray b64url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray hs256(const QByteArray &key, const QByteArray &data)
{
    return QMessageAuthenticationCode::hash(data, key, QCryptographicHash::Sha256);
}

// header.payload.signature from raw JSON bytes, signed with `key`.
QByteArray forgeRaw(const QByteArray &key, const QByteArray &header, const QByteArray &payload)
{
    const QByteArray signingInput = b64url(header) + '.' + b64url(payload);
    return signingInput + '.' + b64url(hs256(key, signingInput));
}

QByteArray forge(const QByteArray &key, const QJsonObject &header, const QJsonObject &payload)
{
    return forgeRaw(key, compact(header), compact(payload));
}

QString kidOf(const QByteArray &key)
{
    return QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(16));
}

QJsonObject segment(const QByteArray &token, int index)
{
    const QByteArray part = token.split('.').value(index);
    return QJsonDocument::fromJson(QByteArray::fromBase64(part, QByteArray::Base64UrlEncoding)).object();
}

} // namespace

class tst_JwtCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void roundTrip();
    void headerAndPayloadShape();
    void shortKeysSignNothing();
    void algorithmNoneAndConfusion_data();
    void algorithmNoneAndConfusion();
    void foreignKeysAndKeyIds();
    void headerSuppliedKeysAreRefused_data();
    void headerSuppliedKeysAreRefused();
    void tampering();
    void expiry();
    void notYetValid();
    void tokenType();
    void issuerAndAudience();
    void malformedEncodings_data();
    void malformedEncodings();
    void missingOrMistypedClaims_data();
    void missingOrMistypedClaims();
    void duplicateMembersAreRefused();
    void payloadSpellingsReadTheSame();
    void oversizedTokens();

private:
    // Takes a QByteArray so string-builder expressions convert.
    std::expected<AccessClaims, JwtFailure> check(const QByteArray &token) const { return m_codec->verify(token); }
    AccessClaims claims() const;
    QJsonObject header() const;
    QJsonObject payload() const;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<JwtCodec> m_codec;
};

void tst_JwtCodec::init()
{
    m_clock = std::make_unique<ManualClock>();
    m_codec = std::make_unique<JwtCodec>(Key, Issuer, Audience, *m_clock);
}

AccessClaims tst_JwtCodec::claims() const
{
    AccessClaims c;
    c.userId = QUuid::fromString(u"11111111-1111-4111-8111-111111111111"_s);
    c.organizationId = QUuid::fromString(u"22222222-2222-4222-8222-222222222222"_s);
    c.sessionId = QUuid::fromString(u"33333333-3333-4333-8333-333333333333"_s);
    c.tokenVersion = 4;
    c.issuedAt = m_clock->now();
    c.expiresAt = m_clock->now().addSecs(900);
    c.tokenId = u"jti-1"_s;
    return c;
}

QJsonObject tst_JwtCodec::header() const
{
    return QJsonObject{{u"alg"_s, u"HS256"_s}, {u"typ"_s, u"at+jwt"_s}, {u"kid"_s, kidOf(Key)}};
}

QJsonObject tst_JwtCodec::payload() const
{
    return segment(m_codec->sign(claims()), 1);
}

void tst_JwtCodec::roundTrip()
{
    const AccessClaims in = claims();
    const QByteArray token = m_codec->sign(in);
    QVERIFY(!token.isEmpty());
    QCOMPARE(token.count('.'), 2);
    const auto out = check(token);
    QVERIFY(out.has_value());
    QCOMPARE(out->userId, in.userId);
    QCOMPARE(out->organizationId, in.organizationId);
    QCOMPARE(out->sessionId, in.sessionId);
    QCOMPARE(out->tokenVersion, 4);
    QCOMPARE(out->issuedAt, in.issuedAt);
    QCOMPARE(out->expiresAt, in.expiresAt);
    QCOMPARE(out->tokenId, u"jti-1"_s);
    // Our own forgery helper produces the same kind of token the codec accepts.
    QVERIFY(check(forge(Key, header(), payload())));
}

void tst_JwtCodec::headerAndPayloadShape()
{
    const QByteArray token = m_codec->sign(claims());
    QCOMPARE(segment(token, 0), header());
    QCOMPARE(m_codec->keyId(), kidOf(Key));
    const QJsonObject p = segment(token, 1);
    QCOMPARE(p.keys(), QStringList({u"aud"_s, u"exp"_s, u"iat"_s, u"iss"_s, u"jti"_s, u"nbf"_s, u"org"_s, u"sid"_s,
                                    u"sub"_s, u"ver"_s}));
    QCOMPARE(p.value(u"iss"_s).toString(), Issuer);
    QCOMPARE(p.value(u"aud"_s).toString(), Audience);
    QCOMPARE(p.value(u"sub"_s).toString(), u"11111111-1111-4111-8111-111111111111"_s);
    QCOMPARE(p.value(u"exp"_s).toInteger(), m_clock->now().toSecsSinceEpoch() + 900);
    QCOMPARE(p.value(u"nbf"_s).toInteger(), m_clock->now().toSecsSinceEpoch());
    // base64url without padding.
    QVERIFY(!token.contains('=') && !token.contains('+') && !token.contains('/'));
}

void tst_JwtCodec::shortKeysSignNothing()
{
    const JwtCodec weak(QByteArray(31, 'k'), Issuer, Audience, *m_clock);
    QVERIFY(weak.sign(claims()).isEmpty());
    // It verifies nothing either, not even a token signed with its short key.
    QCOMPARE(weak.verify(forge(QByteArray(31, 'k'), header(), payload())).error(), JwtFailure::UnknownKey);
    QCOMPARE(weak.verify(m_codec->sign(claims())).error(), JwtFailure::UnknownKey);
}

void tst_JwtCodec::algorithmNoneAndConfusion_data()
{
    QTest::addColumn<QJsonValue>("alg");
    QTest::newRow("none") << QJsonValue(u"none"_s);
    QTest::newRow("None") << QJsonValue(u"None"_s);
    QTest::newRow("NONE") << QJsonValue(u"NONE"_s);
    QTest::newRow("hs256 lowercase") << QJsonValue(u"hs256"_s);
    QTest::newRow("HS384") << QJsonValue(u"HS384"_s);
    QTest::newRow("HS512") << QJsonValue(u"HS512"_s);
    QTest::newRow("RS256") << QJsonValue(u"RS256"_s);
    QTest::newRow("ES256") << QJsonValue(u"ES256"_s);
    QTest::newRow("PS256") << QJsonValue(u"PS256"_s);
    QTest::newRow("EdDSA") << QJsonValue(u"EdDSA"_s);
    QTest::newRow("empty") << QJsonValue(u""_s);
    QTest::newRow("padded") << QJsonValue(u"HS256 "_s);
    QTest::newRow("null") << QJsonValue(QJsonValue::Null);
    QTest::newRow("array") << QJsonValue(QJsonArray{u"HS256"_s});
    QTest::newRow("missing") << QJsonValue(QJsonValue::Undefined);
}

void tst_JwtCodec::algorithmNoneAndConfusion()
{
    QFETCH(QJsonValue, alg);
    QJsonObject h = header();
    if (alg.isUndefined())
        h.remove(u"alg"_s);
    else
        h.insert(u"alg"_s, alg);
    // Signed correctly with our key: only the algorithm is wrong.
    QCOMPARE(check(forge(Key, h, payload())).error(), JwtFailure::BadAlgorithm);
    // "alg":"none" with an empty signature never passes either.
    const QByteArray unsigned_ = b64url(compact(h)) + '.' + b64url(compact(payload())) + '.';
    QVERIFY(!check(unsigned_).has_value());
    // Nor with an arbitrary signature.
    QVERIFY(!check(unsigned_ + "AAAA").has_value());
}

void tst_JwtCodec::foreignKeysAndKeyIds()
{
    // A token of another server (its own key and kid).
    const JwtCodec other(OtherKey, Issuer, Audience, *m_clock);
    QCOMPARE(check(other.sign(claims())).error(), JwtFailure::UnknownKey);
    // Signed with another key while claiming our kid.
    QCOMPARE(check(forge(OtherKey, header(), payload())).error(), JwtFailure::BadSignature);
    // Our key, but a wrong, missing or mistyped kid.
    for (const QJsonValue &kid : {QJsonValue(kidOf(OtherKey)), QJsonValue(QJsonValue::Undefined), QJsonValue(u""_s),
                                  QJsonValue(kidOf(Key).toUpper()), QJsonValue(kidOf(Key) + u"0"_s), QJsonValue(7)}) {
        QJsonObject h = header();
        if (kid.isUndefined())
            h.remove(u"kid"_s);
        else
            h.insert(u"kid"_s, kid);
        QCOMPARE(check(forge(Key, h, payload())).error(), JwtFailure::UnknownKey);
    }
    // The key id as an HMAC key (a classic confusion) does not work either.
    QCOMPARE(check(forge(kidOf(Key).toLatin1(), header(), payload())).error(), JwtFailure::BadSignature);
}

void tst_JwtCodec::headerSuppliedKeysAreRefused_data()
{
    QTest::addColumn<QString>("member");
    QTest::addColumn<QJsonValue>("value");
    QTest::newRow("jwk") << u"jwk"_s
                         << QJsonValue(QJsonObject{{u"kty"_s, u"oct"_s}, {u"k"_s, QString::fromLatin1(b64url(Key))}});
    QTest::newRow("jku") << u"jku"_s << QJsonValue(u"https://attacker.example/keys"_s);
    QTest::newRow("x5u") << u"x5u"_s << QJsonValue(u"https://attacker.example/cert"_s);
    QTest::newRow("x5c") << u"x5c"_s << QJsonValue(QJsonArray{u"MIIB"_s});
    QTest::newRow("crit") << u"crit"_s << QJsonValue(QJsonArray{u"exp"_s});
}

void tst_JwtCodec::headerSuppliedKeysAreRefused()
{
    QFETCH(QString, member);
    QFETCH(QJsonValue, value);
    QJsonObject h = header();
    h.insert(member, value);
    QCOMPARE(check(forge(Key, h, payload())).error(), JwtFailure::UnknownKey);
}

void tst_JwtCodec::tampering()
{
    const QByteArray token = m_codec->sign(claims());
    const QList<QByteArray> parts = token.split('.');

    // Another subject with the original signature.
    QJsonObject p = payload();
    p.insert(u"sub"_s, u"44444444-4444-4444-8444-444444444444"_s);
    QCOMPARE(check(parts[0] + '.' + b64url(compact(p)) + '.' + parts[2]).error(), JwtFailure::BadSignature);
    // A later expiry with the original signature.
    p = payload();
    p.insert(u"exp"_s, p.value(u"exp"_s).toInteger() + 86400);
    QCOMPARE(check(parts[0] + '.' + b64url(compact(p)) + '.' + parts[2]).error(), JwtFailure::BadSignature);
    // A different, equally valid header (member order) changes the signing input.
    const QByteArray reordered = R"({"kid":")" + kidOf(Key).toLatin1() + R"(","typ":"at+jwt","alg":"HS256"})";
    QCOMPARE(check(b64url(reordered) + '.' + parts[1] + '.' + parts[2]).error(), JwtFailure::BadSignature);

    // Signature: one flipped bit, truncated, extended, empty-ish, from another token.
    QByteArray signature = QByteArray::fromBase64(parts[2], QByteArray::Base64UrlEncoding);
    QCOMPARE(signature.size(), 32);
    QByteArray flipped = signature;
    flipped[0] = char(flipped[0] ^ 0x01);
    QCOMPARE(check(parts[0] + '.' + parts[1] + '.' + b64url(flipped)).error(), JwtFailure::BadSignature);
    QCOMPARE(check(parts[0] + '.' + parts[1] + '.' + b64url(signature.left(31))).error(),
             JwtFailure::BadSignature);
    QCOMPARE(check(parts[0] + '.' + parts[1] + '.' + b64url(signature + 'x')).error(),
             JwtFailure::BadSignature);
    QCOMPARE(check(parts[0] + '.' + parts[1] + '.' + b64url(QByteArray(32, '\0'))).error(),
             JwtFailure::BadSignature);
    AccessClaims second = claims();
    second.tokenId = u"jti-2"_s;
    const QByteArray otherSignature = m_codec->sign(second).split('.').at(2);
    QCOMPARE(check(parts[0] + '.' + parts[1] + '.' + otherSignature).error(), JwtFailure::BadSignature);
    // The original is still fine.
    QVERIFY(check(token));
}

void tst_JwtCodec::expiry()
{
    const QByteArray token = m_codec->sign(claims()); // expires 900 s from now
    m_clock->advanceSeconds(900);
    QVERIFY(check(token)); // within the allowed skew
    m_clock->advanceSeconds(JwtCodec::AllowedSkewSeconds - 1);
    QVERIFY(check(token));
    m_clock->advanceSeconds(1);
    QCOMPARE(check(token).error(), JwtFailure::Expired);
    m_clock->advanceSeconds(86400 * 365);
    QCOMPARE(check(token).error(), JwtFailure::Expired);
    // A token that expired before it was issued.
    init();
    AccessClaims c = claims();
    c.expiresAt = c.issuedAt.addSecs(-3600);
    QCOMPARE(check(m_codec->sign(c)).error(), JwtFailure::Expired);
}

void tst_JwtCodec::notYetValid()
{
    // Issued in the future (clock of another server running ahead).
    AccessClaims c = claims();
    c.issuedAt = m_clock->now().addSecs(JwtCodec::AllowedSkewSeconds);
    c.expiresAt = c.issuedAt.addSecs(900);
    QVERIFY(check(m_codec->sign(c))); // at the edge of the skew
    c.issuedAt = m_clock->now().addSecs(JwtCodec::AllowedSkewSeconds + 1);
    c.expiresAt = c.issuedAt.addSecs(900);
    const QByteArray early = m_codec->sign(c);
    QCOMPARE(check(early).error(), JwtFailure::NotYetValid);
    m_clock->advanceSeconds(1);
    QVERIFY(check(early));

    // nbf in the future with a present iat.
    QJsonObject p = payload();
    p.insert(u"nbf"_s, m_clock->now().toSecsSinceEpoch() + 3600);
    QCOMPARE(check(forge(Key, header(), p)).error(), JwtFailure::NotYetValid);
    // nbf may be absent, but not mistyped.
    p = payload();
    p.remove(u"nbf"_s);
    QVERIFY(check(forge(Key, header(), p)));
    p.insert(u"nbf"_s, u"now"_s);
    QCOMPARE(check(forge(Key, header(), p)).error(), JwtFailure::Malformed);
}

void tst_JwtCodec::tokenType()
{
    for (const QJsonValue &typ : {QJsonValue(u"JWT"_s), QJsonValue(u"jwt"_s), QJsonValue(u"AT+JWT"_s),
                                  QJsonValue(u"application/at+jwt"_s), QJsonValue(u"refresh+jwt"_s),
                                  QJsonValue(QJsonValue::Undefined), QJsonValue(1)}) {
        QJsonObject h = header();
        if (typ.isUndefined())
            h.remove(u"typ"_s);
        else
            h.insert(u"typ"_s, typ);
        QCOMPARE(check(forge(Key, h, payload())).error(), JwtFailure::BadType);
    }
}

void tst_JwtCodec::issuerAndAudience()
{
    const JwtCodec otherIssuer(Key, u"someone-else"_s, Audience, *m_clock);
    const JwtCodec otherAudience(Key, Issuer, u"another-api"_s, *m_clock);
    QCOMPARE(check(otherIssuer.sign(claims())).error(), JwtFailure::WrongIssuer);
    QCOMPARE(check(otherAudience.sign(claims())).error(), JwtFailure::WrongAudience);
    // An audience array (allowed by RFC 7519) is not what we issue.
    QJsonObject p = payload();
    p.insert(u"aud"_s, QJsonArray{Audience});
    QCOMPARE(check(forge(Key, header(), p)).error(), JwtFailure::Malformed);
}

void tst_JwtCodec::malformedEncodings_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<int>("failure");
    const int malformed = int(JwtFailure::Malformed);
    // Built in the test function from a valid token; here only the mutation.
    QTest::newRow("empty") << QByteArray() << malformed;
    QTest::newRow("one segment") << "abc"_ba << malformed;
    QTest::newRow("two segments") << "abc.def"_ba << malformed;
    QTest::newRow("dots only") << ".."_ba << malformed;
    QTest::newRow("four segments") << "VALID.x"_ba << malformed;
    QTest::newRow("empty header") << "DROP0"_ba << malformed;
    QTest::newRow("empty payload") << "DROP1"_ba << malformed;
    QTest::newRow("empty signature") << "DROP2"_ba << malformed;
    QTest::newRow("standard base64 +") << "PLUS"_ba << malformed;
    QTest::newRow("padding") << "PAD"_ba << malformed;
    QTest::newRow("whitespace") << "SPACE"_ba << malformed;
    QTest::newRow("bearer prefix") << "BEARER"_ba << malformed;
    QTest::newRow("header not JSON") << "HEADERTEXT"_ba << malformed;
    QTest::newRow("header is an array") << "HEADERARRAY"_ba << malformed;
    QTest::newRow("impossible base64 length") << "LEN"_ba << malformed;
}

void tst_JwtCodec::malformedEncodings()
{
    QFETCH(QByteArray, token);
    QFETCH(int, failure);
    const QByteArray valid = m_codec->sign(claims());
    const QList<QByteArray> p = valid.split('.');
    if (token == "VALID.x")
        token = valid + ".x";
    else if (token == "DROP0")
        token = '.' + p[1] + '.' + p[2];
    else if (token == "DROP1")
        token = p[0] + ".." + p[2];
    else if (token == "DROP2")
        token = p[0] + '.' + p[1] + '.';
    else if (token == "PLUS")
        token = p[0] + '.' + p[1] + '.' + QByteArray(p[2]).replace('-', '+').replace('_', '/') + "+";
    else if (token == "PAD")
        token = valid + "=";
    else if (token == "SPACE")
        token = valid + " ";
    else if (token == "BEARER")
        token = "Bearer " + valid;
    else if (token == "HEADERTEXT")
        token = forgeRaw(Key, "alg=HS256"_ba, compact(payload()));
    else if (token == "HEADERARRAY")
        token = forgeRaw(Key, R"(["HS256"])"_ba, compact(payload()));
    else if (token == "LEN")
        token = p[0] + "A." + p[1] + '.' + p[2];
    const auto result = check(token);
    QVERIFY2(!result.has_value(), token.constData());
    QCOMPARE(int(result.error()), failure);
}

void tst_JwtCodec::missingOrMistypedClaims_data()
{
    QTest::addColumn<QString>("claim");
    QTest::addColumn<QJsonValue>("value"); // Undefined: removed
    const QJsonValue removed(QJsonValue::Undefined);
    for (const char *name : {"iss", "aud", "sub", "org", "sid", "ver", "iat", "exp", "jti"})
        QTest::newRow(qPrintable(u"missing "_s + QString::fromLatin1(name))) << QString::fromLatin1(name) << removed;
    QTest::newRow("sub not a uuid") << u"sub"_s << QJsonValue(u"admin"_s);
    QTest::newRow("sub with braces") << u"sub"_s << QJsonValue(u"{11111111-1111-4111-8111-111111111111}"_s);
    QTest::newRow("org null") << u"org"_s << QJsonValue(QJsonValue::Null);
    QTest::newRow("sid number") << u"sid"_s << QJsonValue(3);
    QTest::newRow("ver string") << u"ver"_s << QJsonValue(u"4"_s);
    QTest::newRow("ver fraction") << u"ver"_s << QJsonValue(4.5);
    QTest::newRow("ver negative") << u"ver"_s << QJsonValue(-1);
    QTest::newRow("exp string") << u"exp"_s << QJsonValue(u"tomorrow"_s);
    QTest::newRow("exp negative") << u"exp"_s << QJsonValue(-5);
    QTest::newRow("exp fraction") << u"exp"_s << QJsonValue(1.5e9 + 0.5);
    QTest::newRow("iat bool") << u"iat"_s << QJsonValue(true);
    QTest::newRow("jti number") << u"jti"_s << QJsonValue(1);
    QTest::newRow("iss number") << u"iss"_s << QJsonValue(1);
    QTest::newRow("aud object") << u"aud"_s << QJsonValue(QJsonObject());
}

void tst_JwtCodec::missingOrMistypedClaims()
{
    QFETCH(QString, claim);
    QFETCH(QJsonValue, value);
    QJsonObject p = payload();
    QVERIFY(p.contains(claim));
    if (value.isUndefined())
        p.remove(claim);
    else
        p.insert(claim, value);
    // Correctly signed, so only the claims are at fault.
    QCOMPARE(check(forge(Key, header(), p)).error(), JwtFailure::Malformed);
}

void tst_JwtCodec::duplicateMembersAreRefused()
{
    // {"alg":"none","alg":"HS256"}: a lenient parser would take the last one.
    const QByteArray h = R"({"alg":"none","alg":"HS256","typ":"at+jwt","kid":")" + kidOf(Key).toLatin1() + "\"}";
    QCOMPARE(check(forgeRaw(Key, h, compact(payload()))).error(), JwtFailure::Malformed);
    // Two "sub" claims: which one is the user?
    QByteArray p = compact(payload());
    p.insert(1, R"("sub":"44444444-4444-4444-8444-444444444444",)");
    QCOMPARE(check(forgeRaw(Key, compact(header()), p)).error(), JwtFailure::Malformed);
    // Deeply nested or huge headers are refused without trouble.
    const QByteArray deep = R"({"alg":"HS256","typ":"at+jwt","kid":")" + kidOf(Key).toLatin1() + R"(","x":)"
        + QByteArray(200, '[') + QByteArray(200, ']') + "}";
    QCOMPARE(check(forgeRaw(Key, deep, compact(payload()))).error(), JwtFailure::Malformed);
}

void tst_JwtCodec::payloadSpellingsReadTheSame()
{
    // The codec reads its own compact payloads directly and any other spelling with
    // the general parser: both must come to the same claims.
    const auto plain = check(forge(Key, header(), payload()));
    QVERIFY(plain);
    QByteArray spaced = QJsonDocument(payload()).toJson(QJsonDocument::Indented);
    QByteArray escaped = compact(payload());
    const QByteArray jti = payload().value(u"jti"_s).toString().toLatin1();
    const QByteArray quotedJti = "\"" + jti + "\"";
    const QByteArray escapedJti = "\"\\u00" + QByteArray::number(uchar(jti[0]), 16) + jti.mid(1) + "\"";
    escaped.replace(quotedJti, escapedJti);
    QVERIFY(escaped.contains("\\u00"));
    QJsonObject nested = payload();
    nested.insert(u"extra"_s, QJsonObject{{u"a"_s, QJsonArray{1, 2}}});
    for (const QByteArray &body : {spaced, escaped, compact(nested)}) {
        const auto read = check(forgeRaw(Key, compact(header()), body));
        QVERIFY2(read, body.constData());
        QCOMPARE(read->userId, plain->userId);
        QCOMPARE(read->organizationId, plain->organizationId);
        QCOMPARE(read->sessionId, plain->sessionId);
        QCOMPARE(read->tokenVersion, plain->tokenVersion);
        QCOMPARE(read->expiresAt, plain->expiresAt);
        QCOMPARE(read->tokenId, plain->tokenId);
    }
    // A number where a string belongs, and the other way round, in the compact form.
    QJsonObject wrong = payload();
    wrong.insert(u"sid"_s, 7);
    QCOMPARE(check(forge(Key, header(), wrong)).error(), JwtFailure::Malformed);
    wrong = payload();
    wrong.insert(u"exp"_s, u"never"_s);
    QCOMPARE(check(forge(Key, header(), wrong)).error(), JwtFailure::Malformed);
}

void tst_JwtCodec::oversizedTokens()
{
    QJsonObject p = payload();
    p.insert(u"pad"_s, QString(JwtCodec::MaxTokenBytes, u'x'));
    const QByteArray big = forge(Key, header(), p);
    QVERIFY(big.size() > JwtCodec::MaxTokenBytes);
    QCOMPARE(check(big).error(), JwtFailure::TooLarge);
    QCOMPARE(check(QByteArray(1024 * 1024, 'a')).error(), JwtFailure::TooLarge);
    // Extra claims within the size limit are ignored, not fatal.
    p = payload();
    p.insert(u"scope"_s, u"admin"_s);
    QVERIFY(check(forge(Key, header(), p)));
}

QTEST_GUILESS_MAIN(tst_JwtCodec)
#include "tst_jwtcodec.moc"
