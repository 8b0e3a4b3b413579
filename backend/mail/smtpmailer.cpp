#include "smtpmailer.h"

#include "core/logging.h"
#include "storage/database.h"

#include <QDateTime>

#include <curl/curl.h>

#include <cstring>
#include <mutex>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

void initialiseCurl()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Upload
{
    QByteArray data;
    qsizetype offset = 0;
};

size_t readChunk(char *buffer, size_t size, size_t count, void *userData)
{
    auto *upload = static_cast<Upload *>(userData);
    const size_t room = size * count;
    const size_t left = size_t(upload->data.size() - upload->offset);
    const size_t n = std::min(room, left);
    std::memcpy(buffer, upload->data.constData() + upload->offset, n);
    upload->offset += qsizetype(n);
    return n;
}

Error mapFailure(CURLcode code, long reply, const char *detail)
{
    qCWarning(lcMail).noquote() << "sending failed:" << curl_easy_strerror(code) << '-' << detail << "- last reply"
                                << reply;
    // 530 authentication required, 534/538 mechanism or encryption needed, 535
    // credentials refused: the settings are wrong, not the message.
    if (reply == 530 || reply == 534 || reply == 535 || reply == 538)
        code = CURLE_LOGIN_DENIED;
    if (code != CURLE_LOGIN_DENIED) {
        // 421 closes the channel (RFC 5321 4.2.3); servers send it when a client
        // sends too much too fast: come back later, and slowly.
        if (reply == 421)
            return Error::rateLimited(
                u"mail.throttled"_s, QT_TRANSLATE_NOOP("vami", "The mail server asks to send more slowly."), 300);
        // The server's own verdict decides (RFC 5321 4.2.1): 5yz is permanent, the
        // same message must not be sent again; 4yz is transient.
        if (reply >= 500 && reply < 600)
            return Error::rejected(u"mail.rejected"_s,
                                   QT_TRANSLATE_NOOP("vami", "The mail server refused the message permanently."));
        if (reply >= 400 && reply < 500)
            return Error::unavailable(u"mail.deferred"_s,
                                      QT_TRANSLATE_NOOP("vami", "The mail server cannot take the message now."), 120);
    }
    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return Error::unavailable(u"mail.connect_failed"_s,
                                  QT_TRANSLATE_NOOP("vami", "The mail server cannot be reached."), 60);
    case CURLE_LOGIN_DENIED:
        return Error::unavailable(u"mail.auth_failed"_s,
                                  QT_TRANSLATE_NOOP("vami", "The mail server refused the user name or password."), 300);
    case CURLE_OPERATION_TIMEDOUT:
        return Error::unavailable(u"mail.timeout"_s, QT_TRANSLATE_NOOP("vami", "The mail server did not answer in time."),
                                  60);
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
        return Error::unavailable(u"mail.tls_failed"_s,
                                  QT_TRANSLATE_NOOP("vami", "A secure connection to the mail server failed."), 300);
    default:
        // A connection lost mid-conversation or an unexpected answer: try again later.
        return Error::unavailable(u"mail.deferred"_s,
                                  QT_TRANSLATE_NOOP("vami", "The mail server did not accept the message."), 120);
    }
}

} // namespace

SmtpMailer::SmtpMailer(SmtpSettings settings)
    : m_settings(std::move(settings))
{
}

Status SmtpMailer::send(const MailMessage &message, const QString &messageId) const
{
    if (Status outside = Database::outsideTransaction("sending mail"); !outside)
        return outside;
    if (!m_settings.isConfigured())
        return fail(Error::unavailable(u"mail.not_configured"_s,
                                       QT_TRANSLATE_NOOP("vami", "No mail server is configured."), 300));
    if (message.toAddress.contains(u'\r') || message.toAddress.contains(u'\n') || message.toAddress.contains(u'<')
        || message.toAddress.contains(u'>') || message.toAddress.trimmed().isEmpty())
        return fail(Error::validation(u"to"_s, u"value_error"_s,
                                      QT_TRANSLATE_NOOP("vami", "value is not a valid email address")));
    initialiseCurl();
    CURL *curl = curl_easy_init();
    if (!curl)
        return fail(Error::internal(u"curl_easy_init failed"_s));

    const QByteArray scheme = m_settings.security == SmtpSettings::Security::Tls ? "smtps" : "smtp";
    const QByteArray url = scheme + "://" + m_settings.host.toUtf8() + ':' + QByteArray::number(m_settings.port);
    const QByteArray from = '<' + m_settings.fromAddress.toUtf8() + '>';
    const QByteArray to = '<' + message.toAddress.trimmed().toUtf8() + '>';
    const QByteArray user = m_settings.username.toUtf8();
    const QByteArray password = m_settings.password.toUtf8();
    const QByteArray caFile = m_settings.caFile.toUtf8();
    Upload upload{composeMail(message, MailSender{m_settings.fromAddress, m_settings.fromName},
                              QDateTime::currentDateTimeUtc(), messageId),
                  0};
    char errorBuffer[CURL_ERROR_SIZE] = {};
    curl_slist *recipients = curl_slist_append(nullptr, to.constData());

    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errorBuffer);
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.constData());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, readChunk);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, curl_off_t(upload.data.size()));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, long(std::min(m_settings.timeoutSeconds, 30)));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, long(m_settings.timeoutSeconds));
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, m_settings.verifyPeer ? 1L : 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, m_settings.verifyPeer ? 2L : 0L);
    if (!caFile.isEmpty())
        curl_easy_setopt(curl, CURLOPT_CAINFO, caFile.constData());
    if (m_settings.security == SmtpSettings::Security::StartTls)
        curl_easy_setopt(curl, CURLOPT_USE_SSL, long(CURLUSESSL_ALL));
    if (!user.isEmpty()) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, user.constData());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, password.constData());
    }

    const CURLcode result = curl_easy_perform(curl);
    long reply = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);
    if (result != CURLE_OK)
        return fail(mapFailure(result, reply, errorBuffer));
    return {};
}

} // namespace vami
