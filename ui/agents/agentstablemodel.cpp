#include "agentstablemodel.h"

#include "agentnames.h"

#include "common/appcontext.h"

#include "agents/agentservice.h"
#include "runtime/backend.h"

#include <QFont>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace vami {

AgentsTableModel::AgentsTableModel(AppContext &context, QObject *parent)
    : QAbstractTableModel(parent)
    , m_context(context)
{ }

void AgentsTableModel::setStatusFilter(std::optional<AgentStatus> status)
{
    if (status == m_query.status)
        return;
    m_query.status = status;
    reload();
}

void AgentsTableModel::reload()
{
    ++m_generation;
    beginResetModel();
    m_rows.clear();
    m_nextPage = 1;
    m_loaded = false;
    endResetModel();
    setLoading(false);
    requestPage(1);
    reloadDefault();
}

void AgentsTableModel::requestPage(int page)
{
    AgentQuery query = m_query;
    query.page = page;
    query.perPage = m_pageSize;
    const int generation = m_generation;
    Backend *backend = &m_context.backend();
    setLoading(true);
    m_context.runAsActor(
        this, [backend, query](const Actor &actor) { return backend->service<AgentService>().list(actor, query); },
        [this, generation, page](const Result<AgentPage> &result) {
            if (generation != m_generation)
                return; // the query changed meanwhile
            if (!result) {
                setLoading(false);
                Q_EMIT loadFailed(result.error());
                return;
            }
            const QList<Agent> &agents = result->agents;
            // The state is complete before the view hears of new rows: a view may ask
            // for the next page from inside rowsInserted.
            const qint64 oldTotal = m_total;
            m_nextPage = page + 1;
            m_loaded = true;
            // An empty page means rows went away since the count: stop fetching.
            m_total = agents.isEmpty() ? qint64(m_rows.size()) : result->total;
            setLoading(false);
            if (!agents.isEmpty()) {
                beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + agents.size() - 1));
                m_rows.append(agents);
                endInsertRows();
            }
            if (m_total != oldTotal || page == 1)
                Q_EMIT totalChanged(m_total);
        });
}

void AgentsTableModel::reloadDefault()
{
    const int generation = ++m_defaultGeneration;
    Backend *backend = &m_context.backend();
    m_context.runAsActor(
        this, [backend](const Actor &actor) { return backend->service<AgentService>().defaultAgent(actor); },
        [this, generation](const Result<Agent> &result) {
            if (generation != m_defaultGeneration)
                return;
            if (!result) {
                setDefaultAgentId(QUuid());
                // No active agent means no default; anything else is worth saying.
                if (result.error().kind() != ErrorKind::NotFound)
                    Q_EMIT loadFailed(result.error());
                return;
            }
            setDefaultAgentId(result->id);
        });
}

void AgentsTableModel::setDefaultAgentId(const QUuid &agentId)
{
    if (agentId == m_defaultId)
        return;
    const int before = rowOf(m_defaultId);
    m_defaultId = agentId;
    for (int row : {before, rowOf(agentId)}) {
        if (row >= 0)
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
}

void AgentsTableModel::setLoading(bool loading)
{
    if (loading == m_loading)
        return;
    m_loading = loading;
    Q_EMIT loadingChanged(loading);
}

const Agent *AgentsTableModel::agentAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int AgentsTableModel::rowOf(const QUuid &agentId) const
{
    if (agentId.isNull())
        return -1;
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id == agentId)
            return row;
    }
    return -1;
}

void AgentsTableModel::updateAgent(const Agent &agent)
{
    const int row = rowOf(agent.id);
    if (row < 0)
        return;
    m_rows[row] = agent;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void AgentsTableModel::setTokenPreview(const QUuid &agentId, const QString &preview)
{
    const int row = rowOf(agentId);
    if (row >= 0)
        m_rows[row].tokenPreview = preview;
}

void AgentsTableModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

int AgentsTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AgentsTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AgentsTableModel::data(const QModelIndex &index, int role) const
{
    const Agent *a = agentAt(index.row());
    if (!a)
        return {};
    const bool isDefault = !m_defaultId.isNull() && a->id == m_defaultId;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return isDefault ? tr("%1 (default)").arg(a->name) : a->name;
        case StatusColumn:
            return AgentNames::status(a->status);
        case VoiceColumn:
            return a->voiceId;
        case LanguageColumn:
            return a->language;
        case CreatedColumn:
            return QLocale().toString(a->createdAt.toLocalTime().date(), QLocale::ShortFormat);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == NameColumn && isDefault)
            return tr("The default agent: the oldest active one, used when a client asks for the organization's "
                      "agent without naming one.");
        if (index.column() == StatusColumn)
            return AgentNames::statusDescription(a->status);
        if (index.column() == LanguageColumn)
            return QLocale(a->language).nativeLanguageName();
        if (index.column() == CreatedColumn)
            return QLocale().toString(a->createdAt.toLocalTime(), QLocale::LongFormat);
        return {};
    case Qt::FontRole:
        if (index.column() == NameColumn && isDefault) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case IsDefaultRole:
        return isDefault;
    default:
        return {};
    }
}

QVariant AgentsTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case StatusColumn:
        return tr("Status");
    case VoiceColumn:
        return tr("Voice");
    case LanguageColumn:
        return tr("Language");
    case CreatedColumn:
        return tr("Created");
    default:
        return {};
    }
}

bool AgentsTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_loaded && !m_loading && m_rows.size() < m_total;
}

void AgentsTableModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        requestPage(m_nextPage);
}

} // namespace vami
