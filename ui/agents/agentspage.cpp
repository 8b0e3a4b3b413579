#include "agentspage.h"

#include "agentnames.h"
#include "agentstablemodel.h"
#include "agenttokendialog.h"
#include "createagentdialog.h"
#include "editagentdialog.h"

#include "common/appcontext.h"
#include "common/errorpresenter.h"
#include "common/formfield.h"
#include "common/pageheading.h"
#include "common/uisettings.h"
#include "shell/pageregistry.h"
#include "team/rolenames.h"

#include "core/permission.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

// A speech bubble with a sound wave, drawn in the text colour: the navigation
// icon of the Agents page.
QIcon agentsIcon(const QColor &color)
{
    QIcon icon;
    for (int size : {16, 20, 24, 32, 40}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.scale(size / 24.0, size / 24.0);
        QColor back = color;
        back.setAlphaF(0.55);
        QPainterPath bubble;
        bubble.addRoundedRect(QRectF(2, 3, 20, 14), 4, 4);
        QPainterPath tail;
        tail.moveTo(6, 16);
        tail.lineTo(6, 22);
        tail.lineTo(12, 16);
        tail.closeSubpath();
        p.setPen(Qt::NoPen);
        p.setBrush(back);
        p.drawPath(bubble.united(tail));
        p.setBrush(color);
        const qreal heights[] = {4, 8, 6, 9, 4};
        for (int i = 0; i < 5; ++i) {
            const qreal h = heights[i];
            p.drawRoundedRect(QRectF(6 + i * 2.6, 10 - h / 2, 1.8, h), 0.9, 0.9);
        }
        p.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

} // namespace

void AgentsPage::registerPage(PageRegistry &pages)
{
    // Every role that may look at agents sees the page; managing is decided per action.
    pages.add({.name = u"agentsPage"_s,
               .title = [] { return tr("Agents"); },
               .description = [] { return tr("Voice agents, their prompts and tokens"); },
               .menuTitle = [] { return tr("&Agents"); },
               .icon = agentsIcon,
               .permission = Permission::ViewAgents,
               .create = [](AppContext &context, QWidget *parent) { return new AgentsPage(context, parent); }});
}

AgentsPage::AgentsPage(AppContext &context, QWidget *parent)
    : WorkspacePage(parent)
    , m_context(context)
{
    setObjectName(u"agentsPage"_s);
    m_agents = new AgentsTableModel(context, this);

    m_newAction = new QAction(this);
    m_newAction->setObjectName(u"newAgentAction"_s);
    m_newAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    m_editAction = new QAction(this);
    m_editAction->setObjectName(u"editAgentAction"_s);
    m_tokenAction = new QAction(this);
    m_tokenAction->setObjectName(u"agentTokenAction"_s);
    m_refreshAction = new QAction(this);
    m_refreshAction->setObjectName(u"refreshAgentsAction"_s);
    m_refreshAction->setShortcut(QKeySequence::Refresh);

    buildUi();

    connect(m_newAction, &QAction::triggered, this, &AgentsPage::openCreateDialog);
    connect(m_editAction, &QAction::triggered, this, &AgentsPage::openEditDialog);
    connect(m_tokenAction, &QAction::triggered, this, &AgentsPage::openTokenDialog);
    connect(m_refreshAction, &QAction::triggered, this, &AgentsPage::refresh);
    connect(m_newButton, &QPushButton::clicked, m_newAction, &QAction::trigger);
    connect(m_editButton, &QPushButton::clicked, m_editAction, &QAction::trigger);
    connect(m_tokenButton, &QPushButton::clicked, m_tokenAction, &QAction::trigger);
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, [this] {
        const QVariant status = m_statusFilter->currentData();
        m_agents->setStatusFilter(
            status.isValid() ? std::optional<AgentStatus>(AgentStatus(status.toInt())) : std::nullopt);
    });

    connect(m_agents, &AgentsTableModel::loadingChanged, this, &AgentsPage::updateState);
    connect(m_agents, &AgentsTableModel::totalChanged, this, &AgentsPage::updateState);
    connect(m_agents, &QAbstractItemModel::rowsInserted, this, &AgentsPage::updateState);
    connect(m_agents, &QAbstractItemModel::rowsInserted, this, &AgentsPage::selectPending);
    connect(m_agents, &QAbstractItemModel::modelReset, this, &AgentsPage::updateActions);
    connect(m_agents, &AgentsTableModel::loadFailed, this, &AgentsPage::showError);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &AgentsPage::updateActions);
    connect(m_view, &QTableView::doubleClicked, this, [this] {
        if (m_editAction->isEnabled())
            m_editAction->trigger();
    });
    connect(&m_context, &AppContext::sessionChanged, this, &AgentsPage::updateActions);

    retranslate();
    refresh();
}

AgentsPage::~AgentsPage()
{
    UiSettings::setValue(UiSettings::AgentsHeader, m_view->horizontalHeader()->saveState());
}

void AgentsPage::buildUi()
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 16);
    layout->setSpacing(12);

    m_heading = new PageHeading(this);
    layout->addWidget(m_heading);

    m_error = new FieldErrorLabel(this);
    m_error->setObjectName(u"agentsError"_s);
    layout->addWidget(m_error);

    auto *toolbar = new QHBoxLayout;
    toolbar->setSpacing(8);
    m_statusFilter = new QComboBox(this);
    m_statusFilter->setObjectName(u"statusFilter"_s);
    m_statusFilter->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_statusFilter->addItem(QString());
    for (AgentStatus status : {AgentStatus::Active, AgentStatus::Inactive, AgentStatus::Suspended})
        m_statusFilter->addItem(QString(), int(status));
    m_newButton = new QPushButton(this);
    m_newButton->setObjectName(u"newAgentButton"_s);
    m_editButton = new QPushButton(this);
    m_editButton->setObjectName(u"editAgentButton"_s);
    m_tokenButton = new QPushButton(this);
    m_tokenButton->setObjectName(u"agentTokenButton"_s);
    toolbar->addWidget(m_statusFilter);
    toolbar->addStretch(1);
    toolbar->addWidget(m_tokenButton);
    toolbar->addWidget(m_editButton);
    toolbar->addWidget(m_newButton);
    layout->addLayout(toolbar);

    m_stack = new QStackedWidget(this);
    m_view = new QTableView(m_stack);
    m_view->setObjectName(u"agentsView"_s);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setDefaultSectionSize(30);
    m_view->setModel(m_agents);
    QHeaderView *header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setStretchLastSection(true);
    header->resizeSection(AgentsTableModel::NameColumn, 240);
    header->resizeSection(AgentsTableModel::StatusColumn, 100);
    header->resizeSection(AgentsTableModel::VoiceColumn, 200);
    header->resizeSection(AgentsTableModel::LanguageColumn, 90);
    header->restoreState(UiSettings::value(UiSettings::AgentsHeader).toByteArray());
    m_empty = new QLabel(m_stack);
    m_empty->setObjectName(u"agentsEmpty"_s);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_empty->setMargin(24);
    m_stack->addWidget(m_view);
    m_stack->addWidget(m_empty);
    layout->addWidget(m_stack, 1);

    m_count = new QLabel(this);
    m_count->setObjectName(u"agentsCount"_s);
    m_count->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_count);
}

QList<QAction *> AgentsPage::pageActions() const
{
    return {m_newAction, m_editAction, m_tokenAction, m_refreshAction};
}

QList<QAction *> AgentsPage::windowActions() const
{
    return {m_newAction, m_refreshAction};
}

void AgentsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    WorkspacePage::changeEvent(event);
}

void AgentsPage::retranslate()
{
    m_heading->setTitle(tr("Agents"));
    m_heading->setDescription(tr("The voice agents of %1: what they say, with which voice, and the tokens they act with.")
                            .arg(m_context.session().organization.name));
    m_statusFilter->setItemText(0, tr("All statuses"));
    for (int i = 1; i < m_statusFilter->count(); ++i)
        m_statusFilter->setItemText(i, AgentNames::status(AgentStatus(m_statusFilter->itemData(i).toInt())));
    m_newAction->setText(tr("&New Agent…"));
    m_editAction->setText(tr("&Edit Agent…"));
    m_tokenAction->setText(tr("Agent &Token…"));
    m_refreshAction->setText(tr("&Refresh"));
    m_newButton->setText(tr("New agent…"));
    m_editButton->setText(tr("Edit…"));
    m_tokenButton->setText(tr("Token…"));
    m_agents->retranslate();
    updateState();
    updateActions();
}

bool AgentsPage::canManage() const
{
    return roleAllows(m_context.session().role, Permission::ManageAgents);
}

const Agent *AgentsPage::selectedAgent() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? nullptr : m_agents->agentAt(rows.first().row());
}

void AgentsPage::updateActions()
{
    const bool manage = canManage();
    const bool selected = selectedAgent() != nullptr;
    const QString refused = manage
        ? QString()
        : tr("Your role (%1) may look at agents but not change them.").arg(RoleNames::role(m_context.session().role));
    m_newAction->setEnabled(manage);
    m_editAction->setEnabled(manage && selected);
    m_tokenAction->setEnabled(manage && selected);
    m_newButton->setEnabled(m_newAction->isEnabled());
    m_editButton->setEnabled(m_editAction->isEnabled());
    m_tokenButton->setEnabled(m_tokenAction->isEnabled());
    for (QPushButton *b : {m_newButton, m_editButton, m_tokenButton})
        b->setToolTip(refused);
}

void AgentsPage::updateState()
{
    const QLocale locale;
    const qint64 total = m_agents->total();
    const int loaded = m_agents->rowCount();
    if (!m_agents->hasLoaded()) {
        m_empty->setText(m_agents->isLoading() ? tr("Loading agents…") : QString());
        m_stack->setCurrentWidget(loaded > 0 ? static_cast<QWidget *>(m_view) : m_empty);
        m_count->clear();
        return;
    }
    if (loaded == 0) {
        m_empty->setText(m_agents->statusFilter() ? tr("No agent has this status.")
                : canManage()                     ? tr("No agents yet. Create one with “New agent…”.")
                                                  : tr("No agents yet. Owners and admins can create them."));
        m_stack->setCurrentWidget(m_empty);
    } else {
        m_stack->setCurrentWidget(m_view);
    }
    if (loaded < total)
        m_count->setText(tr("Showing %1 of %2 agents. Scroll down to load more.")
                             .arg(locale.toString(loaded), locale.toString(total)));
    else
        m_count->setText(total == 1 ? tr("1 agent") : tr("%1 agents").arg(locale.toString(total)));
}

void AgentsPage::selectPending()
{
    const int row = m_agents->rowOf(m_pendingSelection);
    if (row < 0)
        return;
    m_pendingSelection = QUuid();
    m_view->selectRow(row);
    m_view->scrollTo(m_agents->index(row, 0));
}

void AgentsPage::refresh()
{
    m_error->setError(QString());
    m_agents->reload();
}

void AgentsPage::showError(const Error &error)
{
    m_error->setError(ErrorPresenter::message(error));
    Q_EMIT statusMessage(ErrorPresenter::message(error));
}

void AgentsPage::openCreateDialog()
{
    if (!m_newAction->isEnabled())
        return;
    auto *dialog = new CreateAgentDialog(m_context, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CreateAgentDialog::created, this, [this](const Agent &agent) {
        Q_EMIT statusMessage(tr("The agent %1 was created.").arg(agent.name));
        m_pendingSelection = agent.id;
        refresh();
    });
    dialog->open();
}

void AgentsPage::openEditDialog()
{
    const Agent *agent = selectedAgent();
    if (!agent || !m_editAction->isEnabled())
        return;
    auto *dialog = new EditAgentDialog(m_context, *agent, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const AgentStatus before = agent->status;
    connect(dialog, &EditAgentDialog::agentUpdated, this, [this, before](const Agent &changed) {
        if (changed.status == AgentStatus::Deleted) {
            Q_EMIT statusMessage(tr("The agent %1 was deleted.").arg(changed.name));
            refresh();
            return;
        }
        Q_EMIT statusMessage(tr("The agent %1 was saved.").arg(changed.name));
        if (changed.status == before) {
            m_agents->updateAgent(changed);
            return;
        }
        // A status change may move the default, or take the row out of the filter.
        m_pendingSelection = changed.id;
        refresh();
    });
    dialog->open();
}

void AgentsPage::openTokenDialog()
{
    const Agent *agent = selectedAgent();
    if (!agent || !m_tokenAction->isEnabled())
        return;
    auto *dialog = new AgentTokenDialog(m_context, *agent, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &AgentTokenDialog::tokenRegenerated, this, [this](const QUuid &agentId, const QString &preview) {
        m_agents->setTokenPreview(agentId, preview);
        Q_EMIT statusMessage(tr("A new agent token was issued; the old one no longer works."));
    });
    dialog->open();
}

} // namespace vami
