// The keychain wrapper (SecretStore). With VAMI_TEST_KEYCHAIN=available the test runs
// inside keychain-session.sh (a private D-Bus session with an unlocked gnome-keyring)
// and stores, reads back and deletes a "remember me" secret. With "unavailable" no
// session bus is reachable, and every call must report that no keychain is there.

#include "guitest.h"

#include "agents/agentservice.h"
#include "common/secretstore.h"
#include "common/uisettings.h"
#include "shell/workspace.h"
#include "signin/firstrunpage.h"

#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>

#include <optional>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

// A window that opens the local database itself, as the desktop does.
struct LocalWindow
{
    explicit LocalWindow(const QString &path)
        : secrets(u"VamiGuiTest"_s)
        , context(secrets)
    {
        secrets.setTimeoutMs(10000);
        DesktopSetup setup;
        setup.localDatabasePath = path;
        setup.base.runJobs = false;
        setup.base.scrypt = ScryptParams {10, 8, 1};
        window = std::make_unique<MainWindow>(context, languages, setup);
        window->show();
        window->start();
    }
    ~LocalWindow()
    {
        window.reset();
        context.close();
    }
    LanguageManager languages;
    SecretStore secrets;
    AppContext context;
    std::unique_ptr<MainWindow> window;
};

class TestKeychain : public QObject
{
    Q_OBJECT

private:
    static bool expectAvailable() { return qEnvironmentVariable("VAMI_TEST_KEYCHAIN") == u"available"_s; }

    std::optional<SecretStore::Answer> wait(
        SecretStore &store, int kind, const QString &key, const QString &value = QString())
    {
        std::optional<SecretStore::Answer> answer;
        auto done = [&answer](const SecretStore::Answer &a) { answer = a; };
        if (kind == 0)
            store.write(key, value, this, done);
        else if (kind == 1)
            store.read(key, this, done);
        else
            store.remove(key, this, done);
        // The store's own timeout (10 s here) bounds the wait.
        if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, 20000))
            return std::nullopt;
        return answer;
    }

    QTemporaryDir m_settings;

    static void signInRemembering(MainWindow &window, const QString &email, const QString &password)
    {
        QTRY_COMPARE(window.currentPage(), static_cast<QWidget *>(window.signInPage()));
        child<QCheckBox>(window.signInPage(), u"rememberCheckBox"_s)->setChecked(true);
        fillSignIn(window, email, password);
        QTRY_VERIFY(window.workspace() != nullptr);
    }

private Q_SLOTS:
    void initTestCase() { isolateSettings(m_settings); }

    void rememberMeSignsInAtNextStart()
    {
        if (!expectAvailable())
            QSKIP("runs inside keychain-session.sh only");
        TestBackend backend;
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        QVERIFY(registerOwner(backend.backend()));
        {
            WindowFixture f(backend.backend());
            f.secrets.setTimeoutMs(10000);
            signInRemembering(*f.window, u"owner@example.com"_s, OwnerPassword);
            QTRY_VERIFY_WITH_TIMEOUT(UiSettings::value(UiSettings::RememberSession).toBool(), 15000);
        }
        // The next start signs in with the refresh token from the keychain, no password.
        {
            WindowFixture f(backend.backend());
            f.secrets.setTimeoutMs(10000);
            QTRY_VERIFY_WITH_TIMEOUT(f.window->workspace() != nullptr, 15000);
            QCOMPARE(f.context.session().user.email, u"owner@example.com"_s);
            // Signing out forgets it.
            f.window->signOut();
            QVERIFY(!UiSettings::value(UiSettings::RememberSession).toBool());
            QTRY_VERIFY(!f.context.runner().isBusy());
        }
        WindowFixture f(backend.backend());
        QTRY_COMPARE(f.window->currentPage(), static_cast<QWidget *>(f.window->signInPage()));
        SecretStore store(u"VamiGuiTest"_s);
        store.setTimeoutMs(10000);
        auto gone = wait(store, 1, SecretStore::rememberKey(f.context.databaseLabel()));
        QVERIFY(gone);
        QCOMPARE(gone->outcome, SecretStore::Outcome::NotFound);
    }

    void rememberMeWithoutKeychainStoresNothing()
    {
        if (expectAvailable())
            QSKIP("runs without a session bus only");
        TestBackend backend;
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        QVERIFY(registerOwner(backend.backend()));
        WindowFixture f(backend.backend());
        f.secrets.setTimeoutMs(10000);
        signInRemembering(*f.window, u"owner@example.com"_s, OwnerPassword);
        QTRY_VERIFY_WITH_TIMEOUT(f.window->statusBar()->currentMessage().contains(u"keychain"_s), 15000);
        QVERIFY(!UiSettings::value(UiSettings::RememberSession).toBool());
    }

    void rememberSecretRoundTrip()
    {
        if (!expectAvailable())
            QSKIP("runs inside keychain-session.sh only");
        SecretStore store(u"VamiKeychainTest"_s);
        store.setTimeoutMs(10000);
        const QString key = SecretStore::rememberKey(u"sqlite:///tmp/test.db"_s);
        const QString secret = u"refresh-tøken-%1"_s.arg(QDateTime::currentMSecsSinceEpoch());

        auto written = wait(store, 0, key, secret);
        QVERIFY(written);
        QCOMPARE(written->outcome, SecretStore::Outcome::Ok);

        auto read = wait(store, 1, key);
        QVERIFY(read);
        QCOMPARE(read->outcome, SecretStore::Outcome::Ok);
        QCOMPARE(read->value, secret);

        auto removed = wait(store, 2, key);
        QVERIFY(removed);
        QCOMPARE(removed->outcome, SecretStore::Outcome::Ok);

        auto gone = wait(store, 1, key);
        QVERIFY(gone);
        QCOMPARE(gone->outcome, SecretStore::Outcome::NotFound);
    }

    void localDatabaseGetsItsSecretOnce()
    {
        if (!expectAvailable())
            QSKIP("runs inside keychain-session.sh only");
        QTemporaryDir dir;
        const QString path = dir.filePath(u"vami.db"_s);
        QByteArray first;
        {
            LocalWindow w(path);
            QTRY_VERIFY_WITH_TIMEOUT(w.context.hasBackend(), 20000);
            first = w.context.backend().config().secret;
            QCOMPARE(first.size(), 32);
            // Agents can be created on the desktop now, and their tokens read back.
            auto owner = registerOwner(w.context.backend());
            QVERIFY(owner);
            const Actor actor = actorOf(w.context.backend(), *owner);
            CreateAgentInput input;
            input.name = u"Front desk"_s;
            input.templateKey = u"healthcare"_s;
            auto agent = w.context.backend().service<AgentService>().create(actor, input);
            QVERIFY2(agent, qPrintable(agent ? QString() : agent.error().message()));
            auto token = w.context.backend().service<AgentService>().token(actor, agent->id);
            QVERIFY2(token, qPrintable(token ? QString() : token.error().message()));
        }
        SecretStore store(u"VamiGuiTest"_s);
        store.setTimeoutMs(10000);
        auto kept = wait(store, 1, SecretStore::databaseSecretKey(path));
        QVERIFY(kept);
        QCOMPARE(kept->outcome, SecretStore::Outcome::Ok);
        QCOMPARE(QByteArray::fromBase64(kept->value.toLatin1()), first);
        {
            // The next start reads the same secret, so the sealed tokens open again.
            LocalWindow w(path);
            QTRY_VERIFY_WITH_TIMEOUT(w.context.hasBackend(), 20000);
            QCOMPARE(w.context.backend().config().secret, first);
        }
        // Another database gets a secret of its own.
        {
            LocalWindow w(dir.filePath(u"other.db"_s));
            QTRY_VERIFY_WITH_TIMEOUT(w.context.hasBackend(), 20000);
            QCOMPARE(w.context.backend().config().secret.size(), 32);
            QVERIFY(w.context.backend().config().secret != first);
        }
        QVERIFY(wait(store, 2, SecretStore::databaseSecretKey(path)));
        QVERIFY(wait(store, 2, SecretStore::databaseSecretKey(dir.filePath(u"other.db"_s))));
    }

    void localDatabaseWithoutKeychainOpensWithoutSecret()
    {
        if (expectAvailable())
            QSKIP("runs without a session bus only");
        QTemporaryDir dir;
        LocalWindow w(dir.filePath(u"vami.db"_s));
        QTRY_VERIFY_WITH_TIMEOUT(w.context.hasBackend(), 20000);
        QVERIFY(w.context.backend().config().secret.isEmpty());
        QTRY_COMPARE(w.window->currentPage(), static_cast<QWidget *>(w.window->firstRunPage()));
        // What needs the secret says so; the rest of the database works.
        auto owner = registerOwner(w.context.backend());
        QVERIFY(owner);
        CreateAgentInput input;
        input.name = u"Front desk"_s;
        auto agent = w.context.backend().service<AgentService>().create(actorOf(w.context.backend(), *owner), input);
        QVERIFY(!agent);
        QCOMPARE(agent.error().kind(), ErrorKind::Unavailable);
    }

    void keysAreSeparatePerDatabase()
    {
        QVERIFY(SecretStore::databaseSecretKey(u"a"_s) != SecretStore::databasePasswordKey(u"a"_s));
        QVERIFY(SecretStore::rememberKey(u"a"_s) != SecretStore::rememberKey(u"b"_s));
        QVERIFY(SecretStore::rememberKey(u"a"_s) != SecretStore::databasePasswordKey(u"a"_s));
    }

    void noKeychainReportsUnavailable()
    {
        if (expectAvailable())
            QSKIP("runs without a session bus only");
        SecretStore store(u"VamiKeychainTest"_s);
        store.setTimeoutMs(10000);
        const QString key = SecretStore::rememberKey(u"sqlite:///tmp/test.db"_s);

        auto written = wait(store, 0, key, u"secret"_s);
        QVERIFY(written);
        QCOMPARE(written->outcome, SecretStore::Outcome::Unavailable);
        QVERIFY(!written->errorString.isEmpty());

        auto read = wait(store, 1, key);
        QVERIFY(read);
        QCOMPARE(read->outcome, SecretStore::Outcome::Unavailable);
        QVERIFY(read->value.isEmpty());
    }

    void answerDroppedWhenContextIsGone()
    {
        SecretStore store(u"VamiKeychainTest"_s);
        store.setTimeoutMs(200);
        bool called = false;
        {
            QObject context;
            store.read(u"nothing"_s, &context, [&called](const SecretStore::Answer &) { called = true; });
        }
        // A second call started later answers no earlier than the first one.
        bool later = false;
        store.read(u"nothing"_s, this, [&later](const SecretStore::Answer &) { later = true; });
        QTRY_VERIFY_WITH_TIMEOUT(later, 20000);
        QVERIFY(!called);
    }
};

QTEST_MAIN(TestKeychain)
#include "tst_keychain.moc"
