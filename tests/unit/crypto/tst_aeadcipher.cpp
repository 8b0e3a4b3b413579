// AES-256-GCM sealing of stored secrets and the HKDF key derivation behind it.

#include "crypto/aeadcipher.h"
#include "crypto/keyderivation.h"

#include <QtTest>

using namespace vami;

class tst_AeadCipher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hkdfMatchesRfc5869();
    void hkdfSeparatesPurposesAndRefusesShortSecrets();
    void roundTrip();
    void everySealHasItsOwnNonce();
    void tamperedBytesAreRefused_data();
    void tamperedBytesAreRefused();
    void otherAssociatedDataIsRefused();
    void wrongKeyIsRefused();
    void truncatedAndForeignFormsAreRefused();
    void invalidKeySealsNothing();

private:
    static QByteArray key(char fill) { return QByteArray(AeadCipher::KeyBytes, fill); }
};

void tst_AeadCipher::hkdfMatchesRfc5869()
{
    // RFC 5869, test case 2 (longer inputs and outputs).
    QByteArray ikm, salt, info;
    for (int i = 0x00; i <= 0x4f; ++i)
        ikm.append(char(i));
    for (int i = 0x60; i <= 0xaf; ++i)
        salt.append(char(i));
    for (int i = 0xb0; i <= 0xff; ++i)
        info.append(char(i));
    const QByteArray okm = hkdfSha256(ikm, info, 82, salt);
    QCOMPARE(okm.toHex(), QByteArray("b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
                                     "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
                                     "cc30c58179ec3e87c14c01d5c1f3434f1d87"));
}

void tst_AeadCipher::hkdfSeparatesPurposesAndRefusesShortSecrets()
{
    const QByteArray secret(32, 's');
    const QByteArray a = hkdfSha256(secret, "vami agent tokens v1");
    const QByteArray b = hkdfSha256(secret, "vami access tokens v1");
    QCOMPARE(a.size(), 32);
    QVERIFY(a != b);
    QCOMPARE(hkdfSha256(secret, "vami agent tokens v1"), a);
    QVERIFY(hkdfSha256(QByteArray(31, 's'), "vami agent tokens v1").isEmpty());
}

void tst_AeadCipher::roundTrip()
{
    const AeadCipher cipher(key('k'));
    QVERIFY(cipher.isValid());
    for (const QByteArray &plain : {QByteArray(), QByteArray("vami_agent_abc"), QByteArray(100'000, 'x')}) {
        const QByteArray sealed = cipher.seal(plain, "org|agent");
        QCOMPARE(sealed.size(), 1 + AeadCipher::NonceBytes + plain.size() + AeadCipher::TagBytes);
        QVERIFY(plain.isEmpty() || !sealed.contains(plain));
        const auto opened = cipher.open(sealed, "org|agent");
        QVERIFY(opened.has_value());
        QCOMPARE(*opened, plain);
    }
}

void tst_AeadCipher::everySealHasItsOwnNonce()
{
    const AeadCipher cipher(key('k'));
    const QByteArray a = cipher.seal("same secret", "ad");
    const QByteArray b = cipher.seal("same secret", "ad");
    QVERIFY(a != b);
    QVERIFY(a.mid(1, AeadCipher::NonceBytes) != b.mid(1, AeadCipher::NonceBytes));
}

void tst_AeadCipher::tamperedBytesAreRefused_data()
{
    QTest::addColumn<int>("offset");
    const int size = int(1 + AeadCipher::NonceBytes + 20 + AeadCipher::TagBytes);
    QTest::newRow("version") << 0;
    QTest::newRow("nonce") << 5;
    QTest::newRow("ciphertext first") << int(1 + AeadCipher::NonceBytes);
    QTest::newRow("ciphertext last") << int(1 + AeadCipher::NonceBytes + 19);
    QTest::newRow("tag first") << int(size - AeadCipher::TagBytes);
    QTest::newRow("tag last") << size - 1;
}

void tst_AeadCipher::tamperedBytesAreRefused()
{
    QFETCH(int, offset);
    const AeadCipher cipher(key('k'));
    QByteArray sealed = cipher.seal("twenty bytes secret!", "ad");
    QVERIFY(cipher.open(sealed, "ad").has_value());
    sealed[offset] = char(sealed[offset] ^ 0x01);
    QVERIFY(!cipher.open(sealed, "ad").has_value());
}

void tst_AeadCipher::otherAssociatedDataIsRefused()
{
    const AeadCipher cipher(key('k'));
    const QByteArray sealed = cipher.seal("secret", "org-a|agent-1");
    QVERIFY(!cipher.open(sealed, "org-b|agent-1").has_value());
    QVERIFY(!cipher.open(sealed, "org-a|agent-2").has_value());
    QVERIFY(!cipher.open(sealed, {}).has_value());
}

void tst_AeadCipher::wrongKeyIsRefused()
{
    const QByteArray sealed = AeadCipher(key('k')).seal("secret", "ad");
    QVERIFY(!AeadCipher(key('j')).open(sealed, "ad").has_value());
}

void tst_AeadCipher::truncatedAndForeignFormsAreRefused()
{
    const AeadCipher cipher(key('k'));
    const QByteArray sealed = cipher.seal("secret", "ad");
    QVERIFY(!cipher.open(sealed.left(sealed.size() - 1), "ad").has_value());
    QVERIFY(!cipher.open(sealed.left(1 + AeadCipher::NonceBytes + AeadCipher::TagBytes - 1), "ad").has_value());
    QVERIFY(!cipher.open(QByteArray(), "ad").has_value());
    QVERIFY(!cipher.open(QByteArray(sealed + "x"), "ad").has_value());
}

void tst_AeadCipher::invalidKeySealsNothing()
{
    const AeadCipher cipher(QByteArray(16, 'k'));
    QVERIFY(!cipher.isValid());
    QVERIFY(cipher.seal("secret", "ad").isEmpty());
    QVERIFY(!cipher.open(AeadCipher(key('k')).seal("secret", "ad"), "ad").has_value());
}

QTEST_GUILESS_MAIN(tst_AeadCipher)
#include "tst_aeadcipher.moc"
