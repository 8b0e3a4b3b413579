#include "memberrepository.h"

#include "storage/database.h"
#include "storage/rowreader.h"
#include "storage/sqlvalue.h"

using namespace Qt::StringLiterals;

namespace vami {

namespace {

const RowReader<TeamMember> &memberColumns()
{
    static const RowReader<TeamMember> columns {
        column<&TeamMember::userId>("m.user_id"),
        column<&TeamMember::email>("m.email"),
        column<&TeamMember::fullName>("m.full_name"),
        column<&TeamMember::avatarUrl>("m.avatar_url"),
        column<&TeamMember::role>("m.role"),
        column<&TeamMember::status>("m.status"),
        column<&TeamMember::joinedAt>("m.joined_at"),
        column<&TeamMember::lastActiveAt>("m.last_active_at"),
        column<&TeamMember::invitedBy>("m.invited_by"),
    };
    return columns;
}

// A membership as its member's organization list shows it; an unknown role reads
// as the least privileged one.
const RowReader<Membership> &membershipColumns()
{
    static const RowReader<Membership> columns {
        column<&Membership::organizationId>("o.id"),
        column<&Membership::organizationName>("o.name"),
        column<&Membership::role>("m.role"),
        column<&Membership::joinedAt>("m.joined_at"),
    };
    return columns;
}

// One group of the team's head count.
struct HeadCount
{
    std::optional<Role> role;
    std::optional<MemberStatus> status;
    int count = 0;
};

const RowReader<HeadCount> &headCountColumns()
{
    static const RowReader<HeadCount> columns {
        column<&HeadCount::role>("role"),
        column<&HeadCount::status>("status"),
        column<&HeadCount::count>("COUNT(*)"),
    };
    return columns;
}

QString orderClause(MemberQuery::Sort sort, bool descending)
{
    const QString dir = descending ? u" DESC"_s : u""_s;
    switch (sort) {
    case MemberQuery::Sort::Role:
        return u"m.role_rank"_s + dir + u", m.joined_at"_s + dir + u", m.user_id"_s + dir;
    case MemberQuery::Sort::Name:
        return u"lower(COALESCE(m.full_name, m.email))"_s + dir + u", m.email"_s + dir;
    case MemberQuery::Sort::Email:
        return u"m.email"_s + dir;
    case MemberQuery::Sort::Joined:
        return u"m.joined_at"_s + dir + u", m.user_id"_s + dir;
    case MemberQuery::Sort::LastActive:
        return u"(CASE WHEN m.last_active_at IS NULL THEN 1 ELSE 0 END), m.last_active_at"_s + dir + u", m.email"_s;
    }
    return u"m.role_rank, m.joined_at, m.user_id"_s;
}

// Orders that follow an index of team_members alone (role, join date).
bool isListingOrder(MemberQuery::Sort sort)
{
    return sort == MemberQuery::Sort::Role || sort == MemberQuery::Sort::Joined;
}

// The ordering columns of a listing order, as a row value ("(a, b, c)").
QString orderKey(MemberQuery::Sort sort)
{
    return sort == MemberQuery::Sort::Role ? u"(m.role_rank, m.joined_at, m.user_id)"_s : u"(m.joined_at, m.user_id)"_s;
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
{ }

Status MemberRepository::insert(
    const QUuid &organizationId, const QUuid &userId, Role role, const QUuid &invitedBy, const QDateTime &at)
{
    auto done = m_db.exec(u"INSERT INTO team_members (id, organization_id, user_id, role, role_rank, status, "
                          "invited_by, joined_at, updated_at) VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?)"_s,
        {sqlId(newId()), sqlId(organizationId), sqlId(userId), roleName(role), roleRank(role), sqlId(invitedBy),
            sqlInstant(at), sqlInstant(at)});
    if (!done)
        return fail(done.error());
    return {};
}

Result<std::optional<TeamMember>> MemberRepository::find(const QUuid &organizationId, const QUuid &userId)
{
    auto rows = m_db.exec(u"SELECT "_s + memberColumns().selectList()
                              + u" FROM team_members m WHERE m.organization_id = ? AND m.user_id = ?"_s,
                          {sqlId(organizationId), sqlId(userId)});
    if (!rows)
        return fail(rows.error());
    if (!rows->next())
        return std::optional<TeamMember>();
    return std::optional<TeamMember>(memberColumns().read(*rows));
}

Result<MemberRepository::CountAndVersion> MemberRepository::countAndVersion(const QUuid &organizationId)
{
    auto rows
        = m_db.exec(u"SELECT member_count, member_version FROM organizations WHERE id = ?"_s, {sqlId(organizationId)});
    if (!rows)
        return fail(rows.error());
    if (!rows->next())
        return CountAndVersion {};
    return CountAndVersion {rows->integer(0), rows->integer(1)};
}

Result<MemberRepository::OrderedPage> MemberRepository::orderedPage(const QUuid &organizationId,
                                                                   const MemberQuery &query, const QString &where,
                                                                   const QVariantList &values, qint64 skip,
                                                                   const PageBookmarks::Bookmark *from)
{
    // One table, walked along the listing index (memberships carry their users'
    // profiles), optionally from a remembered row onwards. The organization's kept
    // member count and list version come back with the rows, read in the same
    // snapshot and without another round trip.
    QString condition = where;
    QVariantList pageValues{sqlId(organizationId), sqlId(organizationId)};
    pageValues += values;
    if (from) {
        QString marks;
        for (qsizetype i = 0; i < from->key.size(); ++i)
            marks += i == 0 ? u"?"_s : u", ?"_s;
        condition += u" AND "_s + orderKey(query.sort) + (query.descending ? u" <= ("_s : u" >= ("_s) + marks + u')';
        pageValues += from->key;
    }
    pageValues << query.perPage << skip;
    auto rows = m_db.exec(u"SELECT "_s + memberColumns().selectList()
                              + u", (SELECT member_count FROM organizations WHERE id = ?)"
                                ", (SELECT member_version FROM organizations WHERE id = ?)"
                                " FROM team_members m WHERE "_s
                              + condition + u" ORDER BY "_s + orderClause(query.sort, query.descending)
                              + u" LIMIT ? OFFSET ?"_s,
                          pageValues);
    if (!rows)
        return fail(rows.error());
    OrderedPage page;
    page.members.reserve(query.perPage);
    const int count = memberColumns().size();
    while (rows->next()) {
        page.members.append(memberColumns().read(*rows));
        page.kept = CountAndVersion{rows->integer(count), rows->integer(count + 1)};
    }
    return page;
}

Status MemberRepository::rememberPositions(const QUuid &organizationId, const MemberQuery &query, qint64 version)
{
    const QString key = orderKey(query.sort);
    auto rows = m_db.exec(u"SELECT "_s + key.mid(1, key.size() - 2)
            + u" FROM team_members m WHERE m.organization_id = ? "
              "ORDER BY "_s
            + orderClause(query.sort, query.descending),
        {sqlId(organizationId)});
    if (!rows)
        return fail(rows.error());
    QList<QVariantList> keys;
    qint64 position = 0;
    const int columns = query.sort == MemberQuery::Sort::Role ? 3 : 2;
    while (rows->next()) {
        if (position++ % PageBookmarks::Stride != 0)
            continue;
        QVariantList k;
        for (int c = 0; c < columns; ++c) {
            if (query.sort == MemberQuery::Sort::Role && c == 0)
                k.append(rows->integer(c));
            else
                k.append(rows->text(c));
        }
        keys.append(k);
    }
    m_bookmarks.store(idText(organizationId) + (query.sort == MemberQuery::Sort::Role ? u":role"_s : u":joined"_s)
            + (query.descending ? u":desc"_s : u":asc"_s),
        version, std::move(keys));
    return {};
}

Result<MemberPage> MemberRepository::list(const QUuid &organizationId, const MemberQuery &query)
{
    QString where = u"m.organization_id = ?"_s;
    QVariantList values{sqlId(organizationId)};
    const QString search = query.search.trimmed().toCaseFolded();
    if (!search.isEmpty()) {
        const Dialect d = m_db.dialect();
        where += u" AND ("_s + sql::foldCase(d, u"m.email"_s) + u" LIKE ? ESCAPE '\\' OR "_s
            + sql::foldCase(d, u"COALESCE(m.full_name, '')"_s) + u" LIKE ? ESCAPE '\\')"_s;
        values << likePattern(search) << likePattern(search);
    }
    if (query.role) {
        where += u" AND m.role = ?"_s;
        values << roleName(*query.role);
    }
    if (query.status) {
        where += u" AND m.status = ?"_s;
        values << enumName(*query.status);
    }

    MemberPage page;
    page.page = query.page;
    page.perPage = query.perPage;
    const bool unfiltered = search.isEmpty() && !query.role && !query.status;
    const qint64 offset = qint64(query.page - 1) * query.perPage;

    if (query.perPage > 0 && unfiltered && isListingOrder(query.sort) && offset >= PageBookmarks::Stride) {
        // Deep in the unfiltered list: start at the nearest remembered row of the
        // list's current version. The version is read after the page, so a change
        // in between is noticed and the page read again.
        const QString list = idText(organizationId)
            + (query.sort == MemberQuery::Sort::Role ? u":role"_s : u":joined"_s)
            + (query.descending ? u":desc"_s : u":asc"_s);
        for (int attempt = 0; attempt < 3; ++attempt) {
            const std::optional<PageBookmarks::Bookmark> mark = m_bookmarks.seek(list, offset);
            if (mark) {
                auto ordered = orderedPage(organizationId, query, where, values, offset - mark->position, &*mark);
                if (!ordered)
                    return fail(ordered.error());
                if (ordered->kept && ordered->kept->version == mark->version) {
                    page.members = std::move(ordered->members);
                    page.total = ordered->kept->count;
                    return page;
                }
            }
            // No remembered rows yet, the list changed since, or the page is past the end.
            auto current = countAndVersion(organizationId);
            if (!current)
                return fail(current.error());
            if (offset >= current->count) {
                page.total = current->count;
                return page;
            }
            if (Status remembered = rememberPositions(organizationId, query, current->version); !remembered)
                return fail(remembered.error());
        }
        // The list keeps changing under us: read this page by its offset.
    }

    std::optional<CountAndVersion> kept;
    if (query.perPage > 0 && isListingOrder(query.sort)) {
        auto ordered = orderedPage(organizationId, query, where, values, offset, nullptr);
        if (!ordered)
            return fail(ordered.error());
        page.members = std::move(ordered->members);
        kept = ordered->kept;
    } else {
        QString sql = u"SELECT "_s + memberColumns().selectList()
            + u" FROM team_members m WHERE "_s + where + u" ORDER BY "_s
            + orderClause(query.sort, query.descending);
        QVariantList pageValues = values;
        if (query.perPage > 0) {
            sql += u" LIMIT ? OFFSET ?"_s;
            pageValues << query.perPage << offset;
        }
        auto rows = m_db.exec(sql, pageValues);
        if (!rows)
            return fail(rows.error());
        while (rows->next())
            page.members.append(memberColumns().read(*rows));
    }
    if (query.perPage == 0) {
        page.total = page.members.size();
        return page;
    }
    if (unfiltered) {
        // The organization's member count, kept by triggers.
        if (kept) {
            page.total = kept->count;
            return page;
        }
        auto counted = countAndVersion(organizationId);
        if (!counted)
            return fail(counted.error());
        page.total = counted->count;
        return page;
    }
    auto count = m_db.exec(u"SELECT COUNT(*) FROM team_members m WHERE "_s + where, values);
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
    auto rows = m_db.exec(u"SELECT "_s + headCountColumns().selectList()
                              + u" FROM team_members WHERE organization_id = ? GROUP BY role, status"_s,
                          {sqlId(organizationId)});
    if (!rows)
        return fail(rows.error());
    TeamStats stats;
    while (rows->next()) {
        const HeadCount group = headCountColumns().read(*rows);
        const int count = group.count;
        stats.totalMembers += count;
        if (group.status == MemberStatus::Active)
            stats.activeMembers += count;
        switch (group.role.value_or(Role::Member)) {
        case Role::Owner:
            stats.owners += count;
            break;
        case Role::Admin:
            stats.admins += count;
            break;
        case Role::Member:
            stats.members += count;
            break;
        }
    }
    return stats;
}

Result<QList<Membership>> MemberRepository::membershipsOf(const QUuid &userId)
{
    auto rows = m_db.exec(u"SELECT "_s + membershipColumns().selectList() + u" FROM team_members m "
                          "JOIN organizations o ON o.id = m.organization_id "
                          "WHERE m.user_id = ? ORDER BY m.joined_at, o.id"_s,
                          {sqlId(userId)});
    if (!rows)
        return fail(rows.error());
    QList<Membership> out;
    while (rows->next())
        out.append(membershipColumns().read(*rows));
    return out;
}

Result<std::optional<Membership>> MemberRepository::membership(const QUuid &userId, const QUuid &organizationId)
{
    auto rows = m_db.exec(u"SELECT "_s + membershipColumns().selectList() + u" FROM team_members m "
                          "JOIN organizations o ON o.id = m.organization_id "
                          "WHERE m.user_id = ? AND m.organization_id = ?"_s,
                          {sqlId(userId), sqlId(organizationId)});
    if (!rows)
        return fail(rows.error());
    if (!rows->next())
        return std::optional<Membership>();
    return std::optional<Membership>(membershipColumns().read(*rows));
}

} // namespace vami
