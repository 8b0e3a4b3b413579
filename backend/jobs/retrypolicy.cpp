#include "retrypolicy.h"

#include <QRandomGenerator>

#include <algorithm>

namespace vami {

bool RetryPolicy::isTransient(const Error &error)
{
    return error.kind() == ErrorKind::Unavailable || error.kind() == ErrorKind::RateLimited;
}

RetryPolicy::Decision RetryPolicy::decide(const Error &error, int attempts, int maxAttempts)
{
    if (!isTransient(error) || attempts >= maxAttempts)
        return {};
    return {true, std::max(error.retryAfterSeconds(), backoffSeconds(attempts))};
}

RetryPolicy::Decision RetryPolicy::afterCrash(int attempts, int maxAttempts)
{
    if (attempts >= maxAttempts)
        return {};
    return {true, backoffSeconds(attempts)};
}

int RetryPolicy::backoffSeconds(int attempts)
{
    const int exponent = std::clamp(attempts - 1, 0, 12);
    const int base = std::min(3600, 15 * (1 << exponent));
    const int jitter = int(QRandomGenerator::global()->bounded(base / 5 + 1));
    return base - base / 10 + jitter;
}

} // namespace vami
