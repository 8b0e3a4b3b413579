// Long work with a handle: progress reaches the GUI thread, Cancel stops the work
// half way (cooperatively), the result arrives only when the work was not
// cancelled and only while the object that started it lives. The work here is
// real: bulk invitations through TeamService, as a CSV import will do.

#include "guitest.h"

#include "common/errorpresenter.h"
#include "common/formfield.h"
#include "common/taskhandle.h"
#include "common/taskprogressdialog.h"
#include "common/taskprogresswidget.h"
#include "common/taskrunner.h"
#include "shell/workspace.h"
#include "team/memberstablemodel.h"
#include "team/teampage.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QProgressBar>
#include <QSignalSpy>
#include <QThread>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

namespace {

// Holds the work at one step until it is cancelled, so "half way" is a place and
// not a moment. The bound only keeps a broken test from hanging.
bool holdUntilCancelled(const TaskProgress &progress)
{
    std::mutex mutex;
    std::condition_variable_any never;
    std::unique_lock lock(mutex);
    never.wait_for(lock, progress.stopToken(), std::chrono::seconds(60), [] { return false; });
    return progress.cancelRequested();
}

// Invites `count` addresses one by one, reporting each; stops when asked to.
Result<int> inviteMany(Backend &backend, const Actor &actor, TaskProgress &progress, int count, int holdAt = -1)
{
    progress.setIndeterminate();
    for (int i = 0; i < count; ++i) {
        if (progress.cancelRequested())
            return i;
        if (i == holdAt && holdUntilCancelled(progress))
            return i;
        auto issued = backend.service<TeamService>().invite(
            actor, InviteInput {u"person%1@example.com"_s.arg(i), Role::Member, QString()});
        if (!issued)
            return fail(issued.error());
        progress.setSteps(i + 1, count, u"Invited %1 of %2"_s.arg(i + 1).arg(count));
    }
    return count;
}

qsizetype pendingInvitations(Backend &backend, const SignedIn &owner)
{
    auto list = backend.service<TeamService>().pendingInvitations(actorOf(backend, owner));
    return list ? list->size() : -1;
}

} // namespace

class TestTaskHandle : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settings;

    static TeamPage *signIn(MainWindow &window)
    {
        [&] { QTRY_COMPARE(window.currentPage(), static_cast<QWidget *>(window.signInPage())); }();
        fillSignIn(window, u"owner@example.com"_s, OwnerPassword);
        [&] {
            QTRY_VERIFY(window.workspace() && window.workspace()->page<TeamPage>()
                && window.workspace()->page<TeamPage>()->membersModel()->hasLoaded());
        }();
        return window.workspace() ? window.workspace()->page<TeamPage>() : nullptr;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid());
        isolateSettings(m_settings);
    }

    void cancelledHalfWay()
    {
        TestBackend backend;
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        auto owner = registerOwner(backend.backend());
        QVERIFY(owner);
        WindowFixture f(backend.backend());
        TeamPage *page = signIn(*f.window);
        QVERIFY(page);

        Backend *b = &backend.backend();
        bool delivered = false;
        TaskHandle *handle = f.context.startAsActor(
            page, [b](const Actor &actor, TaskProgress &progress) { return inviteMany(*b, actor, progress, 40, 20); },
            [&](const Result<int> &) { delivered = true; });
        QSignalSpy cancelled(handle, &TaskHandle::cancelled);
        QSignalSpy finished(handle, &TaskHandle::finished);
        QSignalSpy ended(handle, &TaskHandle::ended);
        bool onGuiThread = true;
        connect(handle, &TaskHandle::progressChanged, this,
            [&] { onGuiThread = onGuiThread && QThread::currentThread() == qApp->thread(); });
        QPointer<TaskProgressDialog> dialog = new TaskProgressDialog(handle, u"Inviting people"_s, page);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
        QVERIFY(f.context.isBusy());

        // Half way: the dialog shows how far the work is.
        auto *bar = child<QProgressBar>(dialog, u"taskProgressBar"_s);
        QTRY_COMPARE(handle->percent(), 50);
        QCOMPARE(bar->value(), 50);
        QCOMPARE(bar->maximum(), 100);
        QCOMPARE(child<QLabel>(dialog, u"taskProgressText"_s)->text(), u"Invited 20 of 40"_s);
        QVERIFY(handle->isRunning());
        QVERIFY(onGuiThread);

        auto *cancel = child<QPushButton>(dialog, u"taskCancelButton"_s);
        QVERIFY(cancel->isEnabled());
        cancel->click();
        QVERIFY(handle->cancelRequested());
        QVERIFY(!cancel->isEnabled()); // "Cancelling…" until the work has stopped
        QTRY_COMPARE(handle->state(), TaskHandle::State::Cancelled);
        QCOMPARE(cancelled.count(), 1);
        QCOMPARE(finished.count(), 0);
        QCOMPARE(ended.count(), 1);
        QVERIFY(!delivered);
        QTRY_VERIFY(dialog.isNull()); // closed by itself
        QTRY_VERIFY(!f.context.isBusy());
        // The work stopped where it was: half of the invitations exist.
        QCOMPARE(pendingInvitations(backend.backend(), *owner), 20);
    }

    void finishesWithItsResult()
    {
        TestBackend backend;
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        auto owner = registerOwner(backend.backend());
        QVERIFY(owner);
        WindowFixture f(backend.backend());
        TeamPage *page = signIn(*f.window);
        QVERIFY(page);

        Backend *b = &backend.backend();
        std::optional<int> invited;
        TaskHandle *handle = f.context.startAsActor(
            page, [b](const Actor &actor, TaskProgress &progress) { return inviteMany(*b, actor, progress, 5); },
            [&](const Result<int> &result) { invited = result.value_or(-1); });
        QSignalSpy finished(handle, &TaskHandle::finished);
        auto *dialog = new TaskProgressDialog(handle, u"Inviting people"_s, page);
        QSignalSpy accepted(dialog, &QDialog::accepted);
        dialog->open();
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(invited, 5);
        QCOMPARE(handle->state(), TaskHandle::State::Finished);
        QCOMPARE(handle->percent(), 100);
        QCOMPARE(accepted.count(), 1);
        QVERIFY(!dialog->isVisible());
        QCOMPARE(pendingInvitations(backend.backend(), *owner), 5);
        delete dialog;
    }

    // A failure stays on screen with its reason until closed.
    void failureIsShown()
    {
        TestBackend backend;
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        QVERIFY(registerOwner(backend.backend()));
        WindowFixture f(backend.backend());
        TeamPage *page = signIn(*f.window);
        QVERIFY(page);

        Backend *b = &backend.backend();
        std::optional<Error> error;
        TaskHandle *handle = f.context.startAsActor(
            page,
            [b](const Actor &actor, TaskProgress &) {
                return b->service<TeamService>().invite(actor, InviteInput {u"not-an-address"_s, Role::Member, QString()});
            },
            [&](const Result<IssuedInvitation> &result) { error = result.error(); });
        QSignalSpy failed(handle, &TaskHandle::failed);
        QPointer<TaskProgressDialog> dialog = new TaskProgressDialog(handle, u"Inviting people"_s, page);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
        QTRY_COMPARE(failed.count(), 1);
        QVERIFY(error);
        QCOMPARE(error->kind(), ErrorKind::Validation);
        QCOMPARE(handle->state(), TaskHandle::State::Failed);
        QCOMPARE(handle->error().kind(), ErrorKind::Validation);
        QVERIFY(dialog->isVisible());
        auto *reason = child<FieldErrorLabel>(dialog, u"taskError"_s);
        QCOMPARE(reason->text(), ErrorPresenter::message(*error));
        QVERIFY(!child<QPushButton>(dialog, u"taskCancelButton"_s)->isVisible());
        auto *buttons = child<QDialogButtonBox>(dialog, u"taskDialogButtons"_s);
        QVERIFY(buttons->isVisible());
        buttons->button(QDialogButtonBox::Close)->click();
        QTRY_VERIFY(dialog.isNull());
    }

    // The object that started the work goes: the work is asked to stop and nothing
    // is delivered. Escape in the dialog cancels as the button does.
    void receiverGoneStopsTheWork()
    {
        QThreadPool pool;
        TaskRunner runner(pool);
        std::atomic<bool> sawStop {false};
        bool delivered = false;
        auto *receiver = new QObject;
        QPointer<TaskHandle> handle = runner.start(
            receiver,
            [&](TaskProgress &progress) -> Status {
                progress.set(10, u"Uploading"_s);
                sawStop = holdUntilCancelled(progress);
                return {};
            },
            [&](const Status &) { delivered = true; });
        QTRY_COMPARE(handle->percent(), 10);
        QVERIFY(runner.isBusy());
        delete receiver;
        QVERIFY(handle.isNull());
        runner.waitForIdle();
        QVERIFY(sawStop);
        QCoreApplication::processEvents();
        QVERIFY(!delivered);
        QVERIFY(!runner.isBusy());
    }

    void escapeCancels()
    {
        QThreadPool pool;
        TaskRunner runner(pool);
        QWidget window;
        window.show();
        TaskHandle *handle = runner.start(
            &window,
            [&](TaskProgress &progress) -> Status {
                holdUntilCancelled(progress);
                return {};
            },
            [](const Status &) {});
        QPointer<TaskProgressDialog> dialog = new TaskProgressDialog(handle, u"Exporting"_s, &window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
        // While the work cannot tell how far it is, the bar moves to and fro.
        QCOMPARE(child<QProgressBar>(dialog, u"taskProgressBar"_s)->maximum(), 0);
        QTest::keyClick(dialog, Qt::Key_Escape);
        QVERIFY(handle->cancelRequested());
        QTRY_COMPARE(handle->state(), TaskHandle::State::Cancelled);
        QTRY_VERIFY(dialog.isNull());
        runner.waitForIdle();
    }
};

QTEST_MAIN(TestTaskHandle)
#include "tst_taskhandle.moc"
