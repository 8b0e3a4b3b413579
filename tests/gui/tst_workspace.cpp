// The workspace holds the pages of a registry: navigation, Ctrl+1..9, the View
// menu, the page's own menu and shortcuts, the remembered last page, pages that
// follow the role, and re-translation. Two pages registered here stand in for the
// areas to come; the Team and Agents pages are the real ones.

#include "guitest.h"

#include "agents/agentspage.h"
#include "shell/pageregistry.h"
#include "shell/workspace.h"
#include "shell/workspacepage.h"
#include "team/memberstablemodel.h"
#include "team/teampage.h"

#include <QAction>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

namespace {

int notesTitleCalls = 0;
int notesBuilt = 0;

// A page with a menu action whose shortcut works anywhere in the window.
class NotesPage : public WorkspacePage
{
    Q_OBJECT

public:
    explicit NotesPage(QWidget *parent)
        : WorkspacePage(parent)
    {
        ++notesBuilt;
        m_write = new QAction(u"Write Note"_s, this);
        m_write->setObjectName(u"writeNoteAction"_s);
        m_write->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
        connect(m_write, &QAction::triggered, this, [this] { ++written; });
    }
    QList<QAction *> pageActions() const override { return {m_write}; }
    QList<QAction *> windowActions() const override { return {m_write}; }

    int written = 0;

private:
    QAction *m_write = nullptr;
};

// A page only managers may see.
class AuditPage : public WorkspacePage
{
    Q_OBJECT

public:
    using WorkspacePage::WorkspacePage;
};

DesktopSetup setupWithTestPages()
{
    DesktopSetup setup;
    setup.pages.add({.name = u"notesPage"_s,
                     .title =
                         [] {
                             ++notesTitleCalls;
                             return u"Notes"_s;
                         },
                     .menuTitle = [] { return u"&Notes"_s; },
                     .create = [](AppContext &, QWidget *parent) { return new NotesPage(parent); }});
    setup.pages.add({.name = u"auditPage"_s,
                     .title = [] { return u"Audit"_s; },
                     .description = [] { return u"Who changed what"_s; },
                     .permission = Permission::ManageTeam,
                     .create = [](AppContext &, QWidget *parent) { return new AuditPage(parent); }});
    return setup;
}

QStringList navigationNames(Workspace *workspace)
{
    auto *list = workspace->findChild<QListWidget *>(u"navigation"_s);
    QStringList names;
    for (int row = 0; row < list->count(); ++row) {
        if (!list->isRowHidden(row))
            names.append(list->item(row)->data(Qt::UserRole).toString());
    }
    return names;
}

QAction *navigationAction(Workspace *workspace, const QString &page)
{
    for (QAction *action : workspace->navigationActions()) {
        if (action->objectName() == page + u"Action"_s)
            return action;
    }
    return nullptr;
}

QMenu *pageMenu(MainWindow &window)
{
    return window.menuBar()->findChild<QMenu *>(u"pageMenu"_s);
}

} // namespace

class TestWorkspace : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settings;

    static void signIn(MainWindow &window, const QString &email, const QString &password)
    {
        QTRY_COMPARE(window.currentPage(), static_cast<QWidget *>(window.signInPage()));
        fillSignIn(window, email, password);
        QTRY_VERIFY(window.workspace() != nullptr);
        QTRY_VERIFY(window.workspace()->page<TeamPage>() == nullptr
            || window.workspace()->page<TeamPage>()->membersModel()->hasLoaded());
    }

    static void press(MainWindow &window, QKeyCombination keys)
    {
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(&window, keys.key(), keys.keyboardModifiers());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid());
        isolateSettings(m_settings);
    }

    void init()
    {
        QSettings().clear();
        notesTitleCalls = 0;
        notesBuilt = 0;
    }

    void pagesFollowTheRegistry()
    {
        TestBackend backend;
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        QVERIFY(registerOwner(backend.backend()));
        WindowFixture f(backend.backend(), setupWithTestPages());
        MainWindow &w = *f.window;
        signIn(w, u"owner@example.com"_s, OwnerPassword);
        Workspace *workspace = w.workspace();

        // In registry order; the first page is shown, the others are not built yet.
        QCOMPARE(navigationNames(workspace),
            QStringList({u"teamPage"_s, u"agentsPage"_s, u"notesPage"_s, u"auditPage"_s}));
        QCOMPARE(workspace->visiblePages(), navigationNames(workspace));
        QCOMPARE(workspace->currentPageName(), u"teamPage"_s);
        QVERIFY(workspace->page(u"notesPage"_s) == nullptr);
        QCOMPARE(notesBuilt, 0);
        QCOMPARE(navigationAction(workspace, u"teamPage"_s)->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_1));
        QCOMPARE(navigationAction(workspace, u"agentsPage"_s)->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_2));
        QCOMPARE(navigationAction(workspace, u"notesPage"_s)->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_3));
        QCOMPARE(navigationAction(workspace, u"auditPage"_s)->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_4));
        auto *view = w.menuBar()->findChild<QMenu *>(u"viewMenu"_s);
        QCOMPARE(view->actions(), workspace->navigationActions());
        QVERIFY(navigationAction(workspace, u"auditPage"_s)->toolTip().contains(u"Who changed what"_s));

        // The Team page's menu is the page menu while it is shown.
        QCOMPARE(pageMenu(w)->title(), u"&Team"_s);
        QVERIFY(pageMenu(w)->menuAction()->isVisible());
        QVERIFY(pageMenu(w)->actions().contains(workspace->page<TeamPage>()->inviteAction()));

        // Ctrl+3 opens the third page, built now; its menu and window shortcut take over.
        press(w, Qt::CTRL | Qt::Key_3);
        QCOMPARE(workspace->currentPageName(), u"notesPage"_s);
        auto *notes = workspace->page<NotesPage>();
        QVERIFY(notes);
        QCOMPARE(notesBuilt, 1);
        QCOMPARE(notes->objectName(), u"notesPage"_s);
        QCOMPARE(pageMenu(w)->title(), u"&Notes"_s);
        QCOMPARE(pageMenu(w)->actions().size(), 1);
        QCOMPARE(pageMenu(w)->actions().constFirst()->objectName(), u"writeNoteAction"_s);
        QVERIFY(!pageMenu(w)->actions().contains(workspace->page<TeamPage>()->inviteAction()));
        press(w, Qt::CTRL | Qt::SHIFT | Qt::Key_N);
        QCOMPARE(notes->written, 1);

        // Back to Team (Ctrl+1): the notes shortcut is gone with its page's turn.
        press(w, Qt::CTRL | Qt::Key_1);
        QCOMPARE(workspace->currentPageName(), u"teamPage"_s);
        QCOMPARE(pageMenu(w)->title(), u"&Team"_s);
        press(w, Qt::CTRL | Qt::SHIFT | Qt::Key_N);
        QCOMPARE(notes->written, 1);
        // Showing it again reuses the page.
        QVERIFY(workspace->showPage(u"notesPage"_s));
        QCOMPARE(workspace->page<NotesPage>(), notes);
        QCOMPARE(notesBuilt, 1);
        QVERIFY(!workspace->showPage(u"noSuchPage"_s));

        // The Agents page (Ctrl+2) brings its own menu.
        press(w, Qt::CTRL | Qt::Key_2);
        QCOMPARE(workspace->currentPageName(), u"agentsPage"_s);
        QCOMPARE(pageMenu(w)->title(), u"&Agents"_s);
        QVERIFY(pageMenu(w)->actions().contains(workspace->page<AgentsPage>()->newAgentAction()));

        // A page without a menu title shows no page menu.
        QVERIFY(workspace->showPage(u"auditPage"_s));
        QVERIFY(!pageMenu(w)->menuAction()->isVisible());
    }

    void lastPageIsRemembered()
    {
        TestBackend backend;
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        QVERIFY(registerOwner(backend.backend()));
        WindowFixture f(backend.backend(), setupWithTestPages());
        MainWindow &w = *f.window;
        signIn(w, u"owner@example.com"_s, OwnerPassword);
        QVERIFY(w.workspace()->showPage(u"notesPage"_s));
        w.signOut();
        QVERIFY(w.workspace() == nullptr);

        signIn(w, u"owner@example.com"_s, OwnerPassword);
        QCOMPARE(w.workspace()->currentPageName(), u"notesPage"_s);
        QVERIFY(w.workspace()->page<NotesPage>());
        QVERIFY(w.workspace()->page<TeamPage>() == nullptr); // not shown, so not built
        QCOMPARE(pageMenu(w)->title(), u"&Notes"_s);
    }

    // A page the role may not see is left out, and follows a role change.
    void pagesFollowTheRole()
    {
        TestBackend backend;
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        auto owner = registerOwner(backend.backend());
        QVERIFY(owner);
        const Actor ownerActor = actorOf(backend.backend(), *owner);
        auto added = addMember(backend.backend(), ownerActor, u"max@example.com"_s, u"Max Member"_s);
        QVERIFY(added);

        WindowFixture f(backend.backend(), setupWithTestPages());
        MainWindow &w = *f.window;
        signIn(w, u"max@example.com"_s, MemberPassword);
        Workspace *workspace = w.workspace();
        QCOMPARE(workspace->visiblePages(), QStringList({u"teamPage"_s, u"agentsPage"_s, u"notesPage"_s}));
        QCOMPARE(navigationNames(workspace), workspace->visiblePages());
        QVERIFY(!navigationAction(workspace, u"auditPage"_s)->isVisible());
        QVERIFY(!workspace->showPage(u"auditPage"_s));
        QVERIFY(workspace->page(u"auditPage"_s) == nullptr);

        // Promoted meanwhile: the Team page learns the new role and the page appears.
        QVERIFY(backend->service<TeamService>().changeRole(ownerActor, added->accepted.userId, Role::Admin));
        workspace->page<TeamPage>()->refresh();
        QTRY_COMPARE(f.context.session().role, Role::Admin);
        QCOMPARE(workspace->visiblePages(),
            QStringList({u"teamPage"_s, u"agentsPage"_s, u"notesPage"_s, u"auditPage"_s}));
        QCOMPARE(navigationAction(workspace, u"auditPage"_s)->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_4));
        press(w, Qt::CTRL | Qt::Key_4);
        QCOMPARE(workspace->currentPageName(), u"auditPage"_s);

        // Demoted while looking at it: the page goes and the first page is shown.
        QVERIFY(backend->service<TeamService>().changeRole(ownerActor, added->accepted.userId, Role::Member));
        workspace->page<TeamPage>()->refresh();
        QTRY_COMPARE(f.context.session().role, Role::Member);
        QCOMPARE(workspace->currentPageName(), u"teamPage"_s);
        QCOMPARE(navigationNames(workspace), QStringList({u"teamPage"_s, u"agentsPage"_s, u"notesPage"_s}));
        QCOMPARE(pageMenu(w)->title(), u"&Team"_s);
    }

    void navigationFollowsTheLanguage()
    {
        TestBackend backend;
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        QVERIFY(registerOwner(backend.backend()));
        WindowFixture f(backend.backend(), setupWithTestPages());
        MainWindow &w = *f.window;
        signIn(w, u"owner@example.com"_s, OwnerPassword);
        QAction *team = navigationAction(w.workspace(), u"teamPage"_s);
        QCOMPARE(team->text(), u"Team"_s);
        QVERIFY(team->toolTip().startsWith(u"Members, roles and invitations"_s));
        QVERIFY(team->toolTip().contains(QKeySequence(Qt::CTRL | Qt::Key_1).toString(QKeySequence::NativeText)));
        const int calls = notesTitleCalls;

        f.languages.setLanguage(u"de"_s);
        QTRY_VERIFY(team->toolTip().startsWith(u"Mitglieder, Rollen und Einladungen"_s));
        QVERIFY(notesTitleCalls > calls); // every page's title is asked again
        auto *list = w.workspace()->findChild<QListWidget *>(u"navigation"_s);
        QCOMPARE(list->item(0)->toolTip(), team->toolTip());
        QCOMPARE(pageMenu(w)->title(), u"&Team"_s);
        f.languages.setLanguage(u"en"_s);
        QTRY_VERIFY(team->toolTip().startsWith(u"Members, roles and invitations"_s));
    }
};

QTEST_MAIN(TestWorkspace)
#include "tst_workspace.moc"
