#include "requestframer.h"

#include <QHashFunctions>

#include <utility>

using namespace Qt::StringLiterals;

namespace vami::http {

namespace {

// Longest known method is 7 bytes; a longer token cannot be one of ours.
constexpr int kMaxMethodBytes = 16;
// "HTTP/1.1"
constexpr int kVersionBytes = 8;
// RFC 9112: at most 16 hex digits (the value still has to fit the body limit).
constexpr int kMaxChunkSizeDigits = 16;
// 18 decimal digits always fit a qint64.
constexpr int kMaxContentLengthDigits = 18;

constexpr bool isDigit(uchar c)
{
    return c >= '0' && c <= '9';
}

constexpr bool isAlpha(uchar c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

constexpr bool isHexDigit(uchar c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

constexpr int hexValue(uchar c)
{
    if (isDigit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return c - 'A' + 10;
}

// tchar (RFC 9110 5.6.2)
constexpr bool isTokenChar(uchar c)
{
    if (isDigit(c) || isAlpha(c))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

constexpr bool isWhitespace(uchar c)
{
    return c == ' ' || c == '\t';
}

// field-vchar / obs-text / SP / HTAB; no other CTL, no DEL.
constexpr bool isFieldValueByte(uchar c)
{
    return c == '\t' || (c >= 0x20 && c != 0x7f);
}

// Characters of a Host value: reg-name or IP literal, optional port.
constexpr bool isHostChar(uchar c)
{
    if (isDigit(c) || isAlpha(c))
        return true;
    switch (c) {
    case '-':
    case '.':
    case '_':
    case '~':
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=':
    case '%':
    case ':':
    case '[':
    case ']':
        return true;
    default:
        return false;
    }
}

constexpr uchar asciiLower(uchar c)
{
    return (c >= 'A' && c <= 'Z') ? uchar(c - 'A' + 'a') : c;
}

bool equalsIgnoreCase(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (asciiLower(uchar(a[i])) != asciiLower(uchar(b[i])))
            return false;
    }
    return true;
}

// Strips optional whitespace (SP / HTAB only) from both ends.
QByteArrayView trimOws(QByteArrayView value)
{
    qsizetype begin = 0;
    qsizetype end = value.size();
    while (begin < end && isWhitespace(uchar(value[begin])))
        ++begin;
    while (end > begin && isWhitespace(uchar(value[end - 1])))
        --end;
    return value.sliced(begin, end - begin);
}

size_t fieldNameHash(QByteArrayView name)
{
    QByteArray lower(name.size(), Qt::Uninitialized);
    for (qsizetype i = 0; i < name.size(); ++i)
        lower[i] = char(asciiLower(uchar(name[i])));
    return qHash(lower);
}

bool isKnownMethod(QByteArrayView method)
{
    return method == "GET" || method == "HEAD" || method == "POST" || method == "PUT" || method == "DELETE"
        || method == "PATCH" || method == "OPTIONS";
}

// Fields a trailer section must not carry (RFC 9110 6.5.1): framing, routing,
// request modifiers, authentication, content processing. QHttpServer 6.4 merges
// trailer fields into the request's headers, so these would override the head.
bool isForbiddenTrailer(QByteArrayView name)
{
    static constexpr const char *forbidden[] = {
        "content-length",
        "transfer-encoding",
        "host",
        "connection",
        "keep-alive",
        "upgrade",
        "te",
        "trailer",
        "expect",
        "authorization",
        "proxy-authorization",
        "cookie",
        "content-type",
        "content-encoding",
        "content-range",
        "x-request-id",
        "cache-control",
        "max-forwards",
        "range",
        "if-match",
        "if-none-match",
        "if-modified-since",
        "if-unmodified-since",
        "if-range",
    };
    for (const char *candidate : forbidden) {
        if (equalsIgnoreCase(name, QByteArrayView(candidate)))
            return true;
    }
    return false;
}

} // namespace

RequestFramer::RequestFramer(const FrameLimits &limits, BodyLimitLookup bodyLimit)
    : m_limits(limits)
    , m_bodyLimit(std::move(bodyLimit))
{ }

QList<RequestFramer::Event> RequestFramer::feed(const char *data, qsizetype size)
{
    QList<Event> events;
    process(data, size, events, false);
    return events;
}

bool RequestFramer::inRequest() const
{
    return m_inRequest && m_phase != Phase::Dead;
}

bool RequestFramer::inBody() const
{
    switch (m_phase) {
    case Phase::FixedBody:
    case Phase::ChunkSize:
    case Phase::ChunkData:
    case Phase::ChunkDataEnd:
    case Phase::Trailers:
        return true;
    case Phase::RequestLine:
    case Phase::Headers:
    case Phase::Dead:
        return false;
    }
    return false;
}

bool RequestFramer::rejected() const
{
    return m_phase == Phase::Dead;
}

qsizetype RequestFramer::process(const char *data, qsizetype size, QList<Event> &events, bool stopAfterMessage)
{
    if (!data || size <= 0)
        return 0;
    qsizetype i = 0;
    while (i < size && m_phase != Phase::Dead) {
        const qsizetype eventsBefore = events.size();
        switch (m_phase) {
        case Phase::FixedBody: {
            const qint64 n = qMin<qint64>(m_remaining, size - i);
            i += qsizetype(n);
            m_remaining -= n;
            m_bodyReceived += n;
            if (m_remaining == 0)
                messageComplete(events);
            break;
        }
        case Phase::ChunkData: {
            const qint64 n = qMin<qint64>(m_remaining, size - i);
            i += qsizetype(n);
            m_remaining -= n;
            m_bodyReceived += n;
            if (m_remaining == 0) {
                m_phase = Phase::ChunkDataEnd;
                m_chunkEndIndex = 0;
            }
            break;
        }
        case Phase::ChunkDataEnd: {
            const uchar c = uchar(data[i++]);
            if (c != (m_chunkEndIndex == 0 ? '\r' : '\n')) {
                reject(events, 400, "Missing CRLF after chunk data"_ba);
            } else if (++m_chunkEndIndex == 2) {
                m_phase = Phase::ChunkSize;
                m_lineBytes = 0;
                m_lineCR = false;
                m_line.resize(0);
            }
            break;
        }
        case Phase::ChunkSize:
            processChunkSizeByte(uchar(data[i++]), events);
            break;
        case Phase::RequestLine:
            requestLineByte(uchar(data[i++]), events);
            break;
        case Phase::Headers:
        case Phase::Trailers: {
            // The middle of a field line (its first byte has been checked): the run of
            // ordinary bytes up to the next line end is taken at once, within the limit.
            const qsizetype run = fieldLineRun(data + i, size - i);
            if (run > 0) {
                m_headerBytes += run;
                m_line.append(data + i, run);
                i += run;
                break;
            }
            processHeadByte(uchar(data[i++]), events);
            break;
        }
        case Phase::Dead:
            break;
        }
        if (stopAfterMessage) {
            bool completed = false;
            for (qsizetype e = eventsBefore; e < events.size(); ++e)
                completed = completed || events.at(e).type == EventType::MessageComplete;
            if (completed)
                break;
        }
    }
    return i;
}

void RequestFramer::requestLineByte(uchar c, QList<Event> &events)
{
    m_inRequest = true;
    // The limit applies to the line without its CRLF; empty lines before it count too.
    if (++m_lineBytes > m_limits.maxRequestLineBytes + 2) {
        reject(events, 414, "Request line too long"_ba);
        return;
    }
    if (m_lineCR) {
        m_lineCR = false;
        if (c != '\n') {
            reject(events, 400, "Line ends must be CRLF"_ba);
            return;
        }
        if (m_line.isEmpty()) // an empty line before the request line is ignored (RFC 9112 2.2)
            return;
        requestLineComplete(events);
        return;
    }
    if (c == '\r') {
        m_lineCR = true;
        return;
    }
    if (c == '\n') {
        reject(events, 400, "Line ends must be CRLF"_ba);
        return;
    }
    // Validate as the bytes arrive so that garbage (or TLS) is refused at once.
    if (c == ' ') {
        if (m_line.isEmpty() || m_line.endsWith(' ') || m_spaces >= 2) {
            reject(events, 400, "Malformed request line"_ba);
            return;
        }
        ++m_spaces;
    } else if (m_spaces == 0) {
        if (!isTokenChar(c)) {
            reject(events, 400, "Malformed request line"_ba);
            return;
        }
        if (m_line.size() >= kMaxMethodBytes) {
            reject(events, 501, "Method not implemented"_ba);
            return;
        }
    } else if (m_spaces == 1) {
        if (c < 0x21 || c > 0x7e) {
            reject(events, 400, "Malformed request line"_ba);
            return;
        }
    } else {
        const bool versionChar = isDigit(c) || c == '.' || c == 'H' || c == 'T' || c == 'P' || c == '/';
        if (!versionChar || m_line.size() - m_line.lastIndexOf(' ') - 1 >= kVersionBytes) {
            reject(events, 400, "Malformed request line"_ba);
            return;
        }
    }
    m_line.append(char(c));
}

void RequestFramer::requestLineComplete(QList<Event> &events)
{
    const QByteArrayView line(m_line);
    const qsizetype firstSpace = line.indexOf(' ');
    const qsizetype secondSpace = firstSpace < 0 ? -1 : line.indexOf(' ', firstSpace + 1);
    if (m_spaces != 2 || firstSpace <= 0 || secondSpace <= firstSpace + 1 || secondSpace + 1 >= line.size()) {
        reject(events, 400, "Malformed request line"_ba);
        return;
    }
    const QByteArrayView method = line.first(firstSpace);
    const QByteArrayView target = line.sliced(firstSpace + 1, secondSpace - firstSpace - 1);
    const QByteArrayView version = line.sliced(secondSpace + 1);

    if (version.size() != kVersionBytes || !version.startsWith("HTTP/") || !isDigit(uchar(version[5]))
        || version[6] != '.' || !isDigit(uchar(version[7]))) {
        reject(events, 400, "Malformed request line"_ba);
        return;
    }
    if (version[5] != '1' || (version[7] != '0' && version[7] != '1')) {
        reject(events, 505, "HTTP version not supported"_ba);
        return;
    }
    if (!isKnownMethod(method)) {
        reject(events, 501, "Method not implemented"_ba);
        return;
    }
    const bool originForm = target.startsWith('/');
    const bool asteriskForm = target == "*" && method == "OPTIONS";
    if (!originForm && !asteriskForm) {
        reject(events, 400, "Invalid request target"_ba);
        return;
    }

    m_head.method = method.toByteArray();
    m_head.target = target.toByteArray();
    m_head.httpMinor = version[7] - '0';
    m_phase = Phase::Headers;
    m_headerBytes = 0;
    m_headerCount = 0;
    m_lineCR = false;
    m_line.resize(0);
}

qsizetype RequestFramer::fieldLineRun(const char *data, qsizetype size) const
{
    if (m_lineCR || m_line.isEmpty() || (m_phase == Phase::Trailers && !m_trailersAllowed))
        return 0;
    const qsizetype stop = qMin<qsizetype>(size, m_limits.maxHeaderBytes - m_headerBytes);
    qsizetype n = 0;
    while (n < stop && data[n] != '\r' && data[n] != '\n')
        ++n;
    return n;
}

void RequestFramer::processHeadByte(uchar c, QList<Event> &events)
{
    if (++m_headerBytes > m_limits.maxHeaderBytes) {
        reject(events, 431, "Request header fields too large"_ba);
        return;
    }
    if (m_lineCR) {
        m_lineCR = false;
        if (c != '\n') {
            reject(events, 400, "Line ends must be CRLF"_ba);
            return;
        }
        fieldLineComplete(events);
        return;
    }
    if (c == '\r') {
        m_lineCR = true;
        return;
    }
    if (c == '\n') {
        reject(events, 400, "Line ends must be CRLF"_ba);
        return;
    }
    if (m_line.isEmpty() && isWhitespace(c)) {
        reject(events, 400, "Obsolete line folding is not allowed"_ba);
        return;
    }
    if (m_phase == Phase::Trailers && !m_trailersAllowed) {
        reject(events, 501, "Trailer fields not supported"_ba);
        return;
    }
    m_line.append(char(c));
}

void RequestFramer::fieldLineComplete(QList<Event> &events)
{
    if (m_line.isEmpty()) {
        if (m_phase == Phase::Headers)
            headComplete(events);
        else
            messageComplete(events);
        return;
    }
    const QByteArrayView line(m_line);
    const qsizetype colon = line.indexOf(':');
    if (colon < 0) {
        reject(events, 400, "Malformed header field"_ba);
        return;
    }
    const QByteArrayView name = line.first(colon);
    if (name.isEmpty()) {
        reject(events, 400, "Invalid header field name"_ba);
        return;
    }
    if (isWhitespace(uchar(name.back()))) {
        reject(events, 400, "Whitespace before colon in header field"_ba);
        return;
    }
    for (const char c : name) {
        if (!isTokenChar(uchar(c))) {
            reject(events, 400, "Invalid header field name"_ba);
            return;
        }
    }
    if (++m_headerCount > m_limits.maxHeaderCount) {
        reject(events, 431, "Too many header fields"_ba);
        return;
    }
    const QByteArrayView value = trimOws(line.sliced(colon + 1));
    for (const char c : value) {
        if (!isFieldValueByte(uchar(c))) {
            reject(events, 400, "Invalid character in header field value"_ba);
            return;
        }
    }
    const size_t hash = fieldNameHash(name);
    if (m_phase == Phase::Trailers) {
        if (isForbiddenTrailer(name) || m_headFieldHashes.contains(hash)) {
            reject(events, 400, "Trailer field not allowed"_ba);
            return;
        }
    } else {
        if (!m_headFieldHashes.contains(hash))
            m_headFieldHashes.append(hash);
        interpretField(name, value, events);
        if (m_phase == Phase::Dead)
            return;
    }
    m_line.resize(0);
}

void RequestFramer::interpretField(QByteArrayView name, QByteArrayView value, QList<Event> &events)
{
    if (equalsIgnoreCase(name, "host")) {
        if (++m_hostCount > 1) {
            reject(events, 400, "Multiple Host headers"_ba);
            return;
        }
        bool valid = !value.isEmpty();
        for (const char c : value)
            valid = valid && isHostChar(uchar(c));
        if (!valid) {
            reject(events, 400, "Invalid Host header"_ba);
            return;
        }
        m_head.host = value.toByteArray();
    } else if (equalsIgnoreCase(name, "content-length")) {
        if (m_sawContentLength) {
            reject(events, 400, "Multiple Content-Length headers"_ba);
            return;
        }
        m_sawContentLength = true;
        bool valid = !value.isEmpty() && value.size() <= kMaxContentLengthDigits;
        qint64 length = 0;
        for (const char c : value) {
            valid = valid && isDigit(uchar(c));
            if (valid)
                length = length * 10 + (c - '0');
        }
        if (!valid) {
            reject(events, 400, "Invalid Content-Length"_ba);
            return;
        }
        m_head.contentLength = length;
    } else if (equalsIgnoreCase(name, "transfer-encoding")) {
        if (m_sawTransferEncoding) {
            reject(events, 400, "Invalid Transfer-Encoding"_ba);
            return;
        }
        m_sawTransferEncoding = true;
        if (equalsIgnoreCase(value, "chunked")) {
            m_head.chunked = true;
            return;
        }
        bool singleToken = !value.isEmpty();
        for (const char c : value)
            singleToken = singleToken && isTokenChar(uchar(c));
        if (singleToken)
            reject(events, 501, "Transfer-Encoding not supported"_ba);
        else
            reject(events, 400, "Invalid Transfer-Encoding"_ba);
    } else if (equalsIgnoreCase(name, "connection")) {
        qsizetype start = 0;
        while (start <= value.size()) {
            qsizetype comma = value.indexOf(',', start);
            if (comma < 0)
                comma = value.size();
            const QByteArrayView option = trimOws(value.sliced(start, comma - start));
            if (equalsIgnoreCase(option, "close"))
                m_connectionClose = true;
            else if (equalsIgnoreCase(option, "keep-alive"))
                m_connectionKeepAlive = true;
            start = comma + 1;
        }
    } else if (equalsIgnoreCase(name, "expect")) {
        if (!equalsIgnoreCase(value, "100-continue")) {
            reject(events, 417, "Expectation not supported"_ba);
            return;
        }
        m_head.expectContinue = true;
    } else if (equalsIgnoreCase(name, "x-request-id")) {
        if (m_head.requestId.isEmpty())
            m_head.requestId = value.toByteArray();
    } else if (equalsIgnoreCase(name, "x-forwarded-for")) {
        m_head.forwardedFor.append(value.toByteArray());
    }
}

void RequestFramer::headComplete(QList<Event> &events)
{
    if (m_head.httpMinor == 1 && m_hostCount == 0) {
        reject(events, 400, "Missing Host header"_ba);
        return;
    }
    if (m_sawContentLength && m_sawTransferEncoding) {
        reject(events, 400, "Content-Length together with Transfer-Encoding"_ba);
        return;
    }
    if (m_sawTransferEncoding && m_head.httpMinor == 0) {
        reject(events, 400, "Transfer-Encoding is not allowed in HTTP/1.0"_ba);
        return;
    }
    m_head.keepAlive = m_head.httpMinor == 1 ? !m_connectionClose : (m_connectionKeepAlive && !m_connectionClose);

    qint64 limit = m_bodyLimit ? m_bodyLimit(m_head.method, m_head.target) : m_limits.maxBodyBytes;
    if (limit < 0)
        limit = m_limits.maxBodyBytes;
    m_bodyLimitBytes = limit;
    if (m_head.contentLength > limit) {
        reject(events, 413, "Request body too large. Maximum size: " + QByteArray::number(limit) + " bytes");
        return;
    }

    events.append(Event {EventType::HeadComplete, m_head, {}});
    m_line.resize(0);
    m_lineCR = false;
    m_bodyReceived = 0;
    if (m_head.chunked) {
        m_phase = Phase::ChunkSize;
        m_lineBytes = 0;
    } else if (m_head.contentLength > 0) {
        m_phase = Phase::FixedBody;
        m_remaining = m_head.contentLength;
    } else {
        messageComplete(events);
    }
}

void RequestFramer::processChunkSizeByte(uchar c, QList<Event> &events)
{
    if (++m_lineBytes > m_limits.maxRequestLineBytes + 2) {
        reject(events, 400, "Chunk size line too long"_ba);
        return;
    }
    if (m_lineCR) {
        m_lineCR = false;
        if (c != '\n') {
            reject(events, 400, "Line ends must be CRLF"_ba);
            return;
        }
        chunkSizeLineComplete(events);
        return;
    }
    if (c == '\r') {
        m_lineCR = true;
        return;
    }
    if (c == '\n') {
        reject(events, 400, "Line ends must be CRLF"_ba);
        return;
    }
    m_line.append(char(c));
}

void RequestFramer::chunkSizeLineComplete(QList<Event> &events)
{
    const QByteArrayView line(m_line);
    qsizetype digits = 0;
    quint64 size = 0;
    while (digits < line.size() && isHexDigit(uchar(line[digits]))) {
        size = (size << 4) | quint64(hexValue(uchar(line[digits])));
        ++digits;
        if (digits > kMaxChunkSizeDigits) {
            reject(events, 400, "Invalid chunk size"_ba);
            return;
        }
    }
    if (digits == 0) {
        reject(events, 400, "Invalid chunk size"_ba);
        return;
    }
    // chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-value ] ); only its
    // characters are checked here, its length is bounded by the line limit.
    if (digits < line.size()) {
        qsizetype i = digits;
        while (i < line.size() && isWhitespace(uchar(line[i])))
            ++i;
        if (i >= line.size() || line[i] != ';') {
            reject(events, 400, "Invalid chunk size"_ba);
            return;
        }
        for (; i < line.size(); ++i) {
            if (!isFieldValueByte(uchar(line[i]))) {
                reject(events, 400, "Invalid chunk extension"_ba);
                return;
            }
        }
    }
    m_line.resize(0);
    m_lineBytes = 0;
    if (size == 0) {
        m_phase = Phase::Trailers;
        m_headerBytes = 0;
        m_headerCount = 0;
        return;
    }
    const quint64 room = quint64(qMax<qint64>(0, m_bodyLimitBytes - m_bodyReceived));
    if (size > room) {
        reject(events, 413, "Request body too large. Maximum size: " + QByteArray::number(m_bodyLimitBytes) + " bytes");
        return;
    }
    m_remaining = qint64(size);
    m_phase = Phase::ChunkData;
}

void RequestFramer::messageComplete(QList<Event> &events)
{
    events.append(Event {EventType::MessageComplete, m_head, {}});
    resetForNextRequest();
}

void RequestFramer::reject(QList<Event> &events, int status, QByteArray detail)
{
    events.append(Event {EventType::Rejected, m_head, FrameRejection {status, std::move(detail)}});
    m_phase = Phase::Dead;
    m_inRequest = false;
    m_line = QByteArray();
}

void RequestFramer::resetForNextRequest()
{
    m_phase = Phase::RequestLine;
    m_line.resize(0);
    m_lineCR = false;
    m_lineBytes = 0;
    m_spaces = 0;
    m_headerBytes = 0;
    m_headerCount = 0;
    m_remaining = 0;
    m_bodyReceived = 0;
    m_bodyLimitBytes = 0;
    m_hostCount = 0;
    m_sawTransferEncoding = false;
    m_sawContentLength = false;
    m_connectionClose = false;
    m_connectionKeepAlive = false;
    m_inRequest = false;
    m_chunkEndIndex = 0;
    m_headFieldHashes.clear();
    m_head = RequestHead {};
}

} // namespace vami::http
