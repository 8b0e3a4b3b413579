#include "multipartbody.h"

#include <QCoreApplication>
#include <QStringDecoder>

#include <optional>

using namespace Qt::StringLiterals;

namespace vami::http {

namespace {

constexpr qsizetype MaxBoundary = 70;

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

// RFC 2046 bchars (space only inside, never last).
bool isBoundaryChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("'()+_,-./:=? ").contains(c);
}

// A header field value byte: HTAB, SP, VCHAR or obs-text; never CR, LF, NUL or another control.
bool isFieldValueByte(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u == '\t' || (u >= 0x20 && u != 0x7f);
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t';
}

QByteArrayView trimmed(QByteArrayView text)
{
    qsizetype begin = 0;
    qsizetype end = text.size();
    while (begin < end && isSpace(text[begin]))
        ++begin;
    while (end > begin && isSpace(text[end - 1]))
        --end;
    return text.sliced(begin, end - begin);
}

struct Parameter
{
    QByteArray name; // lower case
    QByteArray value; // unquoted, escapes resolved
};

// A header value of the form `token *( OWS ";" OWS name "=" ( token / quoted-string ) ) OWS`
// (Content-Type, Content-Disposition); nullopt when it does not have that form or
// names a parameter twice.
struct HeaderValue
{
    QByteArray first; // the leading token (or type/subtype), lower case
    QList<Parameter> parameters;

    [[nodiscard]] const Parameter *parameter(QByteArrayView name) const
    {
        for (const Parameter &p : parameters) {
            if (p.name == name)
                return &p;
        }
        return nullptr;
    }
};

std::optional<HeaderValue> parseHeaderValue(QByteArrayView text, bool mediaType)
{
    HeaderValue result;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n && isSpace(text[i]))
        ++i;
    const auto token = [&]() {
        const qsizetype start = i;
        while (i < n && isTokenChar(text[i]))
            ++i;
        return text.sliced(start, i - start);
    };
    const QByteArrayView type = token();
    if (type.isEmpty())
        return std::nullopt;
    result.first = type.toByteArray().toLower();
    if (mediaType) {
        if (i >= n || text[i] != '/')
            return std::nullopt;
        ++i;
        const QByteArrayView subtype = token();
        if (subtype.isEmpty())
            return std::nullopt;
        result.first += '/' + subtype.toByteArray().toLower();
    }
    for (;;) {
        while (i < n && isSpace(text[i]))
            ++i;
        if (i == n)
            return result;
        if (text[i] != ';')
            return std::nullopt;
        ++i;
        while (i < n && isSpace(text[i]))
            ++i;
        Parameter parameter;
        parameter.name = token().toByteArray().toLower();
        if (parameter.name.isEmpty() || i >= n || text[i] != '=')
            return std::nullopt;
        ++i;
        if (i < n && text[i] == '"') {
            ++i;
            bool closed = false;
            while (i < n) {
                const char c = text[i++];
                if (c == '"') {
                    closed = true;
                    break;
                }
                if (c == '\\') {
                    if (i >= n)
                        return std::nullopt;
                    parameter.value += text[i++];
                } else {
                    parameter.value += c;
                }
            }
            if (!closed)
                return std::nullopt;
        } else {
            parameter.value = token().toByteArray();
            if (parameter.value.isEmpty())
                return std::nullopt;
        }
        if (result.parameter(parameter.name))
            return std::nullopt;
        result.parameters.append(std::move(parameter));
    }
}

std::optional<QString> utf8(const QByteArray &bytes)
{
    // A leading byte order mark is kept: names are compared exactly.
    QStringDecoder decoder(
        QStringDecoder::Utf8, QStringDecoder::Flag::Stateless | QStringDecoder::Flag::ConvertInitialBom);
    QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return text;
}

std::unexpected<Error> multipartError(const char *code, const char *message, const QString &field = {})
{
    return fail(Error::validation(
        {FieldError{field, QString::fromLatin1(code), message, {}, QJsonValue(QJsonValue::Undefined)}}));
}

std::unexpected<Error> boundaryError()
{
    return multipartError(
        "multipart_boundary", QT_TRANSLATE_NOOP("vami", "Content-Type has no valid multipart boundary"));
}

std::unexpected<Error> truncated()
{
    return multipartError(
        "multipart_truncated", QT_TRANSLATE_NOOP("vami", "Multipart body ends without its closing delimiter"));
}

std::unexpected<Error> badHeader()
{
    return multipartError("multipart_header", QT_TRANSLATE_NOOP("vami", "Multipart part header is malformed"));
}

// Reads one part's header block starting at `pos` (just after the delimiter's CRLF)
// up to and including the empty line; fills `part` and moves `pos` past the block.
Status readHeaders(QByteArrayView all, qsizetype &pos, const MultipartLimits &limits, MultipartPart &part)
{
    const qsizetype blockStart = pos;
    const qsizetype blockEnd = std::min(all.size(), blockStart + limits.maxHeaderBytes);
    int count = 0;
    bool haveDisposition = false;
    bool haveType = false;
    for (;;) {
        const QByteArrayView window = all.sliced(pos, blockEnd - pos);
        const qsizetype lf = window.indexOf('\n');
        if (lf < 0) {
            if (blockEnd < all.size())
                return multipartError(
                    "too_long", QT_TRANSLATE_NOOP("vami", "Multipart part header block is too large"));
            return truncated();
        }
        if (lf == 0 || window[lf - 1] != '\r')
            return badHeader(); // a bare LF
        const QByteArrayView line = window.first(lf - 1);
        pos += lf + 1;
        if (line.isEmpty())
            break;
        if (++count > limits.maxHeaders)
            return multipartError("too_long", QT_TRANSLATE_NOOP("vami", "Too many headers in a multipart part"));
        for (char c : line) {
            if (!isFieldValueByte(c))
                return badHeader(); // NUL, a bare CR, another control
        }
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return badHeader(); // no name, or a folded continuation line
        const QByteArrayView name = line.first(colon);
        for (char c : name) {
            if (!isTokenChar(c))
                return badHeader();
        }
        const QByteArrayView value = trimmed(line.sliced(colon + 1));
        const QByteArray lowerName = name.toByteArray().toLower();
        if (lowerName == "content-disposition") {
            if (haveDisposition)
                return badHeader();
            haveDisposition = true;
            const auto disposition = parseHeaderValue(value, false);
            if (!disposition)
                return badHeader();
            const Parameter *partName = disposition->parameter("name");
            if (disposition->first != "form-data" || !partName || partName->value.isEmpty())
                return multipartError("multipart_disposition",
                    QT_TRANSLATE_NOOP("vami",
                        "Multipart part has no form-data Content-Disposition "
                        "with a name"));
            const auto decodedName = utf8(partName->value);
            if (!decodedName)
                return badHeader();
            part.name = *decodedName;
            // filename* (RFC 5987) is not used in form-data (RFC 7578 section 4.2) and is ignored.
            if (const Parameter *filename = disposition->parameter("filename")) {
                const auto decodedFilename = utf8(filename->value);
                if (!decodedFilename)
                    return badHeader();
                part.filename = *decodedFilename;
                part.isFile = true;
            }
        } else if (lowerName == "content-type") {
            if (haveType)
                return badHeader();
            haveType = true;
            const auto type = parseHeaderValue(value, true);
            if (!type)
                return badHeader();
            part.mediaType = type->first;
            part.contentType = value.toByteArray();
        } else if (lowerName == "content-transfer-encoding") {
            const QByteArray encoding = value.toByteArray().toLower();
            if (encoding != "binary" && encoding != "8bit" && encoding != "7bit")
                return multipartError("multipart_header",
                    QT_TRANSLATE_NOOP("vami",
                        "Unsupported Content-Transfer-Encoding in a multipart "
                        "part"));
        }
    }
    if (!haveDisposition)
        return multipartError("multipart_disposition",
            QT_TRANSLATE_NOOP("vami",
                "Multipart part has no form-data Content-Disposition with a "
                "name"));
    if (!haveType)
        part.mediaType = QByteArrayLiteral("text/plain");
    return {};
}

} // namespace

Result<QByteArray> MultipartBody::boundaryOf(QByteArrayView contentType)
{
    const auto value = parseHeaderValue(contentType, true);
    if (!value || !value->first.startsWith("multipart/"))
        return boundaryError();
    const Parameter *boundary = value->parameter("boundary");
    if (!boundary || boundary->value.isEmpty() || boundary->value.size() > MaxBoundary || boundary->value.endsWith(' '))
        return boundaryError();
    for (char c : boundary->value) {
        if (!isBoundaryChar(c))
            return boundaryError();
    }
    return boundary->value;
}

Result<MultipartBody> MultipartBody::parse(
    const QByteArray &body, QByteArrayView contentType, const MultipartLimits &limits)
{
    const auto type = parseHeaderValue(contentType, true);
    if (!type || type->first != "multipart/form-data")
        return boundaryError();
    const auto boundary = boundaryOf(contentType);
    if (!boundary)
        return fail(boundary.error());

    MultipartBody result;
    result.m_body = body;
    const QByteArrayView all(result.m_body);
    const QByteArray delimiter = "\r\n--" + *boundary;
    const QByteArrayView dashBoundary = QByteArrayView(delimiter).sliced(2);

    qsizetype pos = 0;
    if (all.startsWith(dashBoundary)) {
        pos = dashBoundary.size();
    } else {
        const qsizetype first = all.indexOf(delimiter); // after a preamble
        if (first < 0)
            return multipartError(
                "multipart_invalid", QT_TRANSLATE_NOOP("vami", "Multipart body has no boundary delimiter"));
        pos = first + delimiter.size();
    }
    for (;;) {
        // Just after a delimiter: "--" closes the body (the epilogue is ignored),
        // otherwise optional transport padding and CRLF start the next part.
        if (all.sliced(pos).startsWith("--"))
            break;
        while (pos < all.size() && isSpace(all[pos]))
            ++pos;
        if (all.size() - pos < 2)
            return truncated();
        if (all[pos] != '\r' || all[pos + 1] != '\n')
            return multipartError(
                "multipart_invalid", QT_TRANSLATE_NOOP("vami", "Multipart delimiter line is malformed"));
        pos += 2;
        if (result.m_parts.size() >= limits.maxParts)
            return multipartError("too_long", QT_TRANSLATE_NOOP("vami", "Too many multipart parts"));
        MultipartPart part;
        if (Status headers = readHeaders(all, pos, limits, part); !headers)
            return fail(headers.error());
        if (result.part(part.name))
            return fail(Error::validation({FieldError{part.name, u"repeated"_s,
                QT_TRANSLATE_NOOP("vami", "Field given more than once"), {}, QJsonValue(QJsonValue::Undefined)}}));
        const qsizetype end = all.indexOf(delimiter, pos);
        if (end < 0)
            return truncated();
        part.offset = pos;
        part.size = end - pos;
        result.m_parts.append(std::move(part));
        pos = end + delimiter.size();
    }
    return result;
}

const MultipartPart *MultipartBody::part(QStringView name) const
{
    for (const MultipartPart &p : m_parts) {
        if (p.name == name)
            return &p;
    }
    return nullptr;
}

QByteArrayView MultipartBody::content(const MultipartPart &part) const
{
    Q_ASSERT(part.offset >= 0 && part.offset + part.size <= m_body.size());
    return QByteArrayView(m_body).sliced(part.offset, part.size);
}

} // namespace vami::http
