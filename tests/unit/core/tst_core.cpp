// The allocation-free forms of ids and instants that storage and JSON use on every
// row, checked against Qt's own formatting and parsing.

#include "core/ids.h"
#include "core/instant.h"
#include "core/role.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace vami;

class tst_Core : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void idsRoundTrip();
    void idsRefuseOtherForms_data();
    void idsRefuseOtherForms();
    void instantsMatchQtFormatting_data();
    void instantsMatchQtFormatting();
    void storageInstantsParse_data();
    void storageInstantsParse();
    void enumNames();
};

void tst_Core::idsRoundTrip()
{
    for (int i = 0; i < 1000; ++i) {
        const QUuid id = newId();
        char text[IdTextLength];
        writeIdAscii(id, text);
        QCOMPARE(QByteArray(text, IdTextLength), id.toByteArray(QUuid::WithoutBraces));
        QCOMPARE(parseIdAscii(QByteArrayView(text, IdTextLength)), std::optional<QUuid>(id));
        QCOMPARE(parseIdAscii(id.toByteArray(QUuid::WithoutBraces).toUpper()), std::optional<QUuid>(id));
    }
}

void tst_Core::idsRefuseOtherForms_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("braces") << "{1b4e28ba-2fa1-41d2-883f-0016d3cca427}"_ba;
    QTest::newRow("short") << "1b4e28ba-2fa1-41d2-883f-0016d3cca42"_ba;
    QTest::newRow("long") << "1b4e28ba-2fa1-41d2-883f-0016d3cca4271"_ba;
    QTest::newRow("no dashes") << "1b4e28ba2fa141d2883f0016d3cca427abcd"_ba;
    QTest::newRow("dash moved") << "1b4e28b-a2fa1-41d2-883f-0016d3cca427"_ba;
    QTest::newRow("not hex") << "1b4e28ba-2fa1-41d2-883f-0016d3cca42g"_ba;
    QTest::newRow("space") << "1b4e28ba-2fa1-41d2-883f-0016d3cca42 "_ba;
    QTest::newRow("high byte") << "1b4e28ba-2fa1-41d2-883f-0016d3cca4\xe9"_ba;
    QTest::newRow("nil") << "00000000-0000-0000-0000-000000000000"_ba;
}

void tst_Core::idsRefuseOtherForms()
{
    QFETCH(QByteArray, text);
    QVERIFY(!parseIdAscii(text));
}

void tst_Core::instantsMatchQtFormatting_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::newRow("epoch") << qint64(0);
    QTest::newRow("with millis") << qint64(1'762'596'000'123);
    QTest::newRow("leap day") << QDateTime(QDate(2024, 2, 29), QTime(23, 59, 59, 999), Qt::UTC).toMSecsSinceEpoch();
    QTest::newRow("century") << QDateTime(QDate(2000, 3, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    QTest::newRow("before epoch") << qint64(-1);
    QTest::newRow("1900") << QDateTime(QDate(1900, 2, 28), QTime(12, 0, 0, 5), Qt::UTC).toMSecsSinceEpoch();
    QTest::newRow("first year") << QDateTime(QDate(1, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    QTest::newRow("last year") << QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59, 999), Qt::UTC).toMSecsSinceEpoch();
}

void tst_Core::instantsMatchQtFormatting()
{
    QFETCH(qint64, ms);
    const QDateTime utc = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
    QVERIFY(isWritableInstant(ms));
    const QString expected = utc.time().msec() == 0 ? QString(utc.toString(u"yyyy-MM-ddTHH:mm:ss"_s) + u'Z')
                                                    : QString(utc.toString(u"yyyy-MM-ddTHH:mm:ss.zzz"_s) + u"000Z"_s);
    QCOMPARE(instantText(utc), expected);
    QCOMPARE(storageInstantText(utc), utc.toString(u"yyyy-MM-ddTHH:mm:ss.zzz"_s) + u'Z');
    // Both forms read back to the same instant.
    QCOMPARE(parseStorageInstantMs(instantText(utc).toLatin1()), std::optional<qint64>(ms));
    QCOMPARE(parseStorageInstantMs(storageInstantText(utc).toLatin1()), std::optional<qint64>(ms));
}

void tst_Core::storageInstantsParse_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("ms");
    const qint64 base = QDateTime(QDate(2025, 11, 8), QTime(10, 0, 0), Qt::UTC).toMSecsSinceEpoch();
    QTest::newRow("storage") << "2025-11-08T10:00:00.123Z"_ba << true << base + 123;
    QTest::newRow("postgres") << "2025-11-08 10:00:00.123456+00"_ba << true << base + 123;
    QTest::newRow("postgres whole") << "2025-11-08 10:00:00+00"_ba << true << base;
    QTest::newRow("postgres offset") << "2025-11-08 11:30:00+01:30"_ba << true << base;
    QTest::newRow("negative offset") << "2025-11-08 05:00:00-05"_ba << true << base;
    QTest::newRow("seconds offset") << "2025-11-08 10:00:30+00:00:30"_ba << true << base;
    QTest::newRow("no seconds") << "2025-11-08T10:00Z"_ba << true << base;
    QTest::newRow("no offset is UTC") << "2025-11-08T10:00:00"_ba << true << base;
    QTest::newRow("day 31 of November") << "2025-11-31T10:00:00Z"_ba << false << qint64(0);
    QTest::newRow("Feb 29 of 2025") << "2025-02-29T10:00:00Z"_ba << false << qint64(0);
    QTest::newRow("hour 24") << "2025-11-08T24:00:00Z"_ba << false << qint64(0);
    QTest::newRow("year 0") << "0000-01-01T00:00:00Z"_ba << false << qint64(0);
    QTest::newRow("garbage after") << "2025-11-08T10:00:00Zx"_ba << false << qint64(0);
    QTest::newRow("empty") << QByteArray() << false << qint64(0);
}

void tst_Core::storageInstantsParse()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, valid);
    QFETCH(qint64, ms);
    const auto parsed = parseStorageInstantMs(text);
    QCOMPARE(parsed.has_value(), valid);
    if (valid)
        QCOMPARE(*parsed, ms);
}

void tst_Core::enumNames()
{
    QCOMPARE(roleName(Role::Admin), u"admin"_s);
    QCOMPARE(parseRole(u"owner"), std::optional<Role>(Role::Owner));
    QCOMPARE(parseEnum<Role>(QByteArrayView("member")), std::optional<Role>(Role::Member));
    QVERIFY(!parseRole(u"Owner"));
    QCOMPARE(vami::enumNames<Role>(), (QStringList{u"owner"_s, u"admin"_s, u"member"_s}));
    QCOMPARE(enumSqlList<Role>(), u"'owner', 'admin', 'member'"_s);
}

QTEST_GUILESS_MAIN(tst_Core)
#include "tst_core.moc"
