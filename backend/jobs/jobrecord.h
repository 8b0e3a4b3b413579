#pragma once

#include "job.h"
#include "jobstatus.h"

namespace vami {

// A job row as it stands, for status displays and tests.
struct JobRecord
{
    Job job;
    JobStatus status = JobStatus::Pending;
    QString lastError;
    QDateTime lockedUntil;
    QDateTime cancelRequestedAt;
    QDateTime finishedAt;
};

} // namespace vami
