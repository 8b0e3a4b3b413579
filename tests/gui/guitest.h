#pragma once

// Helpers for the desktop tests: isolated settings, a window on a TestBackend,
// accounts made through the services, and driving the sign-in form.

#include "testbackend.h"

#include "common/appcontext.h"
#include "common/languagemanager.h"
#include "common/secretstore.h"
#include "shell/mainwindow.h"
#include "signin/signinpage.h"

#include "auth/authservice.h"
#include "team/teamservice.h"

#include <QApplication>
#include <QCheckBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <thread>

namespace vami::test {

inline const QString OwnerPassword = QStringLiteral("Owner#Pass1");
inline const QString MemberPassword = QStringLiteral("Member#Pass1");

// Settings in a temporary folder, so tests never read or write the user's own.
inline void isolateSettings(const QTemporaryDir &dir)
{
    QCoreApplication::setOrganizationName(QStringLiteral("VamiTest"));
    QCoreApplication::setApplicationName(QStringLiteral("vami-gui-test"));
    QCoreApplication::setApplicationVersion(QStringLiteral(VAMI_VERSION));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
    QSettings().clear();
}

inline ClientInfo testClient()
{
    return ClientInfo {QStringLiteral("127.0.0.1"), QStringLiteral("gui-test"), QString()};
}

inline Result<SignedIn> registerOwner(Backend &backend, const QString &email = QStringLiteral("owner@example.com"))
{
    RegisterInput input;
    input.email = email;
    input.password = OwnerPassword;
    input.fullName = QStringLiteral("Olivia Owner");
    input.companyName = QStringLiteral("Example Dental");
    return backend.service<AuthService>().registerAccount(input, testClient());
}

inline Actor actorOf(Backend &backend, const SignedIn &signedIn)
{
    auto actor = backend.service<AuthService>().authenticateSession(
        SessionRef {signedIn.sessionId, signedIn.user.id, signedIn.organization.id, signedIn.user.tokenVersion},
        testClient());
    return actor ? *actor : Actor {};
}

// Invites `email` as a member and accepts with a new account: a second person in the team.
inline Result<AcceptOutcome> addMember(
    Backend &backend, const Actor &owner, const QString &email, const QString &name, Role role = Role::Member)
{
    auto issued = backend.service<TeamService>().invite(owner, InviteInput {email, role, QString()});
    if (!issued)
        return fail(issued.error());
    AcceptCredentials credentials;
    credentials.password = MemberPassword;
    credentials.fullName = name;
    return backend.service<TeamService>().acceptInvitation(issued->token, credentials, testClient());
}

// Runs `work` on a thread of its own (with its own database connection), as
// another program or another admin would, and waits for it.
template<typename Work> auto onAnotherThread(Work work)
{
    std::invoke_result_t<Work &> result;
    std::thread thread([&] { result = work(); });
    thread.join();
    return result;
}

// Ends the session `ref` in the backend, from another thread.
inline Status revokeSession(Backend &backend, const SessionRef &ref)
{
    return onAnotherThread([&]() -> Status {
        auto actor = backend.service<AuthService>().authenticateSession(ref, testClient());
        if (!actor)
            return fail(actor.error());
        return backend.service<AuthService>().logout(*actor);
    });
}

// One window on one backend, as the desktop builds it.
struct WindowFixture
{
    explicit WindowFixture(Backend &backend, DesktopSetup setup = {})
        : secrets(QStringLiteral("VamiGuiTest"))
        , context(secrets)
    {
        secrets.setTimeoutMs(1000);
        context.adopt(backend);
        window = std::make_unique<MainWindow>(context, languages, std::move(setup));
        window->show();
        window->start();
    }
    ~WindowFixture()
    {
        window.reset();
        context.close();
    }

    LanguageManager languages;
    SecretStore secrets;
    AppContext context;
    std::unique_ptr<MainWindow> window;
};

template<typename T> T *child(QObject *parent, const QString &name)
{
    return parent->findChild<T *>(name);
}

inline void fillSignIn(MainWindow &window, const QString &email, const QString &password)
{
    SignInPage *page = window.signInPage();
    child<QLineEdit>(page, QStringLiteral("emailEdit"))->setText(email);
    child<QLineEdit>(page, QStringLiteral("passwordEdit"))->setText(password);
    child<QPushButton>(page, QStringLiteral("signInButton"))->click();
}

} // namespace vami::test
