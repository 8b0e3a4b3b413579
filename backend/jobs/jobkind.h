#pragma once

#include "jobkindspec.h"
#include "payloadcodec.h"

namespace vami {

// A job kind together with the type of its payload: the handle both the code that
// enqueues (JobQueue::enqueue) and the handler (JobRegistry::add) name, so the two
// cannot disagree about what the payload holds. An area declares one per kind.
template<typename Payload> class JobKind
{
public:
    using PayloadType = Payload;

    explicit JobKind(JobKindSpec spec)
        : m_spec(std::move(spec))
    { }

    [[nodiscard]] const JobKindSpec &spec() const { return m_spec; }
    [[nodiscard]] const QString &name() const { return m_spec.name; }

private:
    JobKindSpec m_spec;
};

} // namespace vami
