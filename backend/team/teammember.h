#pragma once

#include "core/role.h"
#include "memberstatus.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QUuid>

#include <optional>

namespace vami {

// A person's membership in the acting organization, with their profile.
struct TeamMember
{
    QUuid userId;
    QString email;
    QString fullName;
    QString avatarUrl;
    Role role = Role::Member;
    MemberStatus status = MemberStatus::Active;
    QDateTime joinedAt;
    QDateTime lastActiveAt;
    QUuid invitedBy;
};

// How to list members: filter, order and page.
struct MemberQuery
{
    enum class Sort { Role, Name, Email, Joined, LastActive };

    QString search;                 // matched against e-mail and name, case-insensitive
    std::optional<Role> role;
    std::optional<MemberStatus> status; // nullopt: any
    Sort sort = Sort::Role;         // Role: owners first, then admins, then members; then join date
    bool descending = false;
    int page = 1;                   // 1-based
    int perPage = 0;                // 0: every member in one page
};

struct MemberPage
{
    QList<TeamMember> members;
    qint64 total = 0;
    int page = 1;
    int perPage = 0;
};

struct TeamStats
{
    int totalMembers = 0;
    int activeMembers = 0;
    int pendingInvitations = 0;
    int owners = 0;
    int admins = 0;
    int members = 0;
};

} // namespace vami
