#include "httpclient.h"

#include "core/clock.h"
#include "core/logging.h"
#include "storage/database.h"

#include <QDeadlineTimer>
#include <QTimeZone>

#include <curl/curl.h>

#include <sys/socket.h>

#include <mutex>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

constexpr qint64 MaxHeaderBytes = 64 * 1024;
constexpr int MaxRetryAfterSeconds = 24 * 3600;

void initialiseCurl()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// State of one hop, shared with libcurl's callbacks.
struct Hop
{
    const TargetPolicy *policy = nullptr;
    const std::stop_token *stop = nullptr;
    qint64 maxBytes = 0;
    QByteArray body;
    QList<std::pair<QByteArray, QByteArray>> headers;
    qint64 headerBytes = 0;
    bool tooLarge = false;
    bool cancelled = false;
    QString refusedAddress; // set when the policy refused the address to connect to
};

size_t onBody(char *data, size_t size, size_t count, void *user)
{
    auto *hop = static_cast<Hop *>(user);
    const qint64 n = qint64(size * count);
    if (hop->body.size() + n > hop->maxBytes) {
        hop->tooLarge = true;
        return 0; // aborts with CURLE_WRITE_ERROR
    }
    hop->body.append(data, n);
    return size_t(n);
}

size_t onHeader(char *data, size_t size, size_t count, void *user)
{
    auto *hop = static_cast<Hop *>(user);
    const qint64 n = qint64(size * count);
    hop->headerBytes += n;
    if (hop->headerBytes > MaxHeaderBytes) {
        hop->tooLarge = true;
        return 0;
    }
    const QByteArray line = QByteArray(data, n).trimmed();
    if (line.startsWith("HTTP/")) {
        // A new answer (after 1xx): only the last one's headers count.
        hop->headers.clear();
        return size_t(n);
    }
    const qsizetype colon = line.indexOf(':');
    if (colon > 0)
        hop->headers.append({line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed()});
    return size_t(n);
}

int onProgress(void *user, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    auto *hop = static_cast<Hop *>(user);
    if (hop->stop && hop->stop->stop_requested()) {
        hop->cancelled = true;
        return 1;
    }
    return 0;
}

// The last word on SSRF: the address libcurl is about to connect to, after DNS.
curl_socket_t onOpenSocket(void *user, curlsocktype purpose, curl_sockaddr *address)
{
    auto *hop = static_cast<Hop *>(user);
    if (purpose != CURLSOCKTYPE_IPCXN)
        return CURL_SOCKET_BAD;
    const QHostAddress target(reinterpret_cast<const sockaddr *>(&address->addr));
    if (!hop->policy->permits(target)) {
        hop->refusedAddress = target.toString();
        qCWarning(lcNet).noquote() << "refused to connect to" << target.toString() << '('
                                   << TargetPolicy::deniedRange(target) << "address)";
        return CURL_SOCKET_BAD;
    }
    return ::socket(address->family, address->socktype, address->protocol);
}

bool isToken(const QByteArray &text)
{
    if (text.isEmpty())
        return false;
    static const QByteArray extra = "!#$%&'*+-.^_`|~"_ba;
    for (const char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || extra.contains(c);
        if (!ok)
            return false;
    }
    return true;
}

bool isFieldValue(const QByteArray &text)
{
    for (const char c : text) {
        if (c == '\r' || c == '\n' || c == '\0')
            return false;
    }
    return true;
}

bool isClientOwned(const QByteArray &lowerName)
{
    return lowerName == "host" || lowerName == "content-length" || lowerName == "transfer-encoding"
        || lowerName == "connection" || lowerName == "expect";
}

bool keptAcrossOrigins(const QByteArray &lowerName)
{
    return lowerName == "accept" || lowerName == "accept-language" || lowerName == "user-agent";
}

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    const auto port = [](const QUrl &u) { return u.port(u.scheme() == u"https"_s ? 443 : 80); };
    return a.scheme() == b.scheme() && a.host().compare(b.host(), Qt::CaseInsensitive) == 0 && port(a) == port(b);
}

Error transportError(CURLcode code, const Hop &hop, const char *detail, const QUrl &url)
{
    if (hop.cancelled)
        return Error::unavailable(u"net.cancelled"_s, QT_TRANSLATE_NOOP("vami", "The request was cancelled."));
    if (hop.tooLarge || code == CURLE_FILESIZE_EXCEEDED)
        return Error::rejected(
            u"net.too_large"_s, QT_TRANSLATE_NOOP("vami", "The remote server's answer is larger than allowed."));
    if (!hop.refusedAddress.isEmpty())
        return Error::rejected(
            u"net.target_forbidden"_s, QT_TRANSLATE_NOOP("vami", "The destination's address is not allowed."));
    qCInfo(lcNet).noquote() << "request to" << url.host() << "failed:" << curl_easy_strerror(code) << '-' << detail;
    switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
        return Error::unavailable(
            u"net.timeout"_s, QT_TRANSLATE_NOOP("vami", "The remote server did not answer in time."), 60);
    case CURLE_COULDNT_RESOLVE_HOST:
        return Error::unavailable(
            u"net.resolve_failed"_s, QT_TRANSLATE_NOOP("vami", "The remote server's name cannot be resolved."), 60);
    case CURLE_COULDNT_CONNECT:
        return Error::unavailable(
            u"net.connect_failed"_s, QT_TRANSLATE_NOOP("vami", "The remote server cannot be reached."), 60);
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return Error::unavailable(
            u"net.connection_lost"_s, QT_TRANSLATE_NOOP("vami", "The connection to the remote server was lost."), 60);
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_USE_SSL_FAILED:
        return Error::rejected(
            u"net.tls_failed"_s, QT_TRANSLATE_NOOP("vami", "A secure connection to the remote server failed."));
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
        return Error::rejected(u"net.url_refused"_s, QT_TRANSLATE_NOOP("vami", "The address cannot be used."));
    case CURLE_WEIRD_SERVER_REPLY:
        return Error::rejected(
            u"net.bad_reply"_s, QT_TRANSLATE_NOOP("vami", "The remote server's answer is not valid HTTP."));
    default:
        return Error::unavailable(
            u"net.failed"_s, QT_TRANSLATE_NOOP("vami", "The request to the remote server failed."), 60);
    }
}

struct HopResult
{
    CURLcode code = CURLE_OK;
    long status = 0;
    QString remoteAddress;
    QUrl location; // where a 3xx points to (absolute)
    char errorBuffer[CURL_ERROR_SIZE] = {};
};

} // namespace

HttpClient::HttpClient(OutboundConfig config, const Clock &clock)
    : m_config(std::move(config))
    , m_policy(m_config)
    , m_clock(clock)
{ }

Result<OutboundResponse> HttpClient::exchange(const OutboundRequest &request) const
{
    if (Status outside = Database::outsideTransaction("outbound HTTP"); !outside)
        return fail(outside.error());
    if (!isToken(request.method))
        return fail(Error::internal(u"outbound request with an invalid method"_s));
    for (const auto &[name, value] : request.headers) {
        if (!isToken(name) || !isFieldValue(value) || isClientOwned(name.toLower()))
            return fail(Error::internal(
                u"outbound request with a header that cannot be sent: "_s + QString::fromLatin1(name.left(64))));
    }
    initialiseCurl();

    QByteArray method = request.method.toUpper();
    QByteArray body = request.body;
    QList<std::pair<QByteArray, QByteArray>> headers = request.headers;
    QUrl url = request.url;
    const QDeadlineTimer deadline(m_config.totalTimeoutMs);
    for (int redirects = 0;; ++redirects) {
        if (Status allowed = m_policy.checkUrl(url); !allowed)
            return fail(allowed.error());

        CURL *curl = curl_easy_init();
        if (!curl)
            return fail(Error::internal(u"curl_easy_init failed"_s));
        Hop hop;
        hop.policy = &m_policy;
        hop.stop = &request.stop;
        hop.maxBytes = m_config.maxResponseBytes;
        HopResult result;

        const QByteArray target = url.toEncoded();
        curl_slist *list = nullptr;
        for (const auto &[name, value] : headers)
            list = curl_slist_append(list, QByteArray(name + ": " + value).constData());
        list = curl_slist_append(list, "Expect:");
        const qint64 remaining = std::max<qint64>(1, deadline.remainingTime());

        curl_easy_setopt(curl, CURLOPT_URL, target.constData());
        curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, m_config.allowHttp ? "http,https" : "https");
        curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(curl, CURLOPT_PROXY, "");
        curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_1_1));
        curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, result.errorBuffer);
        curl_easy_setopt(curl, CURLOPT_USERAGENT, m_config.userAgent.constData());
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
        curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, long(std::min<qint64>(m_config.connectTimeoutMs, remaining)));
        curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, long(remaining));
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
        const QByteArray caFile = m_config.testCaFile.toLocal8Bit();
        if (!caFile.isEmpty())
            curl_easy_setopt(curl, CURLOPT_CAINFO, caFile.constData());
        curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, onOpenSocket);
        curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &hop);
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, onBody);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &hop);
        curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, onHeader);
        curl_easy_setopt(curl, CURLOPT_HEADERDATA, &hop);
        curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, onProgress);
        curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &hop);
        curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(m_config.maxResponseBytes));
        if (method == "HEAD") {
            curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
        } else if (method != "GET" || !body.isEmpty()) {
            if (method != "POST")
                curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.constData());
            if (!body.isEmpty() || method == "POST" || method == "PUT" || method == "PATCH") {
                curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.constData());
                curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.size()));
            }
        }

        result.code = curl_easy_perform(curl);
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.status);
        const char *ip = nullptr;
        if (curl_easy_getinfo(curl, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip)
            result.remoteAddress = QString::fromLatin1(ip);
        const char *location = nullptr;
        if (curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &location) == CURLE_OK && location)
            result.location = QUrl::fromEncoded(QByteArray(location));
        curl_slist_free_all(list);
        curl_easy_cleanup(curl);

        if (result.code != CURLE_OK)
            return fail(transportError(result.code, hop, result.errorBuffer, url));

        const int status = int(result.status);
        const bool redirect = status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
        if (!redirect || redirects >= m_config.maxRedirects || !result.location.isValid()) {
            OutboundResponse response;
            response.status = status;
            response.headers = std::move(hop.headers);
            response.body = std::move(hop.body);
            response.url = url;
            response.remoteAddress = result.remoteAddress;
            response.redirects = redirects;
            return response;
        }

        QUrl next = result.location;
        next.setFragment({});
        if (!sameOrigin(url, next)) {
            QList<std::pair<QByteArray, QByteArray>> kept;
            for (const auto &header : std::as_const(headers)) {
                if (keptAcrossOrigins(header.first.toLower()))
                    kept.append(header);
            }
            headers = kept;
        }
        // RFC 9110 15.4: 303 asks for a GET; user agents turn a POST into a GET for
        // 301 and 302 as well. 307 and 308 repeat the request as it was.
        if ((status == 303 && method != "HEAD") || ((status == 301 || status == 302) && method == "POST")) {
            method = "GET";
            body.clear();
            for (qsizetype i = headers.size() - 1; i >= 0; --i) {
                if (headers[i].first.toLower() == "content-type")
                    headers.removeAt(i);
            }
        }
        url = next;
        if (deadline.hasExpired())
            return fail(Error::unavailable(
                u"net.timeout"_s, QT_TRANSLATE_NOOP("vami", "The remote server did not answer in time."), 60));
    }
}

Result<OutboundResponse> HttpClient::send(const OutboundRequest &request) const
{
    auto response = exchange(request);
    if (!response)
        return response;
    if (Status ok = errorFor(*response); !ok)
        return fail(ok.error());
    return response;
}

Status HttpClient::errorFor(const OutboundResponse &response) const
{
    const int status = response.status;
    if (status >= 200 && status < 300)
        return {};
    const QStringList args {QString::number(status)};
    if (status >= 300 && status < 400)
        return fail(Error::rejected(
            u"net.redirect"_s, QT_TRANSLATE_NOOP("vami", "The remote server redirected the request (HTTP %1)."), args));
    if (status == 429) {
        const int after = retryAfterSeconds(response.header("retry-after"));
        return fail(Error::rateLimited(u"net.rate_limited"_s,
            QT_TRANSLATE_NOOP("vami", "The remote server asks to slow down (HTTP %1)."), after > 0 ? after : 60, args));
    }
    if (status == 408 || status == 425)
        return fail(
            Error::unavailable(u"net.timeout"_s, QT_TRANSLATE_NOOP("vami", "The remote server did not answer in time."),
                retryAfterSeconds(response.header("retry-after"))));
    if (status >= 400 && status < 500)
        return fail(Error::rejected(u"net.client_error"_s,
            QT_TRANSLATE_NOOP("vami", "The remote server refused the request (HTTP %1)."), args));
    if (status >= 500 && status < 600)
        return fail(Error::unavailable(u"net.server_error"_s,
            QT_TRANSLATE_NOOP("vami", "The remote server failed to handle the request."),
            retryAfterSeconds(response.header("retry-after"))));
    return fail(Error::rejected(
        u"net.bad_reply"_s, QT_TRANSLATE_NOOP("vami", "The remote server's answer is not valid HTTP.")));
}

int HttpClient::retryAfterSeconds(const QByteArray &value) const
{
    const QByteArray text = value.trimmed();
    if (text.isEmpty())
        return 0;
    bool isNumber = false;
    const qint64 seconds = text.toLongLong(&isNumber);
    if (isNumber)
        return int(std::clamp<qint64>(seconds, 0, MaxRetryAfterSeconds));
    // An HTTP date (RFC 9110 5.6.7): "Sun, 06 Nov 1994 08:49:37 GMT".
    QString date = QString::fromLatin1(text);
    if (date.endsWith(u" GMT"_s))
        date = date.chopped(4) + u" +0000"_s;
    const QDateTime at = QDateTime::fromString(date, Qt::RFC2822Date);
    if (!at.isValid())
        return 0;
    return int(std::clamp<qint64>(m_clock.now().secsTo(at), 0, MaxRetryAfterSeconds));
}

} // namespace vami
