#include "responsecheck.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace vami::http {

QString ResponseCheck::problem(const Route &route, const HttpResponse &response)
{
    if (response.status >= 400)
        return {};
    const RouteResponse *declared = nullptr;
    for (const RouteResponse &r : route.responses) {
        if (r.status == response.status)
            declared = &r;
    }
    if (!declared)
        return u"status %1 is not declared"_s.arg(response.status);
    if (!declared->schema || !response.contentType.startsWith("application/json"))
        return {};
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(response.body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return u"the body is not JSON: "_s + parseError.errorString();
    const QJsonValue value = document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    auto checked = declared->schema->validate(value);
    if (checked)
        return {};
    QStringList problems;
    for (const FieldError &f : checked.error().fields())
        problems.append((f.field.isEmpty() ? u"(root)"_s : f.field) + u": "_s + f.text());
    return problems.join(u"; "_s);
}

} // namespace vami::http
