#pragma once

#include "team/teammember.h"

#include <QWidget>

class QLabel;

namespace vami {

// The team's figures at a glance (TeamService::stats): members, active members,
// pending invitations, and how many owners, admins and members there are.
class TeamStatsBar : public QWidget
{
    Q_OBJECT

public:
    explicit TeamStatsBar(QWidget *parent = nullptr);

    void setStats(const TeamStats &stats);
    [[nodiscard]] const TeamStats &stats() const { return m_stats; }

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Tile
    {
        QLabel *value = nullptr;
        QLabel *caption = nullptr;
    };
    Tile addTile(const QString &objectName);
    void retranslate();

    TeamStats m_stats;
    bool m_known = false;
    Tile m_members;
    Tile m_active;
    Tile m_pending;
    Tile m_roles;
};

} // namespace vami
