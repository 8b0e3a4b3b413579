#include "strictjson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>
#include <vector>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

constexpr qint64 MaxSafeInteger = 9007199254740992; // 2^53

class Parser
{
public:
    Parser(QByteArrayView text, const StrictJsonLimits &limits)
        : m_begin(text.data())
        , m_p(text.data())
        , m_end(text.data() + text.size())
        , m_limits(limits)
    {
    }

    std::expected<QJsonValue, JsonSyntaxError> run()
    {
        if (m_end - m_p >= 3 && uchar(m_p[0]) == 0xEF && uchar(m_p[1]) == 0xBB && uchar(m_p[2]) == 0xBF)
            return failAt(m_p, u"byte order mark"_s);
        skipWhitespace();
        QJsonValue value;
        if (!parseValue(value))
            return std::unexpected(m_error);
        skipWhitespace();
        if (m_p != m_end)
            return failAt(m_p, u"unexpected content after the value"_s);
        return value;
    }

private:
    std::unexpected<JsonSyntaxError> failAt(const char *at, const QString &reason)
    {
        fail(at, reason);
        return std::unexpected(m_error);
    }

    bool fail(const char *at, const QString &reason)
    {
        if (m_error.reason.isEmpty())
            m_error = JsonSyntaxError{qsizetype(at - m_begin), reason};
        return false;
    }

    void skipWhitespace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r'))
            ++m_p;
    }

    bool countElement()
    {
        if (++m_elements > m_limits.maxElements)
            return fail(m_p, u"too many elements"_s);
        return true;
    }

    bool parseValue(QJsonValue &out)
    {
        if (m_p >= m_end)
            return fail(m_p, u"unexpected end of input"_s);
        switch (*m_p) {
        case '{': return parseObject(out);
        case '[': return parseArray(out);
        case '"': {
            QString s;
            if (!parseString(s))
                return false;
            out = QJsonValue(s);
            return true;
        }
        case 't': return literal("true", QJsonValue(true), out);
        case 'f': return literal("false", QJsonValue(false), out);
        case 'n': return literal("null", QJsonValue(QJsonValue::Null), out);
        default:
            if (*m_p == '-' || (*m_p >= '0' && *m_p <= '9'))
                return parseNumber(out);
            return fail(m_p, u"unexpected character"_s);
        }
    }

    bool literal(const char *word, const QJsonValue &value, QJsonValue &out)
    {
        const qsizetype n = qsizetype(qstrlen(word));
        if (m_end - m_p < n || QByteArrayView(m_p, n) != QByteArrayView(word, n))
            return fail(m_p, u"invalid literal"_s);
        m_p += n;
        out = value;
        return true;
    }

    bool enter()
    {
        if (++m_depth > m_limits.maxDepth)
            return fail(m_p, u"nesting deeper than %1"_s.arg(m_limits.maxDepth));
        return true;
    }

    bool parseObject(QJsonValue &out)
    {
        if (!enter())
            return false;
        ++m_p; // {
        std::vector<std::pair<QString, QJsonValue>> members;
        QSet<QString> keys;
        skipWhitespace();
        if (m_p < m_end && *m_p == '}') {
            ++m_p;
            --m_depth;
            out = QJsonObject();
            return true;
        }
        for (;;) {
            skipWhitespace();
            if (m_p >= m_end || *m_p != '"')
                return fail(m_p, u"expected a member name"_s);
            const char *keyStart = m_p;
            QString key;
            if (!parseString(key))
                return false;
            if (keys.contains(key))
                return fail(keyStart, u"duplicate key \"%1\""_s.arg(key.left(64)));
            keys.insert(key);
            skipWhitespace();
            if (m_p >= m_end || *m_p != ':')
                return fail(m_p, u"expected ':'"_s);
            ++m_p;
            skipWhitespace();
            QJsonValue value;
            if (!parseValue(value))
                return false;
            if (!countElement())
                return false;
            members.emplace_back(std::move(key), std::move(value));
            const Next next = afterElement('}');
            if (next == Next::Error)
                return fail(m_p, u"expected ',' or '}'"_s);
            if (next == Next::Done)
                break;
        }
        // QJsonObject keeps its keys sorted; inserting in order appends each time.
        std::sort(members.begin(), members.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
        QJsonObject object;
        for (auto &[k, v] : members)
            object.insert(k, v);
        --m_depth;
        out = object;
        return true;
    }

    enum class Next { More, Done, Error };

    // After an element of an object or array: a ',' (another element follows)
    // or the closing bracket, each consumed.
    Next afterElement(char close)
    {
        skipWhitespace();
        if (m_p < m_end && *m_p == ',') {
            ++m_p;
            return Next::More;
        }
        if (m_p < m_end && *m_p == close) {
            ++m_p;
            return Next::Done;
        }
        return Next::Error;
    }

    bool parseArray(QJsonValue &out)
    {
        if (!enter())
            return false;
        ++m_p; // [
        QJsonArray array;
        skipWhitespace();
        if (m_p < m_end && *m_p == ']') {
            ++m_p;
            --m_depth;
            out = array;
            return true;
        }
        for (;;) {
            skipWhitespace();
            QJsonValue value;
            if (!parseValue(value))
                return false;
            if (!countElement())
                return false;
            array.append(value);
            const Next next = afterElement(']');
            if (next == Next::Error)
                return fail(m_p, u"expected ',' or ']'"_s);
            if (next == Next::Done)
                break;
        }
        --m_depth;
        out = array;
        return true;
    }

    static int hexValue(char c)
    {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    }

    bool readHex4(char16_t &unit)
    {
        if (m_end - m_p < 4)
            return fail(m_p, u"truncated \\u escape"_s);
        unit = 0;
        for (int i = 0; i < 4; ++i) {
            const int h = hexValue(m_p[i]);
            if (h < 0)
                return fail(m_p + i, u"invalid \\u escape"_s);
            unit = char16_t((unit << 4) | h);
        }
        m_p += 4;
        return true;
    }

    bool parseString(QString &out)
    {
        const char *start = m_p;
        ++m_p; // opening quote
        out.clear();
        const char *run = m_p; // pending run of plain ASCII
        auto flushRun = [&] {
            if (m_p > run)
                out.append(QLatin1StringView(run, m_p - run));
        };
        for (;;) {
            if (m_p >= m_end)
                return fail(start, u"unterminated string"_s);
            if (m_p - start > m_limits.maxStringBytes)
                return fail(start, u"string longer than %1 bytes"_s.arg(m_limits.maxStringBytes));
            const uchar c = uchar(*m_p);
            if (c == '"') {
                flushRun();
                ++m_p;
                return true;
            }
            if (c < 0x20)
                return fail(m_p, u"control character in a string"_s);
            if (c == '\\') {
                flushRun();
                ++m_p;
                if (m_p >= m_end)
                    return fail(m_p, u"truncated escape"_s);
                const char e = *m_p++;
                switch (e) {
                case '"': out.append(u'"'); break;
                case '\\': out.append(u'\\'); break;
                case '/': out.append(u'/'); break;
                case 'b': out.append(u'\b'); break;
                case 'f': out.append(u'\f'); break;
                case 'n': out.append(u'\n'); break;
                case 'r': out.append(u'\r'); break;
                case 't': out.append(u'\t'); break;
                case 'u': {
                    const char *escape = m_p - 2;
                    char16_t unit = 0;
                    if (!readHex4(unit))
                        return false;
                    if (unit == 0)
                        return fail(escape, u"NUL character in a string"_s);
                    if (QChar::isLowSurrogate(unit))
                        return fail(escape, u"lone low surrogate"_s);
                    if (QChar::isHighSurrogate(unit)) {
                        if (m_end - m_p < 6 || m_p[0] != '\\' || m_p[1] != 'u')
                            return fail(escape, u"lone high surrogate"_s);
                        m_p += 2;
                        char16_t low = 0;
                        if (!readHex4(low))
                            return false;
                        if (!QChar::isLowSurrogate(low))
                            return fail(escape, u"lone high surrogate"_s);
                        out.append(QChar(unit));
                        out.append(QChar(low));
                    } else {
                        out.append(QChar(unit));
                    }
                    break;
                }
                default: return fail(m_p - 1, u"invalid escape"_s);
                }
                run = m_p;
                continue;
            }
            if (c < 0x80) {
                ++m_p;
                continue;
            }
            // A multi-byte UTF-8 sequence: validate and decode it.
            flushRun();
            char32_t cp = 0;
            int length = 0;
            if (c >= 0xC2 && c <= 0xDF) {
                cp = c & 0x1F;
                length = 2;
            } else if (c >= 0xE0 && c <= 0xEF) {
                cp = c & 0x0F;
                length = 3;
            } else if (c >= 0xF0 && c <= 0xF4) {
                cp = c & 0x07;
                length = 4;
            } else {
                return fail(m_p, u"invalid UTF-8"_s);
            }
            if (m_end - m_p < length)
                return fail(m_p, u"truncated UTF-8"_s);
            for (int i = 1; i < length; ++i) {
                const uchar cc = uchar(m_p[i]);
                if ((cc & 0xC0) != 0x80)
                    return fail(m_p, u"invalid UTF-8"_s);
                cp = (cp << 6) | (cc & 0x3F);
            }
            if ((length == 3 && cp < 0x800) || (length == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
                return fail(m_p, u"overlong or out-of-range UTF-8"_s);
            if (cp >= 0xD800 && cp <= 0xDFFF)
                return fail(m_p, u"encoded surrogate"_s);
            if (cp >= 0x10000) {
                out.append(QChar::highSurrogate(cp));
                out.append(QChar::lowSurrogate(cp));
            } else {
                out.append(QChar(char16_t(cp)));
            }
            m_p += length;
            run = m_p;
        }
    }

    bool parseNumber(QJsonValue &out)
    {
        const char *start = m_p;
        if (*m_p == '-')
            ++m_p;
        if (m_p >= m_end)
            return fail(start, u"invalid number"_s);
        if (*m_p == '0') {
            ++m_p;
            if (m_p < m_end && *m_p >= '0' && *m_p <= '9')
                return fail(start, u"leading zero"_s);
        } else if (*m_p >= '1' && *m_p <= '9') {
            while (m_p < m_end && *m_p >= '0' && *m_p <= '9')
                ++m_p;
        } else {
            return fail(start, u"invalid number"_s);
        }
        bool integral = true;
        if (m_p < m_end && *m_p == '.') {
            integral = false;
            ++m_p;
            if (m_p >= m_end || *m_p < '0' || *m_p > '9')
                return fail(start, u"invalid number"_s);
            while (m_p < m_end && *m_p >= '0' && *m_p <= '9')
                ++m_p;
        }
        if (m_p < m_end && (*m_p == 'e' || *m_p == 'E')) {
            integral = false;
            ++m_p;
            if (m_p < m_end && (*m_p == '+' || *m_p == '-'))
                ++m_p;
            if (m_p >= m_end || *m_p < '0' || *m_p > '9')
                return fail(start, u"invalid number"_s);
            while (m_p < m_end && *m_p >= '0' && *m_p <= '9')
                ++m_p;
        }
        // One rule by value, whatever the spelling: a number's magnitude is at most 2^53, the
        // range in which every integer is exact. "9007199254740993", "9.007199254740993e15" and
        // "1e20" are all refused, so an identifier or amount can never be silently rounded, and
        // every accepted value reads back the same after Qt writes it (Qt writes integral values
        // as digits).
        if (integral) {
            qint64 value = 0;
            const auto [ptr, ec] = std::from_chars(start, m_p, value);
            if (ec != std::errc() || ptr != m_p || value > MaxSafeInteger || value < -MaxSafeInteger)
                return fail(start, u"number beyond 2^53 in magnitude"_s);
            out = QJsonValue(double(value));
            return true;
        }
        double value = 0;
        const auto [ptr, ec] = std::from_chars(start, m_p, value);
        if (ec != std::errc() || ptr != m_p || !std::isfinite(value))
            return fail(start, u"number out of range"_s);
        if (std::fabs(value) > double(MaxSafeInteger))
            return fail(start, u"number beyond 2^53 in magnitude"_s);
        out = QJsonValue(value);
        return true;
    }

    const char *m_begin;
    const char *m_p;
    const char *m_end;
    StrictJsonLimits m_limits;
    int m_depth = 0;
    qsizetype m_elements = 0;
    JsonSyntaxError m_error;
};

} // namespace

std::expected<QJsonValue, JsonSyntaxError> parseStrictJson(QByteArrayView text, const StrictJsonLimits &limits)
{
    return Parser(text, limits).run();
}

} // namespace vami
