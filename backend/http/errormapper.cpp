#include "errormapper.h"

#include "core/logging.h"
#include "json/jsonwriter.h"

using namespace Qt::StringLiterals;

namespace vami::http {

namespace {

int statusFor(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::Validation: return 422;
    case ErrorKind::Rejected: return 400;
    case ErrorKind::Unauthorized: return 401;
    case ErrorKind::Forbidden: return 403;
    case ErrorKind::NotFound: return 404;
    case ErrorKind::Conflict: return 409;
    case ErrorKind::RateLimited:
    case ErrorKind::QuotaExceeded: return 429;
    case ErrorKind::Unavailable: return 503;
    case ErrorKind::Internal: return 500;
    }
    return 500;
}

void writeValidation(JsonWriter &w, const Error &error, QStringView location)
{
    w.beginObject().key("detail").beginArray();
    for (const FieldError &f : error.fields()) {
        w.beginObject();
        w.field("type", f.code);
        w.key("loc").beginArray().value(location);
        if (!f.field.isEmpty()) {
            for (const QString &part : f.field.split(u'.')) {
                bool numeric = false;
                const int index = part.toInt(&numeric);
                if (numeric)
                    w.value(index);
                else
                    w.value(part);
            }
        }
        w.endArray();
        QString message = f.text();
        if (f.code == u"value_error"_s)
            message = u"Value error, "_s + message;
        w.field("msg", message);
        if (!f.input.isUndefined())
            w.key("input").value(f.input);
        if (f.code == u"enum"_s && !f.args.isEmpty())
            w.key("ctx").beginObject().field("expected", f.args.first()).endObject();
        w.endObject();
    }
    w.endArray().endObject();
}

} // namespace

HttpResponse errorResponse(const Error &error, QByteArrayView requestId, QStringView location)
{
    const int status = statusFor(error.kind());
    JsonWriter w(256);
    HttpResponse response;
    response.status = status;
    if (error.kind() == ErrorKind::Validation) {
        writeValidation(w, error, location);
        response.body = w.take();
        return response;
    }
    QString detail = error.message();
    if (error.kind() == ErrorKind::Internal) {
        qCCritical(lcHttp).noquote() << "request" << QString::fromLatin1(requestId) << "failed:" << error.diagnostic();
        detail = u"Internal server error"_s;
    }
    w.beginObject();
    w.field("detail", detail);
    w.field("error_code", error.code());
    w.field("request_id", QString::fromLatin1(requestId));
    if (status == 429 || status == 503) {
        if (error.retryAfterSeconds() > 0)
            w.field("retry_after", error.retryAfterSeconds());
        if (status == 429)
            w.field("error", detail);
    }
    w.endObject();
    response.body = w.take();
    if (status == 401)
        response.addHeader(QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Bearer"));
    if ((status == 429 || status == 503) && error.retryAfterSeconds() > 0)
        response.addHeader(QByteArrayLiteral("Retry-After"), QByteArray::number(error.retryAfterSeconds()));
    return response;
}

} // namespace vami::http
