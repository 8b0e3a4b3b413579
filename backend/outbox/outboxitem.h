#pragma once

#include "outboxstatus.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QUuid>

namespace vami {

// One effect outside the database, waiting in (or done from) the outbox: an
// e-mail now; a webhook delivery or a provider write later. What the payload holds
// is the channel's business (its own typed codec).
struct OutboxItem
{
    QUuid id;
    QUuid organizationId;
    QString channel; // "email", ...
    QString purpose; // e.g. "team.invitation"
    QUuid relatedId; // e.g. the invitation
    QString recipient; // an address, a URL
    QJsonObject payload;
    // Stays the same across attempts so receivers can recognise a repeat
    // (the Message-ID of a mail, the webhook-id of a delivery).
    QString reference;
    OutboxStatus status = OutboxStatus::Pending;
    int attempts = 0;
    QString lastError;
    QString summary; // recorded when delivered: a subject, "HTTP 200"
    QDateTime createdAt;
    QDateTime sentAt;
};

} // namespace vami
