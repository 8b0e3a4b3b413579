#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QUuid>

namespace vami {

// A unit of background work stored in the jobs table.
struct Job
{
    QUuid id;
    QString kind;        // e.g. "email.send"
    QJsonObject payload;
    QUuid organizationId;
    int attempts = 0;    // including the current one
    int maxAttempts = 8;
    QDateTime runAt;
};

} // namespace vami
