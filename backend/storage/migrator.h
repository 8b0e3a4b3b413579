#pragma once

#include "core/result.h"
#include "dialect.h"

#include <QList>
#include <QString>

namespace vami {

class Clock;
class Database;

struct Migration
{
    int version = 0;
    QString name;
    QString script;
    QString checksum; // SHA-256 of the script, hex
};

// Applies the numbered migrations shipped as resources under
// :/vami/migrations/<sqlite|postgres>/NNNN_name.sql. Each migration runs in its own
// transaction together with its row in schema_migrations (version, name, checksum,
// applied_at). Several processes may start at once: PostgreSQL serializes them
// with an advisory lock, SQLite with BEGIN IMMEDIATE. A migration whose recorded
// checksum differs from the shipped script, or an applied version this program
// does not know (a newer database), stops the start with an error.
class Migrator
{
public:
    Migrator(Database &database, const Clock &clock);

    // The migrations shipped for `dialect`, ordered by version.
    static QList<Migration> shipped(Dialect dialect);

    Status run();
    // Versions recorded in the database (after run()).
    Result<QList<int>> appliedVersions();

private:
    Status ensureTable();
    Status apply(const Migration &migration);

    Database &m_db;
    const Clock &m_clock;
};

} // namespace vami
