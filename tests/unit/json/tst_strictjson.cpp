// parseStrictJson: everything QJsonDocument silently accepts and the API must refuse,
// plus the limits (depth, string length, element count) and byte positions of errors.

#include "json/strictjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace vami;

class tst_StrictJson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acceptsValidDocuments_data();
    void acceptsValidDocuments();
    void refusesInvalidDocuments_data();
    void refusesInvalidDocuments();
    void duplicateKeysAreRefusedAtAnyDepth();
    void errorPositionPointsAtTheOffendingByte();
    void depthLimit();
    void stringLengthLimit();
    void elementLimit();
    void unicodeIsDecoded();
    void integersUpToTwoToTheFiftyThree();
    void acceptedNumbersReadBackAfterQtWritesThem();
    void topLevelScalarsAreValues();
    void objectMembersKeepEveryKey();
};

void tst_StrictJson::acceptsValidDocuments_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("empty object") << "{}"_ba;
    QTest::newRow("empty array") << "[]"_ba;
    QTest::newRow("whitespace around") << " \t\r\n{ \"a\" : [ 1 , 2 ] }\n "_ba;
    QTest::newRow("literals") << "[true,false,null]"_ba;
    QTest::newRow("numbers") << "[0,-0,1.5,-2e10,3E-2,1e+2,0.000001]"_ba;
    QTest::newRow("escapes") << R"(["\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"])"_ba;
    QTest::newRow("utf8") << "[\"Gr\xc3\xbc\xc3\x9f \xe2\x82\xac \xf0\x9f\x98\x80\"]"_ba;
    QTest::newRow("string") << "\"text\""_ba;
    QTest::newRow("number") << "42"_ba;
    QTest::newRow("null") << "null"_ba;
    QTest::newRow("largest safe integer") << "9007199254740992"_ba;
    QTest::newRow("smallest safe integer") << "-9007199254740992"_ba;
    QTest::newRow("largest safe magnitude as a double") << "[9.007199254740992e15,-9007199254740992.0]"_ba;
    QTest::newRow("nested") << R"({"a":{"b":{"c":[{"d":[]}]}}})"_ba;
}

void tst_StrictJson::acceptsValidDocuments()
{
    QFETCH(QByteArray, text);
    const auto parsed = parseStrictJson(text);
    QVERIFY2(parsed.has_value(), qPrintable(parsed ? QString() : parsed.error().reason));
}

void tst_StrictJson::refusesInvalidDocuments_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("reason"); // a fragment of the English reason

    QTest::newRow("empty input") << QByteArray() << u"end of input"_s;
    QTest::newRow("only whitespace") << "  \n"_ba << u"end of input"_s;
    QTest::newRow("duplicate key") << R"({"role":"member","role":"owner"})"_ba << u"duplicate key \"role\""_s;
    QTest::newRow("trailing garbage") << "{} x"_ba << u"after the value"_s;
    QTest::newRow("two values") << "{}{}"_ba << u"after the value"_s;
    QTest::newRow("trailing comma in object") << R"({"a":1,})"_ba << u"member name"_s;
    QTest::newRow("trailing comma in array") << "[1,]"_ba << u"unexpected character"_s;
    QTest::newRow("byte order mark") << "\xef\xbb\xbf{}"_ba << u"byte order mark"_s;
    QTest::newRow("line comment") << "{} // c"_ba << u"after the value"_s;
    QTest::newRow("block comment") << "/* c */ {}"_ba << u"unexpected character"_s;
    QTest::newRow("single quotes") << "{'a':1}"_ba << u"member name"_s;
    QTest::newRow("unquoted key") << "{a:1}"_ba << u"member name"_s;
    QTest::newRow("missing colon") << R"({"a" 1})"_ba << u"':'"_s;
    QTest::newRow("missing comma") << "[1 2]"_ba << u"','"_s;
    QTest::newRow("unclosed object") << R"({"a":1)"_ba << u"'}'"_s;
    QTest::newRow("unclosed array") << "[1"_ba << u"']'"_s;
    QTest::newRow("unterminated string") << R"(["abc)"_ba << u"unterminated"_s;
    QTest::newRow("bad literal") << "[tru]"_ba << u"literal"_s;
    QTest::newRow("capitalised literal") << "True"_ba << u"unexpected character"_s;
    QTest::newRow("NaN") << "NaN"_ba << u"unexpected character"_s;
    QTest::newRow("Infinity") << "[-Infinity]"_ba << u"invalid number"_s;
    QTest::newRow("raw newline in string") << "[\"a\nb\"]"_ba << u"control character"_s;
    QTest::newRow("raw tab in string") << "[\"a\tb\"]"_ba << u"control character"_s;
    QTest::newRow("raw NUL in string") << QByteArray("[\"a\0b\"]", 7) << u"control character"_s;
    QTest::newRow("escaped NUL") << R"(["\u0000"])"_ba << u"NUL"_s;
    QTest::newRow("lone high surrogate") << R"(["\ud800"])"_ba << u"lone high surrogate"_s;
    QTest::newRow("high surrogate then text") << R"(["\ud800abcdef"])"_ba << u"lone high surrogate"_s;
    QTest::newRow("two high surrogates") << R"(["\ud800\ud800"])"_ba << u"lone high surrogate"_s;
    QTest::newRow("lone low surrogate") << R"(["\udc00"])"_ba << u"lone low surrogate"_s;
    QTest::newRow("surrogate in a key") << R"({"\udfff":1})"_ba << u"lone low surrogate"_s;
    QTest::newRow("invalid escape") << R"(["\x41"])"_ba << u"invalid escape"_s;
    QTest::newRow("bad hex in escape") << R"(["\u12G4"])"_ba << u"invalid \\u escape"_s;
    QTest::newRow("truncated unicode escape") << R"(["\u12)"_ba << u"\\u escape"_s;
    QTest::newRow("invalid UTF-8 byte") << "[\"\xff\"]"_ba << u"invalid UTF-8"_s;
    QTest::newRow("continuation byte alone") << "[\"\x80\"]"_ba << u"invalid UTF-8"_s;
    QTest::newRow("overlong two-byte") << "[\"\xc0\xaf\"]"_ba << u"invalid UTF-8"_s;
    QTest::newRow("overlong three-byte") << "[\"\xe0\x80\xaf\"]"_ba << u"overlong"_s;
    QTest::newRow("overlong four-byte") << "[\"\xf0\x80\x80\xaf\"]"_ba << u"overlong"_s;
    QTest::newRow("beyond U+10FFFF") << "[\"\xf4\x90\x80\x80\"]"_ba << u"out-of-range"_s;
    QTest::newRow("encoded surrogate") << "[\"\xed\xa0\x80\"]"_ba << u"encoded surrogate"_s;
    QTest::newRow("truncated UTF-8") << "[\"\xe2\x82"_ba << u"UTF-8"_s;
    QTest::newRow("bad continuation") << "[\"\xe2\x28\xa1\"]"_ba << u"invalid UTF-8"_s;
    QTest::newRow("leading zero") << "[01]"_ba << u"leading zero"_s;
    QTest::newRow("plus sign") << "[+1]"_ba << u"unexpected character"_s;
    QTest::newRow("lone minus") << "[-]"_ba << u"invalid number"_s;
    QTest::newRow("dot without digits") << "[1.]"_ba << u"invalid number"_s;
    QTest::newRow("leading dot") << "[.5]"_ba << u"unexpected character"_s;
    QTest::newRow("exponent without digits") << "[1e]"_ba << u"invalid number"_s;
    QTest::newRow("hex number") << "[0x10]"_ba << u"','"_s;
    QTest::newRow("integer beyond 2^53") << "9007199254740993"_ba << u"2^53"_s;
    QTest::newRow("negative integer beyond 2^53") << "-9007199254740993"_ba << u"2^53"_s;
    QTest::newRow("integer beyond int64") << "123456789012345678901234567890"_ba << u"2^53"_s;
    QTest::newRow("exponent beyond 2^53") << "[9992547409925e3]"_ba << u"2^53"_s;
    QTest::newRow("fraction beyond 2^53") << "9007199254740994.0"_ba << u"2^53"_s;
    QTest::newRow("negative exponent beyond 2^53") << "-1e20"_ba << u"2^53"_s;
    QTest::newRow("large double") << "1.7976931348623157e308"_ba << u"2^53"_s;
    QTest::newRow("double overflow") << "1e400"_ba << u"out of range"_s;
    QTest::newRow("negative double overflow") << "[-1e999]"_ba << u"out of range"_s;
}

void tst_StrictJson::refusesInvalidDocuments()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, reason);
    const auto parsed = parseStrictJson(text);
    QVERIFY2(!parsed.has_value(), text.constData());
    QVERIFY2(parsed.error().reason.contains(reason), qPrintable(parsed.error().reason));
    QVERIFY(parsed.error().position >= 0);
    QVERIFY(parsed.error().position <= text.size());
}

void tst_StrictJson::duplicateKeysAreRefusedAtAnyDepth()
{
    QVERIFY(!parseStrictJson(R"({"a":{"b":1,"b":2}})"_ba));
    QVERIFY(!parseStrictJson(R"([{"x":1},{"y":1,"y":1}])"_ba));
    // Keys are compared after unescaping: "a" and "\u0061" are the same key.
    QVERIFY(!parseStrictJson(R"({"a":1,"\u0061":2})"_ba));
    // Equal keys in different objects are fine.
    QVERIFY(parseStrictJson(R"({"a":{"a":1},"b":{"a":2}})"_ba));
    // Keys differing only in case are different keys.
    QVERIFY(parseStrictJson(R"({"Role":1,"role":2})"_ba));
}

void tst_StrictJson::errorPositionPointsAtTheOffendingByte()
{
    const QByteArray dup = R"({"role":"member","role":"owner"})"_ba;
    auto parsed = parseStrictJson(dup);
    QVERIFY(!parsed);
    QCOMPARE(parsed.error().position, dup.indexOf("\"role\"", 2));

    const QByteArray garbage = "[1, 2]   !"_ba;
    parsed = parseStrictJson(garbage);
    QVERIFY(!parsed);
    QCOMPARE(parsed.error().position, garbage.indexOf('!'));

    const QByteArray utf8 = "{\"k\":\"ab\xff\"}"_ba;
    parsed = parseStrictJson(utf8);
    QVERIFY(!parsed);
    QCOMPARE(parsed.error().position, utf8.indexOf('\xff'));
}

void tst_StrictJson::depthLimit()
{
    StrictJsonLimits limits;
    limits.maxDepth = 5;
    const QByteArray five = QByteArray(5, '[') + QByteArray(5, ']');
    const QByteArray six = QByteArray(6, '[') + QByteArray(6, ']');
    QVERIFY(parseStrictJson(five, limits));
    const auto refused = parseStrictJson(six, limits);
    QVERIFY(!refused);
    QVERIFY(refused.error().reason.contains(u"nesting deeper than 5"_s));
    QCOMPARE(refused.error().position, 5);

    // Objects count too, mixed with arrays.
    QVERIFY(!parseStrictJson(R"({"a":[{"b":[{"c":[]}]}]})"_ba, limits));
    QVERIFY(parseStrictJson(R"({"a":[{"b":[{"c":1}]}]})"_ba, limits));

    // The default (64) protects against stack exhaustion long before it happens.
    const QByteArray deep = QByteArray(100000, '[') + QByteArray(100000, ']');
    QVERIFY(!parseStrictJson(deep));
    QVERIFY(parseStrictJson(QByteArray(QByteArray(64, '[') + QByteArray(64, ']'))));
    QVERIFY(!parseStrictJson(QByteArray(QByteArray(65, '[') + QByteArray(65, ']'))));
    // Depth is measured, not counted: many sibling arrays at depth 2 are fine.
    QVERIFY(parseStrictJson(QByteArray("[" + QByteArray("[],").repeated(1000) + "[]]")));
}

void tst_StrictJson::stringLengthLimit()
{
    StrictJsonLimits limits;
    limits.maxStringBytes = 16;
    QVERIFY(parseStrictJson(QByteArray("\"" + QByteArray(15, 'a') + "\""), limits));
    const auto refused = parseStrictJson(QByteArray("[\"" + QByteArray(100, 'a') + "\"]"), limits);
    QVERIFY(!refused);
    QVERIFY(refused.error().reason.contains(u"longer than 16 bytes"_s));
    QCOMPARE(refused.error().position, 1);
    // Keys are strings too.
    QVERIFY(!parseStrictJson(QByteArray("{\"" + QByteArray(100, 'k') + "\":1}"), limits));
    // Multi-byte characters count in bytes.
    QVERIFY(!parseStrictJson(QByteArray("\"" + QByteArray("\xc3\xa9").repeated(20) + "\""), limits));
}

void tst_StrictJson::elementLimit()
{
    StrictJsonLimits limits;
    limits.maxElements = 10;
    QVERIFY(parseStrictJson("[1,2,3,4,5,6,7,8,9,10]"_ba, limits));
    auto refused = parseStrictJson("[1,2,3,4,5,6,7,8,9,10,11]"_ba, limits);
    QVERIFY(!refused);
    QVERIFY(refused.error().reason.contains(u"too many elements"_s));
    // The count is for the whole document: members and elements of every level.
    QVERIFY(!parseStrictJson(R"({"a":[1,2,3],"b":[4,5,6],"c":{"d":1,"e":2}})"_ba, limits));
    QVERIFY(parseStrictJson(R"({"a":[1,2,3],"b":[4,5,6]})"_ba, limits));
}

void tst_StrictJson::unicodeIsDecoded()
{
    const auto parsed = parseStrictJson(
        "{\"k\":\"Gr\xc3\xbc\xc3\x9f\\u00e9 \\ud83d\\ude00 \xf0\x9f\x98\x80 \\\"q\\\" \\\\ \\/ \\t\"}"_ba);
    QVERIFY(parsed);
    const QString text = parsed->toObject().value(u"k"_s).toString();
    QCOMPARE(text, QString(u"Grüßé 😀 😀 \"q\" \\ / \t"_s));
    // A key with non-ASCII characters.
    const auto key = parseStrictJson("{\"\xc3\xa9t\xc3\xa9\":true}"_ba);
    QVERIFY(key);
    QVERIFY(key->toObject().value(u"été"_s).toBool());
    // U+2028/U+2029 are legal raw in JSON strings.
    const auto separators = parseStrictJson("\"a\xe2\x80\xa8" "b\xe2\x80\xa9\""_ba);
    QVERIFY(separators);
    QCOMPARE(separators->toString(), QString(u"a\u2028b\u2029"_s));
}

void tst_StrictJson::integersUpToTwoToTheFiftyThree()
{
    auto parsed = parseStrictJson("[9007199254740992,-9007199254740992,0,-0,123]"_ba);
    QVERIFY(parsed);
    const QJsonArray a = parsed->toArray();
    QCOMPARE(a.at(0).toInteger(), Q_INT64_C(9007199254740992));
    QCOMPARE(a.at(1).toInteger(), Q_INT64_C(-9007199254740992));
    QCOMPARE(a.at(4).toInteger(), 123);
    // A fraction or exponent does not change the rule: the value, not its spelling, decides.
    parsed = parseStrictJson("[1e15, 9007199254740991.0, 1.5, 2.5e-3]"_ba);
    QVERIFY(parsed);
    QCOMPARE(parsed->toArray().at(0).toInteger(), Q_INT64_C(1000000000000000));
    QCOMPARE(parsed->toArray().at(1).toInteger(), Q_INT64_C(9007199254740991));
    QCOMPARE(parsed->toArray().at(2).toDouble(), 1.5);
    QCOMPARE(parsed->toArray().at(3).toDouble(), 2.5e-3);
    // Tiny numbers underflow to zero or subnormals rather than fail.
    const auto tiny = parseStrictJson("1e-300"_ba);
    QVERIFY(tiny);
}

void tst_StrictJson::acceptedNumbersReadBackAfterQtWritesThem()
{
    // Found by fuzz_strictjson: "9992547409925e3" was accepted as a double, Qt wrote it back as the
    // integer digits 9992547409925000, and those were refused. Every accepted number must survive
    // that round trip with its value unchanged.
    const QByteArray text = "[0,-1,1.5e3,9.007199254740992e15,-9007199254740992,4.5e15,1e-7,"
                            "123456.789,0.1,-0.0,2.5E+10,1e-300]"_ba;
    const auto parsed = parseStrictJson(text);
    QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().reason));
    const QByteArray written = QJsonDocument(parsed->toArray()).toJson(QJsonDocument::Compact);
    const auto again = parseStrictJson(written);
    QVERIFY2(again, qPrintable(again ? QString() : again.error().reason + u" in "_s + QString::fromLatin1(written)));
    QCOMPARE(again->toArray().size(), parsed->toArray().size());
    for (qsizetype i = 0; i < parsed->toArray().size(); ++i)
        QCOMPARE(again->toArray().at(i).toDouble(), parsed->toArray().at(i).toDouble());
    // The fuzzer's own input is now refused at the number that broke the round trip.
    const auto found = parseStrictJson(
        "[0,-1,1.5e3,9992547409925e3,999254740992,-90,1,1.5e3,-7,123456,-90,1,1.5e3,-7,123456]"_ba);
    QVERIFY(!found);
    QCOMPARE(found.error().position, 12);
}

void tst_StrictJson::topLevelScalarsAreValues()
{
    // RFC 8259 allows any value at the top; the caller checks for an object.
    auto parsed = parseStrictJson("\"x\""_ba);
    QVERIFY(parsed && parsed->isString());
    parsed = parseStrictJson(" 12 "_ba);
    QVERIFY(parsed && parsed->isDouble());
    parsed = parseStrictJson("null"_ba);
    QVERIFY(parsed && parsed->isNull());
    parsed = parseStrictJson("[]"_ba);
    QVERIFY(parsed && parsed->isArray() && !parsed->isObject());
}

void tst_StrictJson::objectMembersKeepEveryKey()
{
    const auto parsed = parseStrictJson(R"({"z":1,"a":2,"m":{"y":[1,{"b":null}]}})"_ba);
    QVERIFY(parsed);
    const QJsonObject o = parsed->toObject();
    QCOMPARE(o.keys(), QStringList({u"a"_s, u"m"_s, u"z"_s}));
    QCOMPARE(o.value(u"z"_s).toInt(), 1);
    QVERIFY(o.value(u"m"_s).toObject().value(u"y"_s).toArray().at(1).toObject().contains(u"b"_s));
    QVERIFY(o.value(u"m"_s).toObject().value(u"y"_s).toArray().at(1).toObject().value(u"b"_s).isNull());
}

QTEST_GUILESS_MAIN(tst_StrictJson)
#include "tst_strictjson.moc"
