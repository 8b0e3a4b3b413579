#pragma once

#include "core/result.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QUuid>

#include <optional>
#include <tuple>
#include <type_traits>

namespace vami {

// Typed job payloads: a payload is a plain struct that lists its fields once,
//
//     struct InvitationReminder
//     {
//         QUuid invitationId;
//         int round = 0;
//         static constexpr auto payloadFields()
//         {
//             return std::tuple{payloadField("invitation_id", &InvitationReminder::invitationId),
//                               payloadField("round", &InvitationReminder::round)};
//         }
//     };
//
// and encodePayload / decodePayload turn it into the JSON stored in jobs.payload
// and back, so neither the code that enqueues nor the handler touches JSON.
// Field types: QString, QUuid, bool, int, qint64 (up to 2^53), double, QDateTime
// (UTC, ISO 8601 with milliseconds), QStringList, QJsonObject, and std::optional
// of any of them (absent or null = empty optional). Decoding is strict: a missing
// or mistyped field is an error; unknown fields are ignored (a newer version may
// have added them).
template<typename T, typename M> struct PayloadField
{
    const char *name;
    M T::*member;
};

template<typename T, typename M> constexpr PayloadField<T, M> payloadField(const char *name, M T::*member)
{
    return PayloadField<T, M> {name, member};
}

namespace payload {

QJsonValue toJson(const QString &v);
QJsonValue toJson(const QUuid &v);
QJsonValue toJson(bool v);
QJsonValue toJson(int v);
QJsonValue toJson(qint64 v);
QJsonValue toJson(double v);
QJsonValue toJson(const QDateTime &v);
QJsonValue toJson(const QStringList &v);
QJsonValue toJson(const QJsonObject &v);

bool fromJson(const QJsonValue &json, QString *out);
bool fromJson(const QJsonValue &json, QUuid *out);
bool fromJson(const QJsonValue &json, bool *out);
bool fromJson(const QJsonValue &json, int *out);
bool fromJson(const QJsonValue &json, qint64 *out);
bool fromJson(const QJsonValue &json, double *out);
bool fromJson(const QJsonValue &json, QDateTime *out);
bool fromJson(const QJsonValue &json, QStringList *out);
bool fromJson(const QJsonValue &json, QJsonObject *out);

template<typename M> QJsonValue toJson(const std::optional<M> &v)
{
    return v ? toJson(*v) : QJsonValue(QJsonValue::Null);
}

template<typename M> bool fromJson(const QJsonValue &json, std::optional<M> *out)
{
    if (json.isUndefined() || json.isNull()) {
        out->reset();
        return true;
    }
    M value {};
    if (!fromJson(json, &value))
        return false;
    *out = std::move(value);
    return true;
}

template<typename M> constexpr bool isOptional = false;
template<typename M> constexpr bool isOptional<std::optional<M>> = true;

Error fieldError(const char *name);

} // namespace payload

template<typename T> QJsonObject encodePayload(const T &value)
{
    QJsonObject out;
    std::apply(
        [&](const auto &...field) {
            (out.insert(QLatin1StringView(field.name), payload::toJson(value.*(field.member))), ...);
        },
        T::payloadFields());
    return out;
}

template<typename T> Result<T> decodePayload(const QJsonObject &json)
{
    T value {};
    const char *bad = nullptr;
    std::apply(
        [&](const auto &...field) {
            auto one = [&](const auto &f) {
                if (bad)
                    return;
                using Member = std::remove_cvref_t<decltype(value.*(f.member))>;
                const QJsonValue v = json.value(QLatin1StringView(f.name));
                if (v.isUndefined() && !payload::isOptional<Member>) {
                    bad = f.name;
                    return;
                }
                if (!payload::fromJson(v, &(value.*(f.member))))
                    bad = f.name;
            };
            (one(field), ...);
        },
        T::payloadFields());
    if (bad)
        return fail(payload::fieldError(bad));
    return value;
}

// For kinds that need no data.
struct NoPayload
{
    static constexpr auto payloadFields() { return std::tuple<> {}; }
};

} // namespace vami
