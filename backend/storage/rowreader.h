#pragma once

#include "sqlrows.h"

#include <QLatin1StringView>
#include <QList>
#include <QString>

#include <initializer_list>

namespace vami {

// Columns read by descriptor, not by position: a repository declares once which
// SQL expression fills which field of its row type, and both the SELECT list and
// the reading code come from that one declaration, so they cannot drift apart.
//
//   static const RowReader<TeamMember> members{
//       column<&TeamMember::userId>("m.user_id"),
//       column<&TeamMember::email>("u.email"),
//       column<&TeamMember::role>("m.role"),   // enums read by their name table
//   };
//   exec(u"SELECT "_s + members.selectList() + u" FROM ..."_s);
//   while (rows->next()) out.append(members.read(*rows));
template<typename Row> class RowReader
{
public:
    using ReadFn = void (*)(const SqlRows &, int, Row &);
    struct Column
    {
        QLatin1StringView expression;
        ReadFn read;
    };

    RowReader(std::initializer_list<Column> columns)
        : m_columns(columns)
    {
        for (const Column &c : m_columns) {
            if (!m_selectList.isEmpty())
                m_selectList += QLatin1StringView(", ");
            m_selectList += c.expression;
        }
    }

    // "m.user_id, u.email, ..." in declaration order.
    [[nodiscard]] const QString &selectList() const { return m_selectList; }
    [[nodiscard]] int size() const { return int(m_columns.size()); }

    // Reads the columns that start at `first` (a reader's columns may follow others).
    void readInto(const SqlRows &rows, Row &row, int first = 0) const
    {
        int i = first;
        for (const Column &c : m_columns)
            c.read(rows, i++, row);
    }
    [[nodiscard]] Row read(const SqlRows &rows, int first = 0) const
    {
        Row row {};
        readInto(rows, row, first);
        return row;
    }

private:
    QList<Column> m_columns;
    QString m_selectList;
};

namespace detail {

template<typename T> struct MemberOf;
template<typename R, typename F> struct MemberOf<F R::*>
{
    using Row = R;
};

template<auto Member, auto... Rest, typename T> auto &memberChain(T &object)
{
    if constexpr (sizeof...(Rest) == 0)
        return object.*Member;
    else
        return memberChain<Rest...>(object.*Member);
}

} // namespace detail

// A column read into a field, or into a field of a field: column<&A::key, &Key::id>("k.id").
template<auto First, auto... Rest> [[nodiscard]] auto column(const char *expression)
{
    using Row = typename detail::MemberOf<decltype(First)>::Row;
    return typename RowReader<Row>::Column {QLatin1StringView(expression),
        [](const SqlRows &rows, int index, Row &row) { rows.read(index, detail::memberChain<First, Rest...>(row)); }};
}

// A column read by a function of the repository's own, for a field whose type
// SqlRows does not know (a JSON list of names, say):
//   QList<Permission> readPermissions(const SqlRows &rows, int column);
//   columnVia<readPermissions, &ApiKey::permissions>("k.permissions")
template<auto Read, auto First, auto... Rest> [[nodiscard]] auto columnVia(const char *expression)
{
    using Row = typename detail::MemberOf<decltype(First)>::Row;
    return typename RowReader<Row>::Column {QLatin1StringView(expression),
        [](const SqlRows &rows, int index, Row &row) {
            detail::memberChain<First, Rest...>(row) = Read(rows, index);
        }};
}

} // namespace vami
