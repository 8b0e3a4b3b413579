#include "teampage.h"

#include "changeroledialog.h"
#include "invitationstablemodel.h"
#include "invitedialog.h"
#include "memberstablemodel.h"
#include "rolenames.h"
#include "teamstatsbar.h"

#include "common/appcontext.h"
#include "common/errorpresenter.h"
#include "common/formfield.h"
#include "common/pageheading.h"
#include "common/uisettings.h"
#include "shell/pageregistry.h"

#include "core/permission.h"
#include "runtime/backend.h"
#include "team/teamservice.h"

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QEvent>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

QTableView *tableView(QWidget *parent, const QString &name)
{
    auto *view = new QTableView(parent);
    view->setObjectName(name);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setShowGrid(false);
    view->setWordWrap(false);
    view->verticalHeader()->setVisible(false);
    view->verticalHeader()->setDefaultSectionSize(30);
    view->horizontalHeader()->setHighlightSections(false);
    view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    view->horizontalHeader()->setStretchLastSection(true);
    return view;
}

QLabel *emptyLabel(QWidget *parent, const QString &name)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    label->setMargin(24);
    return label;
}

// Two people, drawn in the text colour: the navigation icon of the Team page.
QIcon teamIcon(const QColor &color)
{
    QIcon icon;
    for (int size : {16, 20, 24, 32, 40}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.scale(size / 24.0, size / 24.0);
        p.setPen(Qt::NoPen);
        QColor back = color;
        back.setAlphaF(0.55);
        p.setBrush(back);
        p.drawEllipse(QPointF(16.5, 8), 3.2, 3.2);
        p.drawRoundedRect(QRectF(11.5, 12.5, 10, 8), 4, 4);
        p.setBrush(color);
        p.drawEllipse(QPointF(9, 8.5), 3.8, 3.8);
        p.drawRoundedRect(QRectF(2.5, 13.5, 13, 8.5), 4.5, 4.5);
        p.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace

void TeamPage::registerPage(PageRegistry &pages)
{
    // Every role may look at the team; what each may change is decided per action.
    pages.add({.name = u"teamPage"_s,
               .title = [] { return tr("Team"); },
               .description = [] { return tr("Members, roles and invitations"); },
               .menuTitle = [] { return tr("&Team"); },
               .icon = teamIcon,
               .permission = std::nullopt,
               .create = [](AppContext &context, QWidget *parent) { return new TeamPage(context, parent); }});
}

TeamPage::TeamPage(AppContext &context, QWidget *parent)
    : WorkspacePage(parent)
    , m_context(context)
{
    setObjectName(u"teamPage"_s);
    m_members = new MembersTableModel(context, this);
    m_invitations = new InvitationsTableModel(this);

    m_inviteAction = new QAction(this);
    m_inviteAction->setObjectName(u"inviteAction"_s);
    m_inviteAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    m_findAction = new QAction(this);
    m_findAction->setObjectName(u"findAction"_s);
    m_findAction->setShortcut(QKeySequence::Find);
    m_refreshAction = new QAction(this);
    m_refreshAction->setObjectName(u"refreshAction"_s);
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    m_changeRoleAction = new QAction(this);
    m_changeRoleAction->setObjectName(u"changeRoleAction"_s);
    m_removeAction = new QAction(this);
    m_removeAction->setObjectName(u"removeAction"_s);
    m_removeAction->setShortcut(QKeySequence::Delete);
    m_removeAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);

    buildUi();

    connect(m_inviteAction, &QAction::triggered, this, &TeamPage::openInviteDialog);
    connect(m_findAction, &QAction::triggered, this, [this] {
        m_tabs->setCurrentIndex(0);
        m_search->setFocus();
        m_search->selectAll();
    });
    connect(m_refreshAction, &QAction::triggered, this, &TeamPage::refresh);
    connect(m_changeRoleAction, &QAction::triggered, this, &TeamPage::openChangeRoleDialog);
    connect(m_removeAction, &QAction::triggered, this, &TeamPage::confirmRemoveMember);
    connect(m_inviteButton, &QPushButton::clicked, m_inviteAction, &QAction::trigger);
    connect(m_changeRoleButton, &QPushButton::clicked, m_changeRoleAction, &QAction::trigger);
    connect(m_removeButton, &QPushButton::clicked, m_removeAction, &QAction::trigger);
    connect(m_revokeButton, &QPushButton::clicked, this, &TeamPage::revokeSelectedInvitation);
    connect(m_resendButton, &QPushButton::clicked, this, &TeamPage::resendSelectedInvitation);
    connect(m_copyLinkButton, &QPushButton::clicked, this, &TeamPage::copySelectedLink);

    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, [this] { m_members->setSearch(m_search->text()); });
    connect(m_roleFilter, &QComboBox::currentIndexChanged, this, [this] {
        const QVariant role = m_roleFilter->currentData();
        m_members->setRoleFilter(role.isValid() ? std::optional<Role>(Role(role.toInt())) : std::nullopt);
    });

    connect(m_members, &MembersTableModel::loadingChanged, this, &TeamPage::updateMembersState);
    connect(m_members, &MembersTableModel::totalChanged, this, &TeamPage::updateMembersState);
    connect(m_members, &QAbstractItemModel::rowsInserted, this, &TeamPage::updateMembersState);
    connect(m_members, &QAbstractItemModel::modelReset, this, &TeamPage::updateActions);
    connect(m_members, &MembersTableModel::loadFailed, this, &TeamPage::showError);
    connect(m_membersView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &TeamPage::updateActions);
    connect(
        m_invitationsView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &TeamPage::updateActions);
    connect(m_membersView, &QTableView::doubleClicked, this, [this] {
        if (m_changeRoleAction->isEnabled())
            m_changeRoleAction->trigger();
    });
    // Status has no order in the service query: keep the indicator on the real sort column.
    connect(m_membersView->horizontalHeader(), &QHeaderView::sortIndicatorChanged, this,
        [this](int column, Qt::SortOrder order) {
            if (MembersTableModel::isSortable(column)) {
                m_sortColumn = column;
                m_sortOrder = order;
            } else {
                m_membersView->horizontalHeader()->setSortIndicator(m_sortColumn, m_sortOrder);
            }
        });
    connect(&m_context, &AppContext::sessionChanged, this, &TeamPage::updateActions);

    retranslate();
    refresh();
}

TeamPage::~TeamPage()
{
    UiSettings::setValue(UiSettings::MembersHeader, m_membersView->horizontalHeader()->saveState());
}

void TeamPage::buildUi()
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 16);
    layout->setSpacing(12);

    m_heading = new PageHeading(this);
    layout->addWidget(m_heading);

    m_error = new FieldErrorLabel(this);
    m_error->setObjectName(u"teamError"_s);
    layout->addWidget(m_error);

    m_stats = new TeamStatsBar(this);
    layout->addWidget(m_stats);

    auto *toolbar = new QHBoxLayout;
    toolbar->setSpacing(8);
    m_search = new QLineEdit(this);
    m_search->setObjectName(u"searchEdit"_s);
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(260);
    m_searchDelay = new QTimer(this);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(250);
    m_roleFilter = new QComboBox(this);
    m_roleFilter->setObjectName(u"roleFilter"_s);
    m_roleFilter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_roleFilter->addItem(QString());
    for (Role role : {Role::Owner, Role::Admin, Role::Member})
        m_roleFilter->addItem(QString(), int(role));
    m_inviteButton = new QPushButton(this);
    m_inviteButton->setObjectName(u"inviteButton"_s);
    m_changeRoleButton = new QPushButton(this);
    m_changeRoleButton->setObjectName(u"changeRoleButton"_s);
    m_removeButton = new QPushButton(this);
    m_removeButton->setObjectName(u"removeButton"_s);
    toolbar->addWidget(m_search, 2);
    toolbar->addWidget(m_roleFilter);
    toolbar->addStretch(1);
    toolbar->addWidget(m_changeRoleButton);
    toolbar->addWidget(m_removeButton);
    toolbar->addWidget(m_inviteButton);
    layout->addLayout(toolbar);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(u"teamTabs"_s);
    m_tabs->setDocumentMode(true);

    auto *membersTab = new QWidget(m_tabs);
    auto *membersLayout = new QVBoxLayout(membersTab);
    membersLayout->setContentsMargins(0, 8, 0, 0);
    m_membersStack = new QStackedWidget(membersTab);
    m_membersView = tableView(m_membersStack, u"membersView"_s);
    m_membersView->setModel(m_members);
    m_membersView->setSortingEnabled(true);
    QHeaderView *header = m_membersView->horizontalHeader();
    header->setSortIndicator(MembersTableModel::RoleColumn, Qt::AscendingOrder);
    header->resizeSection(MembersTableModel::NameColumn, 200);
    header->resizeSection(MembersTableModel::EmailColumn, 240);
    header->resizeSection(MembersTableModel::RoleColumn, 100);
    header->resizeSection(MembersTableModel::StatusColumn, 90);
    header->resizeSection(MembersTableModel::JoinedColumn, 110);
    header->restoreState(UiSettings::value(UiSettings::MembersHeader).toByteArray());
    m_membersView->addAction(m_removeAction);
    m_membersEmpty = emptyLabel(m_membersStack, u"membersEmpty"_s);
    m_membersStack->addWidget(m_membersView);
    m_membersStack->addWidget(m_membersEmpty);
    membersLayout->addWidget(m_membersStack);
    m_membersCount = new QLabel(membersTab);
    m_membersCount->setObjectName(u"membersCount"_s);
    m_membersCount->setForegroundRole(QPalette::PlaceholderText);
    membersLayout->addWidget(m_membersCount);
    m_tabs->addTab(membersTab, QString());

    auto *invitationsTab = new QWidget(m_tabs);
    auto *invitationsLayout = new QVBoxLayout(invitationsTab);
    invitationsLayout->setContentsMargins(0, 8, 0, 0);
    auto *invitationButtons = new QHBoxLayout;
    m_revokeButton = new QPushButton(invitationsTab);
    m_revokeButton->setObjectName(u"revokeButton"_s);
    m_resendButton = new QPushButton(invitationsTab);
    m_resendButton->setObjectName(u"resendButton"_s);
    m_copyLinkButton = new QPushButton(invitationsTab);
    m_copyLinkButton->setObjectName(u"copyLinkButton"_s);
    m_invitationsHint = new QLabel(invitationsTab);
    m_invitationsHint->setForegroundRole(QPalette::PlaceholderText);
    m_invitationsHint->setWordWrap(true);
    invitationButtons->addWidget(m_invitationsHint, 1);
    invitationButtons->addWidget(m_copyLinkButton);
    invitationButtons->addWidget(m_resendButton);
    invitationButtons->addWidget(m_revokeButton);
    invitationsLayout->addLayout(invitationButtons);
    m_invitationsStack = new QStackedWidget(invitationsTab);
    m_invitationsView = tableView(m_invitationsStack, u"invitationsView"_s);
    m_invitationsView->setModel(m_invitations);
    m_invitationsView->horizontalHeader()->resizeSection(InvitationsTableModel::EmailColumn, 240);
    m_invitationsView->horizontalHeader()->resizeSection(InvitationsTableModel::InvitedByColumn, 180);
    m_invitationsView->horizontalHeader()->resizeSection(InvitationsTableModel::SentColumn, 150);
    m_invitationsEmpty = emptyLabel(m_invitationsStack, u"invitationsEmpty"_s);
    m_invitationsStack->addWidget(m_invitationsView);
    m_invitationsStack->addWidget(m_invitationsEmpty);
    invitationsLayout->addWidget(m_invitationsStack);
    m_tabs->addTab(invitationsTab, QString());
    layout->addWidget(m_tabs, 1);
}

QList<QAction *> TeamPage::pageActions() const
{
    return {m_inviteAction, m_changeRoleAction, m_removeAction, m_findAction, m_refreshAction};
}

QList<QAction *> TeamPage::windowActions() const
{
    return {m_inviteAction, m_findAction, m_refreshAction};
}

void TeamPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    WorkspacePage::changeEvent(event);
}

void TeamPage::retranslate()
{
    m_heading->setTitle(tr("Team"));
    m_heading->setDescription(
        tr("People in %1, their roles and open invitations.").arg(m_context.session().organization.name));
    m_search->setPlaceholderText(tr("Search by name or e-mail"));
    m_roleFilter->setItemText(0, tr("All roles"));
    m_roleFilter->setItemText(1, tr("Owners"));
    m_roleFilter->setItemText(2, tr("Admins"));
    m_roleFilter->setItemText(3, tr("Members"));
    m_inviteAction->setText(tr("&Invite Member…"));
    m_findAction->setText(tr("&Find Member"));
    m_refreshAction->setText(tr("&Refresh"));
    m_changeRoleAction->setText(tr("&Change Role…"));
    m_removeAction->setText(tr("Re&move Member…"));
    m_inviteButton->setText(tr("Invite member…"));
    m_changeRoleButton->setText(tr("Change role…"));
    m_removeButton->setText(tr("Remove…"));
    m_revokeButton->setText(tr("Revoke"));
    m_resendButton->setText(tr("Resend"));
    m_copyLinkButton->setText(tr("Copy link"));
    m_invitationsHint->setText(tr("Invitations expire after 7 days. Resending creates a new link and extends it."));
    m_members->retranslate();
    m_invitations->retranslate();
    updateMembersState();
    updateInvitationsState();
    updateActions();
}

bool TeamPage::canManage() const
{
    return roleAllows(m_context.session().role, Permission::ManageTeam);
}

const TeamMember *TeamPage::selectedMember() const
{
    const QModelIndexList rows = m_membersView->selectionModel()->selectedRows();
    return rows.isEmpty() ? nullptr : m_members->memberAt(rows.first().row());
}

const Invitation *TeamPage::selectedInvitation() const
{
    const QModelIndexList rows = m_invitationsView->selectionModel()->selectedRows();
    return rows.isEmpty() ? nullptr : m_invitations->invitationAt(rows.first().row());
}

void TeamPage::updateActions()
{
    const bool manage = canManage();
    const TeamMember *selected = selectedMember();
    // The owner is neither demoted nor removed from here (the backend refuses it too).
    const bool member = selected != nullptr && selected->role != Role::Owner;
    const Invitation *invitation = selectedInvitation();
    const QString refused = manage
        ? QString()
        : tr("Your role (%1) may not manage the team.").arg(RoleNames::role(m_context.session().role));
    m_inviteAction->setEnabled(manage);
    m_changeRoleAction->setEnabled(manage && member);
    m_removeAction->setEnabled(manage && member);
    m_inviteButton->setEnabled(m_inviteAction->isEnabled());
    m_changeRoleButton->setEnabled(m_changeRoleAction->isEnabled());
    m_removeButton->setEnabled(m_removeAction->isEnabled());
    for (QPushButton *b : {m_inviteButton, m_changeRoleButton, m_removeButton, m_revokeButton, m_resendButton})
        b->setToolTip(refused);
    m_revokeButton->setEnabled(manage && invitation && !m_invitationBusy);
    m_resendButton->setEnabled(manage && invitation && !m_invitationBusy);
    const bool hasLink = invitation && !m_invitations->linkFor(invitation->id).isEmpty();
    m_copyLinkButton->setEnabled(hasLink);
    m_copyLinkButton->setToolTip(invitation && !hasLink
            ? tr("A link is shown only when it is created. Resend the invitation to "
                 "create a new link.")
            : QString());
}

void TeamPage::updateMembersState()
{
    // Our own row tells our current role: actions follow a change made by someone else.
    if (const int own = m_members->rowOf(m_context.session().user.id); own >= 0)
        m_context.updateRole(m_members->memberAt(own)->role);
    const QLocale locale;
    const qint64 total = m_members->total();
    const int loaded = m_members->rowCount();
    m_tabs->setTabText(0, m_members->hasLoaded() ? tr("Members (%1)").arg(locale.toString(total)) : tr("Members"));
    if (!m_members->hasLoaded()) {
        m_membersEmpty->setText(m_members->isLoading() ? tr("Loading members…") : QString());
        m_membersStack->setCurrentWidget(loaded > 0 ? static_cast<QWidget *>(m_membersView) : m_membersEmpty);
        m_membersCount->clear();
        return;
    }
    if (loaded == 0) {
        m_membersEmpty->setText(m_members->search().isEmpty() && !m_roleFilter->currentData().isValid()
                ? tr("No members yet. Invite people with “Invite member…”.")
                : tr("No members match your search. Try another name or e-mail, or clear "
                     "the filter."));
        m_membersStack->setCurrentWidget(m_membersEmpty);
    } else {
        m_membersStack->setCurrentWidget(m_membersView);
    }
    if (loaded < total)
        m_membersCount->setText(tr("Showing %1 of %2 members. Scroll down to load more.")
                                    .arg(locale.toString(loaded), locale.toString(total)));
    else
        m_membersCount->setText(total == 1 ? tr("1 member") : tr("%1 members").arg(locale.toString(total)));
}

void TeamPage::updateInvitationsState()
{
    const int count = m_invitations->rowCount();
    m_tabs->setTabText(1, m_invitationsLoaded ? tr("Pending invitations (%1)").arg(count) : tr("Pending invitations"));
    if (count == 0) {
        m_invitationsEmpty->setText(!m_invitationsLoaded ? tr("Loading invitations…")
                : canManage()                            ? tr("No pending invitations. Invite people with "
                                                                                         "“Invite member…”; their invitations wait here "
                                                                                         "until they accept.")
                                                         : tr("No pending invitations."));
        m_invitationsStack->setCurrentWidget(m_invitationsEmpty);
    } else {
        m_invitationsStack->setCurrentWidget(m_invitationsView);
    }
}

void TeamPage::refresh()
{
    m_error->setError(QString());
    m_members->reload();
    loadInvitations();
    loadStats();
}

void TeamPage::loadInvitations()
{
    Backend *backend = &m_context.backend();
    m_context.runAsActor(
        this, [backend](const Actor &actor) { return backend->service<TeamService>().pendingInvitations(actor); },
        [this](const Result<QList<Invitation>> &result) {
            if (!result) {
                showError(result.error());
                return;
            }
            m_invitations->setInvitations(*result);
            m_invitationsLoaded = true;
            updateInvitationsState();
            updateActions();
        });
}

void TeamPage::loadStats()
{
    Backend *backend = &m_context.backend();
    m_context.runAsActor(
        this, [backend](const Actor &actor) { return backend->service<TeamService>().stats(actor); },
        [this](const Result<TeamStats> &result) {
            if (!result) {
                showError(result.error());
                return;
            }
            m_stats->setStats(*result);
        });
}

void TeamPage::showError(const Error &error)
{
    m_error->setError(ErrorPresenter::message(error));
    Q_EMIT statusMessage(ErrorPresenter::message(error));
}

// A failed action in a message box; a database that cannot be reached can be
// reconnected from there.
void TeamPage::showErrorBox(const QString &title, const Error &error)
{
    ErrorOptions options;
    options.context = &m_context;
    ErrorPresenter::show(this, title, error, options);
}

void TeamPage::openInviteDialog()
{
    if (!m_inviteAction->isEnabled())
        return;
    auto *dialog = new InviteDialog(m_context, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &InviteDialog::invited, this, [this](const IssuedInvitation &issued) {
        m_invitations->rememberLink(issued.invitation.id, issued.url);
        Q_EMIT statusMessage(tr("Invitation sent to %1.").arg(issued.invitation.email));
        m_tabs->setCurrentIndex(1);
        loadInvitations();
        loadStats();
    });
    dialog->open();
}

void TeamPage::openChangeRoleDialog()
{
    const TeamMember *member = selectedMember();
    if (!member || !m_changeRoleAction->isEnabled())
        return;
    auto *dialog = new ChangeRoleDialog(m_context, *member, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ChangeRoleDialog::roleChanged, this, [this](const TeamMember &changed) {
        m_members->updateMember(changed);
        Q_EMIT statusMessage(
            tr("%1 is now %2.")
                .arg(changed.fullName.isEmpty() ? changed.email : changed.fullName, RoleNames::role(changed.role)));
        loadStats();
    });
    dialog->open();
}

void TeamPage::confirmRemoveMember()
{
    const TeamMember *member = selectedMember();
    if (!member || !m_removeAction->isEnabled())
        return;
    const TeamMember target = *member;
    const QString name = target.fullName.isEmpty() ? target.email : target.fullName;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Remove member"),
        tr("Remove %1 from %2? They lose access at once; their account stays.")
            .arg(name, m_context.session().organization.name),
        QMessageBox::Cancel, this);
    box->setObjectName(u"confirmRemoveBox"_s);
    QPushButton *remove = box->addButton(tr("Remove"), QMessageBox::DestructiveRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->button(QMessageBox::Cancel)->setText(tr("Cancel"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, remove, target, name] {
        if (box->clickedButton() != remove)
            return;
        Backend *backend = &m_context.backend();
        const QUuid userId = target.userId;
        m_removeAction->setEnabled(false);
        m_removeButton->setEnabled(false);
        m_context.runAsActor(
            this, [backend, userId](const Actor &actor) { return backend->service<TeamService>().removeMember(actor, userId); },
            [this, name](const Status &result) {
                updateActions();
                if (!result) {
                    showErrorBox(tr("Remove member"), result.error());
                    return;
                }
                Q_EMIT statusMessage(tr("%1 was removed from the team.").arg(name));
                m_members->reload();
                loadStats();
            });
    });
    box->open();
}

void TeamPage::revokeSelectedInvitation()
{
    const Invitation *invitation = selectedInvitation();
    if (!invitation || m_invitationBusy)
        return;
    const QUuid id = invitation->id;
    const QString email = invitation->email;
    Backend *backend = &m_context.backend();
    m_invitationBusy = true;
    updateActions();
    m_context.runAsActor(
        this, [backend, id](const Actor &actor) { return backend->service<TeamService>().revokeInvitation(actor, id); },
        [this, email](const Status &result) {
            m_invitationBusy = false;
            updateActions();
            if (!result) {
                showErrorBox(tr("Revoke invitation"), result.error());
                return;
            }
            Q_EMIT statusMessage(tr("The invitation for %1 was revoked.").arg(email));
            loadInvitations();
            loadStats();
        });
}

void TeamPage::resendSelectedInvitation()
{
    const Invitation *invitation = selectedInvitation();
    if (!invitation || m_invitationBusy)
        return;
    const QUuid id = invitation->id;
    Backend *backend = &m_context.backend();
    m_invitationBusy = true;
    updateActions();
    m_context.runAsActor(
        this, [backend, id](const Actor &actor) { return backend->service<TeamService>().resendInvitation(actor, id); },
        [this](const Result<IssuedInvitation> &result) {
            m_invitationBusy = false;
            updateActions();
            if (!result) {
                showErrorBox(tr("Resend invitation"), result.error());
                return;
            }
            m_invitations->rememberLink(result->invitation.id, result->url);
            Q_EMIT statusMessage(tr("A new invitation was sent to %1.").arg(result->invitation.email));
            loadInvitations();
        });
}

void TeamPage::copySelectedLink()
{
    const Invitation *invitation = selectedInvitation();
    if (!invitation)
        return;
    const QString link = m_invitations->linkFor(invitation->id);
    if (link.isEmpty())
        return;
    QGuiApplication::clipboard()->setText(link);
    Q_EMIT statusMessage(tr("The invitation link for %1 was copied.").arg(invitation->email));
}

} // namespace vami
