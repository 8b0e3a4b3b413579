#pragma once

#include "core/role.h"
#include "memberstatus.h"

#include <QDateTime>
#include <QString>
#include <QUuid>

namespace vami {

// An invitation to join an organization. Its tokens are stored hashed elsewhere.
struct Invitation
{
    QUuid id;
    QUuid organizationId;
    QString email;
    Role role = Role::Member;
    QUuid invitedBy;
    QString invitedByName;
    QString invitedByEmail;
    InvitationStatus status = InvitationStatus::Pending;
    QString message;
    QDateTime createdAt;
    QDateTime expiresAt;
    QDateTime acceptedAt;
    QDateTime revokedAt;
};

// An invitation with a token just minted for it (shown once) and the link built from it.
struct IssuedInvitation
{
    Invitation invitation;
    QString token;
    QString url;
};

// What an invitation link shows before it is accepted.
struct InvitationPreview
{
    Invitation invitation;
    QString organizationName;
    bool accountExists = false; // an account with the invited address exists
};

// The result of accepting an invitation.
struct AcceptedInvitation
{
    QUuid organizationId;
    QUuid userId;
    Role role = Role::Member;
};

} // namespace vami
