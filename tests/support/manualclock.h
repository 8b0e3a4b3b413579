#pragma once

#include "core/clock.h"

#include <QDateTime>
#include <QTimeZone>

#include <atomic>

namespace vami::test {

// A clock the test moves by hand; starts at a fixed instant.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(const QDateTime &start = QDateTime(QDate(2026, 1, 15), QTime(9, 0), Qt::UTC));

    [[nodiscard]] QDateTime now() const override;
    [[nodiscard]] qint64 monotonicMs() const override;

    void advanceSeconds(qint64 seconds);
    void advanceMs(qint64 ms);
    void set(const QDateTime &instant);

private:
    std::atomic<qint64> m_epochMs;
    std::atomic<qint64> m_monotonicMs{1'000'000};
};

} // namespace vami::test
