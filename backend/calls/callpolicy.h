#pragma once

namespace vami {

// How long a live call may stay where it is before the stale-call sweeper ends it
// (failed, stale_call_timeout), and how the sweeper runs. A call whose provider
// never reported back (a lost webhook, a crash) must not hold a line or a
// concurrency slot forever.
//
// Defaults: a dial rings for at most 2 minutes (carriers give up after about one);
// an answered call lasts at most 2 hours (no agent carries its own maximum call
// duration yet; when one does, it bounds its calls instead).
struct CallPolicy
{
    // ringing, measured from started_at (the dial began).
    int staleRingingSeconds = 2 * 60;
    // in_progress, measured from answered_at.
    int staleInProgressSeconds = 2 * 3600;
    // Calls ended per sweep; the rest wait for the next one.
    int sweepBatch = 100;
    int sweepIntervalSeconds = 60;
};

} // namespace vami
