#pragma once

#include "core/result.h"

#include <QUuid>

namespace vami {
class Backend;
}

namespace vami::test {

// Adds `count` members (every tenth an admin) to an organization through the
// repositories, in one transaction. Members get a fixed, well-formed password
// hash that matches no password: hashing thousands of passwords is not what the
// benchmarks measure.
Status seedMembers(Backend &backend, const QUuid &organizationId, const QUuid &invitedBy, int count);

} // namespace vami::test
