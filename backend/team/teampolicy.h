#pragma once

#include <QString>

namespace vami {

struct TeamPolicy
{
    int invitationTtlDays = 7;
    int maxPendingInvitations = 50;   // per organization
    int invitationsPerHour = 20;      // per organization
    // Where invitation links point; "?token=<token>" is appended.
    QString acceptUrl = QStringLiteral("http://localhost:5173/team/accept-invitation");
};

} // namespace vami
