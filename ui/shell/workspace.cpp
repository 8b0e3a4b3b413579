#include "workspace.h"

#include "team/teampage.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QListWidget>
#include <QPainter>
#include <QStackedWidget>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

// Two people, drawn in the text colour: the navigation icon of the Team area.
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
    m_navigation->setSpacing(4);
    m_navigation->setFrameShape(QFrame::NoFrame);
    QPalette p = m_navigation->palette();
    p.setColor(QPalette::Base, p.color(QPalette::Window).darker(104));
    m_navigation->setPalette(p);
    auto *team = new QListWidgetItem(teamIcon(palette().color(QPalette::Text)), QString(), m_navigation);
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
    connect(m_team, &TeamPage::sessionEnded, this, &Workspace::sessionEnded);
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
