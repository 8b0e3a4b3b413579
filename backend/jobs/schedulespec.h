#pragma once

#include <QString>

namespace vami {

// Periodic work (maintenance, sweeps): runs at most once per interval across every
// process sharing the database, in one process at a time.
struct ScheduleSpec
{
    // "<area>.<what>", e.g. "jobs.recover_leases"
    QString name {};
    // From the end of one run to the start of the next.
    int intervalSeconds = 60;
    // A run holding the schedule longer is presumed dead.
    int leaseSeconds = 600;
};

} // namespace vami
