#include "payloadcodec.h"

#include "core/ids.h"

#include <limits>

using namespace Qt::StringLiterals;

namespace vami::payload {

namespace {

constexpr double MaxExactInteger = 9007199254740992.0; // 2^53

} // namespace

QJsonValue toJson(const QString &v)
{
    return v;
}

QJsonValue toJson(const QUuid &v)
{
    return v.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(idText(v));
}

QJsonValue toJson(bool v)
{
    return v;
}

QJsonValue toJson(int v)
{
    return v;
}

QJsonValue toJson(qint64 v)
{
    return QJsonValue(v);
}

QJsonValue toJson(double v)
{
    return v;
}

QJsonValue toJson(const QDateTime &v)
{
    return v.isValid() ? QJsonValue(v.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue(QJsonValue::Null);
}

QJsonValue toJson(const QStringList &v)
{
    return QJsonArray::fromStringList(v);
}

QJsonValue toJson(const QJsonObject &v)
{
    return v;
}

bool fromJson(const QJsonValue &json, QString *out)
{
    if (!json.isString())
        return false;
    *out = json.toString();
    return true;
}

bool fromJson(const QJsonValue &json, QUuid *out)
{
    if (json.isNull()) {
        *out = QUuid();
        return true;
    }
    if (!json.isString())
        return false;
    const auto id = parseId(json.toString());
    if (!id)
        return false;
    *out = *id;
    return true;
}

bool fromJson(const QJsonValue &json, bool *out)
{
    if (!json.isBool())
        return false;
    *out = json.toBool();
    return true;
}

bool fromJson(const QJsonValue &json, int *out)
{
    if (!json.isDouble())
        return false;
    const double d = json.toDouble();
    if (d != double(qint64(d)) || d < double(std::numeric_limits<int>::min())
        || d > double(std::numeric_limits<int>::max()))
        return false;
    *out = int(d);
    return true;
}

bool fromJson(const QJsonValue &json, qint64 *out)
{
    if (!json.isDouble())
        return false;
    const double d = json.toDouble();
    if (d < -MaxExactInteger || d > MaxExactInteger || d != double(qint64(d)))
        return false;
    *out = qint64(d);
    return true;
}

bool fromJson(const QJsonValue &json, double *out)
{
    if (!json.isDouble())
        return false;
    *out = json.toDouble();
    return true;
}

bool fromJson(const QJsonValue &json, QDateTime *out)
{
    if (json.isNull()) {
        *out = QDateTime();
        return true;
    }
    if (!json.isString())
        return false;
    const QDateTime at = QDateTime::fromString(json.toString(), Qt::ISODateWithMs);
    if (!at.isValid())
        return false;
    *out = at.toUTC();
    return true;
}

bool fromJson(const QJsonValue &json, QStringList *out)
{
    if (!json.isArray())
        return false;
    QStringList list;
    for (const QJsonValue &v : json.toArray()) {
        if (!v.isString())
            return false;
        list.append(v.toString());
    }
    *out = list;
    return true;
}

bool fromJson(const QJsonValue &json, QJsonObject *out)
{
    if (!json.isObject())
        return false;
    *out = json.toObject();
    return true;
}

Error fieldError(const char *name)
{
    return Error::internal(u"job payload field \"%1\" is missing or of the wrong type"_s.arg(QLatin1StringView(name)));
}

} // namespace vami::payload
