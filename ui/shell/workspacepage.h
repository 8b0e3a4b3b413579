#pragma once

#include <QList>
#include <QWidget>

class QAction;

namespace vami {

// The base of every page of the workspace (Team, and the areas that come). The
// window shows the page's actions in the page's own menu and makes its window
// actions' shortcuts work wherever the focus is, both only while the page is the
// current one.
class WorkspacePage : public QWidget
{
    Q_OBJECT

public:
    using QWidget::QWidget;

    // For the page's menu, in order.
    [[nodiscard]] virtual QList<QAction *> pageActions() const { return {}; }
    // Shortcuts that work anywhere in the window while the page is shown.
    [[nodiscard]] virtual QList<QAction *> windowActions() const { return {}; }

Q_SIGNALS:
    // A short note for the status bar ("Invitation sent to …").
    void statusMessage(const QString &message);
};

} // namespace vami
