#pragma once

#include "core/ids.h"
#include "core/instant.h"

#include <QDateTime>
#include <QString>
#include <QUuid>
#include <QVariant>

namespace vami {

// Bind values in the forms both dialects accept: ids and instants as text, SQL NULL
// for null strings, invalid instants and null ids.
[[nodiscard]] inline QVariant sqlId(const QUuid &id)
{
    return id.isNull() ? QVariant() : QVariant(idText(id));
}

[[nodiscard]] inline QVariant sqlInstant(const QDateTime &instant)
{
    return instant.isValid() ? QVariant(storageInstantText(instant)) : QVariant();
}

[[nodiscard]] inline QVariant sqlText(const QString &text)
{
    return text.isNull() ? QVariant() : QVariant(text);
}

} // namespace vami
