#include "teamstatsbar.h"

#include <QEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace vami {

TeamStatsBar::TeamStatsBar(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(u"teamStats"_s);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(12);
    m_members = addTile(u"statMembers"_s);
    m_active = addTile(u"statActive"_s);
    m_pending = addTile(u"statPending"_s);
    m_roles = addTile(u"statRoles"_s);
    retranslate();
}

TeamStatsBar::Tile TeamStatsBar::addTile(const QString &objectName)
{
    auto *frame = new QFrame(this);
    frame->setFrameShape(QFrame::StyledPanel);
    frame->setAutoFillBackground(true);
    QPalette p = frame->palette();
    p.setColor(QPalette::Window, p.color(QPalette::Base));
    frame->setPalette(p);
    auto *v = new QVBoxLayout(frame);
    v->setContentsMargins(14, 8, 14, 8);
    v->setSpacing(0);
    Tile tile;
    tile.value = new QLabel(frame);
    tile.value->setObjectName(objectName);
    QFont f = tile.value->font();
    f.setPointSizeF(f.pointSizeF() * 1.5);
    f.setBold(true);
    tile.value->setFont(f);
    tile.caption = new QLabel(frame);
    tile.caption->setForegroundRole(QPalette::PlaceholderText);
    v->addWidget(tile.value);
    v->addWidget(tile.caption);
    static_cast<QHBoxLayout *>(layout())->addWidget(frame, 1);
    return tile;
}

void TeamStatsBar::setStats(const TeamStats &stats)
{
    m_stats = stats;
    m_known = true;
    retranslate();
}

void TeamStatsBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void TeamStatsBar::retranslate()
{
    const QLocale locale;
    auto number = [&](int n) { return m_known ? locale.toString(n) : u"–"_s; };
    m_members.value->setText(number(m_stats.totalMembers));
    m_members.caption->setText(tr("Members"));
    m_active.value->setText(number(m_stats.activeMembers));
    m_active.caption->setText(tr("Active"));
    m_pending.value->setText(number(m_stats.pendingInvitations));
    m_pending.caption->setText(tr("Pending invitations"));
    m_roles.value->setText(m_known ? tr("%1 · %2 · %3")
                                         .arg(locale.toString(m_stats.owners), locale.toString(m_stats.admins),
                                             locale.toString(m_stats.members))
                                   : u"–"_s);
    m_roles.caption->setText(tr("Owners · Admins · Members"));
}

} // namespace vami
