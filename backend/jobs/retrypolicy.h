#pragma once

#include "core/error.h"

namespace vami {

// The one rule for whether and when a failed job runs again, used by the job
// runner for every kind (and so for every outbox channel: the outbox records what
// the runner decided, it does not decide on its own).
//
// Unavailable and RateLimited errors are transient: the job runs again after
// max(the error's retry-after, the backoff) while it has attempts left. Every
// other error is permanent. A handler that threw, like a process that crashed
// during the job, counts as a transient failure: its attempts bound it.
// Backoff: 15 s doubling per attempt up to an hour, with -10..+10 % jitter.
class RetryPolicy
{
public:
    struct Decision
    {
        bool retry = false;
        int delaySeconds = 0;
    };

    [[nodiscard]] static bool isTransient(const Error &error);
    // `attempts` includes the one that just failed.
    [[nodiscard]] static Decision decide(const Error &error, int attempts, int maxAttempts);
    [[nodiscard]] static Decision afterCrash(int attempts, int maxAttempts);
    [[nodiscard]] static int backoffSeconds(int attempts);
};

} // namespace vami
