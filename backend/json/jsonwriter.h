#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonValue>
#include <QString>
#include <QUuid>

#include <optional>

namespace vami {

// Appends compact JSON straight into a byte buffer. Building list responses with
// QJsonObject costs more than the database query behind them, so serializers use
// this writer. Keys are ASCII literals chosen by the code, values are escaped.
class JsonWriter
{
public:
    explicit JsonWriter(qsizetype reserve = 256);

    JsonWriter &beginObject();
    JsonWriter &endObject();
    JsonWriter &beginArray();
    JsonWriter &endArray();
    // Starts a member of the current object; the next call writes its value.
    JsonWriter &key(const char *name);

    JsonWriter &value(QStringView text);
    JsonWriter &value(const QString &text) { return value(QStringView(text)); }
    JsonWriter &value(const char *utf8);
    JsonWriter &value(bool flag);
    JsonWriter &value(int number) { return value(qint64(number)); }
    JsonWriter &value(qint64 number);
    JsonWriter &value(double number);
    // UTC instant as ISO 8601 with Z; an invalid instant is written as null.
    JsonWriter &value(const QDateTime &instant);
    // Canonical id text; a null id is written as null.
    JsonWriter &value(const QUuid &id);
    JsonWriter &value(const QJsonValue &json);
    JsonWriter &null();
    // Inserts an already serialized JSON value.
    JsonWriter &raw(const QByteArray &json);

    // Shorthand for key(name).value(v).
    template<typename T>
    JsonWriter &field(const char *name, const T &v)
    {
        key(name);
        return value(v);
    }
    // Writes null when the optional is empty or the string is null.
    JsonWriter &optionalField(const char *name, const QString &text);

    [[nodiscard]] const QByteArray &data() const { return m_out; }
    [[nodiscard]] QByteArray take() { return std::move(m_out); }

    static void appendEscaped(QByteArray &out, QStringView text);

private:
    void separate();

    QByteArray m_out;
    // One bit per nesting level: set when the level already holds an element.
    quint64 m_hasElement = 0;
    int m_depth = 0;
    bool m_afterKey = false;
};

} // namespace vami
