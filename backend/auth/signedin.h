#pragma once

#include "organization.h"
#include "user.h"

#include "core/role.h"

#include <QDateTime>
#include <QString>
#include <QUuid>

namespace vami {

// The outcome of a successful sign-in, registration or token refresh: a session in
// one organization and the opaque refresh token that continues it (shown once).
struct SignedIn
{
    User user;
    Organization organization;
    Role role = Role::Member;
    QUuid sessionId;
    QString refreshToken;
    QDateTime refreshExpiresAt;
};

// The parts of a session an access token (or the desktop) carries.
struct SessionRef
{
    QUuid sessionId;
    QUuid userId;
    QUuid organizationId;
    int tokenVersion = 0;
};

// Where a request comes from; stored with sessions for the owner's review.
struct ClientInfo
{
    QString address;
    QString userAgent;
    QString requestId;
};

} // namespace vami
