// A session that ends elsewhere (revoked from another connection, the user removed
// from the team) sends the window back to sign-in with the reason, whichever page,
// dialog or long task made the call that noticed it; one place (AppContext) does it.

#include "guitest.h"

#include "common/errorpresenter.h"
#include "common/formfield.h"
#include "common/taskhandle.h"
#include "shell/workspace.h"
#include "team/invitationstablemodel.h"
#include "team/invitedialog.h"
#include "team/memberstablemodel.h"
#include "team/teampage.h"

#include <QAction>
#include <QLabel>
#include <QSignalSpy>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

class TestSessionLost : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settings;

    static TeamPage *signIn(MainWindow &window, const QString &email, const QString &password)
    {
        [&] { QTRY_COMPARE(window.currentPage(), static_cast<QWidget *>(window.signInPage())); }();
        fillSignIn(window, email, password);
        [&] {
            QTRY_VERIFY(window.workspace() && window.workspace()->page<TeamPage>()
                && window.workspace()->page<TeamPage>()->membersModel()->hasLoaded());
        }();
        return window.workspace() ? window.workspace()->page<TeamPage>() : nullptr;
    }

    static QString notice(MainWindow &window)
    {
        return child<QLabel>(window.signInPage(), u"noticeLabel"_s)->text();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid());
        isolateSettings(m_settings);
    }

    void init() { QSettings().clear(); }

    // Signed out from another connection; the next page action notices.
    void revokedWhileAPageIsOpen()
    {
        TestBackend backend;
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        QVERIFY(registerOwner(backend.backend()));
        WindowFixture f(backend.backend());
        MainWindow &w = *f.window;
        TeamPage *page = signIn(w, u"owner@example.com"_s, OwnerPassword);
        QVERIFY(page);
        QSignalSpy lost(&f.context, &AppContext::sessionLost);

        QVERIFY(revokeSession(backend.backend(), f.context.session().ref));
        QCOMPARE(w.currentPage(), static_cast<QWidget *>(w.workspace())); // nothing asked yet
        page->refreshAction()->trigger();
        QTRY_COMPARE(w.currentPage(), static_cast<QWidget *>(w.signInPage()));
        QVERIFY(w.workspace() == nullptr);
        QVERIFY(!f.context.session().isValid());
        // The page's three requests (members, invitations, figures) each found the
        // session gone; the window went back once.
        QCOMPARE(lost.count(), 1);
        QCOMPARE(lost.constFirst().constFirst().value<Error>().kind(), ErrorKind::Unauthorized);
        QCOMPARE(notice(w), ErrorPresenter::sessionEndedMessage(lost.constFirst().constFirst().value<Error>()));
        QVERIFY(notice(w).contains(u"sign in again"_s));
        QVERIFY(!child<QWidget>(&w, u"errorMessageBox"_s)); // no page showed the error itself

        // Signing in again works as usual.
        QVERIFY(signIn(w, u"owner@example.com"_s, OwnerPassword));
    }

    // The action comes from an open dialog: the dialog goes with the workspace.
    void revokedWhileADialogIsOpen()
    {
        TestBackend backend;
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        QVERIFY(registerOwner(backend.backend()));
        WindowFixture f(backend.backend());
        MainWindow &w = *f.window;
        TeamPage *page = signIn(w, u"owner@example.com"_s, OwnerPassword);
        QVERIFY(page);
        page->openInviteDialog();
        QPointer<InviteDialog> dialog = page->findChild<InviteDialog *>();
        QVERIFY(dialog);
        child<QLineEdit>(dialog, u"emailEdit"_s)->setText(u"new.colleague@example.com"_s);

        QVERIFY(revokeSession(backend.backend(), f.context.session().ref));
        dialog->accept();
        QTRY_COMPARE(w.currentPage(), static_cast<QWidget *>(w.signInPage()));
        QTRY_VERIFY(dialog.isNull());
        QVERIFY(notice(w).contains(u"sign in again"_s));
        // Nothing was sent under the ended session.
        auto owner = backend->service<AuthService>().login(LoginInput {u"owner@example.com"_s, OwnerPassword, {}}, testClient());
        QVERIFY(owner);
        auto invitations = backend->service<TeamService>().pendingInvitations(actorOf(backend.backend(), *owner));
        QVERIFY(invitations);
        QCOMPARE(invitations->size(), 0);
    }

    // Removed from the team by the owner (another connection) while signed in.
    void removedFromTheTeam()
    {
        TestBackend backend;
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        auto owner = registerOwner(backend.backend());
        QVERIFY(owner);
        const Actor ownerActor = actorOf(backend.backend(), *owner);
        auto added = addMember(backend.backend(), ownerActor, u"max@example.com"_s, u"Max Member"_s);
        QVERIFY(added);
        WindowFixture f(backend.backend());
        MainWindow &w = *f.window;
        TeamPage *page = signIn(w, u"max@example.com"_s, MemberPassword);
        QVERIFY(page);

        const QUuid userId = added->accepted.userId;
        QVERIFY(onAnotherThread([&] { return backend->service<TeamService>().removeMember(ownerActor, userId); }));
        page->refresh();
        QTRY_COMPARE(w.currentPage(), static_cast<QWidget *>(w.signInPage()));
        QVERIFY(w.workspace() == nullptr);
        QVERIFY(!notice(w).isEmpty());
    }

    // Long work started as the user notices too, and its handle says it failed.
    void revokedBeforeALongTask()
    {
        TestBackend backend;
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        QVERIFY(registerOwner(backend.backend()));
        WindowFixture f(backend.backend());
        MainWindow &w = *f.window;
        TeamPage *page = signIn(w, u"owner@example.com"_s, OwnerPassword);
        QVERIFY(page);
        QVERIFY(revokeSession(backend.backend(), f.context.session().ref));

        bool delivered = false;
        bool ran = false;
        QPointer<TaskHandle> handle = f.context.startAsActor(
            page,
            [&](const Actor &, TaskProgress &) -> Status {
                ran = true;
                return {};
            },
            [&](const Status &) { delivered = true; });
        QVERIFY(handle);
        QTRY_COMPARE(w.currentPage(), static_cast<QWidget *>(w.signInPage()));
        QVERIFY(!ran);
        QVERIFY(!delivered);
        QVERIFY(handle.isNull()); // it went with the page
    }

    // Unauthorized from the call itself, while the session is fine (a wrong current
    // password, say), is the page's to show: nobody is signed out.
    void unauthorizedAnswerOfAValidSessionReachesThePage()
    {
        TestBackend backend;
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        QVERIFY(registerOwner(backend.backend()));
        WindowFixture f(backend.backend());
        MainWindow &w = *f.window;
        TeamPage *page = signIn(w, u"owner@example.com"_s, OwnerPassword);
        QVERIFY(page);
        QSignalSpy lost(&f.context, &AppContext::sessionLost);

        std::optional<Error> answer;
        f.context.runAsActor(
            page,
            [](const Actor &) -> Status {
                return fail(Error::unauthorized(u"auth.invalid_credentials"_s, "Incorrect email or password"));
            },
            [&](const Status &result) { answer = result.error(); });
        QTRY_VERIFY(answer.has_value());
        QCOMPARE(answer->code(), u"auth.invalid_credentials"_s);
        QCOMPARE(lost.count(), 0);
        QCOMPARE(w.currentPage(), static_cast<QWidget *>(w.workspace()));
        QVERIFY(f.context.session().isValid());
    }

    // An answer that shows an old session is over, arriving after someone signed in
    // anew, leaves the new session alone.
    void lateAnswerForAnEndedSessionIsIgnored()
    {
        TestBackend backend;
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        QVERIFY(registerOwner(backend.backend()));
        WindowFixture f(backend.backend());
        MainWindow &w = *f.window;
        TeamPage *page = signIn(w, u"owner@example.com"_s, OwnerPassword);
        QVERIFY(page);
        QSignalSpy lost(&f.context, &AppContext::sessionLost);

        QVERIFY(revokeSession(backend.backend(), f.context.session().ref));
        bool delivered = false;
        f.context.runAsActor(
            page, [](const Actor &) -> Status { return {}; }, [&](const Status &) { delivered = true; });
        // Before that answer is handled, the context already holds a new session.
        auto again
            = backend->service<AuthService>().login(LoginInput {u"owner@example.com"_s, OwnerPassword, {}}, AppContext::clientInfo());
        QVERIFY(again);
        f.context.setSession(Session::fromSignedIn(*again));
        f.context.runner().waitForIdle();
        QCoreApplication::processEvents();
        QVERIFY(!delivered);
        QCOMPARE(lost.count(), 0);
        QCOMPARE(f.context.session().ref.sessionId, again->sessionId);
        QCOMPARE(w.currentPage(), static_cast<QWidget *>(w.workspace()));
    }
};

QTEST_MAIN(TestSessionLost)
#include "tst_session_lost.moc"
