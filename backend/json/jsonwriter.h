#pragma once

#include "core/enumnames.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonValue>
#include <QString>
#include <QUuid>

#include <cstring>
#include <optional>
#include <string_view>

namespace vami {

// Appends compact JSON straight into a byte buffer. Building list responses with
// QJsonObject costs more than the database query behind them, so serializers use
// this writer. Keys are ASCII literals chosen by the code, values are escaped.
// Every value is written in place (UTF-16 text transcoded and escaped in one pass,
// numbers, ids and instants formatted into the buffer), with no intermediate string.
class JsonWriter
{
public:
    explicit JsonWriter(qsizetype reserve = 256);
    JsonWriter(JsonWriter &&other) noexcept;
    JsonWriter &operator=(JsonWriter &&other) noexcept;
    JsonWriter(const JsonWriter &) = delete;
    JsonWriter &operator=(const JsonWriter &) = delete;

    JsonWriter &beginObject();
    JsonWriter &endObject();
    JsonWriter &beginArray();
    JsonWriter &endArray();
    // Starts a member of the current object; the next call writes its value. Keys
    // are string literals (their length is known when compiling).
    template<std::size_t N>
    JsonWriter &key(const char (&name)[N])
    {
        return key(name, qsizetype(N - 1));
    }
    // A key chosen at run time (ASCII, from the code's own tables).
    JsonWriter &key(std::string_view name) { return key(name.data(), qsizetype(name.size())); }

    JsonWriter &value(QStringView text);
    JsonWriter &value(const QString &text) { return value(QStringView(text)); }
    JsonWriter &value(const char *utf8);
    // ASCII or UTF-8 text (escaped).
    JsonWriter &value(std::string_view utf8);
    // An enum by its name table ("owner").
    template<NamedEnum E>
    JsonWriter &value(E e)
    {
        return value(enumNameView(e));
    }
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
    template<std::size_t N, typename T>
    JsonWriter &field(const char (&name)[N], const T &v)
    {
        key(name, qsizetype(N - 1));
        return value(v);
    }
    // Writes null when the string is null.
    template<std::size_t N>
    JsonWriter &optionalField(const char (&name)[N], const QString &text)
    {
        key(name, qsizetype(N - 1));
        return text.isNull() ? null() : value(text);
    }

    // What was written so far (a copy).
    [[nodiscard]] QByteArray data() const { return QByteArray(m_buffer, m_size); }
    [[nodiscard]] qsizetype size() const { return m_size; }
    [[nodiscard]] QByteArray take();

    static void appendEscaped(QByteArray &out, QStringView text);

private:
    JsonWriter &key(const char *name, qsizetype length);
    void separate();
    // Room for `bytes` more bytes at the end; done(end) moves the end past what was written.
    char *room(qsizetype bytes)
    {
        if (m_capacity - m_size < bytes)
            grow(bytes);
        return m_buffer + m_size;
    }
    void done(const char *end) { m_size = end - m_buffer; }
    void put(char c) { *room(1) = c, ++m_size; }
    void put(const char *bytes, qsizetype n)
    {
        std::memcpy(room(n), bytes, size_t(n));
        m_size += n;
    }
    void grow(qsizetype bytes);

    // The bytes live in m_out, whose size is the capacity in use; m_size of them are written.
    QByteArray m_out;
    char *m_buffer = nullptr;
    qsizetype m_size = 0;
    qsizetype m_capacity = 0;
    // One bit per nesting level: set when the level already holds an element.
    quint64 m_hasElement = 0;
    int m_depth = 0;
    bool m_afterKey = false;
};

} // namespace vami
