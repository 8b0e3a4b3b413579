// Writes PNGs of the main screens into ${VAMI_TEST_BINARY_DIR}/screenshots/ for review.

#include "guitest.h"

#include "agents/agentspage.h"
#include "agents/agentstablemodel.h"
#include "agents/agenttokendialog.h"
#include "agents/createagentdialog.h"
#include "agents/editagentdialog.h"
#include "common/errorpresenter.h"
#include "common/formfield.h"
#include "common/taskhandle.h"
#include "common/taskprogressdialog.h"
#include "shell/workspace.h"
#include "signin/firstrunpage.h"
#include "team/invitationstablemodel.h"
#include "team/invitedialog.h"
#include "team/memberstablemodel.h"
#include "team/teampage.h"

#include "agents/agentservice.h"

#include <QComboBox>
#include <QDir>
#include <QMessageBox>
#include <QTabWidget>
#include <QTableView>

#include <chrono>
#include <condition_variable>
#include <mutex>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

class TestScreenshots : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settings;
    QDir m_out;

    void save(QWidget *widget, const QString &name)
    {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        const QString path = m_out.filePath(name + u".png"_s);
        QVERIFY2(widget->grab().save(path), qPrintable(path));
    }

private Q_SLOTS:
    void initTestCase()
    {
        isolateSettings(m_settings);
        const QString base = qEnvironmentVariable("VAMI_TEST_BINARY_DIR", QDir::tempPath());
        QVERIFY(QDir(base).mkpath(u"screenshots"_s));
        m_out = QDir(QDir(base).filePath(u"screenshots"_s));
    }

    // Each case starts on the first page (the window remembers the page shown last).
    void init() { QSettings().clear(); }

    void firstRunAndSignIn()
    {
        TestBackend backend;
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        {
            WindowFixture f(backend.backend());
            f.window->resize(1180, 760);
            QTRY_COMPARE(f.window->currentPage(), static_cast<QWidget *>(f.window->firstRunPage()));
            save(f.window.get(), u"first-run"_s);
        }
        QVERIFY(registerOwner(backend.backend()));
        WindowFixture f(backend.backend());
        f.window->resize(1180, 760);
        QTRY_COMPARE(f.window->currentPage(), static_cast<QWidget *>(f.window->signInPage()));
        fillSignIn(*f.window, u"owner@example.com"_s, u"Wrong#Pass1"_s);
        QTRY_VERIFY(child<FieldErrorLabel>(f.window->signInPage(), u"signInError"_s)->hasError());
        save(f.window.get(), u"sign-in"_s);
    }

    void teamAndInviteDialog()
    {
        TestBackend backend;
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        auto owner = registerOwner(backend.backend());
        QVERIFY(owner);
        const Actor actor = actorOf(backend.backend(), *owner);
        const QStringList names {
            u"Jonas Becker"_s, u"Lea Schmidt"_s, u"Anna Wagner"_s, u"Paul Fischer"_s, u"Sophie Weber"_s};
        for (int i = 0; i < names.size(); ++i) {
            const QString email = names.at(i).section(u' ', 0, 0).toLower() + u"@example.com"_s;
            QVERIFY(addMember(backend.backend(), actor, email, names.at(i), i == 0 ? Role::Admin : Role::Member));
        }
        QVERIFY(backend->service<TeamService>().invite(actor, InviteInput {u"new.hire@example.com"_s, Role::Member, QString()}));

        WindowFixture f(backend.backend());
        f.window->resize(1180, 760);
        QTRY_COMPARE(f.window->currentPage(), static_cast<QWidget *>(f.window->signInPage()));
        fillSignIn(*f.window, u"owner@example.com"_s, OwnerPassword);
        QTRY_VERIFY(f.window->workspace() != nullptr);
        TeamPage *page = f.window->workspace()->page<TeamPage>();
        QTRY_VERIFY(page->membersModel()->hasLoaded());
        QTRY_COMPARE(page->invitationsModel()->rowCount(), 1);
        QTRY_VERIFY(!f.context.runner().isBusy());
        save(f.window.get(), u"team"_s);

        child<QTabWidget>(page, u"teamTabs"_s)->setCurrentIndex(1);
        save(f.window.get(), u"team-invitations"_s);

        page->openInviteDialog();
        auto *dialog = page->findChild<InviteDialog *>();
        QVERIFY(dialog);
        child<QLineEdit>(dialog, u"emailEdit"_s)->setText(u"jonas@example"_s);
        dialog->accept();
        QTRY_VERIFY(child<FieldErrorLabel>(dialog, u"emailError"_s)->hasError());
        save(dialog, u"invite-dialog"_s);
        dialog->reject();

        f.languages.setLanguage(u"de"_s);
        child<QTabWidget>(page, u"teamTabs"_s)->setCurrentIndex(0);
        QTRY_COMPARE(child<QPushButton>(page, u"inviteButton"_s)->text(), u"Mitglied einladen…"_s);
        save(f.window.get(), u"team-de"_s);
        page->openInviteDialog();
        dialog = page->findChild<InviteDialog *>();
        QVERIFY(dialog);
        QTRY_COMPARE(dialog->windowTitle(), u"Teammitglied einladen"_s);
        save(dialog, u"invite-dialog-de"_s);
        dialog->reject();
        f.languages.setLanguage(u"en"_s);
    }

    // The Agents page with agents of each template, and its three dialogs. The test
    // backend is configured with a server secret, so agents and tokens can be made.
    void agentsAndDialogs()
    {
        TestBackend backend;
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        auto owner = registerOwner(backend.backend());
        QVERIFY(owner);
        const Actor actor = actorOf(backend.backend(), *owner);
        const QList<std::pair<QString, QString>> agents {{u"Ava"_s, u"healthcare"_s}, {u"Lex"_s, u"legal"_s},
            {u"Riley"_s, u"real_estate"_s}, {u"Sam"_s, u"general"_s}, {u"Nora"_s, QString()}};
        for (const auto &[name, templateKey] : agents) {
            CreateAgentInput input;
            input.name = name;
            input.templateKey = templateKey;
            input.businessName = u"Example Dental"_s;
            auto made = backend->service<AgentService>().create(actor, input);
            QVERIFY(made);
            if (name == u"Riley"_s) {
                UpdateAgentInput pause;
                pause.status = AgentStatus::Inactive;
                QVERIFY(backend->service<AgentService>().update(actor, made->id, pause));
            }
            QTest::qSleep(10); // one after the other: the oldest is the default
        }

        WindowFixture f(backend.backend());
        f.window->resize(1180, 760);
        QTRY_COMPARE(f.window->currentPage(), static_cast<QWidget *>(f.window->signInPage()));
        fillSignIn(*f.window, u"owner@example.com"_s, OwnerPassword);
        QTRY_VERIFY(f.window->workspace() != nullptr);
        QVERIFY(f.window->workspace()->showPage(u"agentsPage"_s));
        AgentsPage *page = f.window->workspace()->page<AgentsPage>();
        QVERIFY(page);
        QTRY_VERIFY(page->agentsModel()->hasLoaded());
        QTRY_VERIFY(!page->agentsModel()->defaultAgentId().isNull());
        QTRY_VERIFY(!f.context.runner().isBusy());
        page->agentsView()->selectRow(1);
        save(f.window.get(), u"agents"_s);

        page->openCreateDialog();
        auto *create = page->findChild<CreateAgentDialog *>();
        QVERIFY(create);
        child<QLineEdit>(create, u"businessNameEdit"_s)->setText(u"Bright Smiles Dental"_s);
        create->accept();
        QVERIFY(child<FieldErrorLabel>(create, u"nameError"_s)->hasError());
        save(create, u"agent-create-dialog"_s);
        create->reject();

        page->openEditDialog();
        auto *edit = page->findChild<EditAgentDialog *>();
        QVERIFY(edit);
        save(edit, u"agent-edit-dialog"_s);
        edit->reject();

        page->openTokenDialog();
        auto *token = page->findChild<AgentTokenDialog *>();
        QVERIFY(token);
        save(token, u"agent-token-dialog"_s);
        token->reject();
    }

    // A long task half way, errors of the database and of a provider, and sign-in
    // after the session was ended elsewhere.
    void progressErrorsAndLostSession()
    {
        TestBackend backend;
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        QVERIFY(registerOwner(backend.backend()));
        WindowFixture f(backend.backend());
        f.window->resize(1180, 760);
        QTRY_COMPARE(f.window->currentPage(), static_cast<QWidget *>(f.window->signInPage()));
        fillSignIn(*f.window, u"owner@example.com"_s, OwnerPassword);
        QTRY_VERIFY(f.window->workspace() && f.window->workspace()->page<TeamPage>());
        TeamPage *page = f.window->workspace()->page<TeamPage>();
        QTRY_VERIFY(page->membersModel()->hasLoaded());

        // Half way through, held there until cancelled.
        TaskHandle *handle = f.context.startAsActor(
            page,
            [](const Actor &, TaskProgress &progress) -> Result<int> {
                progress.set(45, u"Importing row 54 of 120 (jonas@example.com)"_s);
                std::mutex mutex;
                std::condition_variable_any never;
                std::unique_lock lock(mutex);
                never.wait_for(lock, progress.stopToken(), std::chrono::seconds(60), [] { return false; });
                return 54;
            },
            [](const Result<int> &) {});
        auto *dialog = new TaskProgressDialog(handle, u"Import members"_s, page);
        dialog->open();
        QTRY_COMPARE(handle->percent(), 45);
        save(dialog, u"task-progress"_s);
        handle->cancel();
        QTRY_COMPARE(handle->state(), TaskHandle::State::Cancelled);

        ErrorOptions options;
        options.provider = u"ElevenLabs"_s;
        options.retry = [] {};
        options.openSettings = [] {};
        options.context = &f.context;
        QMessageBox *box = ErrorPresenter::show(page, u"Save changes"_s,
            Error::unavailable(u"storage.unavailable"_s, "The database cannot be reached.", 5), options);
        save(box, u"error-database"_s);
        box->close();
        box = ErrorPresenter::show(page, u"Start call"_s,
            Error::unavailable(u"net.connect_failed"_s, "The remote server cannot be reached.", 60), options);
        save(box, u"error-provider"_s);
        box->close();

        QVERIFY(revokeSession(backend.backend(), f.context.session().ref));
        page->refresh();
        QTRY_COMPARE(f.window->currentPage(), static_cast<QWidget *>(f.window->signInPage()));
        save(f.window.get(), u"session-ended"_s);
    }
};

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
