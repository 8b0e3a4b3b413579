#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace vami {

// Where a job stands. Pending and running jobs are unfinished (a de-duplication key
// is unique among them); done, failed and cancelled ones are finished and purged
// after a while. The names are those of the jobs.status column.
enum class JobStatus { Pending, Running, Done, Failed, Cancelled };

[[nodiscard]] QString jobStatusName(JobStatus status);
[[nodiscard]] std::optional<JobStatus> parseJobStatus(QStringView text);

} // namespace vami
