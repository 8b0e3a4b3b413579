// Start-up of the desktop app, measured with QBENCHMARK (never asserted):
// from creating the window on an existing SQLite file (opening and checking the
// database off the GUI thread) to the painted sign-in page, and on to the Team
// screen with the first page of a 10,000-member organization after a sign-in with
// the production scrypt cost. Run: build/release/bin/bench_desktop
// (QT_QPA_PLATFORM=offscreen or under Xvfb).

#include "memberseeder.h"

#include "common/appcontext.h"
#include "common/languagemanager.h"
#include "common/secretstore.h"
#include "shell/mainwindow.h"
#include "shell/workspace.h"
#include "signin/signinpage.h"
#include "team/memberstablemodel.h"
#include "team/teampage.h"

#include "auth/authservice.h"
#include "runtime/backend.h"

#include <QApplication>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace vami;

namespace {
const QString Email = u"owner@bench.example"_s;
const QString Password = u"Bench-Passw0rd!"_s;
}

class bench_Desktop : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void startToSignInPage();
    void startToTeamScreen();

private:
    DesktopSetup setup() const;
    template<typename Then> void startWindow(Then then);
    QTemporaryDir m_dir;
};

DesktopSetup bench_Desktop::setup() const
{
    DesktopSetup s;
    s.localDatabasePath = m_dir.filePath(u"vami.db"_s);
    s.base.runJobs = false;
    return s;
}

void bench_Desktop::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QCoreApplication::setOrganizationName(u"VamiBench"_s);
    QCoreApplication::setApplicationName(u"vami-bench"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());

    BackendConfig config;
    config.database = *DatabaseConfig::fromUrl(u"sqlite://"_s + m_dir.filePath(u"vami.db"_s));
    config.runJobs = false;
    Backend backend(config);
    QVERIFY(backend.start());
    RegisterInput owner{Email, Password, u"Olivia Owner"_s, u"Benchmark Org"_s, {}};
    auto signedIn = backend.service<AuthService>().registerAccount(owner, ClientInfo{});
    QVERIFY(signedIn);
    QVERIFY(test::seedMembers(backend, signedIn->organization.id, signedIn->user.id, 10000));
    backend.stop();
}

// Creates the app's objects and a window, waits for its sign-in page, runs
// `then` on the window, and takes it all down again: one measured start.
template<typename Then> void bench_Desktop::startWindow(Then then)
{
    LanguageManager languages;
    SecretStore secrets(u"VamiBench"_s);
    secrets.setTimeoutMs(200);
    AppContext context(secrets);
    {
        MainWindow window(context, languages, setup());
        window.show();
        window.start();
        QTRY_COMPARE_WITH_TIMEOUT(window.currentPage(), static_cast<QWidget *>(window.signInPage()), 30000);
        then(window);
        window.grab(); // one complete paint of what is shown
    }
    context.close();
}

void bench_Desktop::startToSignInPage()
{
    QBENCHMARK {
        startWindow([](MainWindow &window) { QVERIFY(QTest::qWaitForWindowExposed(&window)); });
    }
}

void bench_Desktop::startToTeamScreen()
{
    QBENCHMARK {
        startWindow([](MainWindow &window) {
            SignInPage *page = window.signInPage();
            page->findChild<QLineEdit *>(u"emailEdit"_s)->setText(Email);
            page->findChild<QLineEdit *>(u"passwordEdit"_s)->setText(Password);
            page->findChild<QPushButton *>(u"signInButton"_s)->click();
            QTRY_VERIFY_WITH_TIMEOUT(window.workspace() && window.workspace()->page<TeamPage>()
                                         && window.workspace()->page<TeamPage>()->membersModel()->hasLoaded(),
                                     30000);
            QVERIFY(window.workspace()->page<TeamPage>()->membersModel()->rowCount() > 0);
        });
    }
}

QTEST_MAIN(bench_Desktop)
#include "bench_desktop.moc"
