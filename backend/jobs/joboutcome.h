#pragma once

namespace vami {

// What became of one run of a job.
enum class JobOutcome {
    Done, // the handler succeeded
    Retry, // a transient failure with attempts left: pending again after a backoff
    Failed, // a permanent failure, or the attempts are used up
    Cancelled, // cancelled before or while it ran
    Released, // interrupted by a shutdown: pending again, the attempt not counted
};

} // namespace vami
