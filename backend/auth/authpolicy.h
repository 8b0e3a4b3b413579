#pragma once

namespace vami {

// Lifetimes and limits of sign-in. Defaults follow OWASP ASVS 5.0 level 2.
struct AuthPolicy
{
    int accessTokenTtlSeconds = 900;   // 15 minutes
    int refreshIdleDays = 14;          // a session unused this long ends
    int refreshAbsoluteDays = 30;      // every session ends after this long
    int loginAccountFailures = 10;     // failed sign-ins per e-mail address per window
    int loginAddressFailures = 50;     // failed sign-ins per client address per window
    int loginWindowSeconds = 900;
    int activityWriteIntervalSeconds = 300; // how often "last active" is written per user
};

} // namespace vami
