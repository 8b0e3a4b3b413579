#include "manualclock.h"

#include <QTimeZone>

namespace vami::test {

ManualClock::ManualClock(const QDateTime &start)
    : m_epochMs(start.toMSecsSinceEpoch())
{
}

QDateTime ManualClock::now() const
{
    return QDateTime::fromMSecsSinceEpoch(m_epochMs.load(), Qt::UTC);
}

qint64 ManualClock::monotonicMs() const
{
    return m_monotonicMs.load();
}

void ManualClock::advanceSeconds(qint64 seconds)
{
    advanceMs(seconds * 1000);
}

void ManualClock::advanceMs(qint64 ms)
{
    m_epochMs += ms;
    m_monotonicMs += ms;
}

void ManualClock::set(const QDateTime &instant)
{
    m_epochMs = instant.toMSecsSinceEpoch();
}

} // namespace vami::test
