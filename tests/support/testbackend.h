#pragma once

#include "manualclock.h"
#include "testdatabase.h"

#include "runtime/backend.h"

#include <memory>

namespace vami::test {

// A started Backend on a fresh test database, with cheap password hashing
// (scrypt N=2^10) so tests stay fast, background jobs not started (tests call
// jobRunner().runDueJobs() when they want them) and, optionally, a manual clock.
class TestBackend
{
public:
    struct Options
    {
        TestDatabase::Kind kind = TestDatabase::kindFromEnvironment();
        bool manualClock = false;
        bool runJobs = false;
        SmtpSettings smtp;
        ScryptParams scrypt{10, 8, 1};
        CallPolicy calls;
    };

    TestBackend();
    explicit TestBackend(const Options &options);
    ~TestBackend();

    [[nodiscard]] bool isValid() const { return m_error.isEmpty(); }
    [[nodiscard]] const QString &error() const { return m_error; }
    [[nodiscard]] Backend &backend() { return *m_backend; }
    Backend *operator->() { return m_backend.get(); }
    // Only with Options::manualClock.
    [[nodiscard]] ManualClock &clock() { return *m_clock; }
    [[nodiscard]] TestDatabase &database() { return *m_database; }
    // Stops the backend and starts a new one on the same database and clock, as a
    // restarted process would; false (and error() set) when it does not start.
    bool restart();

private:
    std::unique_ptr<TestDatabase> m_database;
    std::shared_ptr<ManualClock> m_clock;
    BackendConfig m_config;
    std::unique_ptr<Backend> m_backend;
    QString m_error;
};

} // namespace vami::test
