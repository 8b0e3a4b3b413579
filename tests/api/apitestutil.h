#pragma once

#include "apiclient.h"
#include "testserver.h"

#include <QJsonObject>
#include <QString>

namespace vami::test {

inline const QString &apiPassword()
{
    static const QString password = QStringLiteral("Str0ng-Passw0rd!");
    return password;
}

// An account created through the API, with its tokens.
struct ApiAccount
{
    QString email;
    QByteArray accessToken;
    QString refreshToken;
    QString userId;
    QString organizationId;
};

inline ApiAccount registerAccount(ApiClient &client, const QString &email, const QString &company = {})
{
    ApiAccount account;
    QJsonObject body{{QStringLiteral("email"), email}, {QStringLiteral("password"), apiPassword()}};
    if (!company.isEmpty())
        body.insert(QStringLiteral("company_name"), company);
    const ApiReply reply = client.post(QStringLiteral("/api/auth/register"), body);
    const QJsonObject o = reply.object();
    account.email = email;
    account.accessToken = o.value(QStringLiteral("access_token")).toString().toLatin1();
    account.refreshToken = o.value(QStringLiteral("refresh_token")).toString();
    account.userId = o.value(QStringLiteral("user")).toObject().value(QStringLiteral("id")).toString();
    account.organizationId = o.value(QStringLiteral("organization")).toObject().value(QStringLiteral("id")).toString();
    return account;
}

// Invites `email` with `role` as `inviter` and accepts with a new account.
inline ApiAccount joinTeam(ApiClient &client, const ApiAccount &inviter, const QString &email, const QString &role)
{
    ApiAccount account;
    client.setToken(inviter.accessToken);
    const ApiReply invited = client.post(QStringLiteral("/api/team/invite"),
                                         {{QStringLiteral("email"), email}, {QStringLiteral("role"), role}});
    const QString token = invited.object().value(QStringLiteral("invitation_token")).toString();
    client.setToken({});
    const ApiReply accepted = client.post(QStringLiteral("/api/team/invitations/%1/accept").arg(token),
                                          {{QStringLiteral("password"), apiPassword()}});
    const QJsonObject session = accepted.object().value(QStringLiteral("session")).toObject();
    account.email = email;
    account.accessToken = session.value(QStringLiteral("access_token")).toString().toLatin1();
    account.refreshToken = session.value(QStringLiteral("refresh_token")).toString();
    account.userId = accepted.object().value(QStringLiteral("user_id")).toString();
    account.organizationId = accepted.object().value(QStringLiteral("organization_id")).toString();
    return account;
}

} // namespace vami::test
