// PasswordHasher: scrypt through OpenSSL in PHC string form. Checked against the
// RFC 7914 test vectors (through verify(), the only way the API exposes a raw
// derivation), and against tampered, malformed and hostile stored strings.

#include "crypto/passwordhasher.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QStringList>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace vami;

namespace {

// Cheap parameters keep the suite fast; the defaults are checked once.
const ScryptParams Fast{10, 8, 1};

QString b64(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toBase64(QByteArray::OmitTrailingEquals));
}

QString phc(int ln, int r, int p, const QByteArray &salt, const QByteArray &key)
{
    return u"$scrypt$ln=%1,r=%2,p=%3$"_s.arg(ln).arg(r).arg(p) + b64(salt) + u'$' + b64(key);
}

// RFC 7914 section 12, third vector: P="pleaseletmein", S="SodiumChloride",
// N=16384, r=8, p=1, dkLen=64.
const QByteArray Rfc7914Key3 = QByteArray::fromHex(
    "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
    "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887");
// Second vector: P="password", S="NaCl", N=1024, r=8, p=16, dkLen=64.
const QByteArray Rfc7914Key2 = QByteArray::fromHex(
    "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
    "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640");

} // namespace

class tst_PasswordHasher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rfc7914Vector();
    void shortSaltsAreRefused();
    void hashHasThePhcForm();
    void hashAndVerify();
    void saltsAreFresh();
    void wrongPasswordsFail();
    void tamperedHashesFail();
    void malformedStringsNeverMatch_data();
    void malformedStringsNeverMatch();
    void hostileParametersAreRefused_data();
    void hostileParametersAreRefused();
    void parametersOutsideBoundsProduceNoHash();
    void needsRehash();
    void overlongPasswordsAreRefused();
    void dummyHashIsValid();
    void defaultsMatchTheDocumentation();
};

void tst_PasswordHasher::rfc7914Vector()
{
    const PasswordHasher hasher(Fast);
    const QString stored = phc(14, 8, 1, "SodiumChloride"_ba, Rfc7914Key3);
    const auto ok = hasher.verify("pleaseletmein"_ba, stored);
    QVERIFY(ok.matches);
    // A 64-byte key and other parameters than ours: store a fresh hash.
    QVERIFY(ok.needsRehash);
    QVERIFY(!hasher.verify("pleaseletmeiN"_ba, stored).matches);
    QVERIFY(!hasher.verify("pleaseletmein"_ba, phc(14, 8, 1, "SodiumChloridE"_ba, Rfc7914Key3)).matches);
    // Flipping one bit of the expected key makes it fail.
    QByteArray flipped = Rfc7914Key3;
    flipped[63] = char(flipped[63] ^ 0x01);
    QVERIFY(!hasher.verify("pleaseletmein"_ba, phc(14, 8, 1, "SodiumChloride"_ba, flipped)).matches);
    // A prefix of the derived key is the derived key of a shorter length (PBKDF2 output).
    QVERIFY(hasher.verify("pleaseletmein"_ba, phc(14, 8, 1, "SodiumChloride"_ba, Rfc7914Key3.left(32))).matches);
}

void tst_PasswordHasher::shortSaltsAreRefused()
{
    // The second RFC 7914 vector uses a 4-byte salt ("NaCl"); stored hashes must carry
    // at least 8 bytes of salt, so even the correct password does not match it.
    const PasswordHasher hasher(Fast);
    QVERIFY(!hasher.verify("password"_ba, phc(10, 8, 16, "NaCl"_ba, Rfc7914Key2)).matches);
}

void tst_PasswordHasher::hashHasThePhcForm()
{
    const PasswordHasher hasher(Fast);
    const QString stored = hasher.hash("correct horse battery staple"_ba);
    static const QRegularExpression form(u"^\\$scrypt\\$ln=10,r=8,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}$"_s);
    QVERIFY2(form.match(stored).hasMatch(), qPrintable(stored));
    QVERIFY(!stored.contains(u"correct"_s));
}

void tst_PasswordHasher::hashAndVerify()
{
    const PasswordHasher hasher(Fast);
    for (const QByteArray &password : {"p"_ba, "Str0ng-Passw0rd!"_ba, "Grüße 😀"_ba, QByteArray(1024, 'x'),
                                       QByteArray("with\0nul", 8), QByteArray()}) {
        const QString stored = hasher.hash(password);
        QVERIFY(!stored.isEmpty());
        const auto result = hasher.verify(password, stored);
        QVERIFY(result.matches);
        QVERIFY(!result.needsRehash);
    }
}

void tst_PasswordHasher::saltsAreFresh()
{
    const PasswordHasher hasher(Fast);
    const QString a = hasher.hash("same"_ba);
    const QString b = hasher.hash("same"_ba);
    QVERIFY(a != b);
    QVERIFY(a.split(u'$').at(3) != b.split(u'$').at(3));
    QVERIFY(hasher.verify("same"_ba, a).matches);
    QVERIFY(hasher.verify("same"_ba, b).matches);
}

void tst_PasswordHasher::wrongPasswordsFail()
{
    const PasswordHasher hasher(Fast);
    const QString stored = hasher.hash("Str0ng-Passw0rd!"_ba);
    for (const QByteArray &wrong : {"str0ng-Passw0rd!"_ba, "Str0ng-Passw0rd"_ba, "Str0ng-Passw0rd!!"_ba,
                                    " Str0ng-Passw0rd!"_ba, "Str0ng-Passw0rd!\n"_ba, QByteArray()}) {
        const auto result = hasher.verify(wrong, stored);
        QVERIFY2(!result.matches, wrong.constData());
        QVERIFY(!result.needsRehash);
    }
    // scrypt's PBKDF2 step uses the password as an HMAC key, and HMAC pads short keys
    // with zero bytes: a password and the same password followed by NUL bytes are
    // equivalent. Passwords therefore never carry NUL: the strict JSON reader refuses
    // \u0000, so no API input can exploit this.
    QVERIFY(hasher.verify(QByteArray("Str0ng-Passw0rd!\0", 17), stored).matches);
}

void tst_PasswordHasher::tamperedHashesFail()
{
    const PasswordHasher hasher(Fast);
    const QString stored = hasher.hash("secret-one"_ba);
    const QStringList parts = stored.split(u'$');
    const QByteArray salt = QByteArray::fromBase64(parts[3].toLatin1());
    const QByteArray key = QByteArray::fromBase64(parts[4].toLatin1());
    QVERIFY(hasher.verify("secret-one"_ba, phc(10, 8, 1, salt, key)).matches);

    QByteArray otherSalt = salt;
    otherSalt[0] = char(otherSalt[0] ^ 0x80);
    QVERIFY(!hasher.verify("secret-one"_ba, phc(10, 8, 1, otherSalt, key)).matches);
    QByteArray otherKey = key;
    otherKey[5] = char(otherKey[5] ^ 0x04);
    QVERIFY(!hasher.verify("secret-one"_ba, phc(10, 8, 1, salt, otherKey)).matches);
    // Other (valid) parameters derive another key.
    QVERIFY(!hasher.verify("secret-one"_ba, phc(11, 8, 1, salt, key)).matches);
    QVERIFY(!hasher.verify("secret-one"_ba, phc(10, 4, 1, salt, key)).matches);
    QVERIFY(!hasher.verify("secret-one"_ba, phc(10, 8, 2, salt, key)).matches);
    // A truncated key is a different (shorter) derivation, refused below 16 bytes.
    QVERIFY(!hasher.verify("secret-one"_ba, phc(10, 8, 1, salt, key.left(15))).matches);
    // Another hash of another password does not match.
    QVERIFY(!hasher.verify("secret-one"_ba, hasher.hash("secret-two"_ba)).matches);
}

void tst_PasswordHasher::malformedStringsNeverMatch_data()
{
    const PasswordHasher hasher(Fast);
    const QString good = hasher.hash("pw"_ba);
    const QStringList p = good.split(u'$');
    QTest::addColumn<QString>("stored");
    QTest::newRow("empty") << QString();
    QTest::newRow("garbage") << u"not a hash"_s;
    QTest::newRow("plain text password") << u"pw"_s;
    QTest::newRow("other algorithm") << QString(good).replace(u"$scrypt$"_s, u"$argon2id$"_s);
    QTest::newRow("bcrypt") << u"$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW"_s;
    QTest::newRow("uppercase id") << QString(good).replace(u"$scrypt$"_s, u"$SCRYPT$"_s);
    QTest::newRow("no leading dollar") << good.mid(1);
    QTest::newRow("missing key") << p.mid(0, 4).join(u'$');
    QTest::newRow("empty key") << p.mid(0, 4).join(u'$') + u'$';
    QTest::newRow("extra field") << good + u"$x"_s;
    QTest::newRow("trailing newline") << good + u'\n';
    QTest::newRow("params reordered") << QString(good).replace(u"ln=10,r=8,p=1"_s, u"r=8,ln=10,p=1"_s);
    QTest::newRow("param missing") << QString(good).replace(u"ln=10,r=8,p=1"_s, u"ln=10,r=8"_s);
    QTest::newRow("param extra") << QString(good).replace(u"ln=10,r=8,p=1"_s, u"ln=10,r=8,p=1,x=1"_s);
    QTest::newRow("param leading zero") << QString(good).replace(u"ln=10,"_s, u"ln=010,"_s);
    QTest::newRow("param negative") << QString(good).replace(u"p=1$"_s, u"p=-1$"_s);
    QTest::newRow("param plus") << QString(good).replace(u"p=1$"_s, u"p=+1$"_s);
    QTest::newRow("param not a number") << QString(good).replace(u"r=8"_s, u"r=x"_s);
    QTest::newRow("param empty") << QString(good).replace(u"r=8"_s, u"r="_s);
    QTest::newRow("param huge") << QString(good).replace(u"r=8"_s, u"r=99999999999999999999"_s);
    QTest::newRow("salt with padding") << p.mid(0, 3).join(u'$') + u'$' + p[3] + u"==$"_s + p[4];
    QTest::newRow("salt base64url") << p.mid(0, 3).join(u'$') + u"$-_-_-_-_-_-_-_-_-_-_-_$"_s + p[4];
    QTest::newRow("salt with space") << p.mid(0, 3).join(u'$') + u"$ "_s + p[3] + u'$' + p[4];
    QTest::newRow("non-canonical base64") << p.mid(0, 3).join(u'$') + u'$' + p[3].left(21) + u"B$"_s + p[4];
    QTest::newRow("key too long") << p.mid(0, 4).join(u'$') + u'$' + b64(QByteArray(65, 'k'));
    QTest::newRow("salt too long") << p.mid(0, 3).join(u'$') + u'$' + b64(QByteArray(65, 's')) + u'$' + p[4];
    QTest::newRow("non-ASCII") << QString(good).replace(u"scrypt"_s, u"scrypté"_s);
    QTest::newRow("huge string") << QString(good + QString(100000, u'A'));
}

void tst_PasswordHasher::malformedStringsNeverMatch()
{
    QFETCH(QString, stored);
    const PasswordHasher hasher(Fast);
    const auto result = hasher.verify("pw"_ba, stored);
    QVERIFY(!result.matches);
    QVERIFY(!result.needsRehash);
}

void tst_PasswordHasher::hostileParametersAreRefused_data()
{
    // A tampered row must not make the server spend minutes or gigabytes: such
    // strings are refused before any derivation (each of these would otherwise
    // run for a long time or allocate far more than 256 MiB).
    QTest::addColumn<QString>("params");
    QTest::newRow("ln 21") << u"ln=21,r=8,p=1"_s;
    QTest::newRow("ln 30") << u"ln=30,r=8,p=1"_s;
    QTest::newRow("ln 9") << u"ln=9,r=8,p=1"_s;
    QTest::newRow("ln 0") << u"ln=0,r=8,p=1"_s;
    QTest::newRow("r 0") << u"ln=14,r=0,p=1"_s;
    QTest::newRow("r 33") << u"ln=14,r=33,p=1"_s;
    QTest::newRow("p 0") << u"ln=14,r=8,p=0"_s;
    QTest::newRow("p 17") << u"ln=14,r=8,p=17"_s;
    QTest::newRow("memory over 256 MiB") << u"ln=20,r=32,p=1"_s;
    QTest::newRow("memory just over") << u"ln=18,r=8,p=1"_s; // 256 MiB + slack
    QTest::newRow("p huge") << u"ln=20,r=32,p=9999"_s;
}

void tst_PasswordHasher::hostileParametersAreRefused()
{
    QFETCH(QString, params);
    const PasswordHasher hasher(Fast);
    const QString stored = u"$scrypt$"_s + params + u'$' + b64(QByteArray(16, 's')) + u'$' + b64(QByteArray(32, 'k'));
    QElapsedTimer timer;
    timer.start();
    const auto result = hasher.verify("pw"_ba, stored);
    QVERIFY(!result.matches);
    // Refused without deriving (a derivation at these costs takes seconds).
    QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
}

void tst_PasswordHasher::parametersOutsideBoundsProduceNoHash()
{
    for (const ScryptParams &bad : {ScryptParams{9, 8, 1}, ScryptParams{21, 8, 1}, ScryptParams{14, 0, 1},
                                    ScryptParams{14, 33, 1}, ScryptParams{14, 8, 0}, ScryptParams{14, 8, 17},
                                    ScryptParams{20, 32, 1}}) {
        const PasswordHasher hasher(bad);
        QVERIFY(hasher.hash("pw"_ba).isEmpty());
        QVERIFY(hasher.dummyHash().isEmpty());
    }
    // The largest parameters inside the bounds still work (memory stays under 256 MiB).
    const PasswordHasher edge(ScryptParams{10, 32, 16});
    const QString stored = edge.hash("pw"_ba);
    QVERIFY(!stored.isEmpty());
    QVERIFY(edge.verify("pw"_ba, stored).matches);
}

void tst_PasswordHasher::needsRehash()
{
    const PasswordHasher old(Fast);
    const PasswordHasher stronger(ScryptParams{11, 8, 1});
    const QString stored = old.hash("pw"_ba);
    const auto checked = stronger.verify("pw"_ba, stored);
    QVERIFY(checked.matches);
    QVERIFY(checked.needsRehash);
    // A wrong password never asks for a rehash (nothing must be stored then).
    QVERIFY(!stronger.verify("wrong"_ba, stored).needsRehash);
    // The same parameters and key length: nothing to do.
    QVERIFY(!old.verify("pw"_ba, stored).needsRehash);
    // The new hash uses the new parameters and verifies without a rehash.
    const QString renewed = stronger.hash("pw"_ba);
    QVERIFY(renewed.startsWith(u"$scrypt$ln=11,r=8,p=1$"_s));
    QVERIFY(!stronger.verify("pw"_ba, renewed).needsRehash);
    QCOMPARE(stronger.params(), (ScryptParams{11, 8, 1}));
}

void tst_PasswordHasher::overlongPasswordsAreRefused()
{
    const PasswordHasher hasher(Fast);
    const QByteArray longest(PasswordHasher::MaxPasswordBytes, 'a');
    const QByteArray tooLong(PasswordHasher::MaxPasswordBytes + 1, 'a');
    QVERIFY(!hasher.hash(longest).isEmpty());
    QVERIFY(hasher.hash(tooLong).isEmpty());
    // Even if its first 1024 bytes are right, a longer password does not match.
    const QString stored = hasher.hash(longest);
    QVERIFY(hasher.verify(longest, stored).matches);
    QVERIFY(!hasher.verify(tooLong, stored).matches);
    QVERIFY(!hasher.verify(QByteArray(10 * 1024 * 1024, 'a'), stored).matches);
}

void tst_PasswordHasher::dummyHashIsValid()
{
    const PasswordHasher hasher(Fast);
    QVERIFY(hasher.dummyHash().startsWith(u"$scrypt$ln=10,r=8,p=1$"_s));
    QCOMPARE(hasher.dummyHash().split(u'$').size(), 5);
    QVERIFY(!hasher.verify(""_ba, hasher.dummyHash()).matches);
    QVERIFY(!hasher.verify("password"_ba, hasher.dummyHash()).matches);
}

void tst_PasswordHasher::defaultsMatchTheDocumentation()
{
    QCOMPARE(ScryptParams{}, (ScryptParams{15, 8, 3}));
    const PasswordHasher hasher;
    const QString stored = hasher.hash("pw"_ba);
    QVERIFY(stored.startsWith(u"$scrypt$ln=15,r=8,p=3$"_s));
    QVERIFY(hasher.verify("pw"_ba, stored).matches);
}

QTEST_GUILESS_MAIN(tst_PasswordHasher)
#include "tst_passwordhasher.moc"
