#include "invitationstablemodel.h"

#include "rolenames.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

QString instantText(const QDateTime &instant)
{
    const QDateTime local = instant.toLocalTime();
    return QLocale().toString(local.date(), QLocale::ShortFormat) + u' ' + local.time().toString(u"HH:mm"_s);
}

} // namespace

void InvitationsTableModel::setInvitations(const QList<Invitation> &invitations)
{
    beginResetModel();
    m_rows = invitations;
    endResetModel();
}

const Invitation *InvitationsTableModel::invitationAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int InvitationsTableModel::rowOf(const QUuid &id) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id == id)
            return row;
    }
    return -1;
}

void InvitationsTableModel::rememberLink(const QUuid &invitationId, const QString &url)
{
    m_links.insert(invitationId, url);
}

void InvitationsTableModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

int InvitationsTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int InvitationsTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant InvitationsTableModel::data(const QModelIndex &index, int role) const
{
    const Invitation *inv = invitationAt(index.row());
    if (!inv || role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case EmailColumn:
        return inv->email;
    case RoleColumn:
        return RoleNames::role(inv->role);
    case InvitedByColumn:
        return inv->invitedByName.isEmpty() ? inv->invitedByEmail : inv->invitedByName;
    case SentColumn:
        return instantText(inv->createdAt);
    case ExpiresColumn:
        return instantText(inv->expiresAt);
    default:
        return {};
    }
}

QVariant InvitationsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case EmailColumn:
        return tr("E-mail");
    case RoleColumn:
        return tr("Role");
    case InvitedByColumn:
        return tr("Invited by");
    case SentColumn:
        return tr("Sent");
    case ExpiresColumn:
        return tr("Expires");
    default:
        return {};
    }
}

} // namespace vami
