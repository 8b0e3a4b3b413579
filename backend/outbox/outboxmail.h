#pragma once

#include "outboxstatus.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QUuid>

namespace vami {

// An e-mail outbox item as its purpose's renderer sees it. The body is rendered
// when the message is sent, from `purpose` and `data`.
struct OutboxMail
{
    QUuid id;
    QUuid organizationId;
    QString purpose;      // e.g. "team.invitation"
    QUuid relatedId;      // e.g. the invitation
    QString toAddress;
    QString toName;
    QJsonObject data;
    QString subject;      // recorded when sent
    OutboxStatus status = OutboxStatus::Pending;
    int attempts = 0;
    QString lastError;
    QString messageId;
    QDateTime createdAt;
    QDateTime sentAt;
};

} // namespace vami
