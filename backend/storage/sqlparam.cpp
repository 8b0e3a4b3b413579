#include "sqlparam.h"

#include "core/ids.h"
#include "core/instant.h"

#include <QDateTime>
#include <QUuid>

namespace vami {

SqlParam SqlParam::from(const QVariant &value)
{
    SqlParam p;
    switch (value.typeId()) {
    case QMetaType::UnknownType:
    case QMetaType::Nullptr:
        return p;
    case QMetaType::Bool:
        p.kind = Kind::Integer;
        p.integer = value.toBool() ? 1 : 0;
        return p;
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::Long:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Char:
    case QMetaType::SChar:
    case QMetaType::UChar:
        p.kind = Kind::Integer;
        p.integer = value.toLongLong();
        return p;
    case QMetaType::ULongLong:
    case QMetaType::ULong:
        p.kind = Kind::Integer;
        p.integer = qint64(value.toULongLong());
        return p;
    case QMetaType::Double:
    case QMetaType::Float:
        p.kind = Kind::Real;
        p.real = value.toDouble();
        return p;
    case QMetaType::QString: {
        const QString text = value.toString();
        if (text.isNull())
            return p;
        p.kind = Kind::Text;
        p.bytes = text.toUtf8();
        return p;
    }
    case QMetaType::QByteArray: {
        QByteArray bytes = value.toByteArray();
        if (bytes.isNull())
            return p;
        p.kind = Kind::Blob;
        p.bytes = std::move(bytes);
        return p;
    }
    case QMetaType::QUuid: {
        const QUuid id = value.toUuid();
        if (id.isNull())
            return p;
        p.kind = Kind::Text;
        p.bytes.resize(IdTextLength);
        writeIdAscii(id, p.bytes.data());
        return p;
    }
    case QMetaType::QDateTime: {
        const QDateTime instant = value.toDateTime();
        if (!instant.isValid())
            return p;
        p.kind = Kind::Text;
        p.bytes = storageInstantText(instant).toLatin1();
        return p;
    }
    default:
        if (value.isNull())
            return p;
        p.kind = Kind::Text;
        p.bytes = value.toString().toUtf8();
        return p;
    }
}

} // namespace vami
