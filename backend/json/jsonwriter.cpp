#include "jsonwriter.h"

#include "core/ids.h"
#include "core/instant.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace vami {

JsonWriter::JsonWriter(qsizetype reserve)
{
    m_out.reserve(reserve);
}

void JsonWriter::separate()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    const quint64 bit = quint64(1) << (m_depth & 63);
    if (m_hasElement & bit)
        m_out.append(',');
    else
        m_hasElement |= bit;
}

JsonWriter &JsonWriter::beginObject()
{
    separate();
    m_out.append('{');
    ++m_depth;
    m_hasElement &= ~(quint64(1) << (m_depth & 63));
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    --m_depth;
    m_out.append('}');
    return *this;
}

JsonWriter &JsonWriter::beginArray()
{
    separate();
    m_out.append('[');
    ++m_depth;
    m_hasElement &= ~(quint64(1) << (m_depth & 63));
    return *this;
}

JsonWriter &JsonWriter::endArray()
{
    --m_depth;
    m_out.append(']');
    return *this;
}

JsonWriter &JsonWriter::key(const char *name)
{
    separate();
    m_out.append('"');
    m_out.append(name);
    m_out.append("\":", 2);
    m_afterKey = true;
    return *this;
}

void JsonWriter::appendEscaped(QByteArray &out, QStringView text)
{
    static const char hex[] = "0123456789abcdef";
    out.append('"');
    const QChar *p = text.data();
    const QChar *end = p + text.size();
    while (p < end) {
        const char16_t c = p->unicode();
        if (c < 0x80) {
            switch (c) {
            case u'"': out.append("\\\"", 2); break;
            case u'\\': out.append("\\\\", 2); break;
            case u'\n': out.append("\\n", 2); break;
            case u'\r': out.append("\\r", 2); break;
            case u'\t': out.append("\\t", 2); break;
            case u'\b': out.append("\\b", 2); break;
            case u'\f': out.append("\\f", 2); break;
            default:
                if (c < 0x20) {
                    const char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
                    out.append(esc, 6);
                } else {
                    out.append(char(c));
                }
            }
            ++p;
            continue;
        }
        // Encode a run of non-ASCII characters at once.
        const QChar *runStart = p;
        while (p < end && p->unicode() >= 0x80)
            ++p;
        out.append(QStringView(runStart, p - runStart).toUtf8());
    }
    out.append('"');
}

JsonWriter &JsonWriter::value(QStringView text)
{
    separate();
    appendEscaped(m_out, text);
    return *this;
}

JsonWriter &JsonWriter::value(const char *utf8)
{
    return value(QString::fromUtf8(utf8));
}

JsonWriter &JsonWriter::value(bool flag)
{
    separate();
    if (flag)
        m_out.append("true", 4);
    else
        m_out.append("false", 5);
    return *this;
}

JsonWriter &JsonWriter::value(qint64 number)
{
    separate();
    m_out.append(QByteArray::number(number));
    return *this;
}

JsonWriter &JsonWriter::value(double number)
{
    separate();
    if (!std::isfinite(number)) {
        m_out.append("null", 4);
        return *this;
    }
    if (number == std::floor(number) && std::fabs(number) < 1e15) {
        m_out.append(QByteArray::number(qint64(number)));
        m_out.append(".0", 2);
    } else {
        const QByteArray text = QByteArray::number(number, 'g', 17);
        m_out.append(text);
        // Large integral values come out without a fraction or exponent; they would
        // read back as integers, which strict readers refuse beyond 2^53.
        if (!text.contains('.') && !text.contains('e'))
            m_out.append(".0", 2);
    }
    return *this;
}

JsonWriter &JsonWriter::value(const QDateTime &instant)
{
    if (!instant.isValid())
        return null();
    separate();
    m_out.append('"');
    m_out.append(instantUtf8(instant));
    m_out.append('"');
    return *this;
}

JsonWriter &JsonWriter::value(const QUuid &id)
{
    if (id.isNull())
        return null();
    separate();
    m_out.append('"');
    m_out.append(id.toByteArray(QUuid::WithoutBraces));
    m_out.append('"');
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
    m_out.append("null", 4);
    return *this;
}

JsonWriter &JsonWriter::raw(const QByteArray &json)
{
    separate();
    m_out.append(json);
    return *this;
}

JsonWriter &JsonWriter::optionalField(const char *name, const QString &text)
{
    key(name);
    if (text.isNull())
        return null();
    return value(text);
}

} // namespace vami
