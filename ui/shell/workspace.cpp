#include "workspace.h"

#include "team/teampage.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QListWidget>
#include <QStackedWidget>

using namespace Qt::StringLiterals;

namespace vami {

Workspace::Workspace(AppContext &context, QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"workspace"_s);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    m_navigation = new QListWidget(this);
    m_navigation->setObjectName(u"navigation"_s);
    m_navigation->setFixedWidth(190);
    m_navigation->setIconSize(QSize(20, 20));
    m_navigation->setSpacing(2);
    m_navigation->setFrameShape(QFrame::NoFrame);
    QPalette p = m_navigation->palette();
    p.setColor(QPalette::Base, p.color(QPalette::Window).darker(104));
    m_navigation->setPalette(p);
    m_navigation->setStyleSheet(u"QListWidget#navigation { padding: 8px 6px; }"
                                "QListWidget#navigation::item { padding: 6px 10px; border-radius: 4px; }"_s);
    auto *team = new QListWidgetItem(QString(), m_navigation);
    QFont navFont = team->font();
    navFont.setPointSizeF(navFont.pointSizeF() * 1.05);
    team->setFont(navFont);
    team->setSizeHint(QSize(0, 34));

    m_pages = new QStackedWidget(this);
    m_team = new TeamPage(context, m_pages);
    m_pages->addWidget(m_team);

    layout->addWidget(m_navigation);
    layout->addWidget(m_pages, 1);

    connect(m_navigation, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);
    connect(m_team, &TeamPage::statusMessage, this, &Workspace::statusMessage);
    m_navigation->setCurrentRow(TeamArea);
    retranslate();
}

void Workspace::showArea(Area area)
{
    m_navigation->setCurrentRow(area);
}

void Workspace::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void Workspace::retranslate()
{
    m_navigation->item(TeamArea)->setText(tr("Team"));
    m_navigation->item(TeamArea)->setToolTip(tr("Members, roles and invitations (Ctrl+1)"));
}

} // namespace vami
