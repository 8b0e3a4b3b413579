#pragma once

#include "core/error.h"
#include "team/teammember.h"

#include <QAbstractTableModel>

#include <optional>

namespace vami {

class AppContext;

// The members of the organization, loaded page by page from TeamService::listMembers
// as the view scrolls (canFetchMore/fetchMore), so 10,000 members stay smooth.
// Search, role filter and sort order are part of the service query: changing them
// starts again at page 1; answers to an older query are dropped.
class MembersTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, EmailColumn, RoleColumn, StatusColumn, JoinedColumn, LastActiveColumn, ColumnCount };

    explicit MembersTableModel(AppContext &context, QObject *parent = nullptr);

    void setPageSize(int pageSize) { m_pageSize = pageSize; }
    [[nodiscard]] int pageSize() const { return m_pageSize; }
    void setSearch(const QString &search);
    void setRoleFilter(std::optional<Role> role);
    [[nodiscard]] const QString &search() const { return m_query.search; }
    // Drops the loaded rows and loads the first page again.
    void reload();

    [[nodiscard]] const TeamMember *memberAt(int row) const;
    [[nodiscard]] int rowOf(const QUuid &userId) const;
    [[nodiscard]] qint64 total() const { return m_total; }
    [[nodiscard]] bool isLoading() const { return m_loading; }
    [[nodiscard]] bool hasLoaded() const { return m_loaded; }
    [[nodiscard]] static bool isSortable(int column);
    // Replaces one member's row after a change (role) without reloading.
    void updateMember(const TeamMember &member);

    // Texts of headers and cells follow a language change.
    void retranslate();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    void loadingChanged(bool loading);
    void totalChanged(qint64 total);
    void loadFailed(const vami::Error &error);

private:
    void requestPage(int page);
    void setLoading(bool loading);

    AppContext &m_context;
    MemberQuery m_query;
    QList<TeamMember> m_rows;
    qint64 m_total = 0;
    int m_pageSize = 100;
    int m_nextPage = 1;
    int m_generation = 0;
    bool m_loading = false;
    bool m_loaded = false;
};

} // namespace vami
