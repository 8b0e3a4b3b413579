#include "jobcontext.h"

#include "core/ids.h"
#include "core/systemactor.h"

using namespace Qt::StringLiterals;

namespace vami {

JobContext::JobContext(Job job, const JobKindSpec &spec, std::shared_ptr<JobControl> control)
    : m_job(std::move(job))
    , m_actor(systemActor(m_job.organizationId, spec.permissions, u"job:"_s + idText(m_job.id)))
    , m_control(std::move(control))
{ }

} // namespace vami
