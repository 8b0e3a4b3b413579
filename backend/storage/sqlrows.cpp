#include "sqlrows.h"

#include "core/instant.h"

#include <QSqlQuery>

namespace vami {

SqlRows::SqlRows(QSqlQuery *query)
    : m_query(query)
{
}

SqlRows::SqlRows(SqlRows &&other) noexcept
    : m_query(std::exchange(other.m_query, nullptr))
{
}

SqlRows &SqlRows::operator=(SqlRows &&other) noexcept
{
    if (this != &other) {
        if (m_query)
            m_query->finish();
        m_query = std::exchange(other.m_query, nullptr);
    }
    return *this;
}

SqlRows::~SqlRows()
{
    if (m_query)
        m_query->finish();
}

bool SqlRows::next()
{
    return m_query && m_query->next();
}

QVariant SqlRows::value(int column) const
{
    return m_query->value(column);
}

bool SqlRows::isNull(int column) const
{
    return m_query->isNull(column);
}

QString SqlRows::text(int column) const
{
    const QVariant v = m_query->value(column);
    if (v.isNull())
        return QString();
    return v.toString();
}

qint64 SqlRows::integer(int column) const
{
    return m_query->value(column).toLongLong();
}

double SqlRows::number(int column) const
{
    return m_query->value(column).toDouble();
}

bool SqlRows::boolean(int column) const
{
    const QVariant v = m_query->value(column);
    if (v.typeId() == QMetaType::QString)
        return v.toString() == QLatin1StringView("t") || v.toString() == QLatin1StringView("true")
            || v.toString() == QLatin1StringView("1");
    return v.toBool();
}

QUuid SqlRows::id(int column) const
{
    const QVariant v = m_query->value(column);
    if (v.isNull())
        return {};
    if (v.typeId() == QMetaType::QUuid)
        return v.toUuid();
    return QUuid::fromString(v.toString());
}

QDateTime SqlRows::instant(int column) const
{
    return instantFromStorage(m_query->value(column));
}

int SqlRows::rowsAffected() const
{
    return m_query ? m_query->numRowsAffected() : 0;
}

} // namespace vami
