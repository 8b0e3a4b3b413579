#pragma once

#include "storage/databaseconfig.h"

#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace vami::test {

// A fresh, empty database for one test: an SQLite file in a temporary folder, or a
// new database on the PostgreSQL server the test fixture started (its URL is in the
// file named by VAMI_TEST_POSTGRES_URL_FILE, or in VAMI_TEST_POSTGRES_URL).
// Which kind comes from VAMI_TEST_DATABASE ("sqlite", the default, or "postgres").
class TestDatabase
{
public:
    enum class Kind { Sqlite, Postgres };

    static Kind kindFromEnvironment();
    static QString kindName(Kind kind);

    explicit TestDatabase(Kind kind = kindFromEnvironment());
    ~TestDatabase();
    TestDatabase(const TestDatabase &) = delete;
    TestDatabase &operator=(const TestDatabase &) = delete;

    [[nodiscard]] bool isValid() const { return m_error.isEmpty(); }
    [[nodiscard]] const QString &error() const { return m_error; }
    [[nodiscard]] Kind kind() const { return m_kind; }
    [[nodiscard]] const DatabaseConfig &config() const { return m_config; }
    [[nodiscard]] QString url() const;
    // Folder for other files of the test (exists for both kinds).
    [[nodiscard]] QString folder() const { return m_folder.path(); }

private:
    Kind m_kind;
    QTemporaryDir m_folder;
    DatabaseConfig m_config;
    DatabaseConfig m_admin;
    QString m_error;
};

} // namespace vami::test
