#include "migrator.h"

#include "core/clock.h"
#include "core/instant.h"
#include "core/logging.h"
#include "core/random.h"
#include "database.h"
#include "sqlscript.h"

#include <QDirIterator>
#include <QFile>
#include <QHash>
#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

constexpr qint64 MigrationLockKey = 7315204411;

} // namespace

Migrator::Migrator(Database &database, const Clock &clock)
    : m_db(database)
    , m_clock(clock)
{
}

QList<Migration> Migrator::shipped(Dialect dialect)
{
    const QString folder = dialect == Dialect::Sqlite ? u":/vami/migrations/sqlite"_s : u":/vami/migrations/postgres"_s;
    static const QRegularExpression pattern(u"^(\\d{4})_([a-z0-9_]+)\\.sql$"_s);
    QList<Migration> out;
    QDirIterator it(folder, {u"*.sql"_s}, QDir::Files);
    while (it.hasNext()) {
        it.next();
        const auto match = pattern.match(it.fileName());
        if (!match.hasMatch())
            continue;
        QFile file(it.filePath());
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QByteArray bytes = file.readAll();
        out.append(Migration{match.captured(1).toInt(), match.captured(2), QString::fromUtf8(bytes),
                             sha256Hex(bytes)});
    }
    std::sort(out.begin(), out.end(), [](const Migration &a, const Migration &b) { return a.version < b.version; });
    return out;
}

Status Migrator::ensureTable()
{
    const QString sql = m_db.dialect() == Dialect::Sqlite
        ? u"CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
          "checksum TEXT NOT NULL, applied_at TEXT NOT NULL)"_s
        : u"CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
          "checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)"_s;
    return m_db.transaction([&]() -> Status {
        if (m_db.dialect() == Dialect::Postgres) {
            auto lock = m_db.exec(u"SELECT pg_advisory_xact_lock(?)"_s, {MigrationLockKey});
            if (!lock)
                return fail(lock.error());
        }
        auto created = m_db.exec(sql);
        if (!created)
            return fail(created.error());
        return {};
    });
}

Result<QList<int>> Migrator::appliedVersions()
{
    auto rows = m_db.exec(u"SELECT version FROM schema_migrations ORDER BY version"_s);
    if (!rows)
        return fail(rows.error());
    QList<int> versions;
    while (rows->next())
        versions.append(int(rows->integer(0)));
    return versions;
}

Status Migrator::apply(const Migration &migration)
{
    return m_db.transaction([&]() -> Status {
        if (m_db.dialect() == Dialect::Postgres) {
            auto lock = m_db.exec(u"SELECT pg_advisory_xact_lock(?)"_s, {MigrationLockKey});
            if (!lock)
                return fail(lock.error());
        }
        // Another process may have applied it while we waited for the lock.
        auto existing = m_db.exec(u"SELECT checksum FROM schema_migrations WHERE version = ?"_s, {migration.version});
        if (!existing)
            return fail(existing.error());
        if (existing->next()) {
            if (existing->text(0) != migration.checksum)
                return fail(Error::internal(u"migration %1 changed after it was applied"_s.arg(migration.version)));
            return {};
        }
        for (const QString &statement : splitSqlScript(migration.script)) {
            auto done = m_db.exec(statement);
            if (!done) {
                qCCritical(lcStorage).noquote()
                    << "migration" << migration.version << migration.name << "failed:" << done.error().diagnostic();
                return fail(done.error());
            }
        }
        const QString appliedAt = storageInstantText(m_clock.now());
        auto recorded = m_db.exec(
            u"INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)"_s,
            {migration.version, migration.name, migration.checksum, appliedAt});
        if (!recorded)
            return fail(recorded.error());
        qCInfo(lcStorage).noquote() << "applied migration" << migration.version << migration.name;
        return {};
    });
}

Status Migrator::run()
{
    if (Status table = ensureTable(); !table)
        return table;
    const QList<Migration> migrations = shipped(m_db.dialect());
    if (migrations.isEmpty())
        return fail(Error::internal(u"no migrations are compiled into this program"_s));

    auto applied = m_db.exec(u"SELECT version, checksum FROM schema_migrations ORDER BY version"_s);
    if (!applied)
        return fail(applied.error());
    QHash<int, QString> recorded;
    while (applied->next())
        recorded.insert(int(applied->integer(0)), applied->text(1));
    applied = Result<SqlRows>(std::unexpect, Error()); // release the statement

    QHash<int, const Migration *> known;
    for (const Migration &m : migrations)
        known.insert(m.version, &m);
    for (auto it = recorded.cbegin(); it != recorded.cend(); ++it) {
        const Migration *m = known.value(it.key());
        if (!m)
            return fail(Error::unavailable(
                u"storage.schema_newer"_s,
                QT_TRANSLATE_NOOP("vami", "The database was created by a newer version of Vami.")));
        if (m->checksum != it.value())
            return fail(Error::internal(u"migration %1 (%2) was changed after it was applied"_s.arg(m->version)
                                            .arg(m->name)));
    }
    for (const Migration &m : migrations) {
        if (recorded.contains(m.version))
            continue;
        if (Status done = apply(m); !done)
            return done;
    }
    return {};
}

} // namespace vami
