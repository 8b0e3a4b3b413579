#pragma once

#include <QString>

class QCoreApplication;

namespace vami {

// The desktop's command line: --database URL, --data-dir DIR, --help, --version.
struct DesktopOptions
{
    QString databaseUrl; // empty: the saved choice, else the local SQLite file
    QString dataDir; // empty: QStandardPaths::AppDataLocation

    // Prints help or version and exits the process when asked to.
    static DesktopOptions parse(const QCoreApplication &app);
};

} // namespace vami
