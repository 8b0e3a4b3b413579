// The desktop as a person uses it: the real MainWindow on a throwaway SQLite file.

#include "guitest.h"

#include "common/formfield.h"
#include "shell/startuppage.h"
#include "shell/workspace.h"
#include "signin/databasedialog.h"
#include "signin/firstrunpage.h"
#include "team/changeroledialog.h"
#include "team/invitationstablemodel.h"
#include "team/invitedialog.h"
#include "team/memberstablemodel.h"
#include "team/teampage.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QRadioButton>
#include <QStatusBar>
#include <QTableView>
#include <QXmlStreamReader>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

class TestDesktopFlows : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_settings;

    static TeamPage *teamPage(MainWindow &window)
    {
        return window.workspace() ? window.workspace()->page<TeamPage>() : nullptr;
    }

    static void waitForTeamLoaded(MainWindow &window)
    {
        QTRY_VERIFY(window.workspace() != nullptr);
        QTRY_VERIFY(teamPage(window)->membersModel()->hasLoaded());
    }

    // From the sign-in page to a loaded Team screen.
    static void signInAndWait(MainWindow &window, const QString &email, const QString &password)
    {
        QTRY_COMPARE(window.currentPage(), static_cast<QWidget *>(window.signInPage()));
        fillSignIn(window, email, password);
        waitForTeamLoaded(window);
    }

    static void selectMember(MainWindow &window, const QString &email)
    {
        TeamPage *page = teamPage(window);
        auto *view = child<QTableView>(page, u"membersView"_s);
        int row = -1;
        QTRY_VERIFY((row = [&] {
            for (int r = 0; r < page->membersModel()->rowCount(); ++r) {
                if (page->membersModel()->memberAt(r)->email == email)
                    return r;
            }
            return -1;
        }()) >= 0);
        view->selectRow(row);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid());
        isolateSettings(m_settings);
    }

    void init() { QSettings().clear(); }

    // The desktop opens its own SQLite file off the GUI thread, then shows the first run.
    void opensLocalDatabaseFile()
    {
        QTemporaryDir data;
        LanguageManager languages;
        SecretStore secrets(u"VamiGuiTest"_s);
        AppContext context(secrets);
        DesktopSetup setup;
        setup.localDatabasePath = data.filePath(u"vami.db"_s);
        setup.base.scrypt = ScryptParams {10, 8, 1};
        setup.base.runJobs = false;
        MainWindow w(context, languages, setup);
        w.show();
        w.start();
        QCOMPARE(w.currentPage(), static_cast<QWidget *>(w.startupPage()));
        QTRY_COMPARE(w.currentPage(), static_cast<QWidget *>(w.firstRunPage()));
        QVERIFY(QFile::exists(setup.localDatabasePath));
        QVERIFY(child<QLabel>(&w, u"statusDatabase"_s)->toolTip().contains(setup.localDatabasePath));
    }

    void databaseThatCannotOpenSaysWhy()
    {
        LanguageManager languages;
        SecretStore secrets(u"VamiGuiTest"_s);
        AppContext context(secrets);
        DesktopSetup setup;
        setup.commandLineUrl = u"sqlite:///proc/vami-cannot-be-here/vami.db"_s;
        MainWindow w(context, languages, setup);
        w.show();
        w.start();
        auto *detail = child<QLabel>(w.startupPage(), u"startupDetail"_s);
        QTRY_VERIFY(child<QPushButton>(w.startupPage(), u"retryButton"_s)->isVisible());
        QVERIFY(detail->text().contains(u"/proc/vami-cannot-be-here/vami.db"_s));
        QVERIFY(!context.hasBackend());
    }

    void postgresDialogValidatesTheAddress()
    {
        DatabaseDialog dialog;
        auto *url = child<QLineEdit>(&dialog, u"urlEdit"_s);
        url->setText(u"mysql://db.example.com/vami"_s);
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        url->setText(u"postgresql://vami:secret@db.example.com:5432/vami"_s);
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Rejected)); // no password in the saved address
        url->setText(u"postgresql://vami@db.example.com:5432/vami?sslmode=require"_s);
        child<QLineEdit>(&dialog, u"passwordEdit"_s)->setText(u"s3cret"_s);
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.config().kind, DatabaseConfig::Kind::Postgres);
        QCOMPARE(dialog.config().password, u"s3cret"_s);
        QVERIFY(!dialog.savedUrl().contains(u"s3cret"_s));
        QVERIFY(dialog.serverSecret().isEmpty()); // optional
    }

    void postgresDialogValidatesTheServerSecret()
    {
        DatabaseDialog dialog;
        child<QLineEdit>(&dialog, u"urlEdit"_s)->setText(u"postgresql://vami@db.example.com:5432/vami"_s);
        auto *secret = child<QLineEdit>(&dialog, u"secretEdit"_s);
        QCOMPARE(secret->echoMode(), QLineEdit::Password);
        const QByteArray key = QByteArray(32, '\x5a');
        for (const QString &bad : {u"not base64 at all!"_s, QString::fromLatin1(QByteArray(31, 'k').toBase64())}) {
            secret->setText(bad);
            dialog.accept();
            QCOMPARE(dialog.result(), int(QDialog::Rejected));
            QVERIFY(dialog.serverSecret().isEmpty());
        }
        secret->setText(u"  "_s + QString::fromLatin1(key.toBase64()) + u"\n"_s);
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.serverSecret(), key);
    }

    void firstRunCreatesOrganizationAndOwner()
    {
        TestBackend backend;
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        WindowFixture f(backend.backend());
        MainWindow &w = *f.window;
        QTRY_COMPARE(w.currentPage(), static_cast<QWidget *>(w.firstRunPage()));

        FirstRunPage *page = w.firstRunPage();
        auto *create = child<QPushButton>(page, u"createButton"_s);
        // Missing fields are named before anything is sent.
        create->click();
        QVERIFY(child<FieldErrorLabel>(page, u"emailError"_s)->hasError());
        QCOMPARE(w.currentPage(), static_cast<QWidget *>(page));

        child<QLineEdit>(page, u"organizationEdit"_s)->setText(u"Praxis Müller"_s);
        child<QLineEdit>(page, u"fullNameEdit"_s)->setText(u"Maria Müller"_s);
        child<QLineEdit>(page, u"emailEdit"_s)->setText(u"maria@example.com"_s);
        // A weak password is refused by the backend's rules, shown at the field.
        child<QLineEdit>(page, u"passwordEdit"_s)->setText(u"short"_s);
        child<QLineEdit>(page, u"confirmEdit"_s)->setText(u"short"_s);
        create->click();
        QTRY_VERIFY(child<FieldErrorLabel>(page, u"passwordError"_s)->hasError());
        QVERIFY(create->isEnabled());
        auto none = backend->service<AuthService>().hasAccounts();
        QVERIFY(none);
        QVERIFY(!*none); // a failed request wrote nothing

        child<QLineEdit>(page, u"passwordEdit"_s)->setText(OwnerPassword);
        child<QLineEdit>(page, u"confirmEdit"_s)->setText(OwnerPassword);
        create->click();
        QVERIFY(!create->isEnabled()); // no double submit while the request runs
        QTRY_VERIFY(w.workspace() != nullptr);
        QCOMPARE(w.currentPage(), static_cast<QWidget *>(w.workspace()));
        QCOMPARE(f.context.session().organization.name, u"Praxis Müller"_s);
        QCOMPARE(f.context.session().role, Role::Owner);
        QVERIFY(child<QLabel>(&w, u"statusOrganization"_s)->text().contains(u"Praxis Müller"_s));
        QVERIFY(child<QLabel>(&w, u"statusUser"_s)->text().contains(u"Maria Müller"_s));

        auto some = backend->service<AuthService>().hasAccounts();
        QVERIFY(some && *some);
        waitForTeamLoaded(w);
        QCOMPARE(teamPage(w)->membersModel()->total(), 1);
    }

    void signInRefusesWrongPasswordAndAcceptsRightOne()
    {
        TestBackend backend;
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        QVERIFY(registerOwner(backend.backend()));
        WindowFixture f(backend.backend());
        MainWindow &w = *f.window;
        QTRY_COMPARE(w.currentPage(), static_cast<QWidget *>(w.signInPage()));

        fillSignIn(w, u"owner@example.com"_s, u"Wrong#Pass1"_s);
        auto *error = child<FieldErrorLabel>(w.signInPage(), u"signInError"_s);
        QTRY_VERIFY(error->hasError());
        QVERIFY(!f.context.session().isValid());
        QCOMPARE(w.currentPage(), static_cast<QWidget *>(w.signInPage()));

        fillSignIn(w, u"owner@example.com"_s, OwnerPassword);
        QTRY_VERIFY(w.workspace() != nullptr);
        QCOMPARE(f.context.session().user.email, u"owner@example.com"_s);
        waitForTeamLoaded(w);

        // A session ended elsewhere sends the window back to sign-in on the next call.
        QVERIFY(backend->service<AuthService>().logout(actorOf(backend.backend(), [&] {
            SignedIn s;
            s.sessionId = f.context.session().ref.sessionId;
            s.user.id = f.context.session().ref.userId;
            s.user.tokenVersion = f.context.session().ref.tokenVersion;
            s.organization.id = f.context.session().ref.organizationId;
            return s;
        }())));
        teamPage(w)->refresh();
        QTRY_COMPARE(w.currentPage(), static_cast<QWidget *>(w.signInPage()));
        QVERIFY(w.workspace() == nullptr);
        QVERIFY(!child<QLabel>(w.signInPage(), u"noticeLabel"_s)->text().isEmpty());
        fillSignIn(w, u"owner@example.com"_s, OwnerPassword);
        QTRY_VERIFY(w.workspace() != nullptr);
        waitForTeamLoaded(w);

        // Sign out returns to the sign-in page and ends the session in the backend.
        const SessionRef ref = f.context.session().ref;
        w.signOut();
        QCOMPARE(w.currentPage(), static_cast<QWidget *>(w.signInPage()));
        QVERIFY(w.workspace() == nullptr);
        QTRY_VERIFY(!backend->service<AuthService>().authenticateSession(ref, testClient()));
    }

    void inviteValidatesThenShowsPendingInvitation()
    {
        TestBackend backend;
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        QVERIFY(registerOwner(backend.backend()));
        WindowFixture f(backend.backend());
        MainWindow &w = *f.window;
        signInAndWait(w, u"owner@example.com"_s, OwnerPassword);
        if (QTest::currentTestFailed())
            return;
        TeamPage *page = teamPage(w);
        QTRY_VERIFY(
            child<QWidget>(page, u"invitationsEmpty"_s)->isVisible() || page->invitationsModel()->rowCount() == 0);

        auto *inviteButton = child<QPushButton>(page, u"inviteButton"_s);
        QVERIFY(inviteButton->isEnabled());
        inviteButton->click();
        QPointer<InviteDialog> dialog = page->findChild<InviteDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());

        child<QLineEdit>(dialog, u"emailEdit"_s)->setText(u"not-an-address"_s);
        dialog->accept();
        auto *emailError = child<FieldErrorLabel>(dialog, u"emailError"_s);
        QTRY_VERIFY(emailError->hasError());
        QVERIFY(emailError->text().contains(u"email"_s, Qt::CaseInsensitive));
        QVERIFY(dialog->isVisible());
        QCOMPARE(page->invitationsModel()->rowCount(), 0);

        child<QLineEdit>(dialog, u"emailEdit"_s)->setText(u"new.colleague@example.com"_s);
        dialog->accept();
        QTRY_VERIFY(dialog.isNull());
        QTRY_COMPARE(page->invitationsModel()->rowCount(), 1);
        QCOMPARE(page->invitationsModel()->invitationAt(0)->email, u"new.colleague@example.com"_s);
        QVERIFY(!page->invitationsModel()->linkFor(page->invitationsModel()->invitationAt(0)->id).isEmpty());

        // Inviting the same address again is refused with the backend's message.
        inviteButton->click();
        dialog = page->findChild<InviteDialog *>();
        QVERIFY(dialog);
        child<QLineEdit>(dialog, u"emailEdit"_s)->setText(u"new.colleague@example.com"_s);
        dialog->accept();
        auto *formError = child<FieldErrorLabel>(dialog, u"formError"_s);
        QTRY_VERIFY(formError->hasError());
        QCOMPARE(formError->text(), u"An invitation has already been sent to this email"_s);
        dialog->reject();
        QTRY_VERIFY(dialog.isNull());

        // Revoke from the pending list.
        auto *invitations = child<QTableView>(page, u"invitationsView"_s);
        invitations->selectRow(0);
        auto *revoke = child<QPushButton>(page, u"revokeButton"_s);
        QVERIFY(revoke->isEnabled());
        revoke->click();
        QTRY_COMPARE(page->invitationsModel()->rowCount(), 0);
    }

    void changeRoleOfMember()
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
        signInAndWait(w, u"owner@example.com"_s, OwnerPassword);
        if (QTest::currentTestFailed())
            return;
        TeamPage *page = teamPage(w);
        selectMember(w, u"max@example.com"_s);

        auto *changeButton = child<QPushButton>(page, u"changeRoleButton"_s);
        QVERIFY(changeButton->isEnabled());
        changeButton->click();
        QPointer<ChangeRoleDialog> dialog = page->findChild<ChangeRoleDialog *>();
        QVERIFY(dialog);
        child<QRadioButton>(dialog, u"adminRadio"_s)->setChecked(true);
        dialog->accept();
        QTRY_VERIFY(dialog.isNull());

        auto member = backend->service<TeamService>().member(ownerActor, added->accepted.userId);
        QVERIFY(member);
        QCOMPARE(member->role, Role::Admin);
        const int row = page->membersModel()->rowOf(added->accepted.userId);
        QVERIFY(row >= 0);
        QCOMPARE(page->membersModel()->memberAt(row)->role, Role::Admin);
    }

    void memberRoleCannotManageTeam()
    {
        TestBackend backend;
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        auto owner = registerOwner(backend.backend());
        QVERIFY(owner);
        const Actor ownerActor = actorOf(backend.backend(), *owner);
        // "viewer" is the original client's name for the member role.
        const Role viewer = *parseRoleLenient(u"viewer");
        auto added = addMember(backend.backend(), ownerActor, u"vera@example.com"_s, u"Vera Viewer"_s, viewer);
        QVERIFY(added);

        WindowFixture f(backend.backend());
        MainWindow &w = *f.window;
        signInAndWait(w, u"vera@example.com"_s, MemberPassword);
        if (QTest::currentTestFailed())
            return;
        TeamPage *page = teamPage(w);
        QCOMPARE(f.context.session().role, Role::Member);
        QCOMPARE(page->membersModel()->total(), 2); // members may look

        selectMember(w, u"owner@example.com"_s);
        QVERIFY(!page->inviteAction()->isEnabled());
        QVERIFY(!child<QPushButton>(page, u"inviteButton"_s)->isEnabled());
        QVERIFY(!child<QPushButton>(page, u"changeRoleButton"_s)->isEnabled());
        QVERIFY(!child<QPushButton>(page, u"removeButton"_s)->isEnabled());
        QVERIFY(!child<QPushButton>(page, u"inviteButton"_s)->toolTip().isEmpty());
        page->openInviteDialog();
        QVERIFY(page->findChild<InviteDialog *>() == nullptr);

        // Promoted by the owner meanwhile: a refresh enables the actions.
        QVERIFY(backend->service<TeamService>().changeRole(ownerActor, added->accepted.userId, Role::Admin));
        page->refresh();
        QTRY_VERIFY(page->inviteAction()->isEnabled());
        QCOMPARE(f.context.session().role, Role::Admin);
        QVERIFY(backend->service<TeamService>().changeRole(ownerActor, added->accepted.userId, Role::Member));
        page->refresh();
        QTRY_VERIFY(!page->inviteAction()->isEnabled());

        // The backend refuses the same action on its own.
        const Actor memberActor = actorOf(backend.backend(), *added->signedIn);
        auto refused = backend->service<TeamService>().invite(memberActor, InviteInput {u"x@example.com"_s, Role::Member, QString()});
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind(), ErrorKind::Forbidden);
        auto removal = backend->service<TeamService>().removeMember(memberActor, owner->user.id);
        QVERIFY(!removal);
        QCOMPARE(removal.error().kind(), ErrorKind::Forbidden);
    }

    void germanAfterSwitchingLanguage()
    {
        TestBackend backend;
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        QVERIFY(registerOwner(backend.backend()));
        WindowFixture f(backend.backend());
        MainWindow &w = *f.window;
        QTRY_COMPARE(w.currentPage(), static_cast<QWidget *>(w.signInPage()));

        f.languages.setLanguage(u"de"_s);
        QCOMPARE(f.languages.effectiveLanguage(), u"de"_s);
        // Widgets retranslate on the LanguageChange event Qt posts.
        QTRY_COMPARE(child<QPushButton>(w.signInPage(), u"signInButton"_s)->text(), u"Anmelden"_s);
        QCOMPARE(child<QLabel>(w.signInPage(), u"pageTitle"_s)->text(), u"Bei Vami anmelden"_s);

        // Backend messages (context "vami") are translated too.
        fillSignIn(w, u"owner@example.com"_s, u"Wrong#Pass1"_s);
        auto *error = child<FieldErrorLabel>(w.signInPage(), u"signInError"_s);
        QTRY_VERIFY(error->hasError());
        QCOMPARE(error->text(), u"E-Mail-Adresse oder Passwort ist falsch"_s);

        fillSignIn(w, u"owner@example.com"_s, OwnerPassword);
        waitForTeamLoaded(w);
        TeamPage *page = teamPage(w);
        QCOMPARE(child<QPushButton>(page, u"inviteButton"_s)->text(), u"Mitglied einladen…"_s);
        QCOMPARE(
            page->membersModel()->headerData(MembersTableModel::EmailColumn, Qt::Horizontal).toString(), u"E-Mail"_s);

        f.languages.setLanguage(u"en"_s);
        QTRY_COMPARE(child<QPushButton>(page, u"inviteButton"_s)->text(), u"Invite member…"_s);
    }

    // Every message of the catalogue is translated, and the embedded catalogue answers for it.
    void germanCatalogueIsComplete()
    {
        const QString path = QDir(qEnvironmentVariable("VAMI_SOURCE_DIR")).filePath(u"translations/vami_de.ts"_s);
        QFile file(path);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
        LanguageManager languages;
        languages.setLanguage(u"de"_s);
        QXmlStreamReader xml(&file);
        QString context;
        QString source;
        bool numerus = false;
        int messages = 0;
        while (!xml.atEnd()) {
            xml.readNext();
            if (!xml.isStartElement())
                continue;
            if (xml.name() == u"name"_s) {
                context = xml.readElementText();
            } else if (xml.name() == u"message"_s) {
                numerus = xml.attributes().value(u"numerus"_s) == u"yes"_s;
            } else if (xml.name() == u"source"_s) {
                source = xml.readElementText();
            } else if (xml.name() == u"translation"_s && numerus) {
                // German has two forms: one, and all other counts.
                QVERIFY2(xml.attributes().value(u"type"_s).isEmpty(), qPrintable(source));
                QStringList forms;
                while (xml.readNextStartElement())
                    forms.append(xml.readElementText());
                QCOMPARE(forms.size(), 2);
                for (int n : {1, 2}) {
                    QVERIFY2(!forms.at(n - 1).isEmpty(), qPrintable(source));
                    QCOMPARE(QCoreApplication::translate(context.toUtf8().constData(), source.toUtf8().constData(),
                                 nullptr, n),
                        QString(forms.at(n - 1)).replace(u"%n"_s, QString::number(n)));
                }
                ++messages;
            } else if (xml.name() == u"translation"_s) {
                QVERIFY2(xml.attributes().value(u"type"_s).isEmpty(), qPrintable(source));
                const QString text = xml.readElementText();
                QVERIFY2(!text.isEmpty(), qPrintable(source));
                QCOMPARE(QCoreApplication::translate(context.toUtf8().constData(), source.toUtf8().constData()), text);
                ++messages;
            }
        }
        QVERIFY(!xml.hasError());
        QVERIFY(messages > 200);
        // A backend message of context "vami" as the desktop shows it.
        const Error error = Error::forbidden(u"x"_s, "Only the organization owner can grant the admin role");
        QCOMPARE(error.translatedMessage(), u"Nur der Inhaber der Organisation kann die Administratorrolle vergeben"_s);
        languages.setLanguage(u"en"_s);
    }
};

QTEST_MAIN(TestDesktopFlows)
#include "tst_desktop_flows.moc"
