#include "memberseeder.h"

#include "auth/user.h"
#include "auth/userrepository.h"
#include "core/clock.h"
#include "core/ids.h"
#include "runtime/backend.h"
#include "storage/database.h"
#include "team/memberrepository.h"

using namespace Qt::StringLiterals;

namespace vami::test {

Status seedMembers(Backend &backend, const QUuid &organizationId, const QUuid &invitedBy, int count)
{
    UserRepository users(backend.database());
    MemberRepository team(backend.database());
    const QString fixedHash = u"$scrypt$ln=15,r=8,p=3$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"_s;
    QDateTime at = backend.clock().now();
    return backend.database().transaction([&]() -> Status {
        for (int i = 0; i < count; ++i) {
            at = at.addSecs(1);
            User u;
            u.id = newId();
            u.email = u"member%1@bench.example"_s.arg(i, 5, 10, QLatin1Char('0'));
            u.fullName = u"Member %1"_s.arg(i);
            u.defaultOrganizationId = organizationId;
            u.createdAt = at;
            u.updatedAt = at;
            if (Status s = users.insert(u, fixedHash); !s)
                return s;
            if (Status s = team.insert(organizationId, u.id, i % 10 == 0 ? Role::Admin : Role::Member, invitedBy, at);
                !s)
                return s;
        }
        return {};
    });
}

} // namespace vami::test
