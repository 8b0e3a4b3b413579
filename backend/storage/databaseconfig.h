#pragma once

#include "core/result.h"

#include <QString>

namespace vami {

// Where the data lives. Parsed from a URL:
//   sqlite:///absolute/path/vami.db     sqlite:relative/path.db     sqlite::memory: (tests)
//   postgresql://user:password@host:5432/dbname?sslmode=require&connect_timeout=5
// (also "postgres://"). User name and password are percent-decoded.
struct DatabaseConfig
{
    enum class Kind { Sqlite, Postgres };

    Kind kind = Kind::Sqlite;
    QString sqlitePath;
    QString host;
    int port = 5432;
    QString name;
    QString user;
    QString password;
    QString sslMode;        // empty: the driver's default ("prefer")
    int connectTimeoutSeconds = 5;
    // SQLite: how long one attempt waits for another process's write lock.
    int busyTimeoutMs = 5000;
    QString applicationName = QStringLiteral("vami");

    static Result<DatabaseConfig> fromUrl(const QString &url);
    static DatabaseConfig sqliteFile(const QString &path);

    // The URL without the password, safe for logs and the status bar.
    [[nodiscard]] QString displayUrl() const;
};

} // namespace vami
