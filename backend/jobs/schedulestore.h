#pragma once

#include "core/result.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace vami {

class Clock;
class Database;

// The job_schedules table: one row per schedule with the time of its next run and
// the lease of the process running it now. Acquiring is one conditional UPDATE, so
// of several processes exactly one gets a due schedule (PostgreSQL re-checks the
// condition after waiting for the row; SQLite has one writer).
class ScheduleStore
{
public:
    struct State
    {
        QDateTime nextRunAt;
        QDateTime lockedUntil; // invalid when nobody runs it
    };

    ScheduleStore(Database &database, const Clock &clock);

    // Creates the schedule's row (first run: now) unless it exists.
    Status ensure(const QString &name);
    Result<std::optional<State>> state(const QString &name);
    // True when this holder now runs the schedule: it was due and nobody held it.
    Result<bool> acquire(const QString &name, const QString &holder, int leaseSeconds);
    // Ends the run: the next one is due `intervalSeconds` from now.
    Result<bool> finish(const QString &name, const QString &holder, int intervalSeconds, const QString &error);

private:
    Database &m_db;
    const Clock &m_clock;
};

} // namespace vami
