#pragma once

namespace vami {

// The result of renewing a claim's lease.
enum class LeaseState {
    Held, // renewed
    CancelRequested, // renewed, and someone asked to cancel the job
    Lost, // the claim is no longer this worker's (expired, recovered, reclaimed)
};

} // namespace vami
