#pragma once

#include <QString>

namespace vami {

// Periodic work (maintenance, sweeps): runs at most once per interval across every
// process sharing the database, in one process at a time.
struct ScheduleSpec
{
    QString name; // "<area>.<what>", e.g. "jobs.recover_leases"
    int intervalSeconds = 60; // from the end of one run to the start of the next
    int leaseSeconds = 600; // a run holding the schedule longer is presumed dead
};

} // namespace vami
