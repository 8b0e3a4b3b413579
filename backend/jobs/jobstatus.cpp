#include "jobstatus.h"

using namespace Qt::StringLiterals;

namespace vami {

QString jobStatusName(JobStatus status)
{
    switch (status) {
    case JobStatus::Pending:
        return u"pending"_s;
    case JobStatus::Running:
        return u"running"_s;
    case JobStatus::Done:
        return u"done"_s;
    case JobStatus::Failed:
        return u"failed"_s;
    case JobStatus::Cancelled:
        return u"cancelled"_s;
    }
    return u"pending"_s;
}

std::optional<JobStatus> parseJobStatus(QStringView text)
{
    for (JobStatus s :
        {JobStatus::Pending, JobStatus::Running, JobStatus::Done, JobStatus::Failed, JobStatus::Cancelled}) {
        if (text == jobStatusName(s))
            return s;
    }
    return std::nullopt;
}

} // namespace vami
