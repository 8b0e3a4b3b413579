#pragma once

#include <QHash>
#include <QMutex>
#include <QString>
#include <QStringList>

#include <deque>

namespace vami {

class Clock;

// Bounds password guessing without letting anyone lock the owner out.
//
// - Per (account, address): the first `pairFreeFailures` failures cost nothing,
//   then each further attempt waits `baseDelay` doubling per failure, up to
//   `maxDelay`. A success clears it.
// - Per address, over all accounts: the same after `addressFreeFailures`, so one
//   address spraying many accounts slows down. A success does not clear it.
// - Per account, over all addresses: after `accountBudget` failures within the
//   window the account is under attack: addresses that already failed on it wait
//   until the window has room again, and their own delays start at once.
//
// An address that signed in to the account before is trusted for it: neither the
// address-wide delay nor the account budget applies to it, only its own delays.
// An address with no failures on the account always gets its attempt, so wrong
// guesses from elsewhere never keep the owner out. IPv6 addresses count per /64.
// Failures are forgotten `forgetAfter` after the last one; every table is
// bounded (the entries idle longest go first). Kept per process.
class LoginThrottle
{
public:
    struct Policy
    {
        int pairFreeFailures = 3;
        int addressFreeFailures = 20;
        int baseDelaySeconds = 1;
        int maxDelaySeconds = 900;
        int accountBudget = 50;
        int windowSeconds = 900;
        int forgetAfterSeconds = 24 * 3600;
        qsizetype maxTrackedKeys = 100'000; // per table
    };

    LoginThrottle(const Clock &clock, Policy policy);

    // Seconds until an attempt is allowed again; 0 when allowed now.
    [[nodiscard]] int retryAfterSeconds(const QString &account, const QString &address);
    void recordFailure(const QString &account, const QString &address);
    void recordSuccess(const QString &account, const QString &address);

    // The key an address is counted under: IPv6 per /64, IPv4 (also mapped) as is.
    [[nodiscard]] static QString addressKey(const QString &address);
    // Entries held in all tables (for tests of the memory bound).
    [[nodiscard]] qsizetype trackedEntries();

private:
    struct Backoff
    {
        int failures = 0;
        qint64 lastMs = 0;
    };

    [[nodiscard]] qint64 waitMs(const Backoff &entry, int freeFailures, qint64 now) const;
    [[nodiscard]] bool isTrusted(const QString &account, const QString &address) const;
    void noteFailure(QHash<QString, Backoff> &table, const QString &key, qint64 now);
    void makeRoom(QHash<QString, Backoff> &table, qint64 now);
    void makeRoom(QHash<QString, std::deque<qint64>> &table, qint64 now);
    void pruneWindow(std::deque<qint64> &failures, qint64 now) const;

    const Clock &m_clock;
    Policy m_policy;
    QMutex m_mutex;
    QHash<QString, Backoff> m_pairs;     // account + '\n' + address key
    QHash<QString, Backoff> m_addresses; // address key
    QHash<QString, std::deque<qint64>> m_accounts; // failure times within the window, at most the budget
    QHash<QString, QStringList> m_trusted;         // account -> address keys that signed in (most recent first)
};

} // namespace vami
