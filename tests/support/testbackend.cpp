#include "testbackend.h"

namespace vami::test {

TestBackend::TestBackend()
    : TestBackend(Options{})
{
}

TestBackend::TestBackend(const Options &options)
    : m_database(std::make_unique<TestDatabase>(options.kind))
{
    if (!m_database->isValid()) {
        m_error = m_database->error();
        return;
    }
    BackendConfig config;
    config.database = m_database->config();
    config.scrypt = options.scrypt;
    config.runJobs = options.runJobs;
    config.jobPollIntervalMs = 100;
    config.smtp = options.smtp;
    config.calls = options.calls;
    config.secret = QByteArray(32, 't');
    config.team.acceptUrl = QStringLiteral("https://app.example.test/team/accept-invitation");
    config.auth.resetUrl = QStringLiteral("https://app.example.test/reset-password");
    if (options.manualClock)
        m_clock = std::make_shared<ManualClock>();
    m_config = config;
    m_backend = std::make_unique<Backend>(config, m_clock);
    if (Status started = m_backend->start(); !started)
        m_error = started.error().message() + QLatin1Char(' ') + started.error().diagnostic();
}

bool TestBackend::restart()
{
    if (m_backend)
        m_backend->stop();
    m_backend.reset();
    m_backend = std::make_unique<Backend>(m_config, m_clock);
    if (Status started = m_backend->start(); !started) {
        m_error = started.error().message() + QLatin1Char(' ') + started.error().diagnostic();
        return false;
    }
    return true;
}

TestBackend::~TestBackend()
{
    if (m_backend)
        m_backend->stop();
    m_backend.reset();
}

} // namespace vami::test
