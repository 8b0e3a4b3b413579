#pragma once

#include "teammember.h"

#include "auth/organization.h"
#include "core/result.h"
#include "storage/pagebookmarks.h"

#include <optional>

namespace vami {

class Database;

// All SQL of the team_members table.
class MemberRepository
{
public:
    explicit MemberRepository(Database &database);

    Status insert(const QUuid &organizationId, const QUuid &userId, Role role, const QUuid &invitedBy,
                  const QDateTime &at);
    Result<std::optional<TeamMember>> find(const QUuid &organizationId, const QUuid &userId);
    Result<MemberPage> list(const QUuid &organizationId, const MemberQuery &query);
    Status updateRole(const QUuid &organizationId, const QUuid &userId, Role role, const QDateTime &at);
    // True when a row was removed.
    Result<bool> remove(const QUuid &organizationId, const QUuid &userId);
    Result<int> countWithRole(const QUuid &organizationId, Role role);
    // Totals and role breakdown (pendingInvitations is left 0).
    Result<TeamStats> stats(const QUuid &organizationId);
    Result<QList<Membership>> membershipsOf(const QUuid &userId);
    Result<std::optional<Membership>> membership(const QUuid &userId, const QUuid &organizationId);

private:
    struct CountAndVersion
    {
        qint64 count = 0;
        qint64 version = 0;
    };
    Result<CountAndVersion> countAndVersion(const QUuid &organizationId);
    struct OrderedPage
    {
        QList<TeamMember> members;
        std::optional<CountAndVersion> kept; // read with the rows; none for an empty page
    };
    // One page in listing order (role or join date), optionally starting at a
    // remembered row.
    Result<OrderedPage> orderedPage(const QUuid &organizationId, const MemberQuery &query, const QString &where,
                                    const QVariantList &values, qint64 skip, const PageBookmarks::Bookmark *from);
    Status rememberPositions(const QUuid &organizationId, const MemberQuery &query, qint64 version);

    Database &m_db;
    PageBookmarks m_bookmarks;
};

// Escapes LIKE wildcards so user text matches literally (used with ESCAPE '\').
[[nodiscard]] QString likePattern(const QString &text);

} // namespace vami
