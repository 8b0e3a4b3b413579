#include "credentialpolicy.h"

#include "json/schema.h"

using namespace Qt::StringLiterals;

namespace vami {

QList<FieldError> checkPassword(const QString &password, const QString &field)
{
    auto broken = [&](const char *message) {
        return QList<FieldError>{FieldError{field, u"value_error"_s, message, {}, QJsonValue(QJsonValue::Undefined)}};
    };
    if (password.size() < 8)
        return broken(QT_TRANSLATE_NOOP("vami", "Password must be at least 8 characters long"));
    if (password.toUtf8().size() > 1024)
        return broken(QT_TRANSLATE_NOOP("vami", "Password must be at most 1024 bytes long"));
    bool upper = false, lower = false, digit = false, special = false;
    for (const QChar c : password) {
        upper = upper || (c >= u'A' && c <= u'Z');
        lower = lower || (c >= u'a' && c <= u'z');
        digit = digit || (c >= u'0' && c <= u'9');
        // The original accepted only !@#$%^&*(),.?":{}|<> as special; any
        // punctuation or symbol counts here, which keeps every password the
        // original accepted valid.
        special = special || c.isPunct() || c.isSymbol();
    }
    if (!upper)
        return broken(QT_TRANSLATE_NOOP("vami", "Password must contain at least one uppercase letter"));
    if (!lower)
        return broken(QT_TRANSLATE_NOOP("vami", "Password must contain at least one lowercase letter"));
    if (!digit)
        return broken(QT_TRANSLATE_NOOP("vami", "Password must contain at least one digit"));
    if (!special)
        return broken(QT_TRANSLATE_NOOP("vami", "Password must contain at least one special character"));
    return {};
}

QList<FieldError> checkEmail(const QString &email, const QString &field)
{
    if (email.trimmed().isEmpty())
        return {FieldError{field, u"missing"_s, QT_TRANSLATE_NOOP("vami", "Field required"), {}, email}};
    if (!isPlausibleEmail(email.trimmed()))
        return {FieldError{field, u"value_error"_s, QT_TRANSLATE_NOOP("vami", "value is not a valid email address"),
                           {}, email}};
    return {};
}

QList<FieldError> checkText(const QString &text, const QString &field, int maxLength, bool required)
{
    const QString trimmed = text.trimmed();
    if (required && trimmed.isEmpty())
        return {FieldError{field, u"string_too_short"_s,
                           QT_TRANSLATE_NOOP("vami", "String should have at least 1 character"), {}, text}};
    if (trimmed.size() > maxLength)
        return {FieldError{field, u"string_too_long"_s,
                           QT_TRANSLATE_NOOP("vami", "String should have at most %1 characters"),
                           {QString::number(maxLength)}, text}};
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control && c != u'\n' && c != u'\t' && c != u'\r')
            return {FieldError{field, u"value_error"_s,
                               QT_TRANSLATE_NOOP("vami", "Text must not contain control characters"), {}, text}};
    }
    return {};
}

} // namespace vami
