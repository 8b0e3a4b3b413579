#include "workspace.h"

#include "common/appcontext.h"
#include "common/uisettings.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QStackedWidget>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

constexpr int MaxShortcuts = 9; // Ctrl+1 .. Ctrl+9

} // namespace

Workspace::Workspace(AppContext &context, const PageRegistry &pages, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
{
    setObjectName(u"workspace"_s);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    m_navigation = new QListWidget(this);
    m_navigation->setObjectName(u"navigation"_s);
    m_navigation->setFixedWidth(190);
    m_navigation->setIconSize(QSize(20, 20));
    m_navigation->setSpacing(4);
    m_navigation->setFrameShape(QFrame::NoFrame);
    QPalette p = m_navigation->palette();
    p.setColor(QPalette::Base, p.color(QPalette::Window).darker(104));
    m_navigation->setPalette(p);

    m_pages = new QStackedWidget(this);
    m_nothing = new QLabel(m_pages);
    m_nothing->setObjectName(u"noPageLabel"_s);
    m_nothing->setAlignment(Qt::AlignCenter);
    m_nothing->setWordWrap(true);
    m_nothing->setForegroundRole(QPalette::PlaceholderText);
    m_pages->addWidget(m_nothing);

    const QColor text = palette().color(QPalette::Text);
    for (const PageSpec &spec : pages.pages()) {
        auto *item = new QListWidgetItem(spec.icon ? spec.icon(text) : QIcon(), QString(), m_navigation);
        item->setData(Qt::UserRole, spec.name);
        QFont navFont = item->font();
        navFont.setPointSizeF(navFont.pointSizeF() * 1.05);
        item->setFont(navFont);
        item->setSizeHint(QSize(0, 34));
        auto *action = new QAction(this);
        action->setObjectName(spec.name + u"Action"_s);
        const int row = int(m_entries.size());
        connect(action, &QAction::triggered, this, [this, row] {
            if (m_entries.at(row).visible)
                showRow(row);
        });
        m_entries.append(Entry {spec, action});
    }

    layout->addWidget(m_navigation);
    layout->addWidget(m_pages, 1);

    connect(m_navigation, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            showRow(row);
    });
    connect(&m_context, &AppContext::sessionChanged, this, &Workspace::updateVisibility);

    updateVisibility();
    retranslate();
    const int remembered = rowOf(UiSettings::value(UiSettings::LastPage).toString());
    if (remembered >= 0 && m_entries.at(remembered).visible)
        showRow(remembered);
    else if (const int first = firstVisibleRow(); first >= 0)
        showRow(first);
}

Workspace::~Workspace() = default;

int Workspace::rowOf(const QString &name) const
{
    for (int row = 0; row < m_entries.size(); ++row) {
        if (m_entries.at(row).spec.name == name)
            return row;
    }
    return -1;
}

int Workspace::firstVisibleRow() const
{
    for (int row = 0; row < m_entries.size(); ++row) {
        if (m_entries.at(row).visible)
            return row;
    }
    return -1;
}

bool Workspace::showPage(const QString &name)
{
    const int row = rowOf(name);
    if (row < 0 || !m_entries.at(row).visible)
        return false;
    showRow(row);
    return true;
}

void Workspace::showRow(int row)
{
    Entry &entry = m_entries[row];
    const bool justBuilt = entry.page == nullptr;
    if (!entry.page) {
        entry.page = entry.spec.create(m_context, m_pages);
        entry.page->setObjectName(entry.spec.name);
        m_pages->addWidget(entry.page);
        connect(entry.page, &WorkspacePage::statusMessage, this, &Workspace::statusMessage);
    }
    if (row == m_current && !justBuilt)
        return;
    m_current = row;
    m_pages->setCurrentWidget(entry.page);
    if (m_navigation->currentRow() != row)
        m_navigation->setCurrentRow(row);
    UiSettings::setValue(UiSettings::LastPage, entry.spec.name);
    Q_EMIT currentPageChanged(entry.page);
}

QString Workspace::currentPageName() const
{
    return m_current >= 0 ? m_entries.at(m_current).spec.name : QString();
}

WorkspacePage *Workspace::currentPage() const
{
    return m_current >= 0 ? m_entries.at(m_current).page : nullptr;
}

WorkspacePage *Workspace::page(const QString &name) const
{
    const int row = rowOf(name);
    return row >= 0 ? m_entries.at(row).page : nullptr;
}

QStringList Workspace::visiblePages() const
{
    QStringList names;
    for (const Entry &entry : m_entries) {
        if (entry.visible)
            names.append(entry.spec.name);
    }
    return names;
}

QList<QAction *> Workspace::navigationActions() const
{
    QList<QAction *> actions;
    for (const Entry &entry : m_entries)
        actions.append(entry.action);
    return actions;
}

QString Workspace::currentMenuTitle() const
{
    if (m_current < 0 || !m_entries.at(m_current).spec.menuTitle)
        return {};
    return m_entries.at(m_current).spec.menuTitle();
}

// Pages follow the role: a page the role may no longer see leaves the navigation
// (and is left if it was shown); the shortcuts number the visible pages.
void Workspace::updateVisibility()
{
    const Session &session = m_context.session();
    int position = 0;
    for (int row = 0; row < m_entries.size(); ++row) {
        Entry &entry = m_entries[row];
        const std::optional<Permission> &needed = entry.spec.permission;
        entry.visible = session.isValid() && (!needed || roleAllows(session.role, *needed));
        m_navigation->setRowHidden(row, !entry.visible);
        entry.action->setVisible(entry.visible);
        entry.action->setShortcut(entry.visible && position < MaxShortcuts
                ? QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + position))
                : QKeySequence());
        if (entry.visible)
            ++position;
    }
    if (m_current >= 0 && !m_entries.at(m_current).visible) {
        if (const int first = firstVisibleRow(); first >= 0) {
            showRow(first);
        } else {
            m_current = -1;
            m_navigation->setCurrentRow(-1);
            m_pages->setCurrentWidget(m_nothing);
            Q_EMIT currentPageChanged(nullptr);
        }
    }
    retranslate();
}

void Workspace::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void Workspace::retranslate()
{
    m_nothing->setText(tr("Your role has no pages to show here."));
    for (int row = 0; row < m_entries.size(); ++row) {
        const Entry &entry = m_entries.at(row);
        const QString title = entry.spec.title ? entry.spec.title() : entry.spec.name;
        const QString description = entry.spec.description ? entry.spec.description() : QString();
        const QString shortcut = entry.action->shortcut().toString(QKeySequence::NativeText);
        QString tip = description;
        if (!shortcut.isEmpty())
            tip = description.isEmpty() ? shortcut : tr("%1 (%2)").arg(description, shortcut);
        QListWidgetItem *item = m_navigation->item(row);
        item->setText(title);
        item->setToolTip(tip);
        entry.action->setText(title);
        entry.action->setToolTip(tip);
    }
}

} // namespace vami
