#pragma once

#include <QByteArrayView>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace vami {

// The one table of wire and storage names of an enum. An enum opts in with a
// specialization holding `static constexpr std::array<std::pair<E, std::string_view>, N> names`;
// SQL checks, request schemas, services, serializers and the desktop all read the
// same names from it, so a status has one spelling everywhere.
template<typename E> struct EnumNames;

template<typename E>
concept NamedEnum = requires
{
    EnumNames<E>::names;
};

// The canonical name ("owner"); empty for a value missing from the table.
template<NamedEnum E> [[nodiscard]] constexpr std::string_view enumNameView(E value)
{
    for (const auto &[v, name] : EnumNames<E>::names) {
        if (v == value)
            return name;
    }
    return {};
}

template<NamedEnum E> [[nodiscard]] QString enumName(E value)
{
    const std::string_view name = enumNameView(value);
    return QString::fromLatin1(name.data(), qsizetype(name.size()));
}

template<NamedEnum E> [[nodiscard]] std::optional<E> parseEnum(QByteArrayView text)
{
    for (const auto &[v, name] : EnumNames<E>::names) {
        if (text == QByteArrayView(name.data(), qsizetype(name.size())))
            return v;
    }
    return std::nullopt;
}

template<NamedEnum E> [[nodiscard]] std::optional<E> parseEnum(QStringView text)
{
    for (const auto &[v, name] : EnumNames<E>::names) {
        if (text == QLatin1StringView(name.data(), qsizetype(name.size())))
            return v;
    }
    return std::nullopt;
}

// Every name, in table order (for request schemas and combo boxes).
template<NamedEnum E> [[nodiscard]] QStringList enumNames()
{
    QStringList out;
    out.reserve(qsizetype(EnumNames<E>::names.size()));
    for (const auto &entry : EnumNames<E>::names)
        out.append(QString::fromLatin1(entry.second.data(), qsizetype(entry.second.size())));
    return out;
}

// "'a', 'b', 'c'": the list of a CHECK (column IN (...)) constraint.
template<NamedEnum E> [[nodiscard]] QString enumSqlList()
{
    QString out;
    for (const auto &entry : EnumNames<E>::names) {
        if (!out.isEmpty())
            out += QLatin1StringView(", ");
        out += u'\'' + QString::fromLatin1(entry.second.data(), qsizetype(entry.second.size())) + u'\'';
    }
    return out;
}

} // namespace vami
