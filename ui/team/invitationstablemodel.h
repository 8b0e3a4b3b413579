#pragma once

#include "team/invitation.h"

#include <QAbstractTableModel>
#include <QHash>

namespace vami {

// The pending invitations of the organization. A link can only be copied while
// this desktop knows it: the backend stores tokens hashed, so a link exists in
// clear only when it was just created (invite or resend).
class InvitationsTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { EmailColumn, RoleColumn, InvitedByColumn, SentColumn, ExpiresColumn, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    void setInvitations(const QList<Invitation> &invitations);
    [[nodiscard]] const Invitation *invitationAt(int row) const;
    [[nodiscard]] int rowOf(const QUuid &id) const;
    void rememberLink(const QUuid &invitationId, const QString &url);
    [[nodiscard]] QString linkFor(const QUuid &invitationId) const { return m_links.value(invitationId); }

    // Texts of headers and cells follow a language change.
    void retranslate();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Invitation> m_rows;
    QHash<QUuid, QString> m_links;
};

} // namespace vami
