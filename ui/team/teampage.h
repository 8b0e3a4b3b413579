#pragma once

#include "shell/workspacepage.h"

#include "core/error.h"
#include "team/invitation.h"
#include "team/teammember.h"

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QTimer;

namespace vami {

class AppContext;
class FieldErrorLabel;
class InvitationsTableModel;
class MembersTableModel;
class PageHeading;
class PageRegistry;
class TeamStatsBar;

// The Team area: members (paged from the service), pending invitations and the
// team's figures. Actions the signed-in role may not use (permission matrix) are
// disabled; the backend refuses them anyway.
class TeamPage : public WorkspacePage
{
    Q_OBJECT

public:
    explicit TeamPage(AppContext &context, QWidget *parent = nullptr);
    ~TeamPage() override;

    // Adds the Team page to the workspace's pages.
    static void registerPage(PageRegistry &pages);

    // For the Team menu.
    [[nodiscard]] QList<QAction *> pageActions() const override;
    // Shortcuts that work wherever the focus is in the window (Remove/Delete only in the table).
    [[nodiscard]] QList<QAction *> windowActions() const override;
    [[nodiscard]] QAction *inviteAction() const { return m_inviteAction; }
    [[nodiscard]] QAction *findAction() const { return m_findAction; }
    [[nodiscard]] QAction *refreshAction() const { return m_refreshAction; }
    [[nodiscard]] MembersTableModel *membersModel() const { return m_members; }
    [[nodiscard]] InvitationsTableModel *invitationsModel() const { return m_invitations; }

    void refresh();
    void openInviteDialog();
    void openChangeRoleDialog();
    void confirmRemoveMember();
    void revokeSelectedInvitation();
    void resendSelectedInvitation();
    void copySelectedLink();

protected:
    void changeEvent(QEvent *event) override;

private:
    void buildUi();
    void retranslate();
    void updateActions();
    void updateMembersState();
    void updateInvitationsState();
    void loadInvitations();
    void loadStats();
    void showError(const Error &error);
    void showErrorBox(const QString &title, const Error &error);
    [[nodiscard]] bool canManage() const;
    [[nodiscard]] const TeamMember *selectedMember() const;
    [[nodiscard]] const Invitation *selectedInvitation() const;

    AppContext &m_context;
    MembersTableModel *m_members = nullptr;
    InvitationsTableModel *m_invitations = nullptr;
    bool m_invitationsLoaded = false;
    bool m_invitationBusy = false;
    int m_sortColumn = 2; // MembersTableModel::RoleColumn
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;

    PageHeading *m_heading = nullptr;
    FieldErrorLabel *m_error = nullptr;
    TeamStatsBar *m_stats = nullptr;
    QLineEdit *m_search = nullptr;
    QComboBox *m_roleFilter = nullptr;
    QTimer *m_searchDelay = nullptr;
    QPushButton *m_inviteButton = nullptr;
    QPushButton *m_changeRoleButton = nullptr;
    QPushButton *m_removeButton = nullptr;
    QTabWidget *m_tabs = nullptr;
    QStackedWidget *m_membersStack = nullptr;
    QTableView *m_membersView = nullptr;
    QLabel *m_membersEmpty = nullptr;
    QLabel *m_membersCount = nullptr;
    QStackedWidget *m_invitationsStack = nullptr;
    QTableView *m_invitationsView = nullptr;
    QLabel *m_invitationsEmpty = nullptr;
    QPushButton *m_revokeButton = nullptr;
    QPushButton *m_resendButton = nullptr;
    QPushButton *m_copyLinkButton = nullptr;
    QLabel *m_invitationsHint = nullptr;

    QAction *m_inviteAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QAction *m_changeRoleAction = nullptr;
    QAction *m_removeAction = nullptr;
};

} // namespace vami
