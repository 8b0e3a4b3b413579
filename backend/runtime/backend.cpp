#include "backend.h"

#include "auth/apikeyservice.h"
#include "auth/authservice.h"
#include "auth/passwordresetservice.h"
#include "auth/sessionrepository.h"
#include "core/clock.h"
#include "core/logging.h"
#include "jobs/jobqueue.h"
#include "jobs/jobregistry.h"
#include "jobs/jobrunner.h"
#include "net/httpclient.h"
#include "outbox/emailoutbox.h"
#include "outbox/outbox.h"
#include "storage/blobstore.h"
#include "storage/database.h"
#include "team/teamservice.h"

#include <QCoreApplication>
#include <QSysInfo>
#include <QThread>

using namespace Qt::StringLiterals;

namespace vami {

Backend::Backend(BackendConfig config, std::shared_ptr<Clock> clock)
    : m_config(std::move(config))
    , m_clock(clock ? std::move(clock) : std::make_shared<SystemClock>())
{
    if (m_config.workerId.isEmpty())
        m_config.workerId = QSysInfo::machineHostName() + u':' + QString::number(QCoreApplication::applicationPid());
    m_database = std::make_unique<Database>(m_config.database);
    m_hasher = std::make_unique<PasswordHasher>(m_config.scrypt);
    m_jobs = std::make_unique<JobQueue>(*m_database, *m_clock);
    m_jobKinds = std::make_unique<JobRegistry>();
    m_outbox = std::make_unique<Outbox>(*m_database, *m_jobs, *m_jobKinds, *m_clock);
    m_email = std::make_unique<EmailOutbox>(*m_outbox, m_config.smtp);
    m_outbox->addChannel(*m_email);
    m_http = std::make_unique<HttpClient>(m_config.outbound, *m_clock);
    m_blobs = std::make_unique<BlobStore>(*m_database, *m_clock);
    m_auth = std::make_unique<AuthService>(*m_database, *m_clock, *m_hasher, m_config.auth);
    m_apiKeys = std::make_unique<ApiKeyService>(*m_database, *m_clock);
    m_passwordResets = std::make_unique<PasswordResetService>(*m_database, *m_clock, *m_hasher, *m_email, m_config.auth);
    m_team = std::make_unique<TeamService>(*m_database, *m_clock, *m_auth, *m_email, *m_passwordResets, m_config.team);
    registerSchedules();
    m_runner = std::make_unique<JobRunner>(*m_database, *m_jobs, *m_jobKinds, *m_clock, m_config.workerId);

    const int threads = m_config.taskThreads > 0 ? m_config.taskThreads : std::max(2, QThread::idealThreadCount());
    m_taskPool.setMaxThreadCount(threads);
    m_taskPool.setExpiryTimeout(-1); // keep threads (and their connections) alive
}

void Backend::registerSchedules()
{
    auto status = [](const auto &result) -> Status {
        if (!result)
            return fail(result.error());
        return {};
    };
    m_jobKinds->addSchedule(
        {u"jobs.recover_leases"_s, 60, 300}, [this, status] { return status(m_jobs->recoverExpiredLeases()); });
    m_jobKinds->addSchedule(
        {u"team.expire_invitations"_s, 60, 300}, [this, status] { return status(m_team->expireOverdueInvitations()); });
    m_jobKinds->addSchedule({u"auth.purge_sessions"_s, 6 * 3600, 600}, [this, status] {
        SessionRepository sessions(*m_database);
        return status(sessions.purgeEnded(m_clock->now().addDays(-30)));
    });
    // Uploads abandoned for a day, and the content of removed files.
    m_jobKinds->addSchedule({u"storage.purge_blobs"_s, 3600, 600},
        [this, status] { return status(m_blobs->purgeIncomplete(m_clock->now().addDays(-1))); });
    m_jobKinds->addSchedule({u"jobs.purge_finished"_s, 24 * 3600, 600},
        [this, status] { return status(m_jobs->purgeFinished(m_clock->now().addDays(-30))); });
}

Backend::~Backend()
{
    stop();
}

Status Backend::start()
{
    if (m_started)
        return {};
    if (Status opened = m_database->open(); !opened)
        return opened;
    if (Status migrated = m_database->migrate(*m_clock); !migrated)
        return migrated;
    if (m_config.runJobs)
        m_runner->start(m_config.jobWorkers, m_config.jobPollIntervalMs);
    m_started = true;
    qCInfo(lcServer).noquote() << "backend started on" << m_config.database.displayUrl();
    return {};
}

void Backend::stop()
{
    m_runner->stop();
    m_taskPool.waitForDone();
    m_started = false;
}

} // namespace vami
