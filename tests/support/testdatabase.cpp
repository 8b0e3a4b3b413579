#include "testdatabase.h"

#include "core/random.h"

#include <QFile>
#include <QProcessEnvironment>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace vami::test {

namespace {

QString postgresUrl()
{
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (env.contains(u"VAMI_TEST_POSTGRES_URL"_s))
        return env.value(u"VAMI_TEST_POSTGRES_URL"_s);
    QFile file(env.value(u"VAMI_TEST_POSTGRES_URL_FILE"_s));
    if (file.fileName().isEmpty() || !file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).trimmed();
}

bool runAdmin(const DatabaseConfig &admin, const QString &statement, QString *error)
{
    const QString name = u"vami-test-admin-"_s + secureToken(6);
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, name);
        db.setHostName(admin.host);
        db.setPort(admin.port);
        db.setDatabaseName(admin.name);
        db.setUserName(admin.user);
        db.setPassword(admin.password);
        if (db.open()) {
            QSqlQuery q(db);
            ok = q.exec(statement);
            if (!ok)
                *error = q.lastError().text();
            db.close();
        } else {
            *error = db.lastError().text();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace

TestDatabase::Kind TestDatabase::kindFromEnvironment()
{
    return QProcessEnvironment::systemEnvironment().value(u"VAMI_TEST_DATABASE"_s) == u"postgres"_s ? Kind::Postgres
                                                                                                     : Kind::Sqlite;
}

QString TestDatabase::kindName(Kind kind)
{
    return kind == Kind::Postgres ? u"postgres"_s : u"sqlite"_s;
}

TestDatabase::TestDatabase(Kind kind)
    : m_kind(kind)
{
    if (!m_folder.isValid()) {
        m_error = u"cannot create a temporary folder"_s;
        return;
    }
    if (kind == Kind::Sqlite) {
        m_config = DatabaseConfig::sqliteFile(m_folder.filePath(u"vami.db"_s));
        return;
    }
    const QString url = postgresUrl();
    if (url.isEmpty()) {
        m_error = u"no PostgreSQL test server (VAMI_TEST_POSTGRES_URL_FILE)"_s;
        return;
    }
    auto admin = DatabaseConfig::fromUrl(url);
    if (!admin) {
        m_error = u"bad PostgreSQL test URL"_s;
        return;
    }
    m_admin = *admin;
    m_config = m_admin;
    m_config.name = u"t_"_s + QString::fromLatin1(secureRandomBytes(8).toHex());
    if (!runAdmin(m_admin, u"CREATE DATABASE "_s + m_config.name, &m_error))
        m_error = u"cannot create a test database: "_s + m_error;
}

TestDatabase::~TestDatabase()
{
    if (m_kind == Kind::Postgres && m_error.isEmpty()) {
        QString error;
        runAdmin(m_admin, u"DROP DATABASE IF EXISTS "_s + m_config.name + u" WITH (FORCE)"_s, &error);
    }
}

QString TestDatabase::url() const
{
    if (m_kind == Kind::Sqlite)
        return u"sqlite://"_s + m_config.sqlitePath;
    return u"postgresql://%1:%2@%3:%4/%5"_s.arg(QString::fromUtf8(QUrl::toPercentEncoding(m_config.user)),
                                                QString::fromUtf8(QUrl::toPercentEncoding(m_config.password)),
                                                m_config.host)
        .arg(m_config.port)
        .arg(m_config.name);
}

} // namespace vami::test
