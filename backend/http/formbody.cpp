#include "formbody.h"

#include <QCoreApplication>
#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace vami::http {

namespace {

constexpr int MaxFields = 256;

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Decodes one name or value; nullopt when an escape is malformed or the text is not UTF-8.
std::optional<QString> decodeComponent(QByteArrayView text)
{
    QByteArray bytes;
    bytes.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+') {
            bytes.append(' ');
        } else if (c == '%') {
            if (i + 2 >= text.size())
                return std::nullopt;
            const int hi = hexValue(text[i + 1]);
            const int lo = hexValue(text[i + 2]);
            if (hi < 0 || lo < 0)
                return std::nullopt;
            bytes.append(char(hi << 4 | lo));
            i += 2;
        } else {
            bytes.append(c);
        }
    }
    QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString decoded = utf8.decode(bytes);
    if (utf8.hasError())
        return std::nullopt;
    return decoded;
}

Error formError(const QString &field, const QString &type, const char *message, const QJsonValue &input)
{
    return Error::validation({FieldError{field, type, message, {}, input}});
}

} // namespace

Result<QJsonObject> parseFormFields(const QByteArray &body)
{
    QJsonObject fields;
    if (body.isEmpty())
        return fields;
    int count = 0;
    const QByteArrayView all(body);
    for (qsizetype start = 0; start <= all.size();) {
        qsizetype end = all.indexOf('&', start);
        if (end < 0)
            end = all.size();
        const QByteArrayView pair = all.sliced(start, end - start);
        start = end + 1;
        if (pair.isEmpty())
            continue;
        if (++count > MaxFields)
            return fail(formError(QString(), u"too_long"_s, QT_TRANSLATE_NOOP("vami", "Too many form fields"), {}));
        const qsizetype equals = pair.indexOf('=');
        const auto name = decodeComponent(equals < 0 ? pair : pair.first(equals));
        const auto value = decodeComponent(equals < 0 ? QByteArrayView() : pair.sliced(equals + 1));
        if (!name || !value)
            return fail(formError(QString(), u"form_invalid"_s,
                                  QT_TRANSLATE_NOOP("vami", "Form data is not valid URL-encoded UTF-8"), {}));
        if (fields.contains(*name))
            return fail(formError(*name, u"repeated"_s,
                                  QT_TRANSLATE_NOOP("vami", "Field given more than once"), *value));
        fields.insert(*name, *value);
    }
    return fields;
}

} // namespace vami::http
