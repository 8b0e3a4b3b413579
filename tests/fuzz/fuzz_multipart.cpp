// libFuzzer target: the multipart/form-data parser. The first byte chooses the
// Content-Type (three fixed boundaries, or a Content-Type read from the input up
// to its first LF); the rest is the body. Parts must be ordered, non-overlapping
// ranges of the body with unique names that never contain a delimiter, a refusal
// is a validation error with a code and a message, and an accepted body written
// out again from its parts is accepted again with the same parts.

#include "http/multipartbody.h"

#include <cstdint>
#include <cstdlib>

using namespace vami;
using namespace vami::http;

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

QByteArray quoted(const QByteArray &text)
{
    QByteArray out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + '"';
}

// The parts of `parsed`, written as a body of their own with `boundary`.
QByteArray rebuild(const MultipartBody &parsed, const QByteArray &boundary)
{
    QByteArray body;
    for (const MultipartPart &part : parsed.parts()) {
        body += "--" + boundary + "\r\nContent-Disposition: form-data; name=" + quoted(part.name.toUtf8());
        if (part.isFile)
            body += "; filename=" + quoted(part.filename.toUtf8());
        body += "\r\n";
        if (!part.contentType.isEmpty())
            body += "Content-Type: " + part.contentType + "\r\n";
        body += "\r\n" + parsed.content(part).toByteArray() + "\r\n";
    }
    return body + "--" + boundary + "--";
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const QByteArrayView input(reinterpret_cast<const char *>(data) + 1, qsizetype(size) - 1);
    QByteArray contentType;
    QByteArray body;
    switch (data[0] % 4) {
    case 0:
        contentType = "multipart/form-data; boundary=XyZ";
        break;
    case 1:
        contentType = "multipart/form-data; boundary=\"a'(b) c\"";
        break;
    case 2:
        contentType = "Multipart/Form-Data; charset=utf-8; boundary=-";
        break;
    default: {
        const qsizetype lf = input.indexOf('\n');
        if (lf < 0 || lf > 200)
            return 0;
        contentType = input.first(lf).toByteArray();
        body = input.sliced(lf + 1).toByteArray();
        break;
    }
    }
    if (data[0] % 4 != 3)
        body = input.toByteArray();

    MultipartLimits limits;
    limits.maxParts = 8;
    limits.maxHeaders = 4;
    limits.maxHeaderBytes = 512;
    const auto parsed = MultipartBody::parse(body, contentType, limits);
    if (!parsed) {
        check(parsed.error().kind() == ErrorKind::Validation);
        check(!parsed.error().fields().isEmpty());
        check(!parsed.error().fields().first().code.isEmpty());
        check(!parsed.error().fields().first().text().isEmpty());
        return 0;
    }
    const auto boundary = MultipartBody::boundaryOf(contentType);
    check(boundary.has_value() && !boundary->isEmpty() && boundary->size() <= 70);
    const QByteArray delimiter = "\r\n--" + *boundary;
    check(parsed->parts().size() <= limits.maxParts);
    qsizetype previousEnd = 0;
    for (const MultipartPart &part : parsed->parts()) {
        check(!part.name.isEmpty());
        check(parsed->part(part.name) == &part);
        check(part.offset >= previousEnd + 4 && part.size >= 0 && part.offset + part.size <= body.size());
        check(QByteArrayView(body).sliced(part.offset - 4, 4) == "\r\n\r\n");
        check(QByteArrayView(body).sliced(part.offset + part.size).startsWith(delimiter));
        check(parsed->content(part).indexOf(delimiter) < 0);
        check(part.mediaType.contains('/') && part.mediaType == part.mediaType.toLower());
        previousEnd = part.offset + part.size;
    }

    MultipartLimits relaxed = limits;
    relaxed.maxHeaderBytes = 64 * 1024;
    const QByteArray again = rebuild(*parsed, *boundary);
    const auto reparsed = MultipartBody::parse(again, contentType, relaxed);
    check(reparsed.has_value());
    check(reparsed->parts().size() == parsed->parts().size());
    for (qsizetype i = 0; i < parsed->parts().size(); ++i) {
        const MultipartPart &a = parsed->parts().at(i);
        const MultipartPart &b = reparsed->parts().at(i);
        check(a.name == b.name && a.isFile == b.isFile && a.filename == b.filename && a.mediaType == b.mediaType);
        check(parsed->content(a) == reparsed->content(b));
    }
    return 0;
}
