#pragma once

#include "http/httpconfig.h"
#include "runtime/backendconfig.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace vami::server {

// One setting of vami-server: its place in the config file ([section] key), its
// environment variable and default. The table is the configuration reference.
struct Setting
{
    const char *section;
    const char *key;
    const char *defaultValue;
    const char *description;

    [[nodiscard]] QString environmentName() const; // VAMI_<SECTION>_<KEY>
    [[nodiscard]] QString fileKey() const;         // section/key
};

[[nodiscard]] const QList<Setting> &settingsTable();

// Everything vami-server needs, resolved with the precedence
// command line > environment (VAMI_*) > config file > built-in default.
struct ServerConfig
{
    BackendConfig backend;
    http::HttpConfig http;
    QString dataDir;
    QString secretFile;
    QByteArray secret; // from VAMI_AUTH_SECRET when set (base64)
    QString configFile;
};

struct CommandLine
{
    QString listen;
    QString database;
    QString configFile;
    QString dataDir;
    bool logRequests = false;
};

// Resolves the configuration; on a bad value returns nullopt and explains in `error`.
[[nodiscard]] std::optional<ServerConfig> resolveConfig(const CommandLine &commandLine, QString *error);

// The Markdown table of every setting (for docs/configuration.md and --help-config).
[[nodiscard]] QString settingsReference();

} // namespace vami::server
