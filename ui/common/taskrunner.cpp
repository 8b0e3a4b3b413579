#include "taskrunner.h"

#include <QCoreApplication>

namespace vami {

TaskRunner::TaskRunner(QThreadPool &pool, QObject *parent)
    : QObject(parent)
    , m_pool(pool)
{ }

TaskRunner::~TaskRunner()
{
    // Work still running refers to the backend: let it end before anything else goes.
    m_pool.waitForDone();
}

void TaskRunner::waitForIdle()
{
    m_pool.waitForDone();
    QCoreApplication::sendPostedEvents(this);
}

void TaskRunner::begin()
{
    if (m_running++ == 0)
        Q_EMIT busyChanged(true);
}

void TaskRunner::end()
{
    if (m_running > 0 && --m_running == 0)
        Q_EMIT busyChanged(false);
}

} // namespace vami
