#include "databaseconfig.h"

#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace vami {

DatabaseConfig DatabaseConfig::sqliteFile(const QString &path)
{
    DatabaseConfig config;
    config.kind = Kind::Sqlite;
    config.sqlitePath = path;
    return config;
}

Result<DatabaseConfig> DatabaseConfig::fromUrl(const QString &text)
{
    const QString url = text.trimmed();
    auto invalid = [] {
        return fail(Error::validation(u"database"_s, u"value_error"_s,
                                      QT_TRANSLATE_NOOP("vami",
                                                        "Use sqlite:///path/to/file.db or "
                                                        "postgresql://user:password@host:port/database")));
    };
    if (url.startsWith(u"sqlite:"_s)) {
        QString path = url.mid(7);
        if (path.startsWith(u"//"_s))
            path = path.mid(2); // sqlite:///abs -> /abs ; sqlite://rel -> rel
        if (path.isEmpty())
            return invalid();
        return sqliteFile(path == u":memory:"_s ? path : QUrl::fromPercentEncoding(path.toUtf8()));
    }
    if (!url.startsWith(u"postgresql://"_s) && !url.startsWith(u"postgres://"_s))
        return invalid();
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.host().isEmpty())
        return invalid();
    DatabaseConfig config;
    config.kind = Kind::Postgres;
    config.host = parsed.host();
    config.port = parsed.port(5432);
    config.user = parsed.userName(QUrl::FullyDecoded);
    config.password = parsed.password(QUrl::FullyDecoded);
    config.name = parsed.path(QUrl::FullyDecoded).mid(1);
    if (config.name.isEmpty() || config.name.contains(u'/') || config.port <= 0 || config.port > 65535)
        return invalid();
    const QUrlQuery query(parsed);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (key == u"sslmode"_s) {
            static const QStringList modes = {u"disable"_s, u"allow"_s, u"prefer"_s,
                                              u"require"_s, u"verify-ca"_s, u"verify-full"_s};
            if (!modes.contains(value))
                return invalid();
            config.sslMode = value;
        } else if (key == u"connect_timeout"_s) {
            bool ok = false;
            const int seconds = value.toInt(&ok);
            if (!ok || seconds < 1 || seconds > 300)
                return invalid();
            config.connectTimeoutSeconds = seconds;
        } else if (key == u"application_name"_s) {
            config.applicationName = value;
        } else {
            return invalid();
        }
    }
    return config;
}

QString DatabaseConfig::displayUrl() const
{
    if (kind == Kind::Sqlite)
        return u"sqlite://"_s + sqlitePath;
    QString out = u"postgresql://"_s;
    if (!user.isEmpty())
        out += QString::fromUtf8(QUrl::toPercentEncoding(user)) + u'@';
    out += host + u':' + QString::number(port) + u'/' + name;
    if (!sslMode.isEmpty())
        out += u"?sslmode="_s + sslMode;
    return out;
}

} // namespace vami
