#include "pgcursor.h"

#include <libpq-fe.h>

#include <cstdlib>

namespace vami {

PgCursor::PgCursor(pg_result *result)
    : m_result(result)
    , m_rows(result ? PQntuples(result) : 0)
{ }

PgCursor::~PgCursor()
{
    PQclear(m_result);
}

bool PgCursor::next()
{
    if (m_row + 1 >= m_rows) {
        m_row = m_rows;
        return false;
    }
    ++m_row;
    return true;
}

int PgCursor::columnCount() const
{
    return m_result ? PQnfields(m_result) : 0;
}

bool PgCursor::isNull(int column) const
{
    return m_row < 0 || m_row >= m_rows || PQgetisnull(m_result, m_row, column) != 0;
}

QByteArrayView PgCursor::utf8(int column) const
{
    if (isNull(column))
        return {};
    // PQgetvalue() answers "" (never nullptr) for an empty value.
    return QByteArrayView(PQgetvalue(m_result, m_row, column), PQgetlength(m_result, m_row, column));
}

qint64 PgCursor::integer(int column) const
{
    const QByteArrayView text = utf8(column);
    if (text.isEmpty())
        return 0;
    if (text == "t" || text == "true")
        return 1;
    bool ok = false;
    const qint64 v = text.toLongLong(&ok);
    if (ok)
        return v;
    return qint64(text.toDouble()); // numeric results (SUM, AVG)
}

double PgCursor::number(int column) const
{
    const QByteArrayView text = utf8(column);
    return text.isEmpty() ? 0 : text.toDouble();
}

namespace {

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

QByteArray PgCursor::blob(int column) const
{
    if (isNull(column))
        return {};
    const QByteArrayView text = utf8(column);
    if (text.startsWith("\\x")) {
        QByteArray out((text.size() - 2) / 2, Qt::Uninitialized);
        char *p = out.data();
        for (qsizetype i = 2; i + 1 < text.size(); i += 2)
            *p++ = char(hexDigit(text[i]) << 4 | hexDigit(text[i + 1]));
        return out;
    }
    size_t length = 0;
    unsigned char *raw = PQunescapeBytea(reinterpret_cast<const unsigned char *>(text.data()), &length);
    if (!raw)
        return QByteArray("");
    QByteArray out(reinterpret_cast<const char *>(raw), qsizetype(length));
    PQfreemem(raw);
    return out;
}

QVariant PgCursor::value(int column) const
{
    if (isNull(column))
        return {};
    switch (PQftype(m_result, column)) {
    case 16:
        return QVariant(utf8(column) == "t"); // bool
    case 17:
        return QVariant(blob(column)); // bytea
    case 20:
    case 21:
    case 23:
        return QVariant(integer(column)); // int8, int2, int4
    case 700:
    case 701:
    case 1700:
        return QVariant(number(column)); // float4, float8, numeric
    default:
        return QVariant(QString::fromUtf8(utf8(column)));
    }
}

int PgCursor::rowsAffected() const
{
    return m_result ? std::atoi(PQcmdTuples(m_result)) : 0;
}

} // namespace vami
