#include "http/guard/requestframer.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace vami::http;

namespace vami::test {

namespace {

using Event = RequestFramer::Event;
using EventType = RequestFramer::EventType;

constexpr qint64 kDefaultBodyLimit = 1000;
constexpr qint64 kSmallRouteLimit = 16;

FrameLimits testLimits()
{
    FrameLimits limits;
    limits.maxRequestLineBytes = 256;
    limits.maxHeaderBytes = 1024;
    limits.maxHeaderCount = 10;
    limits.maxBodyBytes = kDefaultBodyLimit;
    return limits;
}

// "/small..." routes accept 16 bytes; everything else the default.
RequestFramer::BodyLimitLookup testLookup()
{
    return [](QByteArrayView, QByteArrayView target) -> qint64 {
        return target.startsWith("/small") ? kSmallRouteLimit : kDefaultBodyLimit;
    };
}

enum class Split { Whole, ByteByByte, Random };

// Feeds `bytes` in one piece, byte by byte or in random pieces (seeded).
QList<Event> feedAll(RequestFramer &framer, const QByteArray &bytes, Split split, quint32 seed = 1)
{
    QList<Event> events;
    switch (split) {
    case Split::Whole:
        events += framer.feed(bytes.constData(), bytes.size());
        break;
    case Split::ByteByByte:
        for (qsizetype i = 0; i < bytes.size(); ++i)
            events += framer.feed(bytes.constData() + i, 1);
        break;
    case Split::Random: {
        QRandomGenerator rng(seed);
        qsizetype pos = 0;
        while (pos < bytes.size()) {
            const qsizetype n = qMin<qsizetype>(bytes.size() - pos, rng.bounded(1, 48));
            events += framer.feed(bytes.constData() + pos, n);
            pos += n;
        }
        break;
    }
    }
    return events;
}

struct SplitMode
{
    const char *name;
    Split split;
    quint32 seed;
};

constexpr SplitMode kSplitModes[] = {
    {"whole", Split::Whole, 0},
    {"byte-by-byte", Split::ByteByByte, 0},
    {"random-1", Split::Random, 1},
    {"random-2", Split::Random, 2},
    {"random-3", Split::Random, 3},
    {"random-42", Split::Random, 42},
    {"random-1234", Split::Random, 1234},
};

QList<EventType> typesOf(const QList<Event> &events)
{
    QList<EventType> types;
    for (const Event &event : events)
        types.append(event.type);
    return types;
}

const QByteArray kHost = "Host: example.com\r\n"_ba;

QByteArray manyHeaders(int count)
{
    QByteArray out;
    for (int i = 0; i < count; ++i)
        out += "X-Field-" + QByteArray::number(i) + ": v\r\n";
    return out;
}

} // namespace

class TestRequestFramer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hostile_data();
    void hostile();
    void validGetWithoutBody();
    void postWithContentLength();
    void chunkedWithExtensionsAndTrailers();
    void pipelinedRequests();
    void keepAlive_data();
    void keepAlive();
    void expectContinue();
    void bodyAtLimit_data();
    void bodyAtLimit();
    void declaredBodyTooLargeAtHeadTime();
    void bodyLimitLookupCalledOncePerRequest();
    void leniencies();
    void nothingAfterRejection();
    void mutatedInputIsSplitIndependent();
};

void TestRequestFramer::hostile_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("validBefore"); // complete requests that precede the bad one

    const QByteArray get = "GET / HTTP/1.1\r\n"_ba;
    const QByteArray post = "POST /p HTTP/1.1\r\n"_ba;
    const QByteArray chunkedPost = post + kHost + "Transfer-Encoding: chunked\r\n\r\n";

    // Request line (400)
    QTest::newRow("double space") << "GET  / HTTP/1.1\r\n"_ba + kHost + "\r\n" << 400 << 0;
    QTest::newRow("space before version twice") << "GET / HTTP/1.1 \r\n"_ba + kHost + "\r\n" << 400 << 0;
    QTest::newRow("leading space") << " GET / HTTP/1.1\r\n"_ba + kHost + "\r\n" << 400 << 0;
    QTest::newRow("tab separator") << "GET\t/ HTTP/1.1\r\n"_ba + kHost + "\r\n" << 400 << 0;
    QTest::newRow("http/0.9 style") << "GET /\r\n\r\n"_ba << 400 << 0;
    QTest::newRow("no target") << "GET HTTP/1.1\r\n"_ba + kHost + "\r\n" << 400 << 0;
    QTest::newRow("lowercase version") << "GET / http/1.1\r\n"_ba + kHost + "\r\n" << 400 << 0;
    QTest::newRow("long version") << "GET / HTTP/1.10\r\n"_ba + kHost + "\r\n" << 400 << 0;
    QTest::newRow("absolute form") << "GET http://example.com/ HTTP/1.1\r\n"_ba + kHost + "\r\n" << 400 << 0;
    QTest::newRow("asterisk with GET") << "GET * HTTP/1.1\r\n"_ba + kHost + "\r\n" << 400 << 0;
    QTest::newRow("CTL in target") << "GET /a\x01z HTTP/1.1\r\n"_ba + kHost + "\r\n" << 400 << 0;
    QTest::newRow("NUL in target") << QByteArray("GET /a\0z HTTP/1.1\r\n", 19) + kHost + "\r\n" << 400 << 0;
    QTest::newRow("non-ASCII in target") << "GET /\xc3\xa9 HTTP/1.1\r\n"_ba + kHost + "\r\n" << 400 << 0;
    QTest::newRow("bare LF after request line") << "GET / HTTP/1.1\n"_ba + kHost + "\r\n" << 400 << 0;
    QTest::newRow("bare CR in request line") << "GET / HTTP/1.1\rX\n"_ba + kHost + "\r\n" << 400 << 0;
    QTest::newRow("TLS client hello") << "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"_ba << 400 << 0;
    QTest::newRow("binary garbage") << "\x00\xff\xfe\x80garbage"_ba << 400 << 0;

    // Header section (400)
    QTest::newRow("bare LF in field line") << get + "Host: a\n\r\n" << 400 << 0;
    QTest::newRow("bare LF ending head") << get + kHost + "\n" << 400 << 0;
    QTest::newRow("bare CR in value") << get + kHost + "X-A: b\rc\r\n\r\n" << 400 << 0;
    QTest::newRow("space in field name") << get + kHost + "X A: b\r\n\r\n" << 400 << 0;
    QTest::newRow("invalid name char") << get + kHost + "X(A): b\r\n\r\n" << 400 << 0;
    QTest::newRow("empty field name") << get + kHost + ": b\r\n\r\n" << 400 << 0;
    QTest::newRow("no colon") << get + kHost + "JustText\r\n\r\n" << 400 << 0;
    QTest::newRow("whitespace before colon") << get + "Host : a\r\n\r\n" << 400 << 0;
    QTest::newRow("tab before colon") << get + kHost + "X-A\t: b\r\n\r\n" << 400 << 0;
    QTest::newRow("obs-fold space") << get + kHost + "X-A: b\r\n c\r\n\r\n" << 400 << 0;
    QTest::newRow("obs-fold tab") << get + kHost + "X-A: b\r\n\tc\r\n\r\n" << 400 << 0;
    QTest::newRow("whitespace first line") << get + " " + kHost + "\r\n" << 400 << 0;
    QTest::newRow("NUL in value") << get + kHost + QByteArray("X-A: b\0c\r\n\r\n", 12) << 400 << 0;
    QTest::newRow("CTL in value") << get + kHost + "X-A: b\x01\r\n\r\n" << 400 << 0;
    QTest::newRow("ESC in value") << get + kHost + "X-A: \x1b[31m\r\n\r\n" << 400 << 0;
    QTest::newRow("DEL in value") << get + kHost + "X-A: b\x7f\r\n\r\n" << 400 << 0;
    QTest::newRow("vertical tab at end of value") << get + kHost + "X-A: b\x0b\r\n\r\n" << 400 << 0;
    QTest::newRow("missing Host") << get + "X-A: b\r\n\r\n" << 400 << 0;
    QTest::newRow("two Host") << get + "Host: a\r\nHost: b\r\n\r\n" << 400 << 0;
    QTest::newRow("two identical Host") << get + "Host: a\r\nHost: a\r\n\r\n" << 400 << 0;
    QTest::newRow("empty Host") << get + "Host:\r\n\r\n" << 400 << 0;
    QTest::newRow("Host with space") << get + "Host: a b\r\n\r\n" << 400 << 0;
    QTest::newRow("Host with slash") << get + "Host: a/b\r\n\r\n" << 400 << 0;

    // Content-Length (400)
    QTest::newRow("CL letters") << post + kHost + "Content-Length: abc\r\n\r\n" << 400 << 0;
    QTest::newRow("CL negative") << post + kHost + "Content-Length: -5\r\n\r\n" << 400 << 0;
    QTest::newRow("CL plus sign") << post + kHost + "Content-Length: +5\r\n\r\n" << 400 << 0;
    QTest::newRow("CL empty") << post + kHost + "Content-Length:\r\n\r\n" << 400 << 0;
    QTest::newRow("CL hex") << post + kHost + "Content-Length: 0x10\r\n\r\n" << 400 << 0;
    QTest::newRow("CL inner space") << post + kHost + "Content-Length: 1 0\r\n\r\n" << 400 << 0;
    QTest::newRow("CL 19 digits") << post + kHost + "Content-Length: 1000000000000000000\r\n\r\n" << 400 << 0;
    QTest::newRow("CL overflow") << post + kHost + "Content-Length: 99999999999999999999999\r\n\r\n" << 400 << 0;
    QTest::newRow("CL comma list") << post + kHost + "Content-Length: 5, 5\r\n\r\nhello" << 400 << 0;
    QTest::newRow("CL conflicting") << post + kHost + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!" << 400
                                    << 0;
    QTest::newRow("CL duplicate") << post + kHost + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello" << 400 << 0;

    // Transfer-Encoding
    QTest::newRow("CL and TE") << post + kHost + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                               << 400 << 0;
    QTest::newRow("TE and CL") << post + kHost + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n"
                               << 400 << 0;
    QTest::newRow("TE list") << post + kHost + "Transfer-Encoding: gzip, chunked\r\n\r\n" << 400 << 0;
    QTest::newRow("TE chunked twice") << post + kHost + "Transfer-Encoding: chunked, chunked\r\n\r\n" << 400 << 0;
    QTest::newRow("TE two fields") << post + kHost + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"
                                   << 400 << 0;
    QTest::newRow("TE gzip") << post + kHost + "Transfer-Encoding: gzip\r\n\r\n" << 501 << 0;
    QTest::newRow("TE identity") << post + kHost + "Transfer-Encoding: identity\r\n\r\n" << 501 << 0;
    QTest::newRow("TE quoted") << post + kHost + "Transfer-Encoding: \"chunked\"\r\n\r\n" << 400 << 0;
    QTest::newRow("TE in HTTP/1.0") << "POST /p HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"_ba << 400 << 0;

    // Chunked framing (400)
    QTest::newRow("chunk size not hex") << chunkedPost + "zz\r\nhello\r\n0\r\n\r\n" << 400 << 0;
    QTest::newRow("chunk size empty") << chunkedPost + "\r\nhello\r\n0\r\n\r\n" << 400 << 0;
    QTest::newRow("chunk size negative") << chunkedPost + "-5\r\nhello\r\n0\r\n\r\n" << 400 << 0;
    QTest::newRow("chunk size 17 digits") << chunkedPost + "00000000000000005\r\nhello\r\n0\r\n\r\n" << 400 << 0;
    QTest::newRow("chunk size 0x prefix") << chunkedPost + "0x5\r\nhello\r\n0\r\n\r\n" << 400 << 0;
    QTest::newRow("chunk size trailing space") << chunkedPost + "5 \r\nhello\r\n0\r\n\r\n" << 400 << 0;
    QTest::newRow("chunk size bare LF") << chunkedPost + "5\nhello\r\n0\r\n\r\n" << 400 << 0;
    QTest::newRow("chunk data without CRLF") << chunkedPost + "5\r\nhelloX\r\n0\r\n\r\n" << 400 << 0;
    QTest::newRow("chunk data too long") << chunkedPost + "3\r\nhello\r\n0\r\n\r\n" << 400 << 0;
    QTest::newRow("chunk data LF only") << chunkedPost + "5\r\nhello\n0\r\n\r\n" << 400 << 0;
    QTest::newRow("chunk extension CTL") << chunkedPost + "5;a=\x01\r\nhello\r\n0\r\n\r\n" << 400 << 0;
    QTest::newRow("chunk extension too long") << chunkedPost + "5;" + QByteArray(300, 'x') + "\r\nhello\r\n0\r\n\r\n"
                                              << 400 << 0;
    QTest::newRow("trailer Content-Length") << chunkedPost + "5\r\nhello\r\n0\r\nContent-Length: 5\r\n\r\n" << 400 << 0;
    QTest::newRow("trailer Host") << chunkedPost + "5\r\nhello\r\n0\r\nHost: evil\r\n\r\n" << 400 << 0;
    QTest::newRow("trailer Authorization") << chunkedPost + "5\r\nhello\r\n0\r\nauthorization: x\r\n\r\n" << 400 << 0;
    QTest::newRow("trailer repeats head field")
        << post + kHost + "Transfer-Encoding: chunked\r\nX-Sig: a\r\n\r\n5\r\nhello\r\n0\r\nx-sig: b\r\n\r\n"
        << 400 << 0;
    QTest::newRow("trailer obs-fold") << chunkedPost + "0\r\nX-T: a\r\n b\r\n\r\n" << 400 << 0;
    QTest::newRow("trailer bare LF") << chunkedPost + "0\r\nX-T: a\n\r\n" << 400 << 0;

    // 414 / 431
    QTest::newRow("request line too long") << "GET /" + QByteArray(300, 'a') + " HTTP/1.1\r\n" + kHost + "\r\n"
                                           << 414 << 0;
    QTest::newRow("endless request line") << "GET /" + QByteArray(5000, 'a') << 414 << 0;
    QTest::newRow("header section too large") << get + kHost + "X-A: " + QByteArray(1100, 'b') + "\r\n\r\n" << 431 << 0;
    QTest::newRow("endless field line") << get + kHost + "X-A: " + QByteArray(5000, 'b') << 431 << 0;
    QTest::newRow("too many fields") << get + kHost + manyHeaders(10) + "\r\n" << 431 << 0;
    QTest::newRow("trailers too large") << chunkedPost + "0\r\nX-T: " + QByteArray(1100, 't') + "\r\n\r\n" << 431 << 0;
    QTest::newRow("too many trailers") << chunkedPost + "0\r\n" + manyHeaders(11) + "\r\n" << 431 << 0;

    // 413
    QTest::newRow("CL over limit") << post + kHost + "Content-Length: 1001\r\n\r\n" << 413 << 0;
    QTest::newRow("CL over route limit") << "POST /small HTTP/1.1\r\n"_ba + kHost + "Content-Length: 17\r\n\r\n"
                                         << 413 << 0;
    QTest::newRow("chunked over limit") << chunkedPost + "1f4\r\n" + QByteArray(500, 'x') + "\r\n1f5\r\n" << 413 << 0;
    QTest::newRow("chunk size huge") << chunkedPost + "ffffffffffffffff\r\n" << 413 << 0;
    QTest::newRow("chunked over route limit") << "POST /small HTTP/1.1\r\n"_ba + kHost
            + "Transfer-Encoding: chunked\r\n\r\n10\r\n" + QByteArray(16, 'x')
            + "\r\n1\r\nx\r\n0\r\n\r\n" << 413 << 0;

    // 501 / 505 / 417
    QTest::newRow("unknown method") << "BREW /pot HTTP/1.1\r\n"_ba + kHost + "\r\n" << 501 << 0;
    QTest::newRow("lowercase method") << "get / HTTP/1.1\r\n"_ba + kHost + "\r\n" << 501 << 0;
    QTest::newRow("CONNECT") << "CONNECT example.com:443 HTTP/1.1\r\n"_ba + kHost + "\r\n" << 501 << 0;
    QTest::newRow("TRACE") << "TRACE / HTTP/1.1\r\n"_ba + kHost + "\r\n" << 501 << 0;
    QTest::newRow("very long method") << QByteArray(40, 'A') + " / HTTP/1.1\r\n" + kHost + "\r\n" << 501 << 0;
    QTest::newRow("HTTP/2.0") << "GET / HTTP/2.0\r\n"_ba + kHost + "\r\n" << 505 << 0;
    QTest::newRow("HTTP/1.2") << "GET / HTTP/1.2\r\n"_ba + kHost + "\r\n" << 505 << 0;
    QTest::newRow("HTTP/0.9 version") << "GET / HTTP/0.9\r\n"_ba + kHost + "\r\n" << 505 << 0;
    QTest::newRow("h2 preface") << "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"_ba << 505 << 0;
    QTest::newRow("Expect other") << post + kHost + "Expect: 200-ok\r\nContent-Length: 1\r\n\r\nx" << 417 << 0;
    QTest::newRow("Expect empty") << post + kHost + "Expect:\r\nContent-Length: 1\r\n\r\nx" << 417 << 0;

    // A valid request first, then a bad one in the same stream.
    QTest::newRow("pipelined then missing Host") << get + kHost + "\r\n" + get + "\r\n" << 400 << 1;
    QTest::newRow("pipelined then smuggled CL+TE") << post + kHost + "Content-Length: 5\r\n\r\nhello" + post + kHost
            + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                                                   << 400 << 1;
    QTest::newRow("body smuggles garbage") << post + kHost + "Content-Length: 2\r\n\r\nhiGARBAGE\r\n\r\n" << 400 << 1;
}

void TestRequestFramer::hostile()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);
    QFETCH(int, validBefore);

    QByteArray expectedDetail;
    for (const SplitMode &mode : kSplitModes) {
        RequestFramer framer(testLimits(), testLookup());
        const QList<Event> events = feedAll(framer, bytes, mode.split, mode.seed);
        QVERIFY2(!events.isEmpty(), mode.name);
        const Event &last = events.constLast();
        QVERIFY2(last.type == EventType::Rejected, mode.name);
        QCOMPARE(last.rejection.status, status);
        QVERIFY2(!last.rejection.detail.isEmpty(), mode.name);
        if (expectedDetail.isEmpty())
            expectedDetail = last.rejection.detail;
        QCOMPARE(last.rejection.detail, expectedDetail); // independent of how the bytes arrived
        int completed = 0;
        int rejections = 0;
        for (const Event &event : events) {
            completed += event.type == EventType::MessageComplete ? 1 : 0;
            rejections += event.type == EventType::Rejected ? 1 : 0;
        }
        QCOMPARE(completed, validBefore);
        QCOMPARE(rejections, 1);
        QVERIFY(framer.rejected());
        QVERIFY(!framer.inRequest());
    }
}

void TestRequestFramer::validGetWithoutBody()
{
    const QByteArray bytes = "GET /api/team/members?page=1 HTTP/1.1\r\nHost: example.com:8080\r\n"
                             "X-Request-ID: req-42\r\nAccept: */*\r\n\r\n"_ba;
    for (const SplitMode &mode : kSplitModes) {
        RequestFramer framer(testLimits(), testLookup());
        const QList<Event> events = feedAll(framer, bytes, mode.split, mode.seed);
        QCOMPARE(typesOf(events), (QList<EventType> {EventType::HeadComplete, EventType::MessageComplete}));
        const RequestHead &head = events.at(1).head;
        QCOMPARE(head.method, "GET"_ba);
        QCOMPARE(head.target, "/api/team/members?page=1"_ba);
        QCOMPARE(head.httpMinor, 1);
        QCOMPARE(head.host, "example.com:8080"_ba);
        QCOMPARE(head.requestId, "req-42"_ba);
        QCOMPARE(head.contentLength, qint64(-1));
        QVERIFY(head.keepAlive);
        QVERIFY(!head.chunked);
        QVERIFY(!head.expectContinue);
        QVERIFY(!framer.inRequest());
        QVERIFY(!framer.inBody());
        QVERIFY(!framer.rejected());
    }
}

void TestRequestFramer::postWithContentLength()
{
    const QByteArray head = "POST /api/items HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                            "Content-Length: 13\r\n\r\n"_ba;
    const QByteArray body = "{\"name\":\"x\"}\n"_ba;
    for (const SplitMode &mode : kSplitModes) {
        RequestFramer framer(testLimits(), testLookup());
        QList<Event> events = feedAll(framer, head, mode.split, mode.seed);
        QCOMPARE(typesOf(events), QList<EventType> {EventType::HeadComplete});
        QCOMPARE(events.at(0).head.contentLength, qint64(13));
        QVERIFY(framer.inRequest());
        QVERIFY(framer.inBody());
        events = feedAll(framer, body, mode.split, mode.seed);
        QCOMPARE(typesOf(events), QList<EventType> {EventType::MessageComplete});
        QCOMPARE(events.at(0).head.target, "/api/items"_ba);
        QVERIFY(!framer.inRequest());
        QVERIFY(!framer.inBody());
    }
}

void TestRequestFramer::chunkedWithExtensionsAndTrailers()
{
    const QByteArray bytes = "POST /upload HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n"
                             "5;name=value\r\nhello\r\n"
                             "6 ; a=\"b c\" ; flag\r\n world\r\n"
                             "A\r\n0123456789\r\n"
                             "0;last\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n"_ba;
    for (const SplitMode &mode : kSplitModes) {
        RequestFramer framer(testLimits(), testLookup());
        const QList<Event> events = feedAll(framer, bytes, mode.split, mode.seed);
        QCOMPARE(typesOf(events), (QList<EventType> {EventType::HeadComplete, EventType::MessageComplete}));
        QVERIFY(events.at(0).head.chunked);
        QCOMPARE(events.at(0).head.contentLength, qint64(-1));
        QVERIFY(!framer.inRequest());
    }
}

void TestRequestFramer::pipelinedRequests()
{
    const QByteArray bytes = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
                             "POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
                             "PUT /3 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"_ba;
    for (const SplitMode &mode : kSplitModes) {
        RequestFramer framer(testLimits(), testLookup());
        const QList<Event> events = feedAll(framer, bytes, mode.split, mode.seed);
        QCOMPARE(typesOf(events),
            (QList<EventType> {EventType::HeadComplete, EventType::MessageComplete, EventType::HeadComplete,
                EventType::MessageComplete, EventType::HeadComplete, EventType::MessageComplete}));
        QCOMPARE(events.at(1).head.target, "/1"_ba);
        QCOMPARE(events.at(3).head.method, "POST"_ba);
        QCOMPARE(events.at(3).head.target, "/2"_ba);
        QCOMPARE(events.at(3).head.contentLength, qint64(5));
        QCOMPARE(events.at(5).head.target, "/3"_ba);
        QVERIFY(events.at(5).head.chunked);
        QVERIFY(!framer.inRequest());
    }
}

void TestRequestFramer::keepAlive_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("keepAlive");
    QTest::addColumn<int>("minor");

    QTest::newRow("1.1 default") << "GET / HTTP/1.1\r\nHost: a\r\n\r\n"_ba << true << 1;
    QTest::newRow("1.1 close") << "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"_ba << false << 1;
    QTest::newRow("1.1 Close mixed case") << "GET / HTTP/1.1\r\nHost: a\r\nConnection: CLOSE\r\n\r\n"_ba << false << 1;
    QTest::newRow("1.1 close in list") << "GET / HTTP/1.1\r\nHost: a\r\nConnection: TE, close\r\n\r\n"_ba << false << 1;
    QTest::newRow("1.1 keep-alive") << "GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\n\r\n"_ba << true << 1;
    QTest::newRow("1.1 closed token lookalike")
        << "GET / HTTP/1.1\r\nHost: a\r\nConnection: closed\r\n\r\n"_ba << true << 1;
    QTest::newRow("1.0 default") << "GET / HTTP/1.0\r\n\r\n"_ba << false << 0;
    QTest::newRow("1.0 keep-alive") << "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"_ba << true << 0;
    QTest::newRow("1.0 Keep-Alive") << "GET / HTTP/1.0\r\nHost: a\r\nConnection: Keep-Alive\r\n\r\n"_ba << true << 0;
    QTest::newRow("1.0 keep-alive and close")
        << "GET / HTTP/1.0\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n"_ba << false << 0;
}

void TestRequestFramer::keepAlive()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, keepAlive);
    QFETCH(int, minor);
    RequestFramer framer(testLimits(), testLookup());
    const QList<Event> events = framer.feed(bytes.constData(), bytes.size());
    QCOMPARE(typesOf(events), (QList<EventType> {EventType::HeadComplete, EventType::MessageComplete}));
    QCOMPARE(events.at(1).head.keepAlive, keepAlive);
    QCOMPARE(events.at(1).head.httpMinor, minor);
}

void TestRequestFramer::expectContinue()
{
    const QByteArray head = "PUT /doc HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 4\r\n\r\n"_ba;
    RequestFramer framer(testLimits(), testLookup());
    QList<Event> events = framer.feed(head.constData(), head.size());
    QCOMPARE(typesOf(events), QList<EventType> {EventType::HeadComplete});
    QVERIFY(events.at(0).head.expectContinue);
    QVERIFY(framer.inBody());
    events = framer.feed("data", 4);
    QCOMPARE(typesOf(events), QList<EventType> {EventType::MessageComplete});
    QVERIFY(events.at(0).head.expectContinue);
}

void TestRequestFramer::bodyAtLimit_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("accepted");

    const QByteArray atLimit(kDefaultBodyLimit, 'x');
    const QByteArray overLimit(kDefaultBodyLimit + 1, 'x');
    QTest::newRow("CL at limit") << "POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n" + atLimit << true;
    QTest::newRow("CL limit+1") << "POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 1001\r\n\r\n" + overLimit << false;
    const QByteArray chunkedHead = "POST /p HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"_ba;
    QTest::newRow("chunked at limit") << chunkedHead + "1f4\r\n" + QByteArray(500, 'x') + "\r\n1f4\r\n"
            + QByteArray(500, 'y')
            + "\r\n0\r\n\r\n" << true;
    QTest::newRow("chunked limit+1") << chunkedHead + "1f4\r\n" + QByteArray(500, 'x') + "\r\n1f4\r\n"
            + QByteArray(500, 'y') + "\r\n1\r\nz\r\n0\r\n\r\n"
                                     << false;
    QTest::newRow("small route at limit")
        << "POST /small HTTP/1.1\r\nHost: a\r\nContent-Length: 16\r\n\r\n" + QByteArray(16, 'x') << true;
}

void TestRequestFramer::bodyAtLimit()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, accepted);
    for (const SplitMode &mode : kSplitModes) {
        RequestFramer framer(testLimits(), testLookup());
        const QList<Event> events = feedAll(framer, bytes, mode.split, mode.seed);
        QVERIFY(!events.isEmpty());
        if (accepted) {
            QCOMPARE(typesOf(events), (QList<EventType> {EventType::HeadComplete, EventType::MessageComplete}));
        } else {
            QCOMPARE(events.constLast().type, EventType::Rejected);
            QCOMPARE(events.constLast().rejection.status, 413);
            QCOMPARE(events.constLast().rejection.detail, "Request body too large. Maximum size: 1000 bytes"_ba);
        }
    }
}

void TestRequestFramer::declaredBodyTooLargeAtHeadTime()
{
    constexpr qint64 kMiB = 1024 * 1024;
    const auto lookup = [](QByteArrayView, QByteArrayView) -> qint64 { return kMiB; };
    FrameLimits limits; // defaults
    // Only the head: the refusal must not wait for a single body byte.
    const QByteArray head = "POST /api/upload HTTP/1.1\r\nHost: a\r\nX-Request-ID: up-1\r\n"
                            "Content-Length: 10485760\r\n\r\n"_ba;
    for (const SplitMode &mode : kSplitModes) {
        RequestFramer framer(limits, lookup);
        const QList<Event> events = feedAll(framer, head, mode.split, mode.seed);
        QCOMPARE(typesOf(events), QList<EventType> {EventType::Rejected});
        QCOMPARE(events.at(0).rejection.status, 413);
        QCOMPARE(events.at(0).rejection.detail, "Request body too large. Maximum size: 1048576 bytes"_ba);
        QCOMPARE(events.at(0).head.requestId, "up-1"_ba); // the guard answers with it
    }
}

void TestRequestFramer::bodyLimitLookupCalledOncePerRequest()
{
    QList<std::pair<QByteArray, QByteArray>> calls;
    const auto lookup = [&calls](QByteArrayView method, QByteArrayView target) -> qint64 {
        calls.append({method.toByteArray(), target.toByteArray()});
        return 100;
    };
    const QByteArray bytes = "POST /a?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"
                             "DELETE /b HTTP/1.1\r\nHost: h\r\n\r\n"_ba;
    RequestFramer framer(testLimits(), lookup);
    const QList<Event> events = feedAll(framer, bytes, Split::ByteByByte);
    QCOMPARE(events.size(), 4);
    QCOMPARE(calls.size(), 2);
    QCOMPARE(calls.at(0).first, "POST"_ba);
    QCOMPARE(calls.at(0).second, "/a?x=1"_ba);
    QCOMPARE(calls.at(1).first, "DELETE"_ba);
    QCOMPARE(calls.at(1).second, "/b"_ba);
}

void TestRequestFramer::leniencies()
{
    // What the framer deliberately accepts.
    const QList<QByteArray> accepted = {
        "\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"_ba, // empty line before the request
        "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n"_ba, // asterisk-form
        "GET / HTTP/1.0\r\n\r\n"_ba, // no Host in HTTP/1.0
        "GET / HTTP/1.1\r\nhOsT: a\r\n\r\n"_ba, // field names are case-insensitive
        "GET / HTTP/1.1\r\nHost:a\r\nX-A:\t v \t\r\n\r\n"_ba, // optional whitespace
        "GET / HTTP/1.1\r\nHost: [::1]:8080\r\nX-A: caf\xc3\xa9\r\n\r\n"_ba, // IP literal, obs-text value
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 000\r\n\r\n"_ba, // leading zeros
        "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n"_ba, // expectation without body
        "GET / HTTP/1.1\r\nHost: a\r\nX-Request-ID: ok\r\nX-Request-ID: second\r\n\r\n"_ba, // repeated id
    };
    for (const QByteArray &bytes : accepted) {
        RequestFramer framer(testLimits(), testLookup());
        const QList<Event> events = feedAll(framer, bytes, Split::ByteByByte);
        QVERIFY2(typesOf(events) == (QList<EventType> {EventType::HeadComplete, EventType::MessageComplete}),
            bytes.constData());
    }
}

void TestRequestFramer::nothingAfterRejection()
{
    RequestFramer framer(testLimits(), testLookup());
    const QByteArray bad = "GET / HTTP/1.1\r\nHost : a\r\n\r\n"_ba;
    QCOMPARE(framer.feed(bad.constData(), bad.size()).size(), 1);
    const QByteArray good = "GET / HTTP/1.1\r\nHost: a\r\n\r\n"_ba;
    QVERIFY(framer.feed(good.constData(), good.size()).isEmpty());
    QVERIFY(framer.rejected());
    QVERIFY(!framer.inRequest());
    QVERIFY(framer.feed(nullptr, 0).isEmpty());
}

void TestRequestFramer::mutatedInputIsSplitIndependent()
{
    const QList<QByteArray> seeds = {
        "GET /a?b=1 HTTP/1.1\r\nHost: a\r\nX-Request-ID: r1\r\n\r\n"_ba,
        "POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello"_ba,
        "PUT /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n0\r\nT: 1\r\n\r\n"_ba,
        "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /2 HTTP/1.1\r\nHost: b\r\n\r\n"_ba,
    };
    const char alphabet[] = "\r\n :;,\t\x00\x7f\xff"
                            "0123456789abcdefHTTP/1.GETPOST-chunkedContent-LengthHost";
    QRandomGenerator rng(20240607);
    for (int iteration = 0; iteration < 3000; ++iteration) {
        QByteArray bytes = seeds.at(rng.bounded(int(seeds.size())));
        const int mutations = rng.bounded(1, 5);
        for (int m = 0; m < mutations && !bytes.isEmpty(); ++m) {
            const qsizetype at = rng.bounded(int(bytes.size()));
            const char c = alphabet[rng.bounded(int(sizeof(alphabet) - 1))];
            switch (rng.bounded(4)) {
            case 0:
                bytes[at] = c;
                break;
            case 1:
                bytes.insert(at, c);
                break;
            case 2:
                bytes.remove(at, 1);
                break;
            default:
                bytes.insert(at, bytes.mid(at, rng.bounded(1, 40)));
                break;
            }
        }
        QList<QList<Event>> runs;
        for (const SplitMode &mode : {kSplitModes[0], kSplitModes[1], kSplitModes[2], kSplitModes[5]}) {
            RequestFramer framer(testLimits(), testLookup());
            runs.append(feedAll(framer, bytes, mode.split, mode.seed + quint32(iteration)));
        }
        const QList<Event> &reference = runs.at(0);
        int rejections = 0;
        bool inHead = false;
        for (qsizetype i = 0; i < reference.size(); ++i) {
            const Event &event = reference.at(i);
            if (event.type == EventType::Rejected) {
                ++rejections;
                QVERIFY(i == reference.size() - 1); // nothing after a rejection
            } else if (event.type == EventType::HeadComplete) {
                QVERIFY(!inHead);
                inHead = true;
            } else {
                QVERIFY(inHead); // a MessageComplete follows its HeadComplete
                inHead = false;
            }
        }
        QVERIFY(rejections <= 1);
        for (qsizetype r = 1; r < runs.size(); ++r) {
            QCOMPARE(typesOf(runs.at(r)), typesOf(reference));
            if (!reference.isEmpty() && reference.constLast().type == EventType::Rejected) {
                QCOMPARE(runs.at(r).constLast().rejection.status, reference.constLast().rejection.status);
                QCOMPARE(runs.at(r).constLast().rejection.detail, reference.constLast().rejection.detail);
            }
        }
    }
}

} // namespace vami::test

QTEST_GUILESS_MAIN(vami::test::TestRequestFramer)
#include "tst_requestframer.moc"
