#pragma once

#include <QDateTime>
#include <QString>
#include <QUuid>

namespace vami {

struct EnqueueOptions
{
    QUuid organizationId; // the organization the work is for (null: none)
    QDateTime runAt; // not before; invalid = now
    // At most one unfinished (pending or running) job of a kind has a given key;
    // the database enforces it. Enqueueing again while one exists returns that job.
    QString dedupKey;
};

} // namespace vami
