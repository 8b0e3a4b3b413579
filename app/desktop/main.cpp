// vami: the desktop administration application on the in-process backend.

#include "desktopoptions.h"

#include "common/appcontext.h"
#include "common/appicon.h"
#include "common/languagemanager.h"
#include "common/secretstore.h"
#include "shell/mainwindow.h"

#include <QApplication>
#include <QDir>
#include <QLoggingCategory>
#include <QStandardPaths>
#include <QTextStream>

using namespace Qt::StringLiterals;
using namespace vami;

namespace {

void setIdentity()
{
    QCoreApplication::setOrganizationName(u"Vami"_s);
    QCoreApplication::setOrganizationDomain(u"vami.example.org"_s);
    QCoreApplication::setApplicationName(u"vami"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(VAMI_VERSION));
}

// --help and --version answer without a display.
bool wantsTextOnly(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "-h" || arg == "--help" || arg == "--help-all" || arg == "-v" || arg == "--version")
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    if (wantsTextOnly(argc, argv)) {
        QCoreApplication app(argc, argv);
        setIdentity();
        DesktopOptions::parse(app);
        return 0;
    }
    QApplication app(argc, argv);
    setIdentity();
    QGuiApplication::setApplicationDisplayName(u"Vami"_s);
    QGuiApplication::setDesktopFileName(u"org.vami.Vami"_s);
    QApplication::setWindowIcon(AppIcon::icon());
    QLoggingCategory::setFilterRules(u"vami.*.debug=false"_s);

    LanguageManager languages;
    languages.applySaved();

    const DesktopOptions options = DesktopOptions::parse(app);
    const QString dataDir = options.dataDir.isEmpty()
        ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        : QDir(options.dataDir).absolutePath();
    if (!QDir().mkpath(dataDir)) {
        QTextStream(stderr) << QCoreApplication::translate("vami", "Cannot create the data folder %1").arg(dataDir)
                            << Qt::endl;
        return 1;
    }

    DesktopSetup setup;
    setup.localDatabasePath = QDir(dataDir).filePath(u"vami.db"_s);
    setup.commandLineUrl = options.databaseUrl;
    setup.base.runJobs = true;

    SecretStore secrets(u"Vami"_s);
    AppContext context(secrets);
    MainWindow window(context, languages, setup);
    window.show();
    window.start();
    return app.exec();
}
