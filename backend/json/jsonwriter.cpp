#include "jsonwriter.h"

#include "core/ids.h"
#include "core/instant.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <charconv>
#include <cmath>

namespace vami {

JsonWriter::JsonWriter(qsizetype reserve)
{
    grow(std::max<qsizetype>(reserve, 16));
}

JsonWriter::JsonWriter(JsonWriter &&other) noexcept
    : m_out(std::move(other.m_out))
    , m_buffer(std::exchange(other.m_buffer, nullptr))
    , m_size(std::exchange(other.m_size, 0))
    , m_capacity(std::exchange(other.m_capacity, 0))
    , m_hasElement(other.m_hasElement)
    , m_depth(other.m_depth)
    , m_afterKey(other.m_afterKey)
{
}

JsonWriter &JsonWriter::operator=(JsonWriter &&other) noexcept
{
    if (this != &other) {
        m_out = std::move(other.m_out);
        m_buffer = std::exchange(other.m_buffer, nullptr);
        m_size = std::exchange(other.m_size, 0);
        m_capacity = std::exchange(other.m_capacity, 0);
        m_hasElement = other.m_hasElement;
        m_depth = other.m_depth;
        m_afterKey = other.m_afterKey;
    }
    return *this;
}

void JsonWriter::grow(qsizetype bytes)
{
    m_capacity = std::max(m_capacity * 2, m_size + bytes);
    m_out.resize(m_capacity);
    m_buffer = m_out.data();
}

QByteArray JsonWriter::take()
{
    m_out.resize(m_size);
    QByteArray out = std::move(m_out);
    m_out = QByteArray();
    m_buffer = nullptr;
    m_size = m_capacity = 0;
    return out;
}

void JsonWriter::separate()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    const quint64 bit = quint64(1) << (m_depth & 63);
    if (m_hasElement & bit)
        put(',');
    else
        m_hasElement |= bit;
}

JsonWriter &JsonWriter::beginObject()
{
    separate();
    put('{');
    ++m_depth;
    m_hasElement &= ~(quint64(1) << (m_depth & 63));
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    --m_depth;
    put('}');
    return *this;
}

JsonWriter &JsonWriter::beginArray()
{
    separate();
    put('[');
    ++m_depth;
    m_hasElement &= ~(quint64(1) << (m_depth & 63));
    return *this;
}

JsonWriter &JsonWriter::endArray()
{
    --m_depth;
    put(']');
    return *this;
}

JsonWriter &JsonWriter::key(const char *name, qsizetype n)
{
    separate();
    char *p = room(n + 3);
    *p++ = '"';
    std::memcpy(p, name, size_t(n));
    p += n;
    *p++ = '"';
    *p++ = ':';
    done(p);
    m_afterKey = true;
    return *this;
}

namespace {

// Writes `text` as a JSON string (quotes included) at `p`, which has room for
// 2 + 6 * text.size() bytes; returns the end. Lone surrogates become U+FFFD.
char *writeEscaped(char *p, QStringView text)
{
    static const char hex[] = "0123456789abcdef";
    *p++ = '"';
    const char16_t *s = text.utf16();
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = s[i];
        if (c < 0x80) {
            if (c >= 0x20 && c != u'"' && c != u'\\') {
                *p++ = char(c);
                continue;
            }
            *p++ = '\\';
            switch (c) {
            case u'"':
                *p++ = '"';
                break;
            case u'\\':
                *p++ = '\\';
                break;
            case u'\n':
                *p++ = 'n';
                break;
            case u'\r':
                *p++ = 'r';
                break;
            case u'\t':
                *p++ = 't';
                break;
            case u'\b':
                *p++ = 'b';
                break;
            case u'\f':
                *p++ = 'f';
                break;
            default:
                *p++ = 'u';
                *p++ = '0';
                *p++ = '0';
                *p++ = hex[c >> 4];
                *p++ = hex[c & 15];
            }
        } else if (c < 0x800) {
            *p++ = char(0xc0 | (c >> 6));
            *p++ = char(0x80 | (c & 0x3f));
        } else if (QChar::isHighSurrogate(c) && i + 1 < n && QChar::isLowSurrogate(s[i + 1])) {
            const char32_t u = QChar::surrogateToUcs4(c, s[++i]);
            *p++ = char(0xf0 | (u >> 18));
            *p++ = char(0x80 | ((u >> 12) & 0x3f));
            *p++ = char(0x80 | ((u >> 6) & 0x3f));
            *p++ = char(0x80 | (u & 0x3f));
        } else {
            const char16_t v = QChar::isSurrogate(c) ? char16_t(0xfffd) : c;
            *p++ = char(0xe0 | (v >> 12));
            *p++ = char(0x80 | ((v >> 6) & 0x3f));
            *p++ = char(0x80 | (v & 0x3f));
        }
    }
    *p++ = '"';
    return p;
}

// The same for UTF-8 input (already valid: literals and enum names).
char *writeEscapedUtf8(char *p, std::string_view text)
{
    static const char hex[] = "0123456789abcdef";
    *p++ = '"';
    for (const char ch : text) {
        const uchar c = uchar(ch);
        if (c >= 0x20 && c != '"' && c != '\\') {
            *p++ = ch;
            continue;
        }
        *p++ = '\\';
        switch (c) {
        case '"':
            *p++ = '"';
            break;
        case '\\':
            *p++ = '\\';
            break;
        case '\n':
            *p++ = 'n';
            break;
        case '\r':
            *p++ = 'r';
            break;
        case '\t':
            *p++ = 't';
            break;
        default:
            *p++ = 'u';
            *p++ = '0';
            *p++ = '0';
            *p++ = hex[c >> 4];
            *p++ = hex[c & 15];
        }
    }
    *p++ = '"';
    return p;
}

} // namespace

void JsonWriter::appendEscaped(QByteArray &out, QStringView text)
{
    const qsizetype size = out.size();
    out.resize(size + 2 + 6 * text.size());
    char *end = writeEscaped(out.data() + size, text);
    out.resize(end - out.constData());
}

JsonWriter &JsonWriter::value(QStringView text)
{
    separate();
    done(writeEscaped(room(2 + 6 * text.size()), text));
    return *this;
}

JsonWriter &JsonWriter::value(const char *utf8)
{
    return value(std::string_view(utf8));
}

JsonWriter &JsonWriter::value(std::string_view utf8)
{
    separate();
    done(writeEscapedUtf8(room(2 + 6 * qsizetype(utf8.size())), utf8));
    return *this;
}

JsonWriter &JsonWriter::value(bool flag)
{
    separate();
    if (flag)
        put("true", 4);
    else
        put("false", 5);
    return *this;
}

JsonWriter &JsonWriter::value(qint64 number)
{
    separate();
    char *p = room(24);
    done(std::to_chars(p, p + 24, number).ptr);
    return *this;
}

JsonWriter &JsonWriter::value(double number)
{
    separate();
    if (!std::isfinite(number)) {
        put("null", 4);
        return *this;
    }
    if (number == std::floor(number) && std::fabs(number) < 1e15) {
        const QByteArray digits = QByteArray::number(qint64(number));
        put(digits.constData(), digits.size());
        put(".0", 2);
    } else {
        const QByteArray text = QByteArray::number(number, 'g', 17);
        put(text.constData(), text.size());
        // Large integral values come out without a fraction or exponent; they would
        // read back as integers, which strict readers refuse beyond 2^53.
        if (!text.contains('.') && !text.contains('e'))
            put(".0", 2);
    }
    return *this;
}

JsonWriter &JsonWriter::value(const QDateTime &instant)
{
    if (!instant.isValid())
        return null();
    const qint64 ms = instant.toMSecsSinceEpoch();
    if (!isWritableInstant(ms)) {
        separate();
        const QByteArray text = instantUtf8(instant);
        put('"');
        put(text.constData(), text.size());
        put('"');
        return *this;
    }
    separate();
    char *p = room(MaxInstantTextLength + 2);
    *p++ = '"';
    p += writeInstantAscii(ms, p);
    *p++ = '"';
    done(p);
    return *this;
}

JsonWriter &JsonWriter::value(const QUuid &id)
{
    if (id.isNull())
        return null();
    separate();
    char *p = room(IdTextLength + 2);
    *p++ = '"';
    writeIdAscii(id, p);
    p += IdTextLength;
    *p++ = '"';
    done(p);
    return *this;
}

JsonWriter &JsonWriter::value(const QJsonValue &json)
{
    switch (json.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined: return null();
    case QJsonValue::Bool: return value(json.toBool());
    case QJsonValue::Double: {
        const double d = json.toDouble();
        if (d == std::floor(d) && std::fabs(d) < 9007199254740992.0)
            return value(qint64(d));
        return value(d);
    }
    case QJsonValue::String: return value(json.toString());
    case QJsonValue::Array: return raw(QJsonDocument(json.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object: return raw(QJsonDocument(json.toObject()).toJson(QJsonDocument::Compact));
    }
    return null();
}

JsonWriter &JsonWriter::null()
{
    separate();
    put("null", 4);
    return *this;
}

JsonWriter &JsonWriter::raw(const QByteArray &json)
{
    separate();
    put(json.constData(), json.size());
    return *this;
}


} // namespace vami
