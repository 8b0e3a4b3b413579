#include "serverconfig.h"

#include "net/addressrange.h"
#include "storage/databaseconfig.h"

#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <QSettings>
#include <QStandardPaths>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace vami::server {

QString Setting::environmentName() const
{
    return (u"VAMI_"_s + QString::fromLatin1(section) + u'_' + QString::fromLatin1(key)).toUpper();
}

QString Setting::fileKey() const
{
    return QString::fromLatin1(section) + u'/' + QString::fromLatin1(key);
}

const QList<Setting> &settingsTable()
{
    static const QList<Setting> table = {
        {"server", "listen", "127.0.0.1:8000", "Address and port to listen on (HOST:PORT; [::1]:8000 for IPv6)."},
        {"server", "workers", "0", "Connection worker threads; 0 = one per CPU core."},
        {"server", "slow_io_threads", "8", "Threads for requests that wait on a provider or a download (1-256)."},
        {"server", "slow_io_queue", "64", "Such requests that may wait for a thread; more are answered 503."},
        {"server", "data_dir", "", "Folder for the SQLite database and the server secret; default: the platform's "
                                    "application data folder."},
        {"server", "public_url", "", "This server's public base URL (listed in the OpenAPI document)."},
        {"server", "frontend_url", "http://localhost:5173",
         "Base URL of the web client; invitation links point to <frontend_url>/team/accept-invitation."},
        {"server", "docs", "true", "Serve /docs, /openapi.json and /api/routes."},
        {"server", "log_requests", "false", "Log one line per request (category vami.http.access)."},
        {"database", "url", "", "sqlite:///path/file.db or postgresql://user:password@host:5432/db?sslmode=require; "
                                "default: vami.db in the data folder."},
        {"auth", "secret_file", "", "File holding the server secret that signs access tokens (created with mode "
                                    "0600 on first start); default: server.key in the data folder. Servers sharing "
                                    "one database must share this secret."},
        {"auth", "secret", "", "The server secret itself (base64 of at least 32 random bytes); overrides "
                               "secret_file. Prefer the environment variable to the file."},
        {"auth", "access_token_minutes", "15", "Lifetime of access tokens (1-1440)."},
        {"auth", "refresh_idle_days", "14", "A session unused this long ends (1-365)."},
        {"auth", "refresh_absolute_days", "30", "Every session ends after this long (1-365)."},
        {"auth", "scrypt_log_n", "15", "scrypt cost: N = 2^value (14-20); higher is slower and stronger."},
        {"auth", "hash_threads", "0", "Threads for password hashing; 0 = one per CPU core."},
        {"auth", "hash_queue", "16", "Sign-ins that may wait for a hashing thread; more are answered 503."},
        {"rate_limit", "enabled", "true", "Limit requests per client address and per user."},
        {"rate_limit", "per_minute", "60", "Requests per minute per client address and per user."},
        {"rate_limit", "per_hour", "1000", "Requests per hour per client address and per user."},
        {"security", "cors_origins", "http://localhost:5173",
         "Comma-separated origins allowed to call the API from a browser (exact match)."},
        {"security", "ip_allowlist", "", "Comma-separated CIDR blocks allowed to connect; empty = everyone."},
        {"security", "trusted_proxies", "", "Comma-separated addresses of reverse proxies whose X-Forwarded-For "
                                            "is believed."},
        {"security", "max_body_bytes", "10485760", "Largest request body accepted by any route."},
        {"security", "max_connections", "1024", "Open connections accepted at once."},
        {"security", "metrics_token", "", "Bearer token for /metrics from other hosts (a loopback client needs none; "
                                          "behind a trusted proxy the forwarded client counts)."},
        {"security", "allowed_hosts", "", "Comma-separated host names (optionally name:port) the Host header may "
                                          "carry; others are answered 421 (DNS-rebinding defence). Empty = any."},
        {"security", "header_timeout_seconds", "10", "A request's head (request line and headers) must arrive within "
                                                     "this long of its first byte; else 408."},
        {"security", "body_timeout_seconds", "300", "A request body must arrive completely within this long of its "
                                                    "head, however it trickles; else 408."},
        {"security", "body_idle_timeout_seconds", "15", "A request body that stalls this long is answered 408."},
        {"security", "min_body_rate", "1024", "Bytes per second a request body must average after its first 5 "
                                              "seconds; slower is answered 408. 0 = no minimum."},
        {"security", "max_pending_output_bytes", "1048576", "Unsent response bytes per connection above which "
                                                            "further pipelined requests wait until the client reads."},
        {"security", "write_timeout_seconds", "30", "A connection whose unsent output makes no progress this long "
                                                    "is closed."},
        {"smtp", "host", "", "Mail server for invitation e-mails; empty = no e-mail (they wait in the outbox)."},
        {"smtp", "port", "587", "Mail server port."},
        {"smtp", "security", "starttls", "starttls, tls (implicit, usually port 465) or none."},
        {"smtp", "username", "", "User name for SMTP authentication; empty = none."},
        {"smtp", "password", "", "Password for SMTP authentication."},
        {"smtp", "password_file", "", "File holding the SMTP password (instead of smtp.password)."},
        {"smtp", "from", "", "Sender address of outgoing e-mail."},
        {"smtp", "from_name", "Vami", "Sender display name."},
        {"smtp", "timeout_seconds", "30", "Give up on the mail server after this long."},
        {"jobs", "enabled", "true", "Run background jobs (e-mail, clean-up) in this process."},
        {"jobs", "workers", "2", "Threads that run background jobs in this process (1-16)."},
        {"outbound", "allow_http", "false",
         "Let jobs and integrations call plain http:// addresses; otherwise only https:// is used."},
        {"outbound", "ports", "443", "Comma-separated ports outgoing HTTP may connect to; empty = any port."},
        {"outbound", "allowed_targets", "",
         "Comma-separated CIDR blocks outgoing HTTP may reach although they are private, loopback or otherwise "
         "reserved (self-hosted services); cloud metadata addresses stay refused."},
    };
    return table;
}

namespace {

class Source
{
public:
    Source(QSettings *file, QProcessEnvironment env)
        : m_file(file)
        , m_env(std::move(env))
    {
    }

    QString value(const char *section, const char *key) const
    {
        for (const Setting &s : settingsTable()) {
            if (qstrcmp(s.section, section) != 0 || qstrcmp(s.key, key) != 0)
                continue;
            if (m_env.contains(s.environmentName()))
                return m_env.value(s.environmentName());
            if (m_file && m_file->contains(s.fileKey())) {
                const QVariant v = m_file->value(s.fileKey());
                return v.typeId() == QMetaType::QStringList ? v.toStringList().join(u',') : v.toString();
            }
            return QString::fromUtf8(s.defaultValue);
        }
        Q_ASSERT_X(false, "ServerConfig", "unknown setting");
        return {};
    }

private:
    QSettings *m_file;
    QProcessEnvironment m_env;
};

bool toInt(const QString &text, int min, int max, int *out)
{
    bool ok = false;
    const int v = text.trimmed().toInt(&ok);
    if (!ok || v < min || v > max)
        return false;
    *out = v;
    return true;
}

std::optional<bool> toBool(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == u"true"_s || t == u"1"_s || t == u"yes"_s || t == u"on"_s)
        return true;
    if (t == u"false"_s || t == u"0"_s || t == u"no"_s || t == u"off"_s)
        return false;
    return std::nullopt;
}

QStringList toList(const QString &text)
{
    QStringList out;
    for (const QString &part : text.split(u',', Qt::SkipEmptyParts)) {
        if (!part.trimmed().isEmpty())
            out.append(part.trimmed());
    }
    return out;
}

bool parseListen(const QString &text, QHostAddress *address, quint16 *port)
{
    const QString t = text.trimmed();
    const qsizetype colon = t.lastIndexOf(u':');
    if (colon <= 0)
        return false;
    QString host = t.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    bool ok = false;
    const int p = t.mid(colon + 1).toInt(&ok);
    if (!ok || p < 0 || p > 65535)
        return false;
    QHostAddress a;
    if (host == u"localhost"_s)
        a = QHostAddress(QHostAddress::LocalHost);
    else if (!a.setAddress(host))
        return false;
    *address = a;
    *port = quint16(p);
    return true;
}

} // namespace

std::optional<ServerConfig> resolveConfig(const CommandLine &cli, QString *error)
{
    ServerConfig config;
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    config.configFile = !cli.configFile.isEmpty() ? cli.configFile : env.value(u"VAMI_CONFIG"_s);
    std::unique_ptr<QSettings> file;
    if (!config.configFile.isEmpty()) {
        if (!QFile::exists(config.configFile)) {
            *error = u"The config file %1 does not exist."_s.arg(config.configFile);
            return std::nullopt;
        }
        file = std::make_unique<QSettings>(config.configFile, QSettings::IniFormat);
        if (file->status() != QSettings::NoError) {
            *error = u"The config file %1 cannot be read."_s.arg(config.configFile);
            return std::nullopt;
        }
    }
    const Source src(file.get(), env);
    auto bad = [error](const char *section, const char *key, const QString &value) {
        *error = u"Invalid value \"%1\" for %2.%3 (see --help-config)."_s.arg(value, QString::fromLatin1(section),
                                                                            QString::fromLatin1(key));
        return std::nullopt;
    };

    // server
    const QString listen = !cli.listen.isEmpty() ? cli.listen : src.value("server", "listen");
    if (!parseListen(listen, &config.http.address, &config.http.port))
        return bad("server", "listen", listen);
    if (!toInt(src.value("server", "workers"), 0, 64, &config.http.workers))
        return bad("server", "workers", src.value("server", "workers"));
    if (!toInt(src.value("server", "slow_io_threads"), 1, 256, &config.http.slowIoThreads))
        return bad("server", "slow_io_threads", src.value("server", "slow_io_threads"));
    if (!toInt(src.value("server", "slow_io_queue"), 0, 10000, &config.http.slowIoQueue))
        return bad("server", "slow_io_queue", src.value("server", "slow_io_queue"));
    config.dataDir = !cli.dataDir.isEmpty() ? cli.dataDir : src.value("server", "data_dir");
    if (config.dataDir.isEmpty())
        config.dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    config.http.publicUrl = src.value("server", "public_url");
    const QString frontend = src.value("server", "frontend_url");
    const QUrl frontendUrl(frontend, QUrl::StrictMode);
    if (!frontendUrl.isValid() || (frontendUrl.scheme() != u"http"_s && frontendUrl.scheme() != u"https"_s))
        return bad("server", "frontend_url", frontend);
    QString acceptUrl = frontend;
    while (acceptUrl.endsWith(u'/'))
        acceptUrl.chop(1);
    config.backend.team.acceptUrl = acceptUrl + u"/team/accept-invitation"_s;
    config.backend.auth.resetUrl = acceptUrl + u"/reset-password"_s;
    const auto docs = toBool(src.value("server", "docs"));
    if (!docs)
        return bad("server", "docs", src.value("server", "docs"));
    config.http.docsEnabled = *docs;
    const auto logRequests = toBool(src.value("server", "log_requests"));
    if (!logRequests)
        return bad("server", "log_requests", src.value("server", "log_requests"));
    config.http.logRequests = cli.logRequests || *logRequests;

    // database
    QString url = !cli.database.isEmpty() ? cli.database : src.value("database", "url");
    if (url.isEmpty())
        url = u"sqlite://"_s + QDir(config.dataDir).absoluteFilePath(u"vami.db"_s);
    auto database = DatabaseConfig::fromUrl(url);
    if (!database) {
        *error = u"Invalid database URL: use sqlite:///path/to/file.db or "
                 "postgresql://user:password@host:port/database."_s;
        return std::nullopt;
    }
    config.backend.database = *database;

    // auth
    config.secretFile = src.value("auth", "secret_file");
    if (config.secretFile.isEmpty())
        config.secretFile = QDir(config.dataDir).absoluteFilePath(u"server.key"_s);
    const QString secret = src.value("auth", "secret");
    if (!secret.isEmpty()) {
        config.secret = QByteArray::fromBase64(secret.toLatin1());
        if (config.secret.size() < 32)
            return bad("auth", "secret", u"(hidden)"_s);
    }
    int minutes = 0;
    if (!toInt(src.value("auth", "access_token_minutes"), 1, 1440, &minutes))
        return bad("auth", "access_token_minutes", src.value("auth", "access_token_minutes"));
    config.backend.auth.accessTokenTtlSeconds = minutes * 60;
    if (!toInt(src.value("auth", "refresh_idle_days"), 1, 365, &config.backend.auth.refreshIdleDays))
        return bad("auth", "refresh_idle_days", src.value("auth", "refresh_idle_days"));
    if (!toInt(src.value("auth", "refresh_absolute_days"), 1, 365, &config.backend.auth.refreshAbsoluteDays))
        return bad("auth", "refresh_absolute_days", src.value("auth", "refresh_absolute_days"));
    if (!toInt(src.value("auth", "scrypt_log_n"), 14, 20, &config.backend.scrypt.logN))
        return bad("auth", "scrypt_log_n", src.value("auth", "scrypt_log_n"));
    if (!toInt(src.value("auth", "hash_threads"), 0, 64, &config.http.heavyThreads))
        return bad("auth", "hash_threads", src.value("auth", "hash_threads"));
    if (!toInt(src.value("auth", "hash_queue"), 0, 10000, &config.http.heavyQueue))
        return bad("auth", "hash_queue", src.value("auth", "hash_queue"));

    // rate limits
    const auto limited = toBool(src.value("rate_limit", "enabled"));
    if (!limited)
        return bad("rate_limit", "enabled", src.value("rate_limit", "enabled"));
    config.http.rateLimit.enabled = *limited;
    if (!toInt(src.value("rate_limit", "per_minute"), 1, 1'000'000, &config.http.rateLimit.perMinute))
        return bad("rate_limit", "per_minute", src.value("rate_limit", "per_minute"));
    if (!toInt(src.value("rate_limit", "per_hour"), 1, 100'000'000, &config.http.rateLimit.perHour))
        return bad("rate_limit", "per_hour", src.value("rate_limit", "per_hour"));

    // security
    config.http.corsOrigins = toList(src.value("security", "cors_origins"));
    config.http.ipAllowlist = toList(src.value("security", "ip_allowlist"));
    for (const QString &range : config.http.ipAllowlist) {
        if (!AddressRange::parse(range))
            return bad("security", "ip_allowlist", range);
    }
    config.http.trustedProxies = toList(src.value("security", "trusted_proxies"));
    for (const QString &range : config.http.trustedProxies) {
        if (!AddressRange::parse(range))
            return bad("security", "trusted_proxies", range);
    }
    int maxBody = 0;
    if (!toInt(src.value("security", "max_body_bytes"), 1024, 1024 * 1024 * 1024, &maxBody))
        return bad("security", "max_body_bytes", src.value("security", "max_body_bytes"));
    config.http.limits.maxBodyBytes = maxBody;
    config.http.jsonBodyLimit = std::min<qint64>(config.http.jsonBodyLimit, maxBody);
    if (!toInt(src.value("security", "max_connections"), 1, 1'000'000, &config.http.limits.maxConnections))
        return bad("security", "max_connections", src.value("security", "max_connections"));
    config.http.metricsToken = src.value("security", "metrics_token");
    config.http.allowedHosts = toList(src.value("security", "allowed_hosts"));
    for (const QString &host : config.http.allowedHosts) {
        if (host.contains(u'/') || host.contains(u' ') || host.contains(u'@'))
            return bad("security", "allowed_hosts", host);
    }
    http::FrameLimits &limits = config.http.limits;
    int seconds = 0;
    if (!toInt(src.value("security", "header_timeout_seconds"), 1, 3600, &seconds))
        return bad("security", "header_timeout_seconds", src.value("security", "header_timeout_seconds"));
    limits.headerTimeoutMs = seconds * 1000;
    if (!toInt(src.value("security", "body_timeout_seconds"), 1, 86400, &seconds))
        return bad("security", "body_timeout_seconds", src.value("security", "body_timeout_seconds"));
    limits.bodyTimeoutMs = seconds * 1000;
    if (!toInt(src.value("security", "body_idle_timeout_seconds"), 1, 3600, &seconds))
        return bad("security", "body_idle_timeout_seconds", src.value("security", "body_idle_timeout_seconds"));
    limits.bodyIdleTimeoutMs = seconds * 1000;
    if (!toInt(src.value("security", "min_body_rate"), 0, 1024 * 1024 * 1024, &limits.minBodyBytesPerSecond))
        return bad("security", "min_body_rate", src.value("security", "min_body_rate"));
    int pending = 0;
    if (!toInt(src.value("security", "max_pending_output_bytes"), 16 * 1024, 1024 * 1024 * 1024, &pending))
        return bad("security", "max_pending_output_bytes", src.value("security", "max_pending_output_bytes"));
    limits.maxPendingOutputBytes = pending;
    if (!toInt(src.value("security", "write_timeout_seconds"), 1, 3600, &seconds))
        return bad("security", "write_timeout_seconds", src.value("security", "write_timeout_seconds"));
    limits.writeTimeoutMs = seconds * 1000;

    // smtp
    SmtpSettings &smtp = config.backend.smtp;
    smtp.host = src.value("smtp", "host").trimmed();
    if (!toInt(src.value("smtp", "port"), 1, 65535, &smtp.port))
        return bad("smtp", "port", src.value("smtp", "port"));
    const QString security = src.value("smtp", "security").trimmed().toLower();
    if (security == u"starttls"_s)
        smtp.security = SmtpSettings::Security::StartTls;
    else if (security == u"tls"_s)
        smtp.security = SmtpSettings::Security::Tls;
    else if (security == u"none"_s)
        smtp.security = SmtpSettings::Security::None;
    else
        return bad("smtp", "security", security);
    smtp.username = src.value("smtp", "username");
    smtp.password = src.value("smtp", "password");
    const QString passwordFile = src.value("smtp", "password_file");
    if (!passwordFile.isEmpty()) {
        QFile f(passwordFile);
        if (!f.open(QIODevice::ReadOnly)) {
            *error = u"The SMTP password file %1 cannot be read."_s.arg(passwordFile);
            return std::nullopt;
        }
        smtp.password = QString::fromUtf8(f.readAll()).trimmed();
    }
    smtp.fromAddress = src.value("smtp", "from").trimmed();
    smtp.fromName = src.value("smtp", "from_name");
    if (!toInt(src.value("smtp", "timeout_seconds"), 1, 600, &smtp.timeoutSeconds))
        return bad("smtp", "timeout_seconds", src.value("smtp", "timeout_seconds"));
    if (!smtp.host.isEmpty() && smtp.fromAddress.isEmpty()) {
        *error = u"smtp.from must be set when smtp.host is."_s;
        return std::nullopt;
    }

    // jobs
    const auto jobs = toBool(src.value("jobs", "enabled"));
    if (!jobs)
        return bad("jobs", "enabled", src.value("jobs", "enabled"));
    config.backend.runJobs = *jobs;
    if (!toInt(src.value("jobs", "workers"), 1, 16, &config.backend.jobWorkers))
        return bad("jobs", "workers", src.value("jobs", "workers"));

    // outbound
    OutboundConfig &outbound = config.backend.outbound;
    const auto allowHttp = toBool(src.value("outbound", "allow_http"));
    if (!allowHttp)
        return bad("outbound", "allow_http", src.value("outbound", "allow_http"));
    outbound.allowHttp = *allowHttp;
    outbound.ports.clear();
    for (const QString &text : toList(src.value("outbound", "ports"))) {
        int port = 0;
        if (!toInt(text, 1, 65535, &port))
            return bad("outbound", "ports", text);
        outbound.ports.append(port);
    }
    for (const QString &range : toList(src.value("outbound", "allowed_targets"))) {
        const auto parsed = AddressRange::parse(range);
        if (!parsed)
            return bad("outbound", "allowed_targets", range);
        outbound.allowedTargets.append(*parsed);
    }
    return config;
}

QString settingsReference()
{
    QString out = u"| Setting (file) | Environment | Default | Meaning |\n|---|---|---|---|\n"_s;
    for (const Setting &s : settingsTable()) {
        const QString def = QString::fromUtf8(s.defaultValue);
        out += u"| `[%1] %2` | `%3` | %4 | %5 |\n"_s.arg(QString::fromLatin1(s.section), QString::fromLatin1(s.key),
                                                         s.environmentName(),
                                                         def.isEmpty() ? u"(empty)"_s : u"`"_s + def + u"`"_s,
                                                         QString::fromUtf8(s.description));
    }
    return out;
}

} // namespace vami::server
