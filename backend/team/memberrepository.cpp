#include "memberrepository.h"

#include "storage/database.h"
#include "storage/sqlvalue.h"

using namespace Qt::StringLiterals;

namespace vami {

namespace {

const QString MemberColumns = u"m.user_id, u.email, u.full_name, u.avatar_url, m.role, m.status, m.joined_at, "
                              "u.last_active_at, m.invited_by"_s;

TeamMember readMember(const SqlRows &r)
{
    TeamMember m;
    m.userId = r.id(0);
    m.email = r.text(1);
    m.fullName = r.text(2);
    m.avatarUrl = r.text(3);
    m.role = parseRole(r.text(4)).value_or(Role::Member);
    m.status = r.text(5);
    m.joinedAt = r.instant(6);
    m.lastActiveAt = r.instant(7);
    m.invitedBy = r.id(8);
    return m;
}

QString orderClause(MemberQuery::Sort sort, bool descending)
{
    const QString dir = descending ? u" DESC"_s : u""_s;
    switch (sort) {
    case MemberQuery::Sort::Role:
        return u"m.role_rank"_s + dir + u", m.joined_at"_s + dir + u", m.user_id"_s + dir;
    case MemberQuery::Sort::Name:
        return u"lower(COALESCE(u.full_name, u.email))"_s + dir + u", u.email"_s + dir;
    case MemberQuery::Sort::Email:
        return u"u.email"_s + dir;
    case MemberQuery::Sort::Joined:
        return u"m.joined_at"_s + dir + u", m.user_id"_s + dir;
    case MemberQuery::Sort::LastActive:
        return u"(CASE WHEN u.last_active_at IS NULL THEN 1 ELSE 0 END), u.last_active_at"_s + dir + u", u.email"_s;
    }
    return u"m.role_rank, m.joined_at, m.user_id"_s;
}

} // namespace

QString likePattern(const QString &text)
{
    QString escaped;
    escaped.reserve(text.size() + 2);
    escaped.append(u'%');
    for (const QChar c : text) {
        if (c == u'%' || c == u'_' || c == u'\\')
            escaped.append(u'\\');
        escaped.append(c);
    }
    escaped.append(u'%');
    return escaped;
}

MemberRepository::MemberRepository(Database &database)
    : m_db(database)
{
}

Status MemberRepository::insert(const QUuid &organizationId, const QUuid &userId, Role role, const QUuid &invitedBy,
                                const QDateTime &at)
{
    auto done = m_db.exec(u"INSERT INTO team_members (id, organization_id, user_id, role, role_rank, status, "
                          "invited_by, joined_at, updated_at) VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?)"_s,
                          {sqlId(newId()), sqlId(organizationId), sqlId(userId), roleName(role), roleRank(role),
                           sqlId(invitedBy), sqlInstant(at), sqlInstant(at)});
    if (!done)
        return fail(done.error());
    return {};
}

Result<std::optional<TeamMember>> MemberRepository::find(const QUuid &organizationId, const QUuid &userId)
{
    auto rows = m_db.exec(u"SELECT "_s + MemberColumns
                              + u" FROM team_members m JOIN users u ON u.id = m.user_id "
                                "WHERE m.organization_id = ? AND m.user_id = ?"_s,
                          {sqlId(organizationId), sqlId(userId)});
    if (!rows)
        return fail(rows.error());
    if (!rows->next())
        return std::optional<TeamMember>();
    return std::optional<TeamMember>(readMember(*rows));
}

Result<MemberPage> MemberRepository::list(const QUuid &organizationId, const MemberQuery &query)
{
    QString where = u"m.organization_id = ?"_s;
    QVariantList values{sqlId(organizationId)};
    bool needsUsers = false;
    const QString search = query.search.trimmed().toLower();
    if (!search.isEmpty()) {
        where += u" AND (u.email LIKE ? ESCAPE '\\' OR lower(COALESCE(u.full_name, '')) LIKE ? ESCAPE '\\')"_s;
        values << likePattern(search) << likePattern(search);
        needsUsers = true;
    }
    if (query.role) {
        where += u" AND m.role = ?"_s;
        values << roleName(*query.role);
    }
    if (!query.status.isEmpty()) {
        where += u" AND m.status = ?"_s;
        values << query.status;
    }

    MemberPage page;
    page.page = query.page;
    page.perPage = query.perPage;

    const QString order = orderClause(query.sort, query.descending);
    QString sql;
    QVariantList pageValues = values;
    const bool membersOnlyOrder = query.sort == MemberQuery::Sort::Role || query.sort == MemberQuery::Sort::Joined;
    if (query.perPage > 0 && !needsUsers && membersOnlyOrder) {
        // Page through the listing index first and join only the rows of the
        // page: a deep page then skips index entries, not user rows.
        sql = u"SELECT "_s + MemberColumns + u" FROM (SELECT * FROM team_members m WHERE "_s + where
            + u" ORDER BY "_s + order + u" LIMIT ? OFFSET ?) m JOIN users u ON u.id = m.user_id ORDER BY "_s + order;
        pageValues << query.perPage << qint64(query.page - 1) * query.perPage;
    } else {
        sql = u"SELECT "_s + MemberColumns + u" FROM team_members m JOIN users u ON u.id = m.user_id WHERE "_s + where
            + u" ORDER BY "_s + order;
        if (query.perPage > 0) {
            sql += u" LIMIT ? OFFSET ?"_s;
            pageValues << query.perPage << qint64(query.page - 1) * query.perPage;
        }
    }
    {
        auto rows = m_db.exec(sql, pageValues);
        if (!rows)
            return fail(rows.error());
        while (rows->next())
            page.members.append(readMember(*rows));
    }
    if (query.perPage == 0) {
        page.total = page.members.size();
        return page;
    }
    // Unfiltered, the total is the organization's member count (kept by triggers).
    const bool unfiltered = !needsUsers && !query.role && query.status.isEmpty();
    QString countSql;
    if (unfiltered)
        countSql = u"SELECT member_count FROM organizations WHERE id = ?"_s;
    else if (needsUsers)
        countSql = u"SELECT COUNT(*) FROM team_members m JOIN users u ON u.id = m.user_id WHERE "_s + where;
    else
        countSql = u"SELECT COUNT(*) FROM team_members m WHERE "_s + where;
    auto count = m_db.exec(countSql, values);
    if (!count)
        return fail(count.error());
    count->next();
    page.total = count->integer(0);
    return page;
}

Status MemberRepository::updateRole(const QUuid &organizationId, const QUuid &userId, Role role, const QDateTime &at)
{
    auto done = m_db.exec(u"UPDATE team_members SET role = ?, role_rank = ?, updated_at = ? "
                          "WHERE organization_id = ? AND user_id = ?"_s,
                          {roleName(role), roleRank(role), sqlInstant(at), sqlId(organizationId), sqlId(userId)});
    if (!done)
        return fail(done.error());
    return {};
}

Result<bool> MemberRepository::remove(const QUuid &organizationId, const QUuid &userId)
{
    auto done = m_db.exec(u"DELETE FROM team_members WHERE organization_id = ? AND user_id = ?"_s,
                          {sqlId(organizationId), sqlId(userId)});
    if (!done)
        return fail(done.error());
    return done->rowsAffected() == 1;
}

Result<int> MemberRepository::countWithRole(const QUuid &organizationId, Role role)
{
    auto rows = m_db.exec(u"SELECT COUNT(*) FROM team_members WHERE organization_id = ? AND role = ?"_s,
                          {sqlId(organizationId), roleName(role)});
    if (!rows)
        return fail(rows.error());
    rows->next();
    return int(rows->integer(0));
}

Result<TeamStats> MemberRepository::stats(const QUuid &organizationId)
{
    auto rows = m_db.exec(u"SELECT role, status, COUNT(*) FROM team_members WHERE organization_id = ? "
                          "GROUP BY role, status"_s,
                          {sqlId(organizationId)});
    if (!rows)
        return fail(rows.error());
    TeamStats stats;
    while (rows->next()) {
        const int count = int(rows->integer(2));
        stats.totalMembers += count;
        if (rows->text(1) == u"active"_s)
            stats.activeMembers += count;
        switch (parseRole(rows->text(0)).value_or(Role::Member)) {
        case Role::Owner: stats.owners += count; break;
        case Role::Admin: stats.admins += count; break;
        case Role::Member: stats.members += count; break;
        }
    }
    return stats;
}

Result<QList<Membership>> MemberRepository::membershipsOf(const QUuid &userId)
{
    auto rows = m_db.exec(u"SELECT o.id, o.name, m.role, m.joined_at FROM team_members m "
                          "JOIN organizations o ON o.id = m.organization_id "
                          "WHERE m.user_id = ? ORDER BY m.joined_at, o.id"_s,
                          {sqlId(userId)});
    if (!rows)
        return fail(rows.error());
    QList<Membership> out;
    while (rows->next())
        out.append(Membership{rows->id(0), rows->text(1), parseRole(rows->text(2)).value_or(Role::Member),
                              rows->instant(3)});
    return out;
}

Result<std::optional<Membership>> MemberRepository::membership(const QUuid &userId, const QUuid &organizationId)
{
    auto rows = m_db.exec(u"SELECT o.id, o.name, m.role, m.joined_at FROM team_members m "
                          "JOIN organizations o ON o.id = m.organization_id "
                          "WHERE m.user_id = ? AND m.organization_id = ?"_s,
                          {sqlId(userId), sqlId(organizationId)});
    if (!rows)
        return fail(rows.error());
    if (!rows->next())
        return std::optional<Membership>();
    return std::optional<Membership>(Membership{rows->id(0), rows->text(1),
                                                parseRole(rows->text(2)).value_or(Role::Member), rows->instant(3)});
}

} // namespace vami
