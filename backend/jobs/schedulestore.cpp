#include "schedulestore.h"

#include "core/clock.h"
#include "storage/database.h"
#include "storage/rowreader.h"
#include "storage/sqlvalue.h"

using namespace Qt::StringLiterals;

namespace vami {

namespace {

const RowReader<ScheduleStore::State> &stateColumns()
{
    static const RowReader<ScheduleStore::State> columns {
        column<&ScheduleStore::State::nextRunAt>("next_run_at"),
        column<&ScheduleStore::State::lockedUntil>("locked_until"),
    };
    return columns;
}

} // namespace

ScheduleStore::ScheduleStore(Database &database, const Clock &clock)
    : m_db(database)
    , m_clock(clock)
{ }

Status ScheduleStore::ensure(const QString &name)
{
    auto done = m_db.exec(u"INSERT INTO job_schedules (name, next_run_at) VALUES (?, ?) ON CONFLICT DO NOTHING"_s,
        {name, sqlInstant(m_clock.now())});
    if (!done)
        return fail(done.error());
    return {};
}

Result<std::optional<ScheduleStore::State>> ScheduleStore::state(const QString &name)
{
    auto rows = m_db.exec(u"SELECT "_s + stateColumns().selectList() + u" FROM job_schedules WHERE name = ?"_s, {name});
    if (!rows)
        return fail(rows.error());
    if (!rows->next())
        return std::optional<State>();
    return std::optional<State>(stateColumns().read(*rows));
}

Result<bool> ScheduleStore::acquire(const QString &name, const QString &holder, int leaseSeconds)
{
    const QDateTime now = m_clock.now();
    auto done = m_db.exec(u"UPDATE job_schedules SET locked_by = ?, locked_until = ?, last_started_at = ? "
                          "WHERE name = ? AND next_run_at <= ? AND (locked_until IS NULL OR locked_until < ?)"_s,
        {holder, sqlInstant(now.addSecs(leaseSeconds)), sqlInstant(now), name, sqlInstant(now), sqlInstant(now)});
    if (!done)
        return fail(done.error());
    return done->rowsAffected() == 1;
}

Result<bool> ScheduleStore::finish(
    const QString &name, const QString &holder, int intervalSeconds, const QString &error)
{
    const QDateTime now = m_clock.now();
    auto done = m_db.exec(u"UPDATE job_schedules SET locked_by = NULL, locked_until = NULL, next_run_at = ?, "
                          "last_finished_at = ?, last_error = ? WHERE name = ? AND locked_by = ?"_s,
        {sqlInstant(now.addSecs(intervalSeconds)), sqlInstant(now),
            sqlText(error.isEmpty() ? QString() : error.left(1000)), name, holder});
    if (!done)
        return fail(done.error());
    return done->rowsAffected() == 1;
}

} // namespace vami
