#include "calljobs.h"

#include "core/permission.h"

using namespace Qt::StringLiterals;

namespace vami {

const JobKind<DialCall> &dialCallJob()
{
    // A dial is short: two minutes of lease, three claims (a crash while dialling
    // leaves the call pending; the next claim places it), ten dials at once across
    // the instances and two per organization.
    static const JobKind<DialCall> kind({.name = u"calls.dial"_s,
        .leaseSeconds = 120,
        .maxAttempts = 3,
        .concurrency = 10,
        .perOrganization = 2,
        .permissions = {Permission::MakeCalls}});
    return kind;
}

} // namespace vami
