#pragma once

#include "core/permission.h"

#include <QIcon>
#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace vami {

class AppContext;
class WorkspacePage;

// One page of the workspace, as its area registers it (see desktoppages.cpp):
//
//     pages.add({.name = u"teamPage"_s,
//                .title = [] { return TeamPage::tr("Team"); },
//                .description = [] { return TeamPage::tr("Members, roles and invitations"); },
//                .menuTitle = [] { return TeamPage::tr("&Team"); },
//                .icon = teamIcon,
//                .create = [](AppContext &context, QWidget *parent) { return new TeamPage(context, parent); }});
// Every member has a default, so designated initializers name only what they need.
struct PageSpec
{
    // The page's objectName; also what the window remembers as the last page shown.
    QString name {};
    // The title in the navigation and the View menu, translated when called; it is
    // called again after a language change.
    std::function<QString()> title {};
    // One line for the navigation's tooltip (translated); optional.
    std::function<QString()> description {};
    // The title of the page's menu while the page is shown ("&Team"); without one
    // the page's actions get no menu.
    std::function<QString()> menuTitle {};
    // The navigation icon, drawn in the given text colour; optional.
    std::function<QIcon(const QColor &text)> icon {};
    // What the signed-in role needs to see the page at all; none: every role.
    std::optional<Permission> permission {};
    // Builds the page the first time it is shown; it lives until sign-out.
    std::function<WorkspacePage *(AppContext &context, QWidget *parent)> create {};
};

// The pages of the workspace in navigation order. The navigation, its shortcuts
// (Ctrl+1..9), the View menu, the remembered last page and re-translation all
// follow this list; adding an area's screen is one `add` call.
class PageRegistry
{
public:
    // Names are unique: a second page of the same name replaces the first.
    void add(PageSpec spec);
    [[nodiscard]] const QList<PageSpec> &pages() const { return m_pages; }
    [[nodiscard]] const PageSpec *find(const QString &name) const;
    [[nodiscard]] bool isEmpty() const { return m_pages.isEmpty(); }

private:
    QList<PageSpec> m_pages;
};

// Every page of the desktop application (desktoppages.cpp: one line per area).
[[nodiscard]] PageRegistry desktopPages();

} // namespace vami
