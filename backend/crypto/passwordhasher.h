#pragma once

#include <QByteArray>
#include <QString>

#include <memory>

class QThreadPool;

namespace vami {

// scrypt cost parameters. The defaults (N = 2^15, r = 8, p = 3) are one of the
// equal-strength settings of the OWASP Password Storage Cheat Sheet and take
// roughly 250 ms and 32 MiB per hash on a current server core.
struct ScryptParams
{
    int logN = 15;
    int r = 8;
    int p = 3;

    friend bool operator==(const ScryptParams &, const ScryptParams &) = default;
};

// Password hashing with OpenSSL's scrypt, stored in PHC string form:
//   $scrypt$ln=15,r=8,p=3$<salt, base64 without padding>$<32-byte key, base64 without padding>
// Thread-safe; CPU-heavy, so callers run it off any event-loop thread. The key
// derivation itself runs on the hasher's own threads at a lower scheduling priority
// (the caller waits), so a storm of sign-ins slows sign-ins only; those threads run
// nothing else, so they never hold a lock a normal-priority thread waits for.
class PasswordHasher
{
public:
    // Longest password accepted (bytes); longer input is refused before hashing.
    static constexpr qsizetype MaxPasswordBytes = 1024;

    explicit PasswordHasher(ScryptParams params = {});
    ~PasswordHasher();

    [[nodiscard]] ScryptParams params() const { return m_params; }

    // A new PHC string with a fresh 16-byte salt. Returns an empty string only if
    // OpenSSL fails (out of memory), which callers treat as an internal error.
    [[nodiscard]] QString hash(const QByteArray &password) const;

    struct Verification
    {
        bool matches = false;
        // The stored hash used other parameters than params(): store a new hash.
        bool needsRehash = false;
    };
    // Constant-time comparison. A malformed PHC string never matches. Parameters in
    // the stored string are honoured only within safe bounds (ln 10..20, r 1..32,
    // p 1..16, memory <= 256 MiB), so a tampered row cannot exhaust the server.
    [[nodiscard]] Verification verify(const QByteArray &password, const QString &phc) const;

    // A valid hash of a random password with the current parameters: verifying an
    // unknown user's login against it costs the same time as a real check.
    [[nodiscard]] const QString &dummyHash() const;

private:
    [[nodiscard]] QByteArray derive(const QByteArray &password, const QByteArray &salt, const ScryptParams &params,
                                    int length) const;

    ScryptParams m_params;
    std::shared_ptr<QThreadPool> m_pool;
    QString m_dummy;
};

} // namespace vami
