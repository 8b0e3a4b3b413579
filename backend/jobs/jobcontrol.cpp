#include "jobcontrol.h"

namespace vami {

void JobControl::requestCancel()
{
    m_cancelled = true;
    m_source.request_stop();
}

void JobControl::markLeaseLost()
{
    m_leaseLost = true;
    m_source.request_stop();
}

void JobControl::requestShutdown()
{
    m_shutdown = true;
    m_source.request_stop();
}

} // namespace vami
