// MultipartBody: the strict multipart/form-data parser behind BodyKind::Multipart.

#include "http/multipartbody.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::http;

namespace {

const QByteArray Type = "multipart/form-data; boundary=XyZ";

// Lines joined with CRLF (no CRLF after the last one).
QByteArray lines(const QList<QByteArray> &parts)
{
    return parts.join("\r\n");
}

QByteArray filePart(
    const QByteArray &name, const QByteArray &filename, const QByteArray &type, const QByteArray &content)
{
    return lines({"--XyZ", "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"",
        "Content-Type: " + type, "", content});
}

QByteArray fieldPart(const QByteArray &name, const QByteArray &content)
{
    return lines({"--XyZ", "Content-Disposition: form-data; name=\"" + name + "\"", "", content});
}

QString errorCode(const Result<MultipartBody> &result)
{
    if (result || result.error().fields().isEmpty())
        return {};
    return result.error().fields().first().code;
}

} // namespace

class tst_MultipartBody : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void oneFile();
    void fileAndFields();
    void quotedBoundaryAndParameters();
    void preambleAndEpilogue();
    void emptyContent();
    void binaryContentWithLookalikes();
    void contentIsNotCopied();
    void boundaries_data();
    void boundaries();
    void hostile_data();
    void hostile();
    void limits();
};

void tst_MultipartBody::oneFile()
{
    const QByteArray body
        = filePart("file", "notes.txt", "text/plain; charset=utf-8", "hello\r\nworld") + "\r\n--XyZ--";
    const auto parsed = MultipartBody::parse(body, Type);
    QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().fields().first().text()));
    QCOMPARE(parsed->parts().size(), 1);
    const MultipartPart *file = parsed->part(u"file");
    QVERIFY(file);
    QVERIFY(file->isFile);
    QCOMPARE(file->filename, u"notes.txt"_s);
    QCOMPARE(file->mediaType, QByteArray("text/plain"));
    QCOMPARE(file->contentType, QByteArray("text/plain; charset=utf-8"));
    QCOMPARE(parsed->content(*file), QByteArrayView("hello\r\nworld"));
    QVERIFY(!parsed->part(u"other"));
}

void tst_MultipartBody::fileAndFields()
{
    const QByteArray body = fieldPart("title", "Price list") + "\r\n"
        + filePart("file", "Preise \xc3\xa4.pdf", "Application/PDF", "%PDF-1.4 ...") + "\r\n" + fieldPart("lang", "")
        + "\r\n--XyZ--\r\n";
    const auto parsed = MultipartBody::parse(body, Type);
    QVERIFY(parsed);
    QCOMPARE(parsed->parts().size(), 3);
    QCOMPARE(parsed->parts().at(0).name, u"title"_s);
    QVERIFY(!parsed->parts().at(0).isFile);
    QCOMPARE(parsed->parts().at(0).mediaType, QByteArray("text/plain")); // the default
    QCOMPARE(parsed->content(parsed->parts().at(0)), QByteArrayView("Price list"));
    QCOMPARE(parsed->parts().at(1).filename, u"Preise ä.pdf"_s);
    QCOMPARE(parsed->parts().at(1).mediaType, QByteArray("application/pdf"));
    QCOMPARE(parsed->content(parsed->parts().at(2)).size(), 0);
}

void tst_MultipartBody::quotedBoundaryAndParameters()
{
    const QByteArray type = "Multipart/Form-Data; charset=utf-8; boundary=\"a'(b)+_,-./:=? c\"";
    const QByteArray body = lines({"--a'(b)+_,-./:=? c", "content-disposition: FORM-DATA; NAME=\"q\\\"uo\\\\te\"; x=y",
        "", "v", "--a'(b)+_,-./:=? c--"});
    const auto parsed = MultipartBody::parse(body, type);
    QVERIFY(parsed);
    QCOMPARE(parsed->parts().first().name, u"q\"uo\\te"_s);
    // Unquoted names and filenames are tokens; filename* is ignored; padding after the delimiter is allowed.
    const QByteArray tokens = lines({"--XyZ \t",
        "Content-Disposition: form-data; name=file; filename=a.txt; "
        "filename*=UTF-8''%C3%A4.txt",
        "", "x", "--XyZ--"});
    const auto parsedTokens = MultipartBody::parse(tokens, Type);
    QVERIFY(parsedTokens);
    QCOMPARE(parsedTokens->parts().first().name, u"file"_s);
    QCOMPARE(parsedTokens->parts().first().filename, u"a.txt"_s);
    // Names are compared exactly: a leading byte order mark is part of the name.
    const auto bom = MultipartBody::parse(lines({"--XyZ", "Content-Disposition: form-data; name=a", "", "1", "--XyZ",
                                              "Content-Disposition: form-data; name=\"\xef\xbb\xbf"
                                              "a\"",
                                              "", "2", "--XyZ--"}),
        Type);
    QVERIFY(bom);
    QCOMPARE(bom->parts().size(), 2);
    QCOMPARE(bom->parts().at(1).name, QString(QChar(0xfeff)).append(u'a'));
    // An empty filename still marks a file part (a browser's empty file input).
    const auto empty = MultipartBody::parse(
        lines({"--XyZ", "Content-Disposition: form-data; name=\"f\"; filename=\"\"", "", "", "--XyZ--"}), Type);
    QVERIFY(empty);
    QVERIFY(empty->parts().first().isFile);
    QVERIFY(empty->parts().first().filename.isEmpty());
}

void tst_MultipartBody::preambleAndEpilogue()
{
    const QByteArray body = "This is the preamble. --XyZ inside it is no delimiter.\r\n" + fieldPart("a", "1")
        + "\r\n--XyZ--\r\nThis is the epilogue.\r\n--XyZ\r\nnot a part";
    const auto parsed = MultipartBody::parse(body, Type);
    QVERIFY(parsed);
    QCOMPARE(parsed->parts().size(), 1);
    QCOMPARE(parsed->content(parsed->parts().first()), QByteArrayView("1"));
    // A body that closes at once has no parts.
    const auto none = MultipartBody::parse("--XyZ--", Type);
    QVERIFY(none);
    QVERIFY(none->isEmpty());
}

void tst_MultipartBody::emptyContent()
{
    const auto parsed
        = MultipartBody::parse(filePart("file", "empty.bin", "application/octet-stream", "") + "\r\n--XyZ--", Type);
    QVERIFY(parsed);
    QCOMPARE(parsed->content(parsed->parts().first()).size(), 0);
}

void tst_MultipartBody::binaryContentWithLookalikes()
{
    QByteArray binary;
    for (int i = 0; i < 256; ++i)
        binary += char(i);
    // CRLF, "--", the boundary without its leading CRLF, a CRLF with a shorter
    // dash run, and a prefix of the delimiter are all content.
    binary += "\r\n--\r\nx--XyZ\n--XyZ\r--XyZ\r\n-XyZ\r\n--Xy\r\n\r\n\n--XyZ";
    binary += QByteArray("\0\r\n\0", 4);
    const QByteArray body = filePart("file", "blob.bin", "application/octet-stream", binary) + "\r\n--XyZ--";
    const auto parsed = MultipartBody::parse(body, Type);
    QVERIFY(parsed);
    QCOMPARE(parsed->content(parsed->parts().first()).toByteArray(), binary);
}

void tst_MultipartBody::contentIsNotCopied()
{
    const QByteArray body
        = filePart("file", "a.bin", "application/octet-stream", QByteArray(4096, 'x')) + "\r\n--XyZ--";
    const auto parsed = MultipartBody::parse(body, Type);
    QVERIFY(parsed);
    const QByteArrayView content = parsed->content(parsed->parts().first());
    QVERIFY(content.data() >= body.constData() && content.data() + content.size() <= body.constData() + body.size());
}

void tst_MultipartBody::boundaries_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<bool>("valid");
    QTest::newRow("token") << QByteArray("multipart/form-data; boundary=abc") << true;
    QTest::newRow("quoted") << QByteArray("multipart/form-data; boundary=\"a b:c\"") << true;
    QTest::newRow("70 chars") << QByteArray("multipart/form-data; boundary=" + QByteArray(70, 'b')) << true;
    QTest::newRow("71 chars") << QByteArray("multipart/form-data; boundary=" + QByteArray(71, 'b')) << false;
    QTest::newRow("missing") << QByteArray("multipart/form-data") << false;
    QTest::newRow("empty quoted") << QByteArray("multipart/form-data; boundary=\"\"") << false;
    QTest::newRow("empty") << QByteArray("multipart/form-data; boundary=") << false;
    QTest::newRow("trailing space") << QByteArray("multipart/form-data; boundary=\"ab \"") << false;
    QTest::newRow("not a bchar") << QByteArray("multipart/form-data; boundary=\"a@b\"") << false;
    QTest::newRow("CR in quotes") << QByteArray("multipart/form-data; boundary=\"a\rb\"") << false;
    QTest::newRow("twice") << QByteArray("multipart/form-data; boundary=a; boundary=b") << false;
    QTest::newRow("unterminated") << QByteArray("multipart/form-data; boundary=\"abc") << false;
    QTest::newRow("garbage after") << QByteArray("multipart/form-data; boundary=abc def") << false;
    QTest::newRow("other type") << QByteArray("multipart/mixed; boundary=abc") << false;
    QTest::newRow("not multipart") << QByteArray("text/plain; boundary=abc") << false;
}

void tst_MultipartBody::boundaries()
{
    QFETCH(QByteArray, contentType);
    QFETCH(bool, valid);
    const auto boundary = MultipartBody::boundaryOf(contentType);
    if (boundary) {
        const QByteArray body
            = "--" + *boundary + "\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n--" + *boundary + "--";
        const auto parsed = MultipartBody::parse(body, contentType);
        QCOMPARE(bool(parsed), valid);
    } else {
        QVERIFY(!valid);
        const auto parsed = MultipartBody::parse("--abc--", contentType);
        QVERIFY(!parsed);
        QCOMPARE(errorCode(parsed), u"multipart_boundary"_s);
    }
}

void tst_MultipartBody::hostile_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    const QByteArray cd = "Content-Disposition: form-data; name=\"a\"";
    QTest::newRow("empty body") << QByteArray() << u"multipart_invalid"_s;
    QTest::newRow("no delimiter") << QByteArray("just text") << u"multipart_invalid"_s;
    // "--XyZ" after other text on a line is no delimiter, so this body has none.
    QTest::newRow("boundary without CRLF before it")
        << QByteArray("text--XyZ\r\n" + cd + "\r\n\r\nx--XyZ--") << u"multipart_invalid"_s;
    QTest::newRow("no closing delimiter") << lines({"--XyZ", cd, "", "x"}) << u"multipart_truncated"_s;
    QTest::newRow("closing without dashes") << lines({"--XyZ", cd, "", "x", "--XyZ"}) << u"multipart_truncated"_s;
    QTest::newRow("closing with one dash") << lines({"--XyZ", cd, "", "x", "--XyZ-"}) << u"multipart_truncated"_s;
    QTest::newRow("truncated in headers") << QByteArray("--XyZ\r\n" + cd) << u"multipart_truncated"_s;
    QTest::newRow("truncated after delimiter") << QByteArray("--XyZ") << u"multipart_truncated"_s;
    QTest::newRow("truncated before blank line") << QByteArray("--XyZ\r\n" + cd + "\r\n") << u"multipart_truncated"_s;
    QTest::newRow("delimiter followed by text")
        << lines({"--XyZ", cd, "", "x", "--XyZabc", cd, "", "y", "--XyZ--"}) << u"multipart_invalid"_s;
    QTest::newRow("first delimiter followed by text")
        << lines({"--XyZ!", cd, "", "x", "--XyZ--"}) << u"multipart_invalid"_s;
    QTest::newRow("bare LF after delimiter")
        << QByteArray("--XyZ\n" + cd + "\r\n\r\nx\r\n--XyZ--") << u"multipart_invalid"_s;
    QTest::newRow("bare LF in headers") << QByteArray("--XyZ\r\n" + cd + "\n\r\nx\r\n--XyZ--") << u"multipart_header"_s;
    QTest::newRow("LF-only blank line") << QByteArray("--XyZ\r\n" + cd + "\r\n\nx\r\n--XyZ--") << u"multipart_header"_s;
    QTest::newRow("bare CR in a header") << lines({"--XyZ", cd + "\rX-Injected: 1", "", "x", "--XyZ--"})
                                         << u"multipart_header"_s;
    QTest::newRow("NUL in a header") << lines({"--XyZ", cd + QByteArray("\0", 1), "", "x", "--XyZ--"})
                                     << u"multipart_header"_s;
    QTest::newRow("NUL in a name") << lines(
        {"--XyZ", QByteArray("Content-Disposition: form-data; name=\"a") + '\0' + "b\"", "", "x", "--XyZ--"})
                                   << u"multipart_header"_s;
    QTest::newRow("control in a header") << lines({"--XyZ", cd + "\x1b", "", "x", "--XyZ--"}) << u"multipart_header"_s;
    QTest::newRow("header without colon")
        << lines({"--XyZ", cd, "Content-Type text/plain", "", "x", "--XyZ--"}) << u"multipart_header"_s;
    QTest::newRow("header name with space")
        << lines({"--XyZ", cd, "Content Type: text/plain", "", "x", "--XyZ--"}) << u"multipart_header"_s;
    QTest::newRow("empty header name") << lines({"--XyZ", cd, ": x", "", "x", "--XyZ--"}) << u"multipart_header"_s;
    QTest::newRow("folded header") << lines({"--XyZ", "Content-Disposition: form-data;", " name=\"a\"", "", "x",
        "--XyZ--"}) << u"multipart_header"_s;
    QTest::newRow("no disposition") << lines({"--XyZ", "Content-Type: text/plain", "", "x", "--XyZ--"})
                                    << u"multipart_disposition"_s;
    QTest::newRow("no headers at all") << lines({"--XyZ", "", "x", "--XyZ--"}) << u"multipart_disposition"_s;
    QTest::newRow("attachment") << lines({"--XyZ", "Content-Disposition: attachment; name=\"a\"", "", "x", "--XyZ--"})
                                << u"multipart_disposition"_s;
    QTest::newRow("no name") << lines({"--XyZ", "Content-Disposition: form-data; filename=\"a\"", "", "x", "--XyZ--"})
                             << u"multipart_disposition"_s;
    QTest::newRow("empty name") << lines({"--XyZ", "Content-Disposition: form-data; name=\"\"", "", "x", "--XyZ--"})
                                << u"multipart_disposition"_s;
    QTest::newRow("two dispositions") << lines({"--XyZ", cd, cd, "", "x", "--XyZ--"}) << u"multipart_header"_s;
    QTest::newRow("two content types") << lines({"--XyZ", cd, "Content-Type: text/plain", "Content-Type: text/html", "",
        "x", "--XyZ--"}) << u"multipart_header"_s;
    QTest::newRow("parameter twice") << lines({"--XyZ", "Content-Disposition: form-data; name=a; name=b", "", "x",
        "--XyZ--"}) << u"multipart_header"_s;
    QTest::newRow("unterminated quote") << lines({"--XyZ", "Content-Disposition: form-data; name=\"a", "", "x",
        "--XyZ--"}) << u"multipart_header"_s;
    QTest::newRow("text after quoted name")
        << lines({"--XyZ", "Content-Disposition: form-data; name=\"a\"b", "", "x", "--XyZ--"}) << u"multipart_header"_s;
    QTest::newRow("name not UTF-8") << lines({"--XyZ", "Content-Disposition: form-data; name=\"\xff\"", "", "x",
        "--XyZ--"}) << u"multipart_header"_s;
    QTest::newRow("filename not UTF-8") << lines({"--XyZ", "Content-Disposition: form-data; name=f; filename=\"\xc3\"",
        "", "x", "--XyZ--"}) << u"multipart_header"_s;
    QTest::newRow("bad content type") << lines({"--XyZ", cd, "Content-Type: text", "", "x", "--XyZ--"})
                                      << u"multipart_header"_s;
    QTest::newRow("base64 transfer encoding")
        << lines({"--XyZ", cd, "Content-Transfer-Encoding: base64", "", "eA==", "--XyZ--"}) << u"multipart_header"_s;
    QTest::newRow("duplicate name") << lines({"--XyZ", cd, "", "x", "--XyZ", cd, "", "y", "--XyZ--"}) << u"repeated"_s;
    // A header smuggled into a quoted name with an escaped CRLF is still a CR in the line.
    QTest::newRow("escaped CRLF in a name")
        << lines({"--XyZ", "Content-Disposition: form-data; name=\"a\\\r\nContent-Type: x\"", "", "x", "--XyZ--"})
        << u"multipart_header"_s;
}

void tst_MultipartBody::hostile()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    const auto parsed = MultipartBody::parse(body, Type);
    QVERIFY(!parsed);
    QCOMPARE(parsed.error().kind(), ErrorKind::Validation);
    QCOMPARE(errorCode(parsed), code);
    QVERIFY(!parsed.error().fields().first().text().isEmpty());
}

void tst_MultipartBody::limits()
{
    MultipartLimits limits;
    limits.maxParts = 3;
    limits.maxHeaders = 3;
    limits.maxHeaderBytes = 256;
    QByteArray three;
    for (int i = 0; i < 3; ++i)
        three += fieldPart("f" + QByteArray::number(i), "x") + "\r\n";
    QVERIFY(MultipartBody::parse(three + "--XyZ--", Type, limits));
    const auto four = MultipartBody::parse(three + fieldPart("f3", "x") + "\r\n--XyZ--", Type, limits);
    QVERIFY(!four);
    QCOMPARE(errorCode(four), u"too_long"_s);
    QCOMPARE(four.error().fields().first().text(), u"Too many multipart parts"_s);

    const QByteArray cd = "Content-Disposition: form-data; name=\"a\"";
    QVERIFY(MultipartBody::parse(lines({"--XyZ", cd, "X-A: 1", "X-B: 2", "", "x", "--XyZ--"}), Type, limits));
    const auto manyHeaders
        = MultipartBody::parse(lines({"--XyZ", cd, "X-A: 1", "X-B: 2", "X-C: 3", "", "x", "--XyZ--"}), Type, limits);
    QCOMPARE(errorCode(manyHeaders), u"too_long"_s);
    QCOMPARE(manyHeaders.error().fields().first().text(), u"Too many headers in a multipart part"_s);

    // The block of 256 bytes, CRLFs and the blank line included, fits; one byte more does not.
    const QByteArray filler = "X-F: " + QByteArray(256 - cd.size() - 2 - 5 - 2 - 2, 'f');
    QVERIFY(MultipartBody::parse(lines({"--XyZ", cd, filler, "", "x", "--XyZ--"}), Type, limits));
    const auto bigBlock = MultipartBody::parse(lines({"--XyZ", cd, filler + "f", "", "x", "--XyZ--"}), Type, limits);
    QCOMPARE(errorCode(bigBlock), u"too_long"_s);
    QCOMPARE(bigBlock.error().fields().first().text(), u"Multipart part header block is too large"_s);
    // A header line that never ends is refused at the limit, not searched to the end of the body.
    const auto endless
        = MultipartBody::parse("--XyZ\r\n" + cd + QByteArray(100000, 'a') + "\r\n\r\nx\r\n--XyZ--", Type, limits);
    QCOMPARE(errorCode(endless), u"too_long"_s);
}

QTEST_GUILESS_MAIN(tst_MultipartBody)
#include "tst_multipartbody.moc"
