#pragma once

#include "jobcontext.h"
#include "jobkind.h"
#include "joboutcome.h"
#include "schedulespec.h"

#include "core/result.h"

#include <QHash>
#include <QList>
#include <QStringList>

#include <functional>

namespace vami {

// Every job kind and schedule of the backend, registered at start-up by the areas
// (before the runner starts; read-only afterwards).
//
// A kind has a typed handler, optionally a `ready` predicate (false: its jobs wait,
// e.g. mail while no mail server is configured) and a `finished` hook. The hook
// runs in the same transaction that records the job's outcome, only while the
// worker still holds the lease, so state that mirrors the job (an outbox row) can
// never disagree with it.
class JobRegistry
{
public:
    using Ready = std::function<bool()>;
    // `error` is the handler's error (a default Error for Done).
    using Finished = std::function<Status(const Job &job, JobOutcome outcome, const Error &error)>;
    using Task = std::function<Status()>;

    struct Kind
    {
        JobKindSpec spec;
        std::function<Status(JobContext &)> run;
        Ready ready;
        Finished finished;
    };

    struct Schedule
    {
        ScheduleSpec spec;
        Task task;
    };

    template<typename Payload>
    void add(const JobKind<Payload> &kind, std::function<Status(JobContext &, const Payload &)> handler,
        Ready ready = {}, Finished finished = {})
    {
        auto run = [handler = std::move(handler)](JobContext &context) -> Status {
            auto payload = decodePayload<Payload>(context.job().payload);
            if (!payload)
                return fail(payload.error());
            return handler(context, *payload);
        };
        addKind(Kind {kind.spec(), std::move(run), std::move(ready), std::move(finished)});
    }

    void addSchedule(const ScheduleSpec &spec, Task task);

    [[nodiscard]] const Kind *find(const QString &name) const;
    [[nodiscard]] QStringList kindNames() const;
    [[nodiscard]] const QList<Schedule> &schedules() const { return m_schedules; }

private:
    void addKind(Kind kind);

    QHash<QString, Kind> m_kinds;
    QList<Schedule> m_schedules;
};

} // namespace vami
