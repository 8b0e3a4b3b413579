#include "threadpriority.h"

#include <QThread>

#if defined(Q_OS_LINUX)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace vami {

namespace {

thread_local bool t_lowered = false;

} // namespace

void lowerThisThreadsPriority()
{
    if (t_lowered)
        return;
    t_lowered = true;
#if defined(Q_OS_LINUX)
    (void)setpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)), 10);
#else
    QThread::currentThread()->setPriority(QThread::LowPriority);
#endif
}

bool isThisThreadLowPriority()
{
    return t_lowered;
}

} // namespace vami
