#pragma once

#include "pageregistry.h"

#include "auth/signedin.h"
#include "core/error.h"
#include "runtime/backendconfig.h"

#include <QMainWindow>

#include <functional>
#include <QPointer>

class QActionGroup;
class QLabel;
class QMenu;
class QProgressBar;
class QStackedWidget;

namespace vami {

class AppContext;
class FirstRunPage;
class LanguageManager;
class SignInPage;
class StartupPage;
class Workspace;

class WorkspacePage;

// Where the desktop's database comes from, and the pages of its workspace.
struct DesktopSetup
{
    BackendConfig base; // everything but the database
    QString localDatabasePath; // the embedded SQLite file in the user's data folder
    QString commandLineUrl; // --database; wins over the saved choice
    PageRegistry pages = desktopPages(); // the workspace's pages, in navigation order
};

// The application window: opens the database, then shows the first-run flow (empty
// database), sign-in, or the workspace; menus, shortcuts, status bar, About box,
// language switch and remembered geometry. When the session is lost (the backend
// answers Unauthorized to any page or dialog) it goes back to sign-in and says why.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(AppContext &context, LanguageManager &languages, DesktopSetup setup = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens the configured database (or uses the context's backend) and shows what fits.
    void start();
    void signOut();

    [[nodiscard]] Workspace *workspace() const { return m_workspace; }
    [[nodiscard]] FirstRunPage *firstRunPage() const { return m_firstRun; }
    [[nodiscard]] SignInPage *signInPage() const { return m_signIn; }
    [[nodiscard]] StartupPage *startupPage() const { return m_startup; }
    [[nodiscard]] QWidget *currentPage() const;

Q_SIGNALS:
    void pageChanged();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void buildMenus();
    void retranslate();
    void updateStatusBar();
    void showPage(QWidget *page);

    // `secret`: the database secret given in the connection dialog; otherwise it is
    // read from the keychain (a local database gets one the first time).
    void openDatabase(const DatabaseConfig &database, const QByteArray &secret = {});
    void resolveDatabaseSecret(const DatabaseConfig &database, std::function<void(const QByteArray &)> done);
    void openSavedPostgres(const QString &url);
    void onDatabaseOpened();
    void onDatabaseFailed(const Error &error);
    void checkAccounts();
    void resumeRememberedSession();
    void showSignIn(const QString &notice = QString());
    void showFirstRun();
    void enterWorkspace(const SignedIn &signedIn, bool remember);
    void onPageChanged(WorkspacePage *page);
    void onSessionLost(const Error &reason);
    void forgetRememberedSession();
    void leaveWorkspace();
    void destroyWorkspace();
    void connectToPostgres(const QString &message = QString(), const QString &url = QString());
    void useLocalDatabase();
    void retryDatabase();
    void reconnectDatabase();
    void showAbout();

    AppContext &m_context;
    LanguageManager &m_languages;
    DesktopSetup m_setup;
    DatabaseConfig m_pendingDatabase;
    bool m_pendingSave = false; // save the PostgreSQL choice once it opens
    bool m_pendingKeepPassword = false;
    QByteArray m_pendingSecret; // given in the connection dialog, saved once it opens
    int m_openAttempt = 0; // a newer openDatabase() supersedes a keychain answer still due

    QStackedWidget *m_stack = nullptr;
    StartupPage *m_startup = nullptr;
    FirstRunPage *m_firstRun = nullptr;
    SignInPage *m_signIn = nullptr;
    Workspace *m_workspace = nullptr;

    QMenu *m_fileMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_pageMenu = nullptr; // the current page's actions
    QPointer<WorkspacePage> m_menuPage; // whose actions the menu and the window hold
    QMenu *m_settingsMenu = nullptr;
    QMenu *m_languageMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    QAction *m_connectAction = nullptr;
    QAction *m_localAction = nullptr;
    QAction *m_signOutAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_aboutQtAction = nullptr;
    QActionGroup *m_languageGroup = nullptr;

    QLabel *m_userLabel = nullptr;
    QLabel *m_organizationLabel = nullptr;
    QLabel *m_databaseLabel = nullptr;
    QProgressBar *m_busy = nullptr;
};

} // namespace vami
