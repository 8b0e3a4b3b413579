#include "desktopoptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace vami {

DesktopOptions DesktopOptions::parse(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "vami::DesktopOptions", "Vami: administration for AI voice agents (team, calls, calendar, settings)."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption database(u"database"_s,
        QCoreApplication::translate("vami::DesktopOptions",
            "Open this database instead of the saved choice: sqlite:///path/file.db or "
            "postgresql://user@host:5432/name (the password is asked for)."),
        u"URL"_s);
    const QCommandLineOption dataDir(u"data-dir"_s,
        QCoreApplication::translate(
            "vami::DesktopOptions", "Folder of the local database (default: the user's data folder)."),
        u"DIR"_s);
    parser.addOptions({database, dataDir});
    parser.process(app);

    DesktopOptions options;
    options.databaseUrl = parser.value(database);
    options.dataDir = parser.value(dataDir);
    return options;
}

} // namespace vami
