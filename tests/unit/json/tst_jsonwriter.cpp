// JsonWriter: the hand-written serializer must produce JSON that any parser reads
// back to the same values. Every case is parsed with QJsonDocument and with our
// strict parser, and compared.

#include "json/jsonwriter.h"
#include "json/strictjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>
#include <QtTest>

#include <limits>

using namespace Qt::StringLiterals;
using namespace vami;

namespace {

QByteArray escaped(QStringView text)
{
    QByteArray out;
    JsonWriter::appendEscaped(out, text);
    return out;
}

// Parses `json` with both parsers; they must agree and succeed.
QJsonValue readBack(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson("[" + json + "]", &error);
    if (error.error != QJsonParseError::NoError) {
        qWarning() << "QJsonDocument refused" << json << error.errorString();
        return QJsonValue(QJsonValue::Undefined);
    }
    const auto strict = parseStrictJson(json);
    if (!strict) {
        qWarning() << "strict parser refused" << json << strict.error().reason;
        return QJsonValue(QJsonValue::Undefined);
    }
    const QJsonValue value = doc.array().at(0);
    if (value != *strict) {
        qWarning() << "parsers disagree on" << json;
        return QJsonValue(QJsonValue::Undefined);
    }
    return value;
}

} // namespace

class tst_JsonWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stringsRoundTrip_data();
    void stringsRoundTrip();
    void exactEscapes();
    void controlCharactersAreEscaped();
    void nonAsciiIsWrittenAsUtf8();
    void integers();
    void doubles();
    void literalsInstantsAndIds();
    void nestingAndSeparators();
    void jsonValuesAndRaw();
    void optionalFields();
    void take();
};

void tst_JsonWriter::stringsRoundTrip_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("plain") << u"hello world"_s;
    QTest::newRow("quotes") << u"say \"hi\""_s;
    QTest::newRow("backslash") << u"C:\\path\\file"_s;
    QTest::newRow("slash") << u"</script>"_s;
    QTest::newRow("newlines") << u"a\nb\r\nc"_s;
    QTest::newRow("tab bs ff") << u"\t\b\f"_s;
    QTest::newRow("all controls") << [] {
        QString s;
        for (char16_t c = 1; c < 0x20; ++c)
            s += QChar(c);
        return s;
    }();
    QTest::newRow("DEL") << u"\x7f"_s;
    QTest::newRow("latin1") << u"Grüße, Jörg"_s;
    QTest::newRow("CJK") << u"日本語のテキスト"_s;
    QTest::newRow("line separators") << u"a\u2028b\u2029c"_s;
    QTest::newRow("non-BMP") << u"emoji 😀 and 𝄞 clef"_s;
    QTest::newRow("mixed runs") << u"ä\"ö\\ü\n😀\t€"_s;
    QTest::newRow("NBSP and ZWJ") << u"a\u00a0b\u200dc"_s;
    QTest::newRow("HTML") << u"<a href='x'>&amp;</a>"_s;
}

void tst_JsonWriter::stringsRoundTrip()
{
    QFETCH(QString, text);
    const QByteArray json = escaped(text);
    const QJsonValue back = readBack(json);
    QVERIFY2(back.isString(), json.constData());
    QCOMPARE(back.toString(), text);
    // The writer's value() gives the same bytes as appendEscaped.
    JsonWriter w;
    w.value(text);
    QCOMPARE(w.data(), json);
}

void tst_JsonWriter::exactEscapes()
{
    QCOMPARE(escaped(u"\"\\\n\r\t\b\f"_s), R"("\"\\\n\r\t\b\f")"_ba);
    QCOMPARE(escaped(u"\x01\x1f"_s), R"("\u0001\u001f")"_ba);
    QCOMPARE(escaped(u"/"_s), "\"/\""_ba);
    QCOMPARE(escaped(u""_s), "\"\""_ba);
}

void tst_JsonWriter::controlCharactersAreEscaped()
{
    // No raw byte below 0x20 may appear in the output (RFC 8259 section 7).
    QString all;
    for (char16_t c = 0; c < 0x20; ++c)
        all += QChar(c);
    const QByteArray json = escaped(all);
    for (const char c : json)
        QVERIFY2(uchar(c) >= 0x20, json.constData());
    QVERIFY(json.contains("\\u0000"));
    QVERIFY(json.contains("\\u000b"));
    // U+0000 is legal JSON (\u0000); QJsonDocument reads it back.
    QCOMPARE(QJsonDocument::fromJson("[" + json + "]").array().at(0).toString(), all);
}

void tst_JsonWriter::nonAsciiIsWrittenAsUtf8()
{
    QCOMPARE(escaped(u"é"_s), "\"\xc3\xa9\""_ba);
    QCOMPARE(escaped(u"€"_s), "\"\xe2\x82\xac\""_ba);
    QCOMPARE(escaped(u"😀"_s), "\"\xf0\x9f\x98\x80\""_ba);
    // U+2028/2029 are valid raw in JSON; they are written as UTF-8, not escaped.
    QCOMPARE(escaped(u"\u2028"_s), "\"\xe2\x80\xa8\""_ba);
    // U+FEFF inside a string is kept (QJsonDocument 6.4 silently drops it, so only
    // the strict parser is asked here).
    const auto bom = parseStrictJson(escaped(u"a\ufeffb"_s));
    QVERIFY(bom);
    QCOMPARE(bom->toString(), u"a\ufeffb"_s);
    // A lone surrogate cannot be encoded as UTF-8: the output must still be valid
    // JSON (the replacement is the encoder's choice), never a broken byte sequence.
    const QByteArray lone = escaped(QStringView(u"a\xd800" "b"));
    QVERIFY2(parseStrictJson(lone), lone.toHex().constData());
}

void tst_JsonWriter::integers()
{
    const qint64 values[] = {0, 1, -1, 42, std::numeric_limits<int>::max(), std::numeric_limits<int>::min(),
                             Q_INT64_C(9007199254740992), Q_INT64_C(-9007199254740992)};
    for (const qint64 v : values) {
        JsonWriter w;
        w.value(v);
        QCOMPARE(w.data(), QByteArray::number(v));
        QCOMPARE(readBack(w.data()).toInteger(), v);
    }
    JsonWriter w;
    w.value(7);
    QCOMPARE(w.data(), "7"_ba);
}

void tst_JsonWriter::doubles()
{
    const double values[] = {0.5, -2.25, 1e-7, 123456.789, -1e-300, 0.1 + 0.2, 3.0, -0.0, 1e15, 9007199254740992.0};
    for (const double v : values) {
        JsonWriter w;
        w.value(v);
        const QJsonValue back = readBack(w.data());
        QVERIFY2(back.isDouble(), w.data().constData());
        QCOMPARE(back.toDouble(), v); // 17 significant digits round-trip exactly
    }
    // Beyond 2^53 the request parser refuses every number (no value is silently
    // rounded); what the writer gives is still exact JSON for any other reader.
    const double large[] = {1e300, 1e16, 1e20, -4611686018427387904.0};
    for (const double v : large) {
        JsonWriter w;
        w.value(v);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson("[" + w.data() + "]", &error);
        QVERIFY2(error.error == QJsonParseError::NoError, w.data().constData());
        QCOMPARE(doc.array().at(0).toDouble(), v);
        QVERIFY(!parseStrictJson(w.data()));
    }
    JsonWriter whole;
    whole.value(3.0);
    QCOMPARE(whole.data(), "3.0"_ba);
    // JSON has no NaN or infinity: they become null.
    for (const double v : {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                           -std::numeric_limits<double>::infinity()}) {
        JsonWriter w;
        w.value(v);
        QCOMPARE(w.data(), "null"_ba);
    }
}

void tst_JsonWriter::literalsInstantsAndIds()
{
    JsonWriter w;
    const QUuid id = QUuid::fromString(u"123e4567-e89b-42d3-a456-426614174000"_s);
    w.beginArray()
        .value(true)
        .value(false)
        .null()
        .value(QDateTime(QDate(2026, 1, 15), QTime(9, 30, 5), Qt::UTC))
        .value(QDateTime(QDate(2026, 1, 15), QTime(10, 30, 5), QTimeZone(3600)))
        .value(QDateTime())
        .value(id)
        .value(QUuid())
        .value("utf-8 \xc3\xa9")
        .endArray();
    QCOMPARE(w.data(), "[true,false,null,\"2026-01-15T09:30:05Z\",\"2026-01-15T09:30:05Z\",null,"
                       "\"123e4567-e89b-42d3-a456-426614174000\",null,\"utf-8 \xc3\xa9\"]"_ba);
    QVERIFY(readBack(w.data()).isArray());
}

void tst_JsonWriter::nestingAndSeparators()
{
    JsonWriter w;
    w.beginObject()
        .field("name", u"Acme"_s)
        .key("members")
        .beginArray()
        .beginObject()
        .field("id", 1)
        .field("roles", QJsonValue(QJsonArray{u"admin"_s}))
        .endObject()
        .beginObject()
        .endObject()
        .beginArray()
        .endArray()
        .beginArray()
        .value(1)
        .beginArray()
        .value(2)
        .value(3)
        .endArray()
        .endArray()
        .endArray()
        .key("empty")
        .beginObject()
        .endObject()
        .field("last", true)
        .endObject();
    QCOMPARE(w.data(), R"({"name":"Acme","members":[{"id":1,"roles":["admin"]},{},[],[1,[2,3]]],"empty":{},"last":true})"_ba);
    const QJsonObject o = readBack(w.data()).toObject();
    QCOMPARE(o.value(u"members"_s).toArray().size(), 4);
    QVERIFY(o.value(u"last"_s).toBool());

    // Deep nesting keeps the separators right on the way back up.
    JsonWriter deep;
    for (int i = 0; i < 50; ++i)
        deep.beginArray().value(i);
    for (int i = 0; i < 50; ++i)
        deep.endArray();
    const QByteArray text = deep.data();
    QCOMPARE(text.count('['), 50);
    QVERIFY(text.startsWith("[0,[1,[2,"));
    QVERIFY(readBack(text).isArray());

    // Two top-level values in sequence are separated like array elements.
    JsonWriter sequence;
    sequence.beginArray().beginObject().field("a", 1).endObject().beginObject().field("a", 2).endObject().endArray();
    QCOMPARE(sequence.data(), R"([{"a":1},{"a":2}])"_ba);
}

void tst_JsonWriter::jsonValuesAndRaw()
{
    JsonWriter w;
    w.beginObject()
        .field("s", QJsonValue(u"x\"y"_s))
        .field("i", QJsonValue(12))
        .field("big", QJsonValue(9007199254740992.0))
        .field("d", QJsonValue(1.5))
        .field("b", QJsonValue(false))
        .field("n", QJsonValue())
        .field("u", QJsonValue(QJsonValue::Undefined))
        .field("o", QJsonValue(QJsonObject{{u"k"_s, u"v\n"_s}}))
        .key("raw")
        .raw(R"({"pre":"made"})"_ba)
        .endObject();
    QCOMPARE(w.data(), R"({"s":"x\"y","i":12,"big":9007199254740992.0,"d":1.5,"b":false,"n":null,"u":null,)"
                       R"("o":{"k":"v\n"},"raw":{"pre":"made"}})"_ba);
    const QJsonObject back = readBack(w.data()).toObject();
    QCOMPARE(back.value(u"o"_s).toObject().value(u"k"_s).toString(), u"v\n"_s);
    QCOMPARE(back.value(u"raw"_s).toObject().value(u"pre"_s).toString(), u"made"_s);
}

void tst_JsonWriter::optionalFields()
{
    JsonWriter w;
    w.beginObject()
        .optionalField("null", QString())
        .optionalField("empty", u""_s)
        .optionalField("text", u"t"_s)
        .endObject();
    QCOMPARE(w.data(), R"({"null":null,"empty":"","text":"t"})"_ba);
}

void tst_JsonWriter::take()
{
    JsonWriter w;
    w.beginArray().value(1).endArray();
    const QByteArray taken = w.take();
    QCOMPARE(taken, "[1]"_ba);
}

QTEST_GUILESS_MAIN(tst_JsonWriter)
#include "tst_jsonwriter.moc"
