#include "apiclient.h"

#include <QBuffer>
#include <QEventLoop>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace vami::test {

ApiClient::ApiClient(QUrl base)
    : m_base(std::move(base))
{
    m_manager.setAutoDeleteReplies(false);
}

QUrl ApiClient::url(const QString &path) const
{
    QUrl u = m_base;
    const qsizetype q = path.indexOf(QLatin1Char('?'));
    u.setPath(q < 0 ? path : path.left(q), QUrl::TolerantMode);
    if (q >= 0)
        u.setQuery(path.mid(q + 1), QUrl::TolerantMode);
    return u;
}

ApiReply ApiClient::send(const QByteArray &method, const QString &path, const QByteArray &body,
                         const QByteArray &contentType)
{
    QNetworkRequest request(url(path));
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setTransferTimeout(30000);
    if (!contentType.isEmpty() && !body.isNull())
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token);
    for (auto it = m_extra.cbegin(); it != m_extra.cend(); ++it)
        request.setRawHeader(it.key(), it.value());
    QBuffer *buffer = nullptr;
    if (!body.isNull()) {
        buffer = new QBuffer;
        buffer->setData(body);
        buffer->open(QIODevice::ReadOnly);
    }
    // HEAD goes through head(): only then does the manager know no body follows
    // the Content-Length of the answer.
    QNetworkReply *reply = method == "HEAD" ? m_manager.head(request)
                                            : m_manager.sendCustomRequest(request, method, buffer);
    if (buffer)
        buffer->setParent(reply);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(60000, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    ApiReply out;
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    out.body = reply->readAll();
    for (const auto &[name, value] : reply->rawHeaderPairs())
        out.headers.insert(name.toLower(), value);
    if (reply->error() != QNetworkReply::NoError && out.status == 0)
        out.networkError = reply->errorString();
    reply->deleteLater();
    return out;
}

ApiReply ApiClient::get(const QString &path)
{
    return send("GET", path, QByteArray(), QByteArray());
}

ApiReply ApiClient::del(const QString &path, const QByteArray &body)
{
    return send("DELETE", path, body.isEmpty() ? QByteArray() : body);
}

ApiReply ApiClient::post(const QString &path, const QJsonObject &json)
{
    return send("POST", path, QJsonDocument(json).toJson(QJsonDocument::Compact));
}

ApiReply ApiClient::put(const QString &path, const QJsonObject &json)
{
    return send("PUT", path, QJsonDocument(json).toJson(QJsonDocument::Compact));
}

} // namespace vami::test
