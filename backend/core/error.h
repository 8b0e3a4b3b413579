#pragma once

#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace vami {

// The closed set of failure kinds a service may report. Each layer maps a kind to
// its own presentation in exactly one place (HTTP status + JSON body, or a
// translated message in the desktop).
enum class ErrorKind {
    Validation,     // input does not satisfy the rules; carries per-field details
    Rejected,       // well-formed input refused by a business rule ("already a member")
    Unauthorized,   // no valid credentials
    Forbidden,      // authenticated, but the role may not do this
    NotFound,       // no such row in the caller's organization
    Conflict,       // the row changed or collides with another one
    RateLimited,    // too many attempts; retryAfter() says when to try again
    QuotaExceeded,  // an organization-wide quota is used up
    Unavailable,    // a dependency (database, mail server) is unreachable
    Internal,       // a defect; the message is logged, never shown verbatim
};

// One offending input field. `field` is a dotted path ("email", "permissions.2").
// `code` follows the vocabulary of the original API's validation errors
// ("missing", "value_error", "string_too_long", "enum", ...). `message` is an
// English sentence registered for translation with QT_TRANSLATE_NOOP("vami", ...)
// where it is written; `args` fill its %1, %2. `input` is the offending value
// (left undefined for secrets such as passwords).
struct FieldError
{
    QString field;
    QString code;
    const char *message = "";
    QStringList args;
    QJsonValue input = QJsonValue(QJsonValue::Undefined);

    [[nodiscard]] QString text() const;
    [[nodiscard]] QString translatedText() const;
};

class Error
{
public:
    Error() = default;

    static Error validation(QList<FieldError> fields);
    static Error validation(const QString &field, const QString &code, const char *message,
                            const QStringList &args = {});
    static Error rejected(const QString &code, const char *message, const QStringList &args = {});
    static Error unauthorized(const QString &code, const char *message, const QStringList &args = {});
    static Error forbidden(const QString &code, const char *message, const QStringList &args = {});
    static Error notFound(const QString &code, const char *message, const QStringList &args = {});
    static Error conflict(const QString &code, const char *message, const QStringList &args = {});
    static Error rateLimited(const QString &code, const char *message, int retryAfterSeconds,
                             const QStringList &args = {});
    static Error quotaExceeded(const QString &code, const char *message, int retryAfterSeconds,
                               const QStringList &args = {});
    static Error unavailable(const QString &code, const char *message, int retryAfterSeconds = 0);
    // `diagnostic` is logged with the request id; the caller only ever sees a generic text.
    static Error internal(const QString &diagnostic);

    [[nodiscard]] ErrorKind kind() const { return m_kind; }
    // A stable machine-readable code such as "team.already_member".
    [[nodiscard]] const QString &code() const { return m_code; }
    // English text (the wire contract speaks English).
    [[nodiscard]] QString message() const;
    // Text in the current application language (the desktop).
    [[nodiscard]] QString translatedMessage() const;
    [[nodiscard]] const QList<FieldError> &fields() const { return m_fields; }
    [[nodiscard]] int retryAfterSeconds() const { return m_retryAfter; }
    [[nodiscard]] const QString &diagnostic() const { return m_diagnostic; }
    // The same error with a diagnostic for the log (never shown to callers).
    [[nodiscard]] Error withDiagnostic(const QString &diagnostic) const
    {
        Error e = *this;
        e.m_diagnostic = diagnostic;
        return e;
    }

private:
    Error(ErrorKind kind, const QString &code, const char *message, const QStringList &args);

    ErrorKind m_kind = ErrorKind::Internal;
    QString m_code;
    const char *m_message = "";
    QStringList m_args;
    QList<FieldError> m_fields;
    int m_retryAfter = 0;
    QString m_diagnostic;
};

[[nodiscard]] QString errorKindName(ErrorKind kind);

} // namespace vami
