#pragma once

#include <QString>

namespace vami {

// Lifetimes and limits of sign-in. Defaults follow OWASP ASVS 5.0 level 2.
struct AuthPolicy
{
    int accessTokenTtlSeconds = 900;   // 15 minutes
    int refreshIdleDays = 14;          // a session unused this long ends
    int refreshAbsoluteDays = 30;      // every session ends after this long
    // Sign-in throttling (LoginThrottle): failures of one address on one account
    // before delays start, failures of one address on any accounts before delays
    // start, the first delay (doubling per further failure) and its cap, and the
    // failures of one account from all addresses within the window after which only
    // addresses with no failures on it, or that signed in to it before, get through.
    int loginPairFreeFailures = 3;
    int loginAddressFreeFailures = 20;
    int loginBaseDelaySeconds = 1;
    int loginMaxDelaySeconds = 900;
    int loginAccountBudget = 50;
    int loginWindowSeconds = 900;
    int passwordResetTtlSeconds = 3600;     // a reset link works this long after it is sent
    int passwordResetsPerHour = 3;          // reset e-mails per account per hour
    int activityWriteIntervalSeconds = 300; // how often "last active" is written per user
    // The page a reset e-mail links to; the token is added as ?access_token=...
    QString resetUrl = QStringLiteral("http://localhost:5173/reset-password");
};

} // namespace vami
