#include "mainwindow.h"

#include "startuppage.h"
#include "workspace.h"

#include "common/appcontext.h"
#include "common/appicon.h"
#include "common/errorpresenter.h"
#include "common/languagemanager.h"
#include "common/secretstore.h"
#include "common/uisettings.h"
#include "signin/databasedialog.h"
#include "signin/firstrunpage.h"
#include "signin/signinpage.h"
#include "team/rolenames.h"

#include "auth/authservice.h"
#include "core/random.h"
#include "runtime/backend.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QStackedWidget>
#include <QStatusBar>

using namespace Qt::StringLiterals;

namespace vami {

MainWindow::MainWindow(AppContext &context, LanguageManager &languages, DesktopSetup setup, QWidget *parent)
    : QMainWindow(parent)
    , m_context(context)
    , m_languages(languages)
    , m_setup(std::move(setup))
{
    setObjectName(u"mainWindow"_s);
    setWindowIcon(AppIcon::icon());
    m_stack = new QStackedWidget(this);
    m_startup = new StartupPage(m_stack);
    m_firstRun = new FirstRunPage(context, m_stack);
    m_signIn = new SignInPage(context, m_stack);
    m_stack->addWidget(m_startup);
    m_stack->addWidget(m_firstRun);
    m_stack->addWidget(m_signIn);
    setCentralWidget(m_stack);

    m_userLabel = new QLabel(this);
    m_userLabel->setObjectName(u"statusUser"_s);
    m_organizationLabel = new QLabel(this);
    m_organizationLabel->setObjectName(u"statusOrganization"_s);
    m_databaseLabel = new QLabel(this);
    m_databaseLabel->setObjectName(u"statusDatabase"_s);
    m_busy = new QProgressBar(this);
    m_busy->setObjectName(u"busyIndicator"_s);
    m_busy->setRange(0, 0);
    m_busy->setTextVisible(false);
    m_busy->setMaximumWidth(110);
    m_busy->setMaximumHeight(14);
    m_busy->setVisible(false);
    for (QLabel *label : {m_userLabel, m_organizationLabel, m_databaseLabel})
        label->setContentsMargins(10, 0, 10, 0);
    statusBar()->addPermanentWidget(m_busy);
    statusBar()->addPermanentWidget(m_userLabel);
    statusBar()->addPermanentWidget(m_organizationLabel);
    statusBar()->addPermanentWidget(m_databaseLabel);

    buildMenus();

    connect(&m_context, &AppContext::busyChanged, this,
        [this](bool busy) { m_busy->setVisible(busy || m_context.isOpening()); });
    connect(&m_context, &AppContext::opened, this, &MainWindow::onDatabaseOpened);
    connect(&m_context, &AppContext::openFailed, this, &MainWindow::onDatabaseFailed);
    connect(&m_context, &AppContext::sessionChanged, this, &MainWindow::updateStatusBar);
    connect(&m_context, &AppContext::sessionLost, this, &MainWindow::onSessionLost);
    connect(&m_context, &AppContext::databaseReconnectRequested, this, &MainWindow::reconnectDatabase);
    connect(m_firstRun, &FirstRunPage::registered, this,
        [this](const SignedIn &signedIn) { enterWorkspace(signedIn, false); });
    connect(m_signIn, &SignInPage::signedIn, this, &MainWindow::enterWorkspace);
    connect(m_firstRun, &FirstRunPage::connectDatabaseRequested, this, [this] { connectToPostgres(); });
    connect(m_signIn, &SignInPage::connectDatabaseRequested, this, [this] { connectToPostgres(); });
    connect(m_startup, &StartupPage::connectDatabaseRequested, this, [this] { connectToPostgres(); });
    connect(m_startup, &StartupPage::useLocalRequested, this, &MainWindow::useLocalDatabase);
    connect(m_startup, &StartupPage::retryRequested, this, &MainWindow::retryDatabase);

    const QByteArray geometry = UiSettings::value(UiSettings::WindowGeometry).toByteArray();
    if (geometry.isEmpty() || !restoreGeometry(geometry))
        resize(1180, 760);
    restoreState(UiSettings::value(UiSettings::WindowState).toByteArray());
    retranslate();
    updateStatusBar();
}

MainWindow::~MainWindow() = default;

QWidget *MainWindow::currentPage() const
{
    return m_stack->currentWidget();
}

void MainWindow::buildMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_connectAction = m_fileMenu->addAction(QString(), this, [this] { connectToPostgres(); });
    m_connectAction->setObjectName(u"connectAction"_s);
    m_localAction = m_fileMenu->addAction(QString(), this, &MainWindow::useLocalDatabase);
    m_localAction->setObjectName(u"useLocalAction"_s);
    m_fileMenu->addSeparator();
    m_signOutAction = m_fileMenu->addAction(QString(), this, &MainWindow::signOut);
    m_signOutAction->setObjectName(u"signOutAction"_s);
    m_fileMenu->addSeparator();
    m_quitAction = m_fileMenu->addAction(QString(), this, &MainWindow::close);
    m_quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_quitAction->setMenuRole(QAction::QuitRole);

    // The View menu lists the workspace's pages while signed in; the page menu holds
    // the current page's actions.
    m_viewMenu = menuBar()->addMenu(QString());
    m_viewMenu->setObjectName(u"viewMenu"_s);
    m_pageMenu = menuBar()->addMenu(QString());
    m_pageMenu->setObjectName(u"pageMenu"_s);
    m_pageMenu->menuAction()->setVisible(false);

    m_settingsMenu = menuBar()->addMenu(QString());
    m_languageMenu = m_settingsMenu->addMenu(QString());
    m_languageGroup = new QActionGroup(this);
    m_languageGroup->setExclusive(true);
    QAction *system = m_languageMenu->addAction(QString());
    system->setData(QString());
    system->setObjectName(u"languageSystem"_s);
    m_languageMenu->addSeparator();
    QList<QAction *> choices {system};
    for (const LanguageManager::Language &language : LanguageManager::languages()) {
        QAction *action = m_languageMenu->addAction(language.name);
        action->setData(language.code);
        action->setObjectName(u"language_"_s + language.code);
        choices.append(action);
    }
    const QString saved = LanguageManager::savedLanguage();
    for (QAction *action : choices) {
        action->setCheckable(true);
        action->setChecked(action->data().toString() == saved);
        m_languageGroup->addAction(action);
    }
    connect(m_languageGroup, &QActionGroup::triggered, this,
        [this](QAction *action) { m_languages.setLanguage(action->data().toString()); });

    m_helpMenu = menuBar()->addMenu(QString());
    m_aboutAction = m_helpMenu->addAction(QString(), this, &MainWindow::showAbout);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    m_aboutQtAction = m_helpMenu->addAction(QString(), qApp, &QApplication::aboutQt);
    m_aboutQtAction->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslate()
{
    setWindowTitle(
        m_context.session().isValid() ? tr("%1 – Vami").arg(m_context.session().organization.name) : tr("Vami"));
    m_fileMenu->setTitle(tr("&File"));
    m_connectAction->setText(tr("Connect to &PostgreSQL…"));
    m_localAction->setText(tr("Use &Local Database"));
    m_signOutAction->setText(tr("&Sign Out"));
    m_quitAction->setText(tr("&Quit"));
    m_viewMenu->setTitle(tr("&View"));
    if (m_workspace)
        m_pageMenu->setTitle(m_workspace->currentMenuTitle());
    m_settingsMenu->setTitle(tr("&Settings"));
    m_languageMenu->setTitle(tr("&Language"));
    m_languageGroup->actions().constFirst()->setText(tr("System Default"));
    m_helpMenu->setTitle(tr("&Help"));
    m_aboutAction->setText(tr("&About Vami"));
    m_aboutQtAction->setText(tr("About &Qt"));
    m_busy->setToolTip(tr("Working…"));
    updateStatusBar();
}

void MainWindow::updateStatusBar()
{
    const Session &session = m_context.session();
    const bool signedIn = session.isValid();
    m_userLabel->setVisible(signedIn);
    m_organizationLabel->setVisible(signedIn);
    if (signedIn) {
        const QString name = session.user.fullName.isEmpty() ? session.user.email : session.user.fullName;
        m_userLabel->setText(tr("Signed in as %1 (%2)").arg(name, RoleNames::role(session.role)));
        m_organizationLabel->setText(tr("Organization: %1").arg(session.organization.name));
    }
    const QString database
        = m_context.hasBackend() ? tr("Database: %1").arg(m_context.databaseLabel()) : tr("No database");
    m_databaseLabel->setText(m_databaseLabel->fontMetrics().elidedText(database, Qt::ElideMiddle, 380));
    m_databaseLabel->setToolTip(database);
    m_signOutAction->setEnabled(signedIn);
    m_viewMenu->menuAction()->setEnabled(signedIn);
    m_localAction->setEnabled(!m_context.hasBackend() || m_context.isPostgres());
    setWindowTitle(signedIn ? tr("%1 – Vami").arg(session.organization.name) : tr("Vami"));
}

void MainWindow::showPage(QWidget *page)
{
    m_stack->setCurrentWidget(page);
    Q_EMIT pageChanged();
}

void MainWindow::start()
{
    if (m_context.hasBackend()) {
        onDatabaseOpened();
        return;
    }
    if (!m_setup.commandLineUrl.isEmpty()) {
        auto parsed = DatabaseConfig::fromUrl(m_setup.commandLineUrl);
        if (!parsed) {
            m_startup->showFailure(m_setup.commandLineUrl, ErrorPresenter::message(parsed.error()));
            showPage(m_startup);
            return;
        }
        if (parsed->kind == DatabaseConfig::Kind::Postgres && parsed->password.isEmpty())
            openSavedPostgres(m_setup.commandLineUrl);
        else
            openDatabase(*parsed);
        return;
    }
    const QString saved = UiSettings::value(UiSettings::PostgresUrl).toString();
    if (!saved.isEmpty()) {
        openSavedPostgres(saved);
        return;
    }
    openDatabase(DatabaseConfig::sqliteFile(m_setup.localDatabasePath));
}

void MainWindow::openSavedPostgres(const QString &url)
{
    auto parsed = DatabaseConfig::fromUrl(url);
    if (!parsed) {
        connectToPostgres(ErrorPresenter::message(parsed.error()), url);
        return;
    }
    m_startup->showOpening(parsed->displayUrl());
    showPage(m_startup);
    const DatabaseConfig config = *parsed;
    m_context.secrets().read(SecretStore::databasePasswordKey(config.displayUrl()), this,
        [this, config, url](const SecretStore::Answer &answer) {
            if (answer.outcome != SecretStore::Outcome::Ok) {
                connectToPostgres(answer.outcome == SecretStore::Outcome::Unavailable
                        ? tr("The system keychain is not available. Enter "
                             "the database password.")
                        : tr("Enter the database password."),
                    url);
                return;
            }
            DatabaseConfig withPassword = config;
            withPassword.password = answer.value;
            openDatabase(withPassword);
        });
}

void MainWindow::openDatabase(const DatabaseConfig &database, const QByteArray &secret)
{
    leaveWorkspace();
    m_context.close();
    m_pendingDatabase = database;
    m_pendingSecret = secret;
    m_startup->showOpening(database.kind == DatabaseConfig::Kind::Sqlite ? database.sqlitePath : database.displayUrl());
    showPage(m_startup);
    m_busy->setVisible(true);
    const int attempt = ++m_openAttempt;
    auto open = [this, database, attempt](const QByteArray &resolved) {
        if (attempt != m_openAttempt)
            return; // another database was chosen meanwhile
        BackendConfig config = m_setup.base;
        config.database = database;
        config.secret = resolved;
        m_context.open(config);
        updateStatusBar();
    };
    if (!m_setup.base.secret.isEmpty())
        open(m_setup.base.secret);
    else if (!secret.isEmpty())
        open(secret);
    else
        resolveDatabaseSecret(database, std::move(open));
}

// The database secret seals what the database keeps readable (agent tokens); it is
// never kept beside the data. A local database gets 32 random bytes the first time,
// kept only in the keychain; a shared one uses the servers' secret, given once in the
// connection dialog. Without a keychain (or a secret) the database opens anyway and
// the features that need the secret say so.
void MainWindow::resolveDatabaseSecret(const DatabaseConfig &database, std::function<void(const QByteArray &)> done)
{
    const bool local = database.kind == DatabaseConfig::Kind::Sqlite;
    const QString key = SecretStore::databaseSecretKey(local ? database.sqlitePath : database.displayUrl());
    m_context.secrets().read(key, this, [this, key, local, done](const SecretStore::Answer &answer) {
        if (answer.outcome == SecretStore::Outcome::Ok) {
            const QByteArray stored = QByteArray::fromBase64(answer.value.toLatin1());
            done(stored.size() >= 32 ? stored : QByteArray());
            return;
        }
        if (!local || answer.outcome != SecretStore::Outcome::NotFound) {
            done({});
            return;
        }
        const QByteArray fresh = secureRandomBytes(32);
        m_context.secrets().write(key, QString::fromLatin1(fresh.toBase64()), this,
            [fresh, done](const SecretStore::Answer &written) {
                // A secret the keychain did not keep would seal tokens no later start can read.
                done(written.outcome == SecretStore::Outcome::Ok ? fresh : QByteArray());
            });
    });
}

void MainWindow::retryDatabase()
{
    if (m_pendingDatabase.kind == DatabaseConfig::Kind::Postgres || !m_pendingDatabase.sqlitePath.isEmpty())
        openDatabase(m_pendingDatabase, m_pendingSecret);
    else
        start();
}

// An error message offered "Reconnect Database…": a shared database is chosen
// again in the connection dialog (its address filled in); the local file is
// opened again. Either way the session starts anew.
void MainWindow::reconnectDatabase()
{
    if (!m_context.hasBackend())
        return;
    if (m_context.isPostgres()) {
        connectToPostgres(tr("Vami lost the connection to the database. Connect again, or choose another one."),
            m_context.databaseLabel());
        return;
    }
    const QString path = m_context.databaseLabel();
    if (m_context.session().isValid())
        signOut();
    openDatabase(DatabaseConfig::sqliteFile(path));
}

void MainWindow::onDatabaseOpened()
{
    m_busy->setVisible(m_context.runner().isBusy());
    if (m_pendingSave) {
        m_pendingSave = false;
        const QString url = m_pendingDatabase.displayUrl();
        UiSettings::setValue(UiSettings::PostgresUrl, url);
        const QString key = SecretStore::databasePasswordKey(url);
        const QString secretKey = SecretStore::databaseSecretKey(url);
        if (m_pendingKeepPassword && !m_pendingSecret.isEmpty()) {
            m_context.secrets().write(secretKey, QString::fromLatin1(m_pendingSecret.toBase64()), this,
                [this](const SecretStore::Answer &a) {
                    if (a.outcome != SecretStore::Outcome::Ok)
                        statusBar()->showMessage(tr("The server secret was not saved: the system keychain is "
                                                    "not available. Enter it again next time."));
                });
        } else if (!m_pendingKeepPassword) {
            m_context.secrets().remove(secretKey, this, [](const SecretStore::Answer &) {});
        }
        if (m_pendingKeepPassword && !m_pendingDatabase.password.isEmpty()) {
            m_context.secrets().write(key, m_pendingDatabase.password, this, [this](const SecretStore::Answer &a) {
                if (a.outcome != SecretStore::Outcome::Ok)
                    statusBar()->showMessage(tr("The database password was not saved: the system keychain is "
                                                "not available. Vami will ask for it next time."));
            });
        } else {
            m_context.secrets().remove(key, this, [](const SecretStore::Answer &) {});
        }
    }
    m_pendingDatabase.password.clear();
    m_pendingSecret.clear();
    updateStatusBar();
    m_firstRun->setDatabaseLabel(m_context.databaseLabel());
    m_signIn->setDatabaseLabel(m_context.databaseLabel());
    checkAccounts();
}

void MainWindow::onDatabaseFailed(const Error &error)
{
    m_pendingSave = false;
    m_busy->setVisible(false);
    const QString label = m_pendingDatabase.kind == DatabaseConfig::Kind::Sqlite ? m_pendingDatabase.sqlitePath
                                                                                 : m_pendingDatabase.displayUrl();
    m_startup->showFailure(label, ErrorPresenter::message(error));
    showPage(m_startup);
    updateStatusBar();
}

void MainWindow::checkAccounts()
{
    m_context.runOnBackend(
        this, [](Backend &backend) { return backend.service<AuthService>().hasAccounts(); },
        [this](const Result<bool> &result) {
            if (!result) {
                m_startup->showFailure(m_context.databaseLabel(), ErrorPresenter::message(result.error()));
                showPage(m_startup);
                return;
            }
            if (!*result) {
                showFirstRun();
                return;
            }
            if (UiSettings::value(UiSettings::RememberSession).toBool())
                resumeRememberedSession();
            else
                showSignIn();
        });
}

void MainWindow::resumeRememberedSession()
{
    const QString key = SecretStore::rememberKey(m_context.databaseLabel());
    m_signIn->setBusy(true);
    showSignIn();
    m_context.secrets().read(key, this, [this, key](const SecretStore::Answer &answer) {
        if (answer.outcome != SecretStore::Outcome::Ok) {
            m_signIn->setBusy(false);
            if (answer.outcome == SecretStore::Outcome::Unavailable)
                m_signIn->setNotice(tr("The system keychain is not available, so Vami could not sign you in "
                                       "automatically."));
            return;
        }
        const QString token = answer.value;
        m_context.runOnBackend(
            this, [token](Backend &backend) { return backend.service<AuthService>().refresh(token, AppContext::clientInfo()); },
            [this, key](const Result<SignedIn> &result) {
                m_signIn->setBusy(false);
                if (!result) {
                    UiSettings::setValue(UiSettings::RememberSession, false);
                    m_context.secrets().remove(key, this, [](const SecretStore::Answer &) {});
                    m_signIn->setNotice(tr("Your saved sign-in is no longer valid. Please sign in again."));
                    return;
                }
                enterWorkspace(*result, true);
            });
    });
}

void MainWindow::showSignIn(const QString &notice)
{
    m_signIn->setEmail(UiSettings::value(UiSettings::LastEmail).toString());
    m_signIn->setRemember(UiSettings::value(UiSettings::RememberSession).toBool());
    m_signIn->setNotice(notice);
    showPage(m_signIn);
    m_signIn->focusFirstField();
}

void MainWindow::showFirstRun()
{
    showPage(m_firstRun);
    m_firstRun->focusFirstField();
}

void MainWindow::enterWorkspace(const SignedIn &signedIn, bool remember)
{
    m_context.setSession(Session::fromSignedIn(signedIn));
    UiSettings::setValue(UiSettings::LastEmail, signedIn.user.email);
    const QString key = SecretStore::rememberKey(m_context.databaseLabel());
    if (remember) {
        // The refresh token continues this session at the next start; it is rotated on use.
        m_context.secrets().write(key, signedIn.refreshToken, this, [this](const SecretStore::Answer &answer) {
            const bool stored = answer.outcome == SecretStore::Outcome::Ok;
            UiSettings::setValue(UiSettings::RememberSession, stored);
            if (!stored)
                statusBar()->showMessage(tr("Vami cannot remember you: the system keychain is not available. "
                                            "Nothing was stored."));
        });
    } else if (UiSettings::value(UiSettings::RememberSession).toBool()) {
        UiSettings::setValue(UiSettings::RememberSession, false);
        m_context.secrets().remove(key, this, [](const SecretStore::Answer &) {});
    }

    destroyWorkspace();
    m_workspace = new Workspace(m_context, m_setup.pages, m_stack);
    m_stack->addWidget(m_workspace);
    connect(m_workspace, &Workspace::statusMessage, this,
        [this](const QString &message) { statusBar()->showMessage(message, 8000); });
    connect(m_workspace, &Workspace::currentPageChanged, this, &MainWindow::onPageChanged);
    const QList<QAction *> navigation = m_workspace->navigationActions();
    m_viewMenu->addActions(navigation);
    addActions(navigation);
    onPageChanged(m_workspace->currentPage());
    showPage(m_workspace);
    updateStatusBar();
}

// The page menu and the window-wide shortcuts belong to the page shown.
void MainWindow::onPageChanged(WorkspacePage *page)
{
    if (m_menuPage) {
        for (QAction *action : m_menuPage->windowActions())
            removeAction(action);
    }
    m_pageMenu->clear();
    m_menuPage = page;
    const QList<QAction *> actions = page ? page->pageActions() : QList<QAction *>();
    m_pageMenu->addActions(actions);
    m_pageMenu->setTitle(m_workspace ? m_workspace->currentMenuTitle() : QString());
    m_pageMenu->menuAction()->setVisible(!actions.isEmpty() && !m_pageMenu->title().isEmpty());
    if (page)
        addActions(page->windowActions());
}

void MainWindow::destroyWorkspace()
{
    if (!m_workspace)
        return;
    onPageChanged(nullptr);
    for (QAction *action : m_workspace->navigationActions())
        removeAction(action);
    m_viewMenu->clear();
    m_stack->removeWidget(m_workspace);
    delete m_workspace;
    m_workspace = nullptr;
}

void MainWindow::leaveWorkspace()
{
    destroyWorkspace();
    m_context.clearSession();
}

// Any page or dialog got Unauthorized for this session (AppContext noticed it):
// back to sign-in with the reason. The remembered sign-in died with the session.
void MainWindow::onSessionLost(const Error &reason)
{
    forgetRememberedSession();
    leaveWorkspace();
    showSignIn(ErrorPresenter::sessionEndedMessage(reason));
    updateStatusBar();
}

void MainWindow::forgetRememberedSession()
{
    if (!UiSettings::value(UiSettings::RememberSession).toBool())
        return;
    UiSettings::setValue(UiSettings::RememberSession, false);
    m_context.secrets().remove(
        SecretStore::rememberKey(m_context.databaseLabel()), this, [](const SecretStore::Answer &) {});
}

void MainWindow::signOut()
{
    if (!m_context.session().isValid())
        return;
    Backend *backend = &m_context.backend();
    m_context.runAsActor(
        this, [backend](const Actor &actor) { return backend->service<AuthService>().logout(actor); },
        [this](const Status &result) {
            if (!result)
                statusBar()->showMessage(ErrorPresenter::message(result.error()), 8000);
        });
    forgetRememberedSession();
    leaveWorkspace();
    showSignIn(tr("You have signed out."));
    updateStatusBar();
}

void MainWindow::connectToPostgres(const QString &message, const QString &url)
{
    auto *dialog = new DatabaseDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setMessage(message);
    dialog->setUrl(url.isEmpty() ? UiSettings::value(UiSettings::PostgresUrl).toString() : url);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (m_context.session().isValid())
            signOut();
        m_pendingSave = true;
        m_pendingKeepPassword = dialog->keepPassword();
        openDatabase(dialog->config(), dialog->serverSecret());
    });
    connect(dialog, &QDialog::rejected, this, [this] {
        if (!m_context.hasBackend() && !m_context.isOpening() && currentPage() != m_startup)
            showPage(m_startup);
        if (!m_context.hasBackend() && !m_context.isOpening())
            m_startup->showFailure(tr("PostgreSQL"), tr("No database is open."));
    });
    dialog->open();
}

void MainWindow::useLocalDatabase()
{
    if (m_context.session().isValid())
        signOut();
    UiSettings::remove(UiSettings::PostgresUrl);
    m_pendingSave = false;
    openDatabase(DatabaseConfig::sqliteFile(m_setup.localDatabasePath));
}

void MainWindow::showAbout()
{
    QMessageBox box(this);
    box.setWindowTitle(tr("About Vami"));
    box.setIconPixmap(AppIcon::pixmap(64));
    box.setText(tr("<h3>Vami %1</h3>"
                   "<p>Administration for AI voice agents: your team today; calls, calendar and "
                   "settings as they arrive.</p>"
                   "<p>Database: %2</p>"
                   "<p>Built with Qt %3.</p>")
                    .arg(QCoreApplication::applicationVersion(),
                        m_context.hasBackend() ? m_context.databaseLabel().toHtmlEscaped() : tr("none"),
                        QString::fromLatin1(qVersion())));
    box.addButton(tr("Close"), QMessageBox::AcceptRole);
    box.exec();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    UiSettings::setValue(UiSettings::WindowGeometry, saveGeometry());
    UiSettings::setValue(UiSettings::WindowState, saveState());
    QMainWindow::closeEvent(event);
}

} // namespace vami
