#include "sqlrows.h"

#include "core/ids.h"
#include "core/instant.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace vami {

SqlRows::SqlRows(std::unique_ptr<RowCursor> cursor)
    : m_cursor(std::move(cursor))
{ }

SqlRows::~SqlRows() = default;

bool SqlRows::next()
{
    return m_cursor && m_cursor->next();
}

int SqlRows::columnCount() const
{
    return m_cursor ? m_cursor->columnCount() : 0;
}

bool SqlRows::isNull(int column) const
{
    return !m_cursor || m_cursor->isNull(column);
}

QByteArrayView SqlRows::utf8(int column) const
{
    return m_cursor ? m_cursor->utf8(column) : QByteArrayView();
}

QString SqlRows::text(int column) const
{
    const QByteArrayView bytes = utf8(column);
    if (bytes.isNull())
        return QString();
    if (bytes.isEmpty())
        return u""_s;
    return QString::fromUtf8(bytes);
}

qint64 SqlRows::integer(int column) const
{
    return m_cursor ? m_cursor->integer(column) : 0;
}

double SqlRows::number(int column) const
{
    return m_cursor ? m_cursor->number(column) : 0;
}

bool SqlRows::boolean(int column) const
{
    const QByteArrayView text = utf8(column);
    if (text == "t" || text == "true")
        return true;
    if (text.isEmpty() || text == "f" || text == "false")
        return false;
    return integer(column) != 0;
}

QUuid SqlRows::id(int column) const
{
    return parseIdAscii(utf8(column)).value_or(QUuid());
}

std::optional<qint64> SqlRows::instantMs(int column) const
{
    const QByteArrayView bytes = utf8(column);
    if (bytes.isNull())
        return std::nullopt;
    return parseStorageInstantMs(bytes);
}

QDateTime SqlRows::instant(int column) const
{
    if (auto ms = instantMs(column))
        return instantFromMs(*ms);
    return {};
}

QByteArray SqlRows::bytes(int column) const
{
    return m_cursor ? m_cursor->blob(column) : QByteArray();
}

QJsonObject SqlRows::jsonObject(int column) const
{
    return QJsonDocument::fromJson(utf8(column).toByteArray()).object();
}

QVariant SqlRows::value(int column) const
{
    return m_cursor ? m_cursor->value(column) : QVariant();
}

int SqlRows::rowsAffected() const
{
    return m_cursor ? m_cursor->rowsAffected() : 0;
}

} // namespace vami
