#pragma once

#include "invitation.h"

#include "core/result.h"

#include <optional>

namespace vami {

class Database;

// All SQL of the team_invitations and invitation_tokens tables.
class InvitationRepository
{
public:
    explicit InvitationRepository(Database &database);

    Status insert(const Invitation &invitation);
    Status insertToken(const QString &tokenHash, const QUuid &invitationId, const QString &channel,
                       const QDateTime &at);
    Result<std::optional<Invitation>> findByToken(const QString &tokenHash);
    // How the token was handed out: "email" (sent to the invited address) or "link"
    // (shown to the inviter); empty when unknown.
    Result<QString> tokenChannel(const QString &tokenHash);
    Result<std::optional<Invitation>> find(const QUuid &organizationId, const QUuid &invitationId);
    Result<std::optional<Invitation>> findPendingByEmail(const QUuid &organizationId, const QString &email);
    // Pending and not yet expired at `now`, newest first.
    Result<QList<Invitation>> listPending(const QUuid &organizationId, const QDateTime &now);
    Result<int> countPending(const QUuid &organizationId, const QDateTime &now);
    Result<int> countCreatedSince(const QUuid &organizationId, const QDateTime &since);
    // Moves a pending invitation to `status` (accepted, expired, revoked); true when it was pending.
    Result<bool> finish(const QUuid &invitationId, InvitationStatus status, const QDateTime &at,
                        const QUuid &acceptedBy = {});
    Status extend(const QUuid &invitationId, const QDateTime &expiresAt, const QDateTime &at);
    // Marks every pending invitation that expired before `now` as expired.
    Result<int> expireOverdue(const QDateTime &now);

private:
    Result<std::optional<Invitation>> findOne(const QString &where, const QVariantList &values);

    Database &m_db;
};

} // namespace vami
