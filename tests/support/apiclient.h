#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QNetworkAccessManager>
#include <QUrl>

namespace vami::test {

// One HTTP answer, read completely.
struct ApiReply
{
    int status = 0;          // 0 when no HTTP answer arrived
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QString networkError;

    [[nodiscard]] QJsonDocument document() const { return QJsonDocument::fromJson(body); }
    [[nodiscard]] QJsonObject object() const { return document().object(); }
    [[nodiscard]] QJsonArray array() const { return document().array(); }
    [[nodiscard]] QString detail() const { return object().value(QStringLiteral("detail")).toString(); }
    [[nodiscard]] QByteArray header(const QByteArray &lowerName) const { return headers.value(lowerName); }
};

// A small synchronous client over QNetworkAccessManager for API tests: each call
// waits (processing events) until the answer is complete.
class ApiClient
{
public:
    explicit ApiClient(QUrl base);

    void setToken(const QByteArray &bearer) { m_token = bearer; }
    void setHeader(const QByteArray &name, const QByteArray &value) { m_extra.insert(name, value); }
    void clearHeaders() { m_extra.clear(); }

    ApiReply get(const QString &path);
    ApiReply del(const QString &path, const QByteArray &body = {});
    ApiReply post(const QString &path, const QJsonObject &json);
    ApiReply put(const QString &path, const QJsonObject &json);
    // Any method, raw body, explicit content type (empty: none).
    ApiReply send(const QByteArray &method, const QString &path, const QByteArray &body,
                  const QByteArray &contentType = QByteArrayLiteral("application/json"));

    [[nodiscard]] QUrl url(const QString &path) const;

private:
    QNetworkAccessManager m_manager;
    QUrl m_base;
    QByteArray m_token;
    QHash<QByteArray, QByteArray> m_extra;
};

} // namespace vami::test
