// vami-server: the backend as a headless HTTP API.

#include "serverconfig.h"
#include "serversecret.h"
#include "signalwatcher.h"

#include "core/logging.h"
#include "http/httpserver.h"
#include "runtime/backend.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QTextStream>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace vami;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"vami-server"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(VAMI_VERSION));
    qSetMessagePattern(u"%{time yyyy-MM-ddTHH:mm:ss.zzz} %{if-debug}debug%{endif}%{if-info}info%{endif}"
                       "%{if-warning}warning%{endif}%{if-critical}error%{endif}%{if-fatal}fatal%{endif} "
                       "%{category}: %{message}"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Vami API server: team, calls, calendar and settings of AI voice agents over "
                                     "HTTP. Settings come from the command line, then VAMI_* environment variables, "
                                     "then the config file (see --help-config)."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption listen(u"listen"_s, u"Address and port to listen on (default 127.0.0.1:8000)."_s,
                                    u"HOST:PORT"_s);
    const QCommandLineOption database(u"database"_s,
                                      u"Database URL: sqlite:///path/file.db or postgresql://user:pass@host/db."_s,
                                      u"URL"_s);
    const QCommandLineOption config(u"config"_s, u"Config file (INI) to read."_s, u"FILE"_s);
    const QCommandLineOption dataDir(u"data-dir"_s, u"Folder for the SQLite database and the server secret."_s,
                                     u"DIR"_s);
    const QCommandLineOption logRequests(u"log-requests"_s, u"Log one line per request."_s);
    const QCommandLineOption verbose(u"verbose"_s, u"Log debugging details."_s);
    const QCommandLineOption helpConfig(u"help-config"_s, u"List every setting with its environment variable."_s);
    parser.addOptions({listen, database, config, dataDir, logRequests, verbose, helpConfig});
    parser.process(app);

    QTextStream err(stderr);
    if (parser.isSet(helpConfig)) {
        QTextStream(stdout) << server::settingsReference();
        return 0;
    }
    QLoggingCategory::setFilterRules(parser.isSet(verbose) ? u"vami.*.debug=true"_s
                                                           : u"vami.*.debug=false\nvami.http.access.info=true"_s);

    server::CommandLine cli;
    cli.listen = parser.value(listen);
    cli.database = parser.value(database);
    cli.configFile = parser.value(config);
    cli.dataDir = parser.value(dataDir);
    cli.logRequests = parser.isSet(logRequests);
    QString error;
    auto resolved = server::resolveConfig(cli, &error);
    if (!resolved) {
        err << "vami-server: " << error << Qt::endl;
        return 2;
    }

    QByteArray secret = resolved->secret;
    if (secret.isEmpty()) {
        auto loaded = server::loadOrCreateSecret(resolved->secretFile);
        if (!loaded) {
            err << "vami-server: " << loaded.error().message() << " (" << resolved->secretFile << ")" << Qt::endl;
            return 1;
        }
        secret = *loaded;
    }

    resolved->backend.secret = secret;
    Backend backend(resolved->backend);
    if (Status started = backend.start(); !started) {
        err << "vami-server: " << started.error().message() << Qt::endl;
        if (!started.error().diagnostic().isEmpty())
            err << "  " << started.error().diagnostic() << Qt::endl;
        return 1;
    }
    http::HttpServer server(backend, resolved->http, server::deriveKey(secret, "vami access tokens v1"));
    auto port = server.start();
    if (!port) {
        err << "vami-server: cannot listen on " << resolved->http.address.toString() << ':' << resolved->http.port
            << Qt::endl;
        return 1;
    }
    QTextStream(stdout) << "vami-server " << VAMI_VERSION << " listening on http://"
                        << (resolved->http.address.protocol() == QAbstractSocket::IPv6Protocol
                                ? u'[' + resolved->http.address.toString() + u']'
                                : resolved->http.address.toString())
                        << ':' << *port << " (database " << resolved->backend.database.displayUrl() << ")" << Qt::endl;

    server::SignalWatcher signals_;
    QObject::connect(&signals_, &server::SignalWatcher::terminationRequested, &app, [&](int signal) {
        qCInfo(lcServer) << "signal" << signal << "received; shutting down";
        app.quit();
    });
    const int code = app.exec();
    server.stop();
    backend.stop();
    return code;
}
