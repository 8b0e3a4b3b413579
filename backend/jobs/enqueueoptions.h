#pragma once

#include <QDateTime>
#include <QString>
#include <QUuid>

namespace vami {

struct EnqueueOptions
{
    // The organization the work is for (null: none).
    QUuid organizationId {};
    // Not before; invalid = now.
    QDateTime runAt {};
    // At most one unfinished (pending or running) job of a kind has a given key;
    // the database enforces it. Enqueueing again while one exists returns that job.
    QString dedupKey {};
};

} // namespace vami
