#include "error.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

QString fill(QString text, const QStringList &args)
{
    for (const QString &arg : args)
        text = text.arg(arg);
    return text;
}

} // namespace

QString FieldError::text() const
{
    return fill(QString::fromUtf8(message), args);
}

QString FieldError::translatedText() const
{
    return fill(QCoreApplication::translate("vami", message), args);
}

Error::Error(ErrorKind kind, const QString &code, const char *message, const QStringList &args)
    : m_kind(kind)
    , m_code(code)
    , m_message(message)
    , m_args(args)
{
}

Error Error::validation(QList<FieldError> fields)
{
    Error e(ErrorKind::Validation, u"validation_failed"_s,
            QT_TRANSLATE_NOOP("vami", "Some fields are not valid."), {});
    e.m_fields = std::move(fields);
    return e;
}

Error Error::validation(const QString &field, const QString &code, const char *message, const QStringList &args)
{
    return validation(QList<FieldError>{FieldError{field, code, message, args, {}}});
}

Error Error::rejected(const QString &code, const char *message, const QStringList &args)
{
    return Error(ErrorKind::Rejected, code, message, args);
}

Error Error::unauthorized(const QString &code, const char *message, const QStringList &args)
{
    return Error(ErrorKind::Unauthorized, code, message, args);
}

Error Error::forbidden(const QString &code, const char *message, const QStringList &args)
{
    return Error(ErrorKind::Forbidden, code, message, args);
}

Error Error::notFound(const QString &code, const char *message, const QStringList &args)
{
    return Error(ErrorKind::NotFound, code, message, args);
}

Error Error::conflict(const QString &code, const char *message, const QStringList &args)
{
    return Error(ErrorKind::Conflict, code, message, args);
}

Error Error::rateLimited(const QString &code, const char *message, int retryAfterSeconds, const QStringList &args)
{
    Error e(ErrorKind::RateLimited, code, message, args);
    e.m_retryAfter = retryAfterSeconds;
    return e;
}

Error Error::quotaExceeded(const QString &code, const char *message, int retryAfterSeconds, const QStringList &args)
{
    Error e(ErrorKind::QuotaExceeded, code, message, args);
    e.m_retryAfter = retryAfterSeconds;
    return e;
}

Error Error::unavailable(const QString &code, const char *message, int retryAfterSeconds)
{
    Error e(ErrorKind::Unavailable, code, message, {});
    e.m_retryAfter = retryAfterSeconds;
    return e;
}

Error Error::internal(const QString &diagnostic)
{
    Error e(ErrorKind::Internal, u"internal_error"_s,
            QT_TRANSLATE_NOOP("vami", "An internal error occurred."), {});
    e.m_diagnostic = diagnostic;
    return e;
}

QString Error::message() const
{
    return fill(QString::fromUtf8(m_message), m_args);
}

QString Error::translatedMessage() const
{
    return fill(QCoreApplication::translate("vami", m_message), m_args);
}

QString errorKindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::Validation: return u"validation"_s;
    case ErrorKind::Rejected: return u"rejected"_s;
    case ErrorKind::Unauthorized: return u"unauthorized"_s;
    case ErrorKind::Forbidden: return u"forbidden"_s;
    case ErrorKind::NotFound: return u"not_found"_s;
    case ErrorKind::Conflict: return u"conflict"_s;
    case ErrorKind::RateLimited: return u"rate_limited"_s;
    case ErrorKind::QuotaExceeded: return u"quota_exceeded"_s;
    case ErrorKind::Unavailable: return u"unavailable"_s;
    case ErrorKind::Internal: return u"internal"_s;
    }
    return u"internal"_s;
}

} // namespace vami
