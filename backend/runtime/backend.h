#pragma once

#include "backendconfig.h"

#include "core/result.h"

#include <QThreadPool>

#include <memory>

namespace vami {

class ApiKeyService;
class BlobStore;
class AuthService;
class Clock;
class Database;
class EmailOutbox;
class HttpClient;
class JobQueue;
class JobRegistry;
class JobRunner;
class Outbox;
class PasswordHasher;
class PasswordResetService;
class TeamService;

// The backend as one object: the database, the services of every area, the job
// registry and runner, the outbox, outbound HTTP, and a thread pool for callers that
// must not block (the desktop). Both executables create exactly one and hand its
// services to their face.
class Backend
{
public:
    explicit Backend(BackendConfig config, std::shared_ptr<Clock> clock = {});
    ~Backend();
    Backend(const Backend &) = delete;
    Backend &operator=(const Backend &) = delete;

    // Opens the database, applies migrations and starts background jobs.
    Status start();
    // Stops background jobs and waits for running tasks.
    void stop();

    [[nodiscard]] const BackendConfig &config() const { return m_config; }
    [[nodiscard]] const Clock &clock() const { return *m_clock; }
    [[nodiscard]] Database &database() { return *m_database; }
    [[nodiscard]] const PasswordHasher &hasher() const { return *m_hasher; }
    [[nodiscard]] AuthService &auth() { return *m_auth; }
    [[nodiscard]] ApiKeyService &apiKeys() { return *m_apiKeys; }
    [[nodiscard]] PasswordResetService &passwordResets() { return *m_passwordResets; }
    [[nodiscard]] TeamService &team() { return *m_team; }
    [[nodiscard]] Outbox &outbox() { return *m_outbox; }
    [[nodiscard]] EmailOutbox &emailOutbox() { return *m_email; }
    [[nodiscard]] const HttpClient &http() const { return *m_http; }
    // File content (recordings, uploads, exports) kept in the database.
    [[nodiscard]] BlobStore &blobs() { return *m_blobs; }
    [[nodiscard]] JobQueue &jobs() { return *m_jobs; }
    [[nodiscard]] JobRegistry &jobKinds() { return *m_jobKinds; }
    [[nodiscard]] JobRunner &jobRunner() { return *m_runner; }
    // Threads for work a caller must not wait for (each keeps its own connection).
    [[nodiscard]] QThreadPool &taskPool() { return m_taskPool; }

private:
    void registerSchedules();

    BackendConfig m_config;
    std::shared_ptr<Clock> m_clock;
    std::unique_ptr<Database> m_database;
    std::unique_ptr<PasswordHasher> m_hasher;
    std::unique_ptr<JobQueue> m_jobs;
    std::unique_ptr<JobRegistry> m_jobKinds;
    std::unique_ptr<Outbox> m_outbox;
    std::unique_ptr<EmailOutbox> m_email;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<BlobStore> m_blobs;
    std::unique_ptr<AuthService> m_auth;
    std::unique_ptr<ApiKeyService> m_apiKeys;
    std::unique_ptr<PasswordResetService> m_passwordResets;
    std::unique_ptr<TeamService> m_team;
    std::unique_ptr<JobRunner> m_runner;
    QThreadPool m_taskPool;
    bool m_started = false;
};

} // namespace vami
