#include "jobregistry.h"

#include "core/logging.h"

namespace vami {

void JobRegistry::addKind(Kind kind)
{
    Q_ASSERT_X(!m_kinds.contains(kind.spec.name), "JobRegistry", "a job kind is registered twice");
    Q_ASSERT_X(kind.spec.leaseSeconds >= 3 && kind.spec.maxAttempts >= 1, "JobRegistry", "a job kind's limits");
    if (m_kinds.contains(kind.spec.name)) {
        qCCritical(lcJobs).noquote() << "job kind" << kind.spec.name << "is registered twice; keeping the first";
        return;
    }
    const QString name = kind.spec.name;
    m_kinds.insert(name, std::move(kind));
}

void JobRegistry::addSchedule(const ScheduleSpec &spec, Task task)
{
    for (const Schedule &s : std::as_const(m_schedules)) {
        if (s.spec.name == spec.name) {
            qCCritical(lcJobs).noquote() << "schedule" << spec.name << "is registered twice; keeping the first";
            return;
        }
    }
    m_schedules.append(Schedule {spec, std::move(task)});
}

const JobRegistry::Kind *JobRegistry::find(const QString &name) const
{
    const auto it = m_kinds.constFind(name);
    return it == m_kinds.constEnd() ? nullptr : &*it;
}

QStringList JobRegistry::kindNames() const
{
    QStringList names = m_kinds.keys();
    names.sort();
    return names;
}

} // namespace vami
