#pragma once

#include "core/enumnames.h"

namespace vami {

// Where a job stands (jobs.status). Pending and running jobs are unfinished (a
// de-duplication key is unique among them); done, failed and cancelled ones are
// finished and purged after a while.
enum class JobStatus { Pending, Running, Done, Failed, Cancelled };

template<>
struct EnumNames<JobStatus>
{
    static constexpr std::array<std::pair<JobStatus, std::string_view>, 5> names{
        {{JobStatus::Pending, "pending"},
         {JobStatus::Running, "running"},
         {JobStatus::Done, "done"},
         {JobStatus::Failed, "failed"},
         {JobStatus::Cancelled, "cancelled"}}};
};

} // namespace vami
