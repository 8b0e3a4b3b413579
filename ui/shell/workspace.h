#pragma once

#include <QWidget>

class QListWidget;
class QStackedWidget;

namespace vami {

class AppContext;
class TeamPage;

// The signed-in part of the window: the navigation list on the left and the page
// of the chosen area. It lives as long as the session.
class Workspace : public QWidget
{
    Q_OBJECT

public:
    enum Area { TeamArea };

    explicit Workspace(AppContext &context, QWidget *parent = nullptr);

    void showArea(Area area);
    [[nodiscard]] TeamPage *teamPage() const { return m_team; }

Q_SIGNALS:
    void statusMessage(const QString &message);
    void sessionEnded();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    QListWidget *m_navigation = nullptr;
    QStackedWidget *m_pages = nullptr;
    TeamPage *m_team = nullptr;
};

} // namespace vami
