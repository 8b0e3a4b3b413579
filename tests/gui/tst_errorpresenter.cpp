// ErrorPresenter tells a database outage from an unreachable provider (by the
// code family of the error), says what to do, and offers the matching actions;
// translated. Real failures too: a PostgreSQL server that is not there, a remote
// service that refuses the connection.

#include "guitest.h"

#include "common/errorpresenter.h"
#include "shell/workspace.h"

#include "core/clock.h"
#include "net/httpclient.h"

#include <QMessageBox>
#include <QSignalSpy>
#include <QTcpServer>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

Q_DECLARE_METATYPE(vami::Error)
Q_DECLARE_METATYPE(vami::ErrorSource)

namespace {

// A loopback port nobody listens on.
quint16 closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

QStringList buttonNames(QMessageBox *box)
{
    QStringList names;
    for (QAbstractButton *button : box->buttons())
        names.append(button->objectName());
    names.sort();
    return names;
}

} // namespace

class TestErrorPresenter : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settings;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settings.isValid());
        isolateSettings(m_settings);
    }

    void mapping_data()
    {
        QTest::addColumn<Error>("error");
        QTest::addColumn<QString>("provider");
        QTest::addColumn<ErrorSource>("source");
        QTest::addColumn<int>("actions");
        QTest::addColumn<QString>("headline");
        QTest::addColumn<QString>("advice"); // a part of it; "" = none at all

        const int none = 0;
        const int retry = int(ErrorAction::Retry);
        const int reconnect = int(ErrorAction::ReconnectDatabase);
        const int settings = int(ErrorAction::OpenSettings);

        QTest::newRow("database unreachable")
            << Error::unavailable(u"storage.unavailable"_s, "The database cannot be reached.", 5) << QString()
            << ErrorSource::Database << (retry | reconnect) << u"The database cannot be reached."_s
            << u"reconnect the database"_s;
        QTest::newRow("database busy") << Error::unavailable(u"storage.busy"_s, "The database is busy. Try again.", 1)
                                       << QString() << ErrorSource::Database << retry << u"The database is busy."_s
                                       << u"Try again in a moment"_s;
        QTest::newRow("serialization retry")
            << Error::unavailable(u"storage.retry"_s, "The database is busy. Try again.", 1) << QString()
            << ErrorSource::Database << retry << u"The database is busy."_s << u"Try again"_s;
        QTest::newRow("newer database")
            << Error::unavailable(u"storage.schema_newer"_s, "The database was created by a newer version of Vami.")
            << QString() << ErrorSource::Database << reconnect
            << u"The database was created by a newer version of Vami."_s << u"Open another database"_s;

        QTest::newRow("provider unreachable")
            << Error::unavailable(u"net.connect_failed"_s, "The remote server cannot be reached.", 60)
            << u"ElevenLabs"_s << ErrorSource::Provider << retry << u"ElevenLabs cannot be reached."_s
            << u"internet connection"_s;
        QTest::newRow("provider timeout, unnamed")
            << Error::unavailable(u"net.timeout"_s, "The remote server did not answer in time.", 60) << QString()
            << ErrorSource::Provider << retry << u"The remote service cannot be reached."_s << u"Try again later"_s;
        QTest::newRow("provider name unknown")
            << Error::unavailable(u"net.resolve_failed"_s, "The remote server's name cannot be resolved.", 60)
            << u"Twilio"_s << ErrorSource::Provider << retry << u"Twilio cannot be reached."_s << u"internet"_s;
        QTest::newRow("provider 5xx")
            << Error::unavailable(u"net.server_error"_s, "The remote server failed (HTTP %1).", 60) << u"Twilio"_s
            << ErrorSource::Provider << retry << u"Twilio is not working properly right now."_s
            << u"server error"_s;
        QTest::newRow("provider throttles")
            << Error::rateLimited(u"net.rate_limited"_s, "The remote server asks to slow down.", 30) << u"Twilio"_s
            << ErrorSource::Limit << retry << u"Twilio is receiving too many requests."_s
            << u"Try again in 30 seconds."_s;
        QTest::newRow("provider TLS")
            << Error::rejected(u"net.tls_failed"_s, "A secure connection to the remote server failed.")
            << u"Google Calendar"_s << ErrorSource::Provider << settings
            << u"A secure connection to Google Calendar cannot be made."_s << u"Settings"_s;
        QTest::newRow("provider address refused")
            << Error::rejected(u"net.target_forbidden"_s, "The destination's address is not allowed.")
            << u"CalDAV"_s << ErrorSource::Provider << settings
            << u"The address configured for CalDAV cannot be used."_s << u"Settings"_s;
        QTest::newRow("provider 4xx") << Error::rejected(u"net.client_error"_s, "The remote server refused.")
                                      << u"ElevenLabs"_s << ErrorSource::Provider << settings
                                      << u"ElevenLabs refused the request."_s << u"credentials"_s;
        QTest::newRow("provider garbage")
            << Error::rejected(u"net.bad_reply"_s, "The remote server's answer is not valid HTTP.") << u"Twilio"_s
            << ErrorSource::Provider << (retry | settings) << u"Twilio sent an answer Vami cannot use."_s
            << u"Try again later"_s;
        QTest::newRow("provider cancelled")
            << Error::unavailable(u"net.cancelled"_s, "The request was cancelled.") << u"Twilio"_s
            << ErrorSource::Provider << none << u"The request to Twilio was cancelled."_s << QString();

        QTest::newRow("mail server")
            << Error::unavailable(u"mail.connect_failed"_s, "The mail server cannot be reached") << QString()
            << ErrorSource::Service << retry << u"The mail server cannot be reached"_s << u"Try again"_s;
        QTest::newRow("database secret missing")
            << Error::unavailable(u"agents.token_key_missing"_s, "Agent tokens cannot be issued or read here")
            << QString() << ErrorSource::Service << reconnect << u"Agent tokens cannot be issued"_s
            << u"servers' secret"_s;
        // As before: rate limits, quotas, validation, refusals.
        QTest::newRow("sign-in throttled")
            << Error::rateLimited(u"auth.too_many_attempts"_s, "Too many failed attempts", 60) << QString()
            << ErrorSource::Limit << none << u"Too many failed attempts"_s << QString();
        QTest::newRow("quota") << Error::quotaExceeded(u"api_keys.limit"_s, "API key limit reached", 0) << QString()
                               << ErrorSource::Limit << none << u"API key limit reached"_s << QString();
        QTest::newRow("validation")
            << Error::validation(u"email"_s, u"value_error"_s, "Enter a valid email address") << QString()
            << ErrorSource::Input << none << u"Enter a valid email address"_s << QString();
        QTest::newRow("refused") << Error::forbidden(u"team.forbidden"_s, "Only the owner may do this") << QString()
                                 << ErrorSource::Input << none << u"Only the owner may do this"_s << QString();
        QTest::newRow("defect") << Error::internal(u"boom"_s) << QString() << ErrorSource::Defect << none
                                << u"Something went wrong inside Vami. The details were written to the log."_s
                                << QString();
    }

    void mapping()
    {
        QFETCH(Error, error);
        QFETCH(QString, provider);
        QFETCH(ErrorSource, source);
        QFETCH(int, actions);
        QFETCH(QString, headline);
        QFETCH(QString, advice);

        const ErrorPresentation p = ErrorPresenter::present(error, provider);
        QCOMPARE(p.source, source);
        QCOMPARE(int(p.actions), actions);
        QVERIFY2(p.headline.contains(headline), qPrintable(p.headline));
        if (advice.isEmpty())
            QVERIFY2(p.advice.isEmpty(), qPrintable(p.advice));
        else
            QVERIFY2(p.advice.contains(advice), qPrintable(p.advice));
        QCOMPARE(ErrorPresenter::message(error, provider), p.text());
    }

    // A database outage and an unreachable provider, as they really happen, read differently.
    void realFailuresAreToldApart()
    {
        BackendConfig config;
        auto url = DatabaseConfig::fromUrl(u"postgresql://vami@127.0.0.1:%1/vami"_s.arg(closedPort()));
        QVERIFY(url);
        config.database = *url;
        config.runJobs = false;
        Backend noDatabase(config);
        const Status started = noDatabase.start();
        QVERIFY(!started);
        const ErrorPresentation database = ErrorPresenter::present(started.error(), u"Twilio"_s);
        QCOMPARE(database.source, ErrorSource::Database);
        QVERIFY(database.actions.testFlag(ErrorAction::ReconnectDatabase));
        QVERIFY2(database.headline.contains(u"database"_s), qPrintable(database.headline));

        OutboundConfig outbound;
        outbound.allowHttp = true;
        outbound.ports = {};
        outbound.allowedTargets = AddressRange::parseList({u"127.0.0.0/8"_s});
        SystemClock clock;
        HttpClient http(outbound, clock);
        OutboundRequest request;
        request.url = QUrl(u"http://127.0.0.1:%1/v1/calls"_s.arg(closedPort()));
        auto answer = http.send(request);
        QVERIFY(!answer);
        const ErrorPresentation provider = ErrorPresenter::present(answer.error(), u"Twilio"_s);
        QCOMPARE(provider.source, ErrorSource::Provider);
        QCOMPARE(provider.headline, u"Twilio cannot be reached."_s);
        QVERIFY(provider.actions.testFlag(ErrorAction::Retry));
        QVERIFY(!provider.actions.testFlag(ErrorAction::ReconnectDatabase));
        QVERIFY(database.text() != provider.text());
    }

    void translated()
    {
        LanguageManager languages;
        languages.setLanguage(u"de"_s);
        const Error database = Error::unavailable(u"storage.unavailable"_s, "The database cannot be reached.", 5);
        QCOMPARE(ErrorPresenter::present(database).headline, u"Die Datenbank ist nicht erreichbar."_s);
        const Error provider = Error::unavailable(u"net.connect_failed"_s, "The remote server cannot be reached.");
        QCOMPARE(ErrorPresenter::present(provider, u"ElevenLabs"_s).headline, u"ElevenLabs ist nicht erreichbar."_s);
        const Error throttled = Error::rateLimited(u"net.rate_limited"_s, "Slow down", 1);
        QCOMPARE(ErrorPresenter::present(throttled, u"Twilio"_s).advice, u"Versuchen Sie es in 1 Sekunde erneut."_s);
        const Error later = Error::rateLimited(u"net.rate_limited"_s, "Slow down", 30);
        QCOMPARE(ErrorPresenter::present(later, u"Twilio"_s).advice, u"Versuchen Sie es in 30 Sekunden erneut."_s);
        QVERIFY(ErrorPresenter::sessionEndedMessage(Error::unauthorized(u"auth.invalid_token"_s, "x"))
                    .startsWith(u"Ihre Sitzung ist beendet"_s));
        languages.setLanguage(u"en"_s);
        QCOMPARE(ErrorPresenter::present(database).headline, u"The database cannot be reached."_s);
    }

    // The message box offers what the error suggests and the caller can do.
    void boxOffersTheActions()
    {
        SecretStore secrets(u"VamiGuiTest"_s);
        AppContext context(secrets);
        QSignalSpy reconnect(&context, &AppContext::databaseReconnectRequested);
        QWidget parent;
        parent.show();
        int retried = 0;
        int settings = 0;
        const ErrorOptions options {u"Twilio"_s, [&] { ++retried; }, [&] { ++settings; }, &context};

        const Error database = Error::unavailable(u"storage.unavailable"_s, "The database cannot be reached.", 5);
        QPointer<QMessageBox> box = ErrorPresenter::show(&parent, u"Save"_s, database, options);
        QCOMPARE(box->objectName(), u"errorMessageBox"_s);
        QCOMPARE(box->text(), u"The database cannot be reached."_s);
        QVERIFY(box->informativeText().contains(u"reconnect"_s));
        QCOMPARE(buttonNames(box), QStringList({u"closeButton"_s, u"reconnectDatabaseButton"_s, u"retryButton"_s}));
        child<QPushButton>(box, u"reconnectDatabaseButton"_s)->click();
        QCOMPARE(reconnect.count(), 1);
        QCOMPARE(retried, 0);
        QTRY_VERIFY(box.isNull());

        box = ErrorPresenter::show(&parent, u"Save"_s, database, options);
        child<QPushButton>(box, u"retryButton"_s)->click();
        QCOMPARE(retried, 1);
        QTRY_VERIFY(box.isNull());

        const Error tls = Error::rejected(u"net.tls_failed"_s, "A secure connection to the remote server failed.");
        box = ErrorPresenter::show(&parent, u"Call"_s, tls, options);
        QCOMPARE(box->text(), u"A secure connection to Twilio cannot be made."_s);
        QCOMPARE(buttonNames(box), QStringList({u"closeButton"_s, u"openSettingsButton"_s}));
        child<QPushButton>(box, u"openSettingsButton"_s)->click();
        QCOMPARE(settings, 1);
        QTRY_VERIFY(box.isNull());

        // Nothing to offer: just OK. An action the caller cannot do is not offered.
        const Error validation = Error::validation(u"email"_s, u"value_error"_s, "Enter a valid email address");
        box = ErrorPresenter::show(&parent, u"Invite"_s, validation, options);
        QCOMPARE(buttonNames(box), QStringList({u"closeButton"_s}));
        QCOMPARE(child<QPushButton>(box, u"closeButton"_s)->text(), u"OK"_s);
        box->close();
        QTRY_VERIFY(box.isNull());
        box = ErrorPresenter::show(&parent, u"Save"_s, database);
        QCOMPARE(buttonNames(box), QStringList({u"closeButton"_s}));
        box->close();
        QTRY_VERIFY(box.isNull());
    }

    // "Reconnect Database…" on the local file opens it again and asks for sign-in.
    void windowReconnectsTheLocalDatabase()
    {
        TestBackend::Options options;
        options.kind = TestDatabase::Kind::Sqlite;
        TestBackend backend(options);
        QVERIFY2(backend.isValid(), qPrintable(backend.error()));
        QVERIFY(registerOwner(backend.backend()));
        DesktopSetup setup;
        setup.base.runJobs = false;
        WindowFixture f(backend.backend(), setup);
        MainWindow &w = *f.window;
        QTRY_COMPARE(w.currentPage(), static_cast<QWidget *>(w.signInPage()));
        fillSignIn(w, u"owner@example.com"_s, OwnerPassword);
        QTRY_VERIFY(w.workspace() != nullptr);

        f.context.requestDatabaseReconnect();
        QVERIFY(w.workspace() == nullptr);
        QTRY_COMPARE(w.currentPage(), static_cast<QWidget *>(w.signInPage()));
        QVERIFY(f.context.hasBackend());
        QVERIFY(&f.context.backend() != &backend.backend()); // a backend of its own now
        QCOMPARE(f.context.databaseLabel(), backend.database().config().sqlitePath);
        f.context.close();
        QTRY_VERIFY(!f.context.isBusy());
    }
};

QTEST_MAIN(TestErrorPresenter)
#include "tst_errorpresenter.moc"
