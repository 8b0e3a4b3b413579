// The sign-in throttle on its own, with a manual clock: delays grow per
// (account, address), one address spraying many accounts is bounded, the owner
// gets through from a clean or trusted address, and memory stays bounded.

#include "manualclock.h"

#include "auth/loginthrottle.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

class tst_LoginThrottle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void delaysGrowPerAccountAndAddress();
    void successClearsOnlyItsOwnPair();
    void otherAddressesAreNotKeptOut();
    void sprayFromOneAddressIsBounded();
    void accountUnderAttackStillAdmitsTrustedAndCleanAddresses();
    void ipv6CountsPerSlash64();
    void memoryIsBounded();
};

void tst_LoginThrottle::delaysGrowPerAccountAndAddress()
{
    ManualClock clock;
    LoginThrottle throttle(clock, {});
    const QString account = u"owner@example.com"_s;
    const QString attacker = u"203.0.113.9"_s;
    QList<int> waits;
    for (int i = 0; i < 15; ++i) {
        const int wait = throttle.retryAfterSeconds(account, attacker);
        waits.append(wait);
        clock.advanceSeconds(wait);
        QCOMPARE(throttle.retryAfterSeconds(account, attacker), 0);
        throttle.recordFailure(account, attacker);
    }
    // Three free attempts, then 1, 2, 4, ... seconds, capped at 15 minutes.
    QCOMPARE(waits.mid(0, 3), QList<int>({0, 0, 0}));
    QCOMPARE(waits.mid(3, 10), QList<int>({1, 2, 4, 8, 16, 32, 64, 128, 256, 512}));
    QCOMPARE(waits.mid(13), QList<int>({900, 900}));
    QCOMPARE(throttle.retryAfterSeconds(account, attacker), 900);
    // Forgotten a day after the last failure.
    clock.advanceSeconds(24 * 3600);
    QCOMPARE(throttle.retryAfterSeconds(account, attacker), 0);
}

void tst_LoginThrottle::successClearsOnlyItsOwnPair()
{
    ManualClock clock;
    LoginThrottle throttle(clock, {});
    for (int i = 0; i < 6; ++i)
        throttle.recordFailure(u"a@example.com"_s, u"192.0.2.1"_s);
    QVERIFY(throttle.retryAfterSeconds(u"a@example.com"_s, u"192.0.2.1"_s) > 0);
    throttle.recordSuccess(u"a@example.com"_s, u"192.0.2.1"_s);
    QCOMPARE(throttle.retryAfterSeconds(u"a@example.com"_s, u"192.0.2.1"_s), 0);

    // Signing in to one's own account does not wash an address that sprays others.
    LoginThrottle spray(clock, {});
    for (int i = 0; i < 30; ++i)
        spray.recordFailure(u"victim%1@example.com"_s.arg(i), u"192.0.2.2"_s);
    spray.recordSuccess(u"mine@example.com"_s, u"192.0.2.2"_s);
    QVERIFY(spray.retryAfterSeconds(u"victim99@example.com"_s, u"192.0.2.2"_s) > 0);
    QCOMPARE(spray.retryAfterSeconds(u"mine@example.com"_s, u"192.0.2.2"_s), 0);
}

void tst_LoginThrottle::otherAddressesAreNotKeptOut()
{
    ManualClock clock;
    LoginThrottle throttle(clock, {});
    for (int i = 0; i < 1000; ++i)
        throttle.recordFailure(u"owner@example.com"_s, u"203.0.113.9"_s);
    QVERIFY(throttle.retryAfterSeconds(u"owner@example.com"_s, u"203.0.113.9"_s) >= 900);
    QCOMPARE(throttle.retryAfterSeconds(u"owner@example.com"_s, u"198.51.100.20"_s), 0);
}

void tst_LoginThrottle::sprayFromOneAddressIsBounded()
{
    ManualClock clock;
    LoginThrottle throttle(clock, {});
    const QString address = u"203.0.113.50"_s;
    // The sprayer tries a new account each time, as soon as it is allowed, for a day.
    int guesses = 0;
    const qint64 end = 24 * 3600;
    qint64 elapsed = 0;
    while (elapsed < end) {
        const QString account = u"user%1@example.com"_s.arg(guesses);
        const int wait = throttle.retryAfterSeconds(account, address);
        if (wait > 0) {
            clock.advanceSeconds(wait);
            elapsed += wait;
            continue;
        }
        throttle.recordFailure(account, address);
        ++guesses;
    }
    // 20 free, ten doublings up to 15 minutes, then one per 15 minutes: about 125 a day.
    QVERIFY2(guesses <= 130, qPrintable(QString::number(guesses)));
    // A user behind the same address who signed in from it before is not held up.
    throttle.recordSuccess(u"colleague@example.com"_s, address);
    QCOMPARE(throttle.retryAfterSeconds(u"colleague@example.com"_s, address), 0);
}

void tst_LoginThrottle::accountUnderAttackStillAdmitsTrustedAndCleanAddresses()
{
    ManualClock clock;
    LoginThrottle throttle(clock, {});
    const QString account = u"owner@example.com"_s;
    throttle.recordSuccess(account, u"198.51.100.1"_s); // the owner's office
    // A botnet: 200 addresses, one failure each, within a minute.
    for (int i = 0; i < 200; ++i)
        throttle.recordFailure(account, u"10.0.%1.%2"_s.arg(i / 250).arg(i % 250));
    // Failed addresses wait for the window; clean and trusted ones do not.
    QVERIFY(throttle.retryAfterSeconds(account, u"10.0.0.7"_s) > 60);
    QCOMPARE(throttle.retryAfterSeconds(account, u"198.51.100.1"_s), 0);
    QCOMPARE(throttle.retryAfterSeconds(account, u"192.0.2.77"_s), 0);
    // The trusted address is only slowed by its own mistakes, starting at once.
    throttle.recordFailure(account, u"198.51.100.1"_s);
    QCOMPARE(throttle.retryAfterSeconds(account, u"198.51.100.1"_s), 1);
    clock.advanceSeconds(1);
    QCOMPARE(throttle.retryAfterSeconds(account, u"198.51.100.1"_s), 0);
    // When the window passes the account is no longer under attack.
    clock.advanceSeconds(900);
    QCOMPARE(throttle.retryAfterSeconds(account, u"10.0.0.7"_s), 0);
}

void tst_LoginThrottle::ipv6CountsPerSlash64()
{
    QCOMPARE(LoginThrottle::addressKey(u"2001:db8:1:2:aaaa::1"_s), LoginThrottle::addressKey(u"2001:db8:1:2:ffff::9"_s));
    QVERIFY(LoginThrottle::addressKey(u"2001:db8:1:2::1"_s) != LoginThrottle::addressKey(u"2001:db8:1:3::1"_s));
    QCOMPARE(LoginThrottle::addressKey(u"::ffff:192.0.2.1"_s), u"192.0.2.1"_s);

    ManualClock clock;
    LoginThrottle throttle(clock, {});
    for (int i = 1; i <= 10; ++i)
        throttle.recordFailure(u"a@example.com"_s, u"2001:db8:1:2::%1"_s.arg(i, 0, 16));
    QVERIFY(throttle.retryAfterSeconds(u"a@example.com"_s, u"2001:db8:1:2::abcd"_s) > 0);
}

void tst_LoginThrottle::memoryIsBounded()
{
    ManualClock clock;
    LoginThrottle::Policy policy;
    policy.maxTrackedKeys = 1000;
    LoginThrottle throttle(clock, policy);
    for (int i = 0; i < 50'000; ++i) {
        throttle.recordFailure(u"u%1@example.com"_s.arg(i), u"10.%1.%2.%3"_s.arg(i >> 16).arg((i >> 8) & 255).arg(i & 255));
        if (i % 7 == 0)
            throttle.recordSuccess(u"u%1@example.com"_s.arg(i), u"10.0.0.1"_s);
        clock.advanceMs(3);
    }
    QVERIFY2(throttle.trackedEntries() <= 4 * 1000, qPrintable(QString::number(throttle.trackedEntries())));
    // The newest attack survives the flood.
    for (int i = 0; i < 10; ++i)
        throttle.recordFailure(u"owner@example.com"_s, u"203.0.113.9"_s);
    for (int i = 0; i < 500; ++i) {
        throttle.recordFailure(u"x%1@example.com"_s.arg(i), u"172.16.%1.%2"_s.arg(i >> 8).arg(i & 255));
        clock.advanceMs(1);
    }
    QVERIFY(throttle.retryAfterSeconds(u"owner@example.com"_s, u"203.0.113.9"_s) > 0);
}

QTEST_GUILESS_MAIN(tst_LoginThrottle)
#include "tst_loginthrottle.moc"
