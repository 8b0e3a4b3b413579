#include "memberstablemodel.h"

#include "rolenames.h"

#include "common/appcontext.h"

#include "runtime/backend.h"
#include "team/teamservice.h"

#include <QLocale>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

std::optional<MemberQuery::Sort> sortFor(int column)
{
    switch (column) {
    case MembersTableModel::NameColumn:
        return MemberQuery::Sort::Name;
    case MembersTableModel::EmailColumn:
        return MemberQuery::Sort::Email;
    case MembersTableModel::RoleColumn:
        return MemberQuery::Sort::Role;
    case MembersTableModel::JoinedColumn:
        return MemberQuery::Sort::Joined;
    case MembersTableModel::LastActiveColumn:
        return MemberQuery::Sort::LastActive;
    default:
        return std::nullopt;
    }
}

QString dateText(const QDateTime &instant, bool withTime)
{
    const QDateTime local = instant.toLocalTime();
    const QString date = QLocale().toString(local.date(), QLocale::ShortFormat);
    return withTime ? date + u' ' + local.time().toString(u"HH:mm"_s) : date;
}

} // namespace

MembersTableModel::MembersTableModel(AppContext &context, QObject *parent)
    : QAbstractTableModel(parent)
    , m_context(context)
{ }

void MembersTableModel::setSearch(const QString &search)
{
    const QString trimmed = search.trimmed();
    if (trimmed == m_query.search)
        return;
    m_query.search = trimmed;
    reload();
}

void MembersTableModel::setRoleFilter(std::optional<Role> role)
{
    if (role == m_query.role)
        return;
    m_query.role = role;
    reload();
}

bool MembersTableModel::isSortable(int column)
{
    return sortFor(column).has_value();
}

void MembersTableModel::sort(int column, Qt::SortOrder order)
{
    const auto sort = sortFor(column);
    if (!sort)
        return;
    const bool descending = order == Qt::DescendingOrder;
    if (*sort == m_query.sort && descending == m_query.descending && m_loaded)
        return;
    m_query.sort = *sort;
    m_query.descending = descending;
    reload();
}

void MembersTableModel::reload()
{
    ++m_generation;
    beginResetModel();
    m_rows.clear();
    m_nextPage = 1;
    m_loaded = false;
    endResetModel();
    setLoading(false);
    requestPage(1);
}

void MembersTableModel::requestPage(int page)
{
    MemberQuery query = m_query;
    query.page = page;
    query.perPage = m_pageSize;
    const int generation = m_generation;
    Backend *backend = &m_context.backend();
    setLoading(true);
    m_context.runAsActor(
        this, [backend, query](const Actor &actor) { return backend->service<TeamService>().listMembers(actor, query); },
        [this, generation, page](const Result<MemberPage> &result) {
            if (generation != m_generation)
                return; // the query changed meanwhile
            if (!result) {
                setLoading(false);
                Q_EMIT loadFailed(result.error());
                return;
            }
            const QList<TeamMember> &members = result->members;
            // The state is complete before the view hears of new rows: a view may ask
            // for the next page from inside rowsInserted.
            const qint64 oldTotal = m_total;
            m_nextPage = page + 1;
            m_loaded = true;
            // An empty page means rows went away since the count: stop fetching.
            m_total = members.isEmpty() ? qint64(m_rows.size()) : result->total;
            setLoading(false);
            if (!members.isEmpty()) {
                beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + members.size() - 1));
                m_rows.append(members);
                endInsertRows();
            }
            if (m_total != oldTotal || page == 1)
                Q_EMIT totalChanged(m_total);
        });
}

void MembersTableModel::setLoading(bool loading)
{
    if (loading == m_loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged(loading);
}

const TeamMember *MembersTableModel::memberAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int MembersTableModel::rowOf(const QUuid &userId) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).userId == userId)
            return row;
    }
    return -1;
}

void MembersTableModel::updateMember(const TeamMember &member)
{
    const int row = rowOf(member.userId);
    if (row < 0)
        return;
    m_rows[row] = member;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void MembersTableModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

int MembersTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int MembersTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MembersTableModel::data(const QModelIndex &index, int role) const
{
    const TeamMember *m = memberAt(index.row());
    if (!m)
        return {};
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case NameColumn:
            return m->fullName.isEmpty() ? m->email.section(u'@', 0, 0) : m->fullName;
        case EmailColumn:
            return m->email;
        case RoleColumn:
            return RoleNames::role(m->role);
        case StatusColumn:
            return RoleNames::memberStatus(m->status);
        case JoinedColumn:
            return m->joinedAt.isValid() ? dateText(m->joinedAt, false) : QString();
        case LastActiveColumn:
            return m->lastActiveAt.isValid() ? dateText(m->lastActiveAt, true) : tr("Never");
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == RoleColumn)
        return RoleNames::roleDescription(m->role);
    return {};
}

QVariant MembersTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case EmailColumn:
        return tr("E-mail");
    case RoleColumn:
        return tr("Role");
    case StatusColumn:
        return tr("Status");
    case JoinedColumn:
        return tr("Joined");
    case LastActiveColumn:
        return tr("Last active");
    default:
        return {};
    }
}

bool MembersTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_loaded && !m_loading && m_rows.size() < m_total;
}

void MembersTableModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        requestPage(m_nextPage);
}

} // namespace vami
