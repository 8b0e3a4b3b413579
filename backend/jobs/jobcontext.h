#pragma once

#include "job.h"
#include "jobcontrol.h"
#include "jobkindspec.h"

#include "core/actor.h"

#include <memory>
#include <stop_token>

namespace vami {

// What a handler gets besides its payload: the job, the system actor it acts as,
// and whether it should stop. Long handlers check stopRequested() (or pass
// stopToken() to HttpClient) and return early: a cancelled job then ends
// `cancelled`, an interrupted one on shutdown goes back to pending without using
// an attempt, and one whose lease was lost is simply dropped.
class JobContext
{
public:
    JobContext(Job job, const JobKindSpec &spec, std::shared_ptr<JobControl> control);

    [[nodiscard]] const Job &job() const { return m_job; }
    [[nodiscard]] const QUuid &jobId() const { return m_job.id; }
    [[nodiscard]] const QUuid &organizationId() const { return m_job.organizationId; }
    // 1 for the first run.
    [[nodiscard]] int attempt() const { return m_job.attempts; }
    [[nodiscard]] bool isLastAttempt() const { return m_job.attempts >= m_job.maxAttempts; }
    // A system actor of the job's organization with the kind's permissions.
    [[nodiscard]] const Actor &actor() const { return m_actor; }

    [[nodiscard]] std::stop_token stopToken() const { return m_control->token(); }
    [[nodiscard]] bool stopRequested() const { return m_control->token().stop_requested(); }
    [[nodiscard]] bool cancelRequested() const { return m_control->cancelRequested(); }

private:
    Job m_job;
    Actor m_actor;
    std::shared_ptr<JobControl> m_control;
};

} // namespace vami
