// composeMail: RFC 5322 / 2045 / 2047 rendering. The test parses the output back
// (unfolding headers, decoding encoded-words and base64 parts) and checks that no
// input can add a header line.

#include "mail/mailmessage.h"

#include <QRegularExpression>
#include <QTimeZone>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace vami;

namespace {

const QDateTime When(QDate(2026, 1, 15), QTime(9, 5, 7), Qt::UTC);

struct Parsed
{
    QList<std::pair<QByteArray, QByteArray>> headers; // unfolded, in order
    QByteArray body;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[n, v] : headers) {
            if (n.compare(name, Qt::CaseInsensitive) == 0)
                return v;
        }
        return {};
    }
    int count(const QByteArray &name) const
    {
        int n = 0;
        for (const auto &h : headers)
            n += h.first.compare(name, Qt::CaseInsensitive) == 0 ? 1 : 0;
        return n;
    }
};

Parsed parse(const QByteArray &entity)
{
    Parsed out;
    const qsizetype end = entity.indexOf("\r\n\r\n");
    const QByteArray head = end < 0 ? entity : entity.left(end);
    out.body = end < 0 ? QByteArray() : entity.mid(end + 4);
    for (const QByteArray &line : head.split('\n')) {
        const QByteArray l = line.endsWith('\r') ? line.chopped(1) : line;
        if (!l.isEmpty() && (l[0] == ' ' || l[0] == '\t') && !out.headers.isEmpty()) {
            out.headers.last().second += l; // unfold: CRLF removed, whitespace kept
            continue;
        }
        const qsizetype colon = l.indexOf(':');
        if (colon <= 0) {
            out.headers.append({"<bad line>", l});
            continue;
        }
        out.headers.append({l.left(colon), l.mid(colon + 1).trimmed()});
    }
    return out;
}

// Decodes RFC 2047 B-encoded UTF-8 words; white space between adjacent words is dropped.
QString decodeWords(const QByteArray &value)
{
    static const QRegularExpression word(u"=\\?UTF-8\\?B\\?([A-Za-z0-9+/=]*)\\?="_s);
    const QString text = QString::fromLatin1(value);
    QByteArray bytes;
    qsizetype pos = 0;
    bool previousWasWord = false;
    auto it = word.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        const QString between = text.mid(pos, m.capturedStart() - pos);
        if (!(previousWasWord && between.trimmed().isEmpty()))
            bytes += between.toUtf8();
        bytes += QByteArray::fromBase64(m.captured(1).toLatin1());
        pos = m.capturedEnd();
        previousWasWord = true;
    }
    bytes += text.mid(pos).toUtf8();
    return QString::fromUtf8(bytes);
}

QByteArray compose(const MailMessage &m, const MailSender &from = {u"noreply@vami.example"_s, u"Vami"_s})
{
    return composeMail(m, from, When, u"abc-123@vami.example"_s);
}

MailMessage simple()
{
    MailMessage m;
    m.toAddress = u"ann@example.test"_s;
    m.toName = u"Ann Example"_s;
    m.subject = u"Hello"_s;
    m.textBody = u"Line one\nLine two\n"_s;
    return m;
}

} // namespace

class tst_MailMessage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void plainMessage();
    void linesEndInCrlfAndStayShort();
    void outputIsSevenBitAscii();
    void dateAndMessageId();
    void nonAsciiSubjectIsEncoded_data();
    void nonAsciiSubjectIsEncoded();
    void displayNames_data();
    void displayNames();
    void headerInjectionIsNeutralised_data();
    void headerInjectionIsNeutralised();
    void multipartAlternative();
    void bodiesAreBase64AndLineEndsNormalised();
    void noLineStartsWithADot();
};

void tst_MailMessage::plainMessage()
{
    const QByteArray raw = compose(simple());
    const Parsed p = parse(raw);
    QCOMPARE(p.header("From"), "Vami <noreply@vami.example>"_ba);
    QCOMPARE(p.header("To"), "Ann Example <ann@example.test>"_ba);
    QCOMPARE(p.header("Subject"), "Hello"_ba);
    QCOMPARE(p.header("MIME-Version"), "1.0"_ba);
    QCOMPARE(p.header("Auto-Submitted"), "auto-generated"_ba);
    QCOMPARE(p.header("Content-Type"), "text/plain; charset=utf-8"_ba);
    QCOMPARE(p.header("Content-Transfer-Encoding"), "base64"_ba);
    for (const char *name : {"From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type"})
        QCOMPARE(p.count(name), 1);
    QCOMPARE(p.count("<bad line>"), 0);
    QCOMPARE(QString::fromUtf8(QByteArray::fromBase64(p.body)), u"Line one\r\nLine two\r\n"_s);
    // Without a name the address stands alone.
    MailMessage m = simple();
    m.toName.clear();
    QCOMPARE(parse(compose(m, {u"noreply@vami.example"_s, QString()})).header("To"), "ann@example.test"_ba);
    QCOMPARE(parse(compose(m, {u"noreply@vami.example"_s, QString()})).header("From"), "noreply@vami.example"_ba);
}

void tst_MailMessage::linesEndInCrlfAndStayShort()
{
    MailMessage m = simple();
    m.subject = QString(200, u'ü');
    m.toName = QString(100, u'é');
    m.textBody = QString(5000, u'x') + u"\nend"_s;
    m.htmlBody = u"<p>"_s + QString(3000, u'y') + u"</p>"_s;
    const QByteArray raw = compose(m);
    QVERIFY(raw.endsWith("\r\n"));
    qsizetype start = 0;
    while (start < raw.size()) {
        const qsizetype lf = raw.indexOf('\n', start);
        QVERIFY2(lf > start, "bare LF or missing line end");
        QCOMPARE(raw.at(lf - 1), '\r');
        const QByteArray line = raw.mid(start, lf - 1 - start);
        QVERIFY2(!line.contains('\r'), "bare CR");
        // RFC 5322 2.1.1 asks for 78; RFC 2047 allows 76 on lines with encoded-words.
        QVERIFY2(line.size() <= (line.contains("=?") ? 76 : 78), line.left(100).constData());
        start = lf + 1;
    }
}

void tst_MailMessage::outputIsSevenBitAscii()
{
    MailMessage m = simple();
    m.subject = u"Einladung für Jörg – 日本 😀"_s;
    m.toName = u"Jörg Müller"_s;
    m.textBody = u"Grüße 😀"_s;
    m.htmlBody = u"<p>Grüße</p>"_s;
    const QByteArray raw = compose(m, {u"noreply@vami.example"_s, u"Vämi"_s});
    for (const char c : raw)
        QVERIFY2(uchar(c) < 0x80 && (uchar(c) >= 0x20 || c == '\r' || c == '\n'), raw.constData());
}

void tst_MailMessage::dateAndMessageId()
{
    const Parsed p = parse(compose(simple()));
    QCOMPARE(p.header("Date"), "Thu, 15 Jan 2026 09:05:07 +0000"_ba);
    QCOMPARE(p.header("Message-ID"), "<abc-123@vami.example>"_ba);
    // Another time zone is converted to UTC; single-digit days are padded.
    const QDateTime berlin(QDate(2026, 3, 1), QTime(0, 30, 0), QTimeZone(3600));
    const Parsed q = parse(composeMail(simple(), {u"a@b.example"_s, {}}, berlin, u"<x@y>"_s));
    QCOMPARE(q.header("Date"), "Sat, 28 Feb 2026 23:30:00 +0000"_ba);
    // Angle brackets in the given id are not doubled.
    QCOMPARE(q.header("Message-ID"), "<x@y>"_ba);
    static const QRegularExpression rfc5322(
        u"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{4} "
        "\\d{2}:\\d{2}:\\d{2} \\+0000$"_s);
    QVERIFY(rfc5322.match(QString::fromLatin1(q.header("Date"))).hasMatch());
}

void tst_MailMessage::nonAsciiSubjectIsEncoded_data()
{
    QTest::addColumn<QString>("subject");
    QTest::newRow("umlauts") << u"Einladung für Jörg"_s;
    QTest::newRow("emoji") << u"Party 🎉😀 tonight"_s;
    QTest::newRow("CJK") << u"日本語の件名です"_s;
    QTest::newRow("long mixed") << QString(u"Grüße aus Köln – "_s.repeated(12) + u"Ende"_s);
    QTest::newRow("emoji at chunk borders") << QString(u"😀"_s.repeated(40));
    QTest::newRow("looks encoded") << u"=?UTF-8?B?SGk=?= ü"_s;
    QTest::newRow("tab inside") << u"a\tb"_s;
    QTest::newRow("overlong ASCII") << QString(1000, u'a');
}

void tst_MailMessage::nonAsciiSubjectIsEncoded()
{
    QFETCH(QString, subject);
    MailMessage m = simple();
    m.subject = subject;
    const QByteArray raw = compose(m);
    const QByteArray value = parse(raw).header("Subject");
    QVERIFY(value.startsWith("=?UTF-8?B?"));
    QCOMPARE(decodeWords(value), subject);
    // Every encoded-word is at most 75 characters (RFC 2047 section 2).
    static const QRegularExpression word(u"=\\?[^?]+\\?B\\?[^?]*\\?="_s);
    auto it = word.globalMatch(QString::fromLatin1(value));
    int words = 0;
    while (it.hasNext()) {
        QVERIFY(it.next().capturedLength() <= 75);
        ++words;
    }
    QVERIFY(words >= 1);
}

void tst_MailMessage::displayNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("expected"); // the display-name part of the To header
    QTest::newRow("plain") << u"Ann Example"_s << "Ann Example"_ba;
    QTest::newRow("comma is quoted") << u"Doe, John"_s << "\"Doe, John\""_ba;
    QTest::newRow("dot is quoted") << u"J. Doe"_s << "\"J. Doe\""_ba;
    QTest::newRow("quotes are escaped") << u"The \"Boss\""_s << R"("The \"Boss\"")"_ba;
    QTest::newRow("backslash is escaped") << u"a\\b <c>"_s << R"("a\\b <c>")"_ba;
    QTest::newRow("at sign is quoted") << u"x@y"_s << "\"x@y\""_ba;
    QTest::newRow("non-ASCII is encoded") << u"Jörg"_s << "=?UTF-8?B?SsO2cmc=?="_ba;
    QTest::newRow("surrounding spaces trimmed") << u"  Ann  "_s << "Ann"_ba;
}

void tst_MailMessage::displayNames()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, expected);
    MailMessage m = simple();
    m.toName = name;
    // After encoded-words the address sits on a folded line (unfolding keeps the space).
    QCOMPARE(parse(compose(m)).header("To"), expected + " <ann@example.test>");
    if (expected.startsWith("=?"))
        QCOMPARE(decodeWords(expected), name);
}

void tst_MailMessage::headerInjectionIsNeutralised_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    const QString attack = u"x\r\nBcc: victim@evil.test\r\n\r\nInjected body"_s;
    QTest::newRow("subject CRLF") << u"subject"_s << attack;
    QTest::newRow("subject LF") << u"subject"_s << u"x\nBcc: victim@evil.test"_s;
    QTest::newRow("subject CR") << u"subject"_s << u"x\rBcc: victim@evil.test"_s;
    QTest::newRow("subject non-ASCII CRLF") << u"subject"_s << u"ü\r\nBcc: victim@evil.test"_s;
    QTest::newRow("to name") << u"toName"_s << attack;
    QTest::newRow("to name non-ASCII") << u"toName"_s << u"Jörg\r\nBcc: victim@evil.test"_s;
    QTest::newRow("to address") << u"toAddress"_s << u"ann@example.test\r\nBcc: victim@evil.test"_s;
    QTest::newRow("to address brackets") << u"toAddress"_s << u"ann@example.test>\r\nBcc: <victim@evil.test"_s;
    QTest::newRow("from name") << u"fromName"_s << attack;
    QTest::newRow("from address") << u"fromAddress"_s << u"a@b.example\nBcc: victim@evil.test"_s;
    QTest::newRow("message id") << u"messageId"_s << u"id@x\r\nBcc: victim@evil.test"_s;
}

void tst_MailMessage::headerInjectionIsNeutralised()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    MailMessage m = simple();
    MailSender from{u"noreply@vami.example"_s, u"Vami"_s};
    QString messageId = u"abc@vami.example"_s;
    if (field == u"subject"_s)
        m.subject = value;
    else if (field == u"toName"_s)
        m.toName = value;
    else if (field == u"toAddress"_s)
        m.toAddress = value;
    else if (field == u"fromName"_s)
        from.name = value;
    else if (field == u"fromAddress"_s)
        from.address = value;
    else
        messageId = value;
    const QByteArray raw = composeMail(m, from, When, messageId);
    const Parsed p = parse(raw);
    QCOMPARE(p.count("Bcc"), 0);
    QCOMPARE(p.count("<bad line>"), 0);
    for (const char *name : {"From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type"})
        QCOMPARE(p.count(name), 1);
    // The body is still the real one.
    QCOMPARE(QString::fromUtf8(QByteArray::fromBase64(p.body)), u"Line one\r\nLine two\r\n"_s);
    // Only folding (CRLF + space) may continue a header; no bare line breaks at all.
    const QByteArray head = raw.left(raw.indexOf("\r\n\r\n"));
    for (const QByteArray &line : head.split('\n'))
        QVERIFY(line.endsWith('\r') || line == head.split('\n').last());
}

void tst_MailMessage::multipartAlternative()
{
    MailMessage m = simple();
    m.textBody = u"Plain ü"_s;
    m.htmlBody = u"<p>Rich <b>ü</b></p>"_s;
    const QByteArray raw = compose(m);
    const Parsed p = parse(raw);
    static const QRegularExpression typeRe(u"^multipart/alternative; boundary=\"([^\"]+)\"$"_s);
    const auto match = typeRe.match(QString::fromLatin1(p.header("Content-Type")));
    QVERIFY2(match.hasMatch(), p.header("Content-Type").constData());
    const QByteArray boundary = match.captured(1).toLatin1();
    QVERIFY(boundary.size() <= 70); // RFC 2046 5.1.1
    QVERIFY(!p.body.contains("=?")); // no encoded-words in bodies
    // Exactly two parts, then the closing delimiter, nothing after it.
    const QByteArray delimiter = "--" + boundary + "\r\n";
    QCOMPARE(p.body.count(delimiter), 2);
    QVERIFY(p.body.endsWith(QByteArray("--" + boundary + "--\r\n")));
    const qsizetype first = p.body.indexOf(delimiter);
    const qsizetype second = p.body.indexOf(delimiter, first + 1);
    const qsizetype close = p.body.indexOf(QByteArray("--" + boundary + "--"));
    const Parsed text = parse(p.body.mid(first + delimiter.size(), second - first - delimiter.size()));
    const Parsed html = parse(p.body.mid(second + delimiter.size(), close - second - delimiter.size()));
    // Plain text first, the preferred (richer) alternative last (RFC 2046 5.1.4).
    QCOMPARE(text.header("Content-Type"), "text/plain; charset=utf-8"_ba);
    QCOMPARE(html.header("Content-Type"), "text/html; charset=utf-8"_ba);
    QCOMPARE(text.header("Content-Transfer-Encoding"), "base64"_ba);
    QCOMPARE(html.header("Content-Transfer-Encoding"), "base64"_ba);
    QCOMPARE(QString::fromUtf8(QByteArray::fromBase64(text.body)), u"Plain ü"_s);
    QCOMPARE(QString::fromUtf8(QByteArray::fromBase64(html.body)), u"<p>Rich <b>ü</b></p>"_s);
    // The top-level entity itself has no transfer encoding of its own.
    QCOMPARE(p.count("Content-Transfer-Encoding"), 0);
    // A fresh boundary for every message.
    const QByteArray again = parse(compose(m)).header("Content-Type");
    QVERIFY(again != p.header("Content-Type"));
}

void tst_MailMessage::bodiesAreBase64AndLineEndsNormalised()
{
    MailMessage m = simple();
    m.textBody = u"unix\nwindows\r\nmac\rend"_s;
    const Parsed p = parse(compose(m));
    QCOMPARE(QString::fromUtf8(QByteArray::fromBase64(p.body)), u"unix\r\nwindows\r\nmac\r\nend"_s);
    for (const QByteArray &line : p.body.split('\n')) {
        const QByteArray l = line.endsWith('\r') ? line.chopped(1) : line;
        QVERIFY(l.size() <= 76);
        static const QRegularExpression base64(u"^[A-Za-z0-9+/=]*$"_s);
        QVERIFY(base64.match(QString::fromLatin1(l)).hasMatch());
    }
    // An empty body is still a well-formed message.
    m.textBody.clear();
    const QByteArray raw = compose(m);
    QVERIFY(raw.contains("\r\n\r\n"));
    QCOMPARE(parse(raw).body, QByteArray());
}

void tst_MailMessage::noLineStartsWithADot()
{
    // SMTP dot-stuffing is the transport's job (libcurl does it); base64 bodies and
    // our headers never start a line with '.' anyway, so a lone "." cannot end DATA.
    MailMessage m = simple();
    m.textBody = u".\n..\n.hidden\n"_s;
    m.htmlBody = u".\r\n."_s;
    m.subject = u".starts with a dot"_s;
    m.toName = u"."_s;
    const QByteArray raw = compose(m);
    for (const QByteArray &line : raw.split('\n'))
        QVERIFY2(!line.startsWith('.'), line.constData());
    MailMessage n = simple();
    n.textBody = u".\n..\n.hidden\n"_s;
    QCOMPARE(QString::fromUtf8(QByteArray::fromBase64(parse(compose(n)).body)), u".\r\n..\r\n.hidden\r\n"_s);
}

QTEST_GUILESS_MAIN(tst_MailMessage)
#include "tst_mailmessage.moc"
