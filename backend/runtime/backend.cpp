#include "backend.h"

#include "auth/apikeyservice.h"
#include "auth/authservice.h"
#include "auth/sessionrepository.h"
#include "core/clock.h"
#include "core/logging.h"
#include "jobs/jobqueue.h"
#include "jobs/jobrunner.h"
#include "outbox/emailoutbox.h"
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
    m_outbox = std::make_unique<EmailOutbox>(*m_database, *m_jobs, *m_clock, m_config.smtp);
    m_auth = std::make_unique<AuthService>(*m_database, *m_clock, *m_hasher, m_config.auth);
    m_apiKeys = std::make_unique<ApiKeyService>(*m_database, *m_clock);
    m_team = std::make_unique<TeamService>(*m_database, *m_clock, *m_auth, *m_outbox, m_config.team);
    m_runner = std::make_unique<JobRunner>(*m_jobs, *m_clock, m_config.workerId);

    m_runner->addHandler(QString::fromLatin1(EmailOutbox::SendJobKind),
                         [this](const Job &job) { return m_outbox->deliver(job); },
                         [this] { return m_outbox->canSend(); });
    auto report = [](const char *task, const auto &result) {
        if (!result)
            qCWarning(lcJobs).noquote() << task << "failed:" << result.error().message();
    };
    m_runner->addMaintenance(u"recover job leases"_s, 60, [this, report] {
        report("recovering job leases", m_jobs->recoverExpiredLeases());
    });
    m_runner->addMaintenance(u"expire invitations"_s, 60, [this, report] {
        report("expiring invitations", m_team->expireOverdueInvitations());
    });
    m_runner->addMaintenance(u"purge sessions"_s, 6 * 3600, [this, report] {
        SessionRepository sessions(*m_database);
        report("purging sessions", sessions.purgeEnded(m_clock->now().addDays(-30)));
    });
    m_runner->addMaintenance(u"purge jobs"_s, 24 * 3600, [this, report] {
        report("purging jobs", m_jobs->purgeFinished(m_clock->now().addDays(-30)));
    });

    const int threads = m_config.taskThreads > 0 ? m_config.taskThreads : std::max(2, QThread::idealThreadCount());
    m_taskPool.setMaxThreadCount(threads);
    m_taskPool.setExpiryTimeout(-1); // keep threads (and their connections) alive
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
        m_runner->start(m_config.jobPollIntervalMs);
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
