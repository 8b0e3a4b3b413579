#pragma once

#include <QDateTime>

namespace vami {

// Time as an injectable seam: every rule that depends on "now" (expiry, rate
// windows, throttling) reads it from a Clock so tests can move time.
class Clock
{
public:
    virtual ~Clock() = default;
    // Current instant in UTC.
    [[nodiscard]] virtual QDateTime now() const = 0;
    // Milliseconds since an arbitrary fixed point; never goes backwards.
    [[nodiscard]] virtual qint64 monotonicMs() const = 0;
};

class SystemClock final : public Clock
{
public:
    [[nodiscard]] QDateTime now() const override;
    [[nodiscard]] qint64 monotonicMs() const override;
};

} // namespace vami
