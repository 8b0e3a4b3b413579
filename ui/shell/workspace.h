#pragma once

#include "pageregistry.h"
#include "workspacepage.h"

#include <QWidget>

class QAction;
class QLabel;
class QListWidget;
class QStackedWidget;

namespace vami {

class AppContext;

// The signed-in part of the window: the navigation list on the left and the
// current page, one entry per page of the registry. A page is built the first time
// it is shown; pages the signed-in role may not see are left out (and follow a role
// change). The page shown last is remembered. It lives as long as the session.
class Workspace : public QWidget
{
    Q_OBJECT

public:
    Workspace(AppContext &context, const PageRegistry &pages, QWidget *parent = nullptr);
    ~Workspace() override;

    // Shows the page named `name` (building it when needed); false when there is no
    // such page or the role may not see it.
    bool showPage(const QString &name);
    [[nodiscard]] QString currentPageName() const;
    [[nodiscard]] WorkspacePage *currentPage() const;
    // The page named `name` once it has been built, else null.
    [[nodiscard]] WorkspacePage *page(const QString &name) const;
    // The first built page of type T, else null.
    template<typename T> [[nodiscard]] T *page() const
    {
        for (const Entry &entry : m_entries) {
            if (T *p = qobject_cast<T *>(entry.page))
                return p;
        }
        return nullptr;
    }
    // The names of the pages the role may see, in navigation order.
    [[nodiscard]] QStringList visiblePages() const;
    // One action per page for the View menu and the window: Ctrl+1..9 by position
    // among the visible pages.
    [[nodiscard]] QList<QAction *> navigationActions() const;
    // The translated menu title of the current page (empty: no menu).
    [[nodiscard]] QString currentMenuTitle() const;

Q_SIGNALS:
    void statusMessage(const QString &message);
    // The current page changed (or was built); the window swaps the page's menu.
    void currentPageChanged(vami::WorkspacePage *page);

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Entry
    {
        PageSpec spec;
        QAction *action = nullptr;
        WorkspacePage *page = nullptr;
        bool visible = true;
    };

    void retranslate();
    void updateVisibility();
    void showRow(int row);
    [[nodiscard]] int rowOf(const QString &name) const;
    [[nodiscard]] int firstVisibleRow() const;

    AppContext &m_context;
    QList<Entry> m_entries;
    QListWidget *m_navigation = nullptr;
    QStackedWidget *m_pages = nullptr;
    QLabel *m_nothing = nullptr;
    int m_current = -1;
};

} // namespace vami
