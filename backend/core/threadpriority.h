#pragma once

namespace vami {

// Lowers the calling thread's scheduling priority (nice 10 on Linux, where it
// applies to this thread only) and remembers that it did. Threads that run
// CPU-heavy work (password hashing) call it once; they must never take a lock that
// a normal-priority thread (an HTTP connection worker) may wait for.
void lowerThisThreadsPriority();
[[nodiscard]] bool isThisThreadLowPriority();

} // namespace vami
