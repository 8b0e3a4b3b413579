#pragma once

#include "shell/workspacepage.h"

#include "agents/agent.h"
#include "core/error.h"

#include <QUuid>

class QAction;
class QComboBox;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTableView;

namespace vami {

class AgentsTableModel;
class AppContext;
class FieldErrorLabel;
class PageHeading;
class PageRegistry;

// The Agents area: the organization's voice agents (paged from the service, the
// default one marked), and for owners and admins creating and editing agents and
// showing, copying or replacing an agent's token. Actions the signed-in role may
// not use (permission matrix) are disabled; the backend refuses them anyway.
class AgentsPage : public WorkspacePage
{
    Q_OBJECT

public:
    explicit AgentsPage(AppContext &context, QWidget *parent = nullptr);
    ~AgentsPage() override;

    // Adds the Agents page to the workspace's pages.
    static void registerPage(PageRegistry &pages);

    // For the Agents menu.
    [[nodiscard]] QList<QAction *> pageActions() const override;
    // Shortcuts that work wherever the focus is in the window.
    [[nodiscard]] QList<QAction *> windowActions() const override;
    [[nodiscard]] QAction *newAgentAction() const { return m_newAction; }
    [[nodiscard]] QAction *editAgentAction() const { return m_editAction; }
    [[nodiscard]] QAction *tokenAction() const { return m_tokenAction; }
    [[nodiscard]] QAction *refreshAction() const { return m_refreshAction; }
    [[nodiscard]] AgentsTableModel *agentsModel() const { return m_agents; }
    [[nodiscard]] QTableView *agentsView() const { return m_view; }

    void refresh();
    void openCreateDialog();
    void openEditDialog();
    void openTokenDialog();

protected:
    void changeEvent(QEvent *event) override;

private:
    void buildUi();
    void retranslate();
    void updateActions();
    void updateState();
    void selectPending();
    void showError(const Error &error);
    [[nodiscard]] bool canManage() const;
    [[nodiscard]] const Agent *selectedAgent() const;

    AppContext &m_context;
    AgentsTableModel *m_agents = nullptr;
    QUuid m_pendingSelection; // a new agent, selected once its row arrives

    PageHeading *m_heading = nullptr;
    FieldErrorLabel *m_error = nullptr;
    QComboBox *m_statusFilter = nullptr;
    QPushButton *m_newButton = nullptr;
    QPushButton *m_editButton = nullptr;
    QPushButton *m_tokenButton = nullptr;
    QStackedWidget *m_stack = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_empty = nullptr;
    QLabel *m_count = nullptr;

    QAction *m_newAction = nullptr;
    QAction *m_editAction = nullptr;
    QAction *m_tokenAction = nullptr;
    QAction *m_refreshAction = nullptr;
};

} // namespace vami
