#pragma once

#include "agents/agent.h"
#include "core/error.h"

#include <QAbstractTableModel>
#include <QUuid>

#include <optional>

namespace vami {

class AppContext;

// The organization's agents, newest first, loaded page by page from
// AgentService::list as the view scrolls (canFetchMore/fetchMore). The status
// filter is part of the service query: changing it starts again at page 1, and
// answers to an older query are dropped. The default agent (the oldest active one,
// which clients get when they ask for "the" agent) is marked.
class AgentsTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, StatusColumn, VoiceColumn, LanguageColumn, CreatedColumn, ColumnCount };
    enum Roles { IsDefaultRole = Qt::UserRole + 1 };

    explicit AgentsTableModel(AppContext &context, QObject *parent = nullptr);

    void setPageSize(int pageSize) { m_pageSize = pageSize; }
    [[nodiscard]] int pageSize() const { return m_pageSize; }
    void setStatusFilter(std::optional<AgentStatus> status);
    [[nodiscard]] std::optional<AgentStatus> statusFilter() const { return m_query.status; }
    // Drops the loaded rows, loads the first page and the default agent again.
    void reload();

    [[nodiscard]] const Agent *agentAt(int row) const;
    [[nodiscard]] int rowOf(const QUuid &agentId) const;
    [[nodiscard]] qint64 total() const { return m_total; }
    [[nodiscard]] bool isLoading() const { return m_loading; }
    [[nodiscard]] bool hasLoaded() const { return m_loaded; }
    [[nodiscard]] const QUuid &defaultAgentId() const { return m_defaultId; }
    // Replaces one agent's row after a change without reloading.
    void updateAgent(const Agent &agent);
    void setTokenPreview(const QUuid &agentId, const QString &preview);
    // Asks the service again which agent is the default.
    void reloadDefault();

    // Texts of headers and cells follow a language change.
    void retranslate();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    void loadingChanged(bool loading);
    void totalChanged(qint64 total);
    void loadFailed(const vami::Error &error);

private:
    void requestPage(int page);
    void setLoading(bool loading);
    void setDefaultAgentId(const QUuid &agentId);

    AppContext &m_context;
    AgentQuery m_query;
    QList<Agent> m_rows;
    QUuid m_defaultId;
    qint64 m_total = 0;
    int m_pageSize = 50;
    int m_nextPage = 1;
    int m_generation = 0;
    int m_defaultGeneration = 0;
    bool m_loading = false;
    bool m_loaded = false;
};

} // namespace vami
