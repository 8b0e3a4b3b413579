#include "invitationrepository.h"

#include "storage/database.h"
#include "storage/rowreader.h"
#include "storage/sqlvalue.h"

using namespace Qt::StringLiterals;

namespace vami {

namespace {

const RowReader<Invitation> &invitationColumns()
{
    static const RowReader<Invitation> columns{
        column<&Invitation::id>("i.id"),
        column<&Invitation::organizationId>("i.organization_id"),
        column<&Invitation::email>("i.email"),
        column<&Invitation::role>("i.role"),
        column<&Invitation::invitedBy>("i.invited_by"),
        column<&Invitation::invitedByName>("u.full_name"),
        column<&Invitation::invitedByEmail>("u.email"),
        column<&Invitation::status>("i.status"),
        column<&Invitation::message>("i.message"),
        column<&Invitation::createdAt>("i.created_at"),
        column<&Invitation::expiresAt>("i.expires_at"),
        column<&Invitation::acceptedAt>("i.accepted_at"),
        column<&Invitation::revokedAt>("i.revoked_at"),
    };
    return columns;
}

QString select()
{
    return u"SELECT "_s + invitationColumns().selectList()
        + u" FROM team_invitations i LEFT JOIN users u ON u.id = i.invited_by "_s;
}

} // namespace

InvitationRepository::InvitationRepository(Database &database)
    : m_db(database)
{
}

Status InvitationRepository::insert(const Invitation &i)
{
    auto done = m_db.exec(u"INSERT INTO team_invitations (id, organization_id, email, role, invited_by, status, "
                          "message, created_at, expires_at, updated_at) VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)"_s,
                          {sqlId(i.id), sqlId(i.organizationId), i.email, roleName(i.role), sqlId(i.invitedBy),
                           sqlText(i.message), sqlInstant(i.createdAt), sqlInstant(i.expiresAt),
                           sqlInstant(i.createdAt)});
    if (!done)
        return fail(done.error());
    return {};
}

Status InvitationRepository::insertToken(const QString &tokenHash, const QUuid &invitationId, const QString &channel,
                                         const QDateTime &at)
{
    auto done = m_db.exec(u"INSERT INTO invitation_tokens (token_hash, invitation_id, channel, created_at) "
                          "VALUES (?, ?, ?, ?)"_s,
                          {tokenHash, sqlId(invitationId), channel, sqlInstant(at)});
    if (!done)
        return fail(done.error());
    return {};
}

Result<std::optional<Invitation>> InvitationRepository::findOne(const QString &where, const QVariantList &values)
{
    auto rows = m_db.exec(select() + where, values);
    if (!rows)
        return fail(rows.error());
    if (!rows->next())
        return std::optional<Invitation>();
    return std::optional<Invitation>(invitationColumns().read(*rows));
}

Result<std::optional<Invitation>> InvitationRepository::findByToken(const QString &tokenHash)
{
    return findOne(u"JOIN invitation_tokens t ON t.invitation_id = i.id WHERE t.token_hash = ?"_s, {tokenHash});
}

Result<QString> InvitationRepository::tokenChannel(const QString &tokenHash)
{
    auto rows = m_db.exec(u"SELECT channel FROM invitation_tokens WHERE token_hash = ?"_s, {tokenHash});
    if (!rows)
        return fail(rows.error());
    return rows->next() ? rows->text(0) : QString();
}

Result<std::optional<Invitation>> InvitationRepository::find(const QUuid &organizationId, const QUuid &invitationId)
{
    return findOne(u"WHERE i.organization_id = ? AND i.id = ?"_s, {sqlId(organizationId), sqlId(invitationId)});
}

Result<std::optional<Invitation>> InvitationRepository::findPendingByEmail(const QUuid &organizationId,
                                                                           const QString &email)
{
    return findOne(u"WHERE i.organization_id = ? AND i.email = ? AND i.status = 'pending'"_s,
                   {sqlId(organizationId), email});
}

Result<QList<Invitation>> InvitationRepository::listPending(const QUuid &organizationId, const QDateTime &now)
{
    auto rows = m_db.exec(select()
                              + u"WHERE i.organization_id = ? AND i.status = 'pending' AND i.expires_at > ? "
                                "ORDER BY i.created_at DESC, i.id"_s,
                          {sqlId(organizationId), sqlInstant(now)});
    if (!rows)
        return fail(rows.error());
    QList<Invitation> out;
    while (rows->next())
        out.append(invitationColumns().read(*rows));
    return out;
}

Result<int> InvitationRepository::countPending(const QUuid &organizationId, const QDateTime &now)
{
    auto rows = m_db.exec(u"SELECT COUNT(*) FROM team_invitations WHERE organization_id = ? AND status = 'pending' "
                          "AND expires_at > ?"_s,
                          {sqlId(organizationId), sqlInstant(now)});
    if (!rows)
        return fail(rows.error());
    rows->next();
    return int(rows->integer(0));
}

Result<int> InvitationRepository::countCreatedSince(const QUuid &organizationId, const QDateTime &since)
{
    auto rows = m_db.exec(u"SELECT COUNT(*) FROM team_invitations WHERE organization_id = ? AND created_at >= ?"_s,
                          {sqlId(organizationId), sqlInstant(since)});
    if (!rows)
        return fail(rows.error());
    rows->next();
    return int(rows->integer(0));
}

Result<bool> InvitationRepository::finish(const QUuid &invitationId, InvitationStatus status, const QDateTime &at,
                                          const QUuid &acceptedBy)
{
    QString sql;
    QVariantList values;
    if (status == InvitationStatus::Accepted) {
        sql = u"UPDATE team_invitations SET status = 'accepted', accepted_at = ?, accepted_by = ?, updated_at = ? "
              "WHERE id = ? AND status = 'pending'"_s;
        values = {sqlInstant(at), sqlId(acceptedBy), sqlInstant(at), sqlId(invitationId)};
    } else if (status == InvitationStatus::Revoked) {
        sql = u"UPDATE team_invitations SET status = 'revoked', revoked_at = ?, updated_at = ? "
              "WHERE id = ? AND status = 'pending'"_s;
        values = {sqlInstant(at), sqlInstant(at), sqlId(invitationId)};
    } else {
        sql = u"UPDATE team_invitations SET status = 'expired', updated_at = ? WHERE id = ? AND status = 'pending'"_s;
        values = {sqlInstant(at), sqlId(invitationId)};
    }
    auto done = m_db.exec(sql, values);
    if (!done)
        return fail(done.error());
    return done->rowsAffected() == 1;
}

Status InvitationRepository::extend(const QUuid &invitationId, const QDateTime &expiresAt, const QDateTime &at)
{
    auto done = m_db.exec(u"UPDATE team_invitations SET expires_at = ?, updated_at = ? WHERE id = ? "
                          "AND status = 'pending'"_s,
                          {sqlInstant(expiresAt), sqlInstant(at), sqlId(invitationId)});
    if (!done)
        return fail(done.error());
    return {};
}

Result<int> InvitationRepository::expireOverdue(const QDateTime &now)
{
    auto done = m_db.exec(u"UPDATE team_invitations SET status = 'expired', updated_at = ? "
                          "WHERE status = 'pending' AND expires_at <= ?"_s,
                          {sqlInstant(now), sqlInstant(now)});
    if (!done)
        return fail(done.error());
    return done->rowsAffected();
}

} // namespace vami
