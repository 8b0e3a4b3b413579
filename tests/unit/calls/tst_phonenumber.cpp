// PhoneNumber::normalize: the contract's input rule, written in E.164.

#include "calls/phonenumber.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace vami;

class tst_PhoneNumber : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void normalizes_data();
    void normalizes();
};

void tst_PhoneNumber::normalizes_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected"); // null: refused
    QTest::newRow("e164") << u"+12125550101"_s << u"+12125550101"_s;
    QTest::newRow("spaces and hyphens") << u"+1 212-555-0101"_s << u"+12125550101"_s;
    QTest::newRow("german") << u"+49 30 1234567"_s << u"+49301234567"_s;
    QTest::newRow("ten digits are north american") << u"212-555-0101"_s << u"+12125550101"_s;
    QTest::newRow("eleven with the 1") << u"1 212 555 0101"_s << u"+12125550101"_s;
    QTest::newRow("country code without plus") << u"447911123456"_s << u"+447911123456"_s;
    QTest::newRow("nine digits") << u"+493012345"_s << u"+493012345"_s;
    QTest::newRow("fifteen digits") << u"+123456789012345"_s << u"+123456789012345"_s;
    QTest::newRow("leading spaces") << u"  +1 212 555 0101 "_s << u"+12125550101"_s;
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("blank") << u"   "_s << QString();
    QTest::newRow("plus only") << u"+"_s << QString();
    QTest::newRow("eight digits") << u"+4930123"_s << QString();
    QTest::newRow("sixteen digits") << u"+1234567890123456"_s << QString();
    QTest::newRow("sixteen after a 1") << u"11234567890123456"_s << QString();
    QTest::newRow("parentheses") << u"+1 (212) 555-0101"_s << QString();
    QTest::newRow("dots") << u"212.555.0101"_s << QString();
    QTest::newRow("letters") << u"+1 212 CALL NOW"_s << QString();
    QTest::newRow("vanity") << u"1-800-FLOWERS"_s << QString();
    QTest::newRow("two plus signs") << u"++12125550101"_s << QString();
    QTest::newRow("plus inside") << u"1+2125550101"_s << QString();
    QTest::newRow("leading zero") << u"+0123456789"_s << QString();
    QTest::newRow("trunk zero") << u"030 1234 5678"_s << QString();
    QTest::newRow("arabic-indic digits") << u"+١٢١٢٥٥٥٠١٠١"_s << QString();
    QTest::newRow("fullwidth digits") << u"+１２１２５５５０１０１"_s << QString();
    QTest::newRow("tab") << u"+1\t2125550101"_s << QString();
    QTest::newRow("sql") << u"+1212555'; DROP TABLE calls;--"_s << QString();
    QTest::newRow("too long input") << (u"+1"_s + QString(40, u' ') + u"2125550101"_s) << QString();
}

void tst_PhoneNumber::normalizes()
{
    QFETCH(QString, input);
    QFETCH(QString, expected);
    const std::optional<QString> normalized = PhoneNumber::normalize(input);
    if (expected.isNull()) {
        QVERIFY2(!normalized, qPrintable(normalized.value_or(QString())));
        return;
    }
    QVERIFY(normalized);
    QCOMPARE(*normalized, expected);
}

QTEST_GUILESS_MAIN(tst_PhoneNumber)
#include "tst_phonenumber.moc"
