#pragma once

#include <QHash>
#include <QMutex>
#include <QString>

#include <deque>

namespace vami {

class Clock;

// Slows down password guessing without letting anyone lock a victim out for long:
// after `accountLimit` failed sign-ins for one e-mail address within the window
// (from any address), or `addressLimit` failures from one client address, further
// attempts are refused until the oldest failure leaves the window. Memory is
// bounded. Kept per process: each server instance throttles on its own.
class LoginThrottle
{
public:
    LoginThrottle(const Clock &clock, int accountLimit = 10, int addressLimit = 50, int windowSeconds = 900);

    // Seconds until an attempt is allowed again; 0 when allowed now.
    [[nodiscard]] int retryAfterSeconds(const QString &account, const QString &address);
    void recordFailure(const QString &account, const QString &address);
    void recordSuccess(const QString &account);

private:
    int secondsUntilFree(std::deque<qint64> &failures, int limit, qint64 now);
    void record(QHash<QString, std::deque<qint64>> &table, const QString &key, int limit, qint64 now);

    const Clock &m_clock;
    int m_accountLimit;
    int m_addressLimit;
    qint64 m_windowMs;
    QMutex m_mutex;
    QHash<QString, std::deque<qint64>> m_accounts;
    QHash<QString, std::deque<qint64>> m_addresses;
};

} // namespace vami
