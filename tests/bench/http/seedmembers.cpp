// Seeds a database for the HTTP load benchmark: one organization whose owner has
// a known password, plus N members (default 10,000) inserted through the
// repositories in one transaction (members get a fixed password hash: hashing
// 10,000 passwords is not what is being measured).
//
//   vami-bench-seed <database-url> <owner-email> <owner-password> [members]

#include "auth/authservice.h"
#include "auth/user.h"
#include "auth/userrepository.h"
#include "core/clock.h"
#include "core/ids.h"
#include "runtime/backend.h"
#include "storage/database.h"
#include "team/memberrepository.h"

#include <QCoreApplication>
#include <QTextStream>

using namespace Qt::StringLiterals;
using namespace vami;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (args.size() < 4) {
        err << "usage: vami-bench-seed <database-url> <owner-email> <owner-password> [members]\n";
        return 2;
    }
    auto database = DatabaseConfig::fromUrl(args[1]);
    if (!database) {
        err << "bad database URL\n";
        return 2;
    }
    const int members = args.size() > 4 ? args[4].toInt() : 10000;
    BackendConfig config;
    config.database = *database;
    config.runJobs = false;
    Backend backend(config);
    if (Status started = backend.start(); !started) {
        err << started.error().message() << ' ' << started.error().diagnostic() << '\n';
        return 1;
    }
    RegisterInput owner;
    owner.email = args[2];
    owner.password = args[3];
    owner.companyName = u"Benchmark Org"_s;
    auto signedIn = backend.auth().registerAccount(owner, ClientInfo{});
    if (!signedIn) {
        err << "cannot register the owner: " << signedIn.error().message() << '\n';
        return 1;
    }
    const QUuid organizationId = signedIn->organization.id;
    UserRepository users(backend.database());
    MemberRepository team(backend.database());
    // A well-formed hash of nothing anyone knows: members cannot sign in.
    const QString fixedHash = u"$scrypt$ln=15,r=8,p=3$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"_s;
    QDateTime at = backend.clock().now();
    Status seeded = backend.database().transaction([&]() -> Status {
        for (int i = 0; i < members; ++i) {
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
            if (Status s = team.insert(organizationId, u.id, i % 10 == 0 ? Role::Admin : Role::Member,
                                       signedIn->user.id, at);
                !s)
                return s;
        }
        return {};
    });
    if (!seeded) {
        err << "seeding failed: " << seeded.error().diagnostic() << '\n';
        return 1;
    }
    out << "seeded organization " << idText(organizationId) << " with " << members + 1 << " members\n";
    backend.stop();
    return 0;
}
