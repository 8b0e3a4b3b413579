// Seeds a database for the HTTP load benchmark: one organization whose owner has
// a known password, plus N members (default 10,000; see memberseeder.h).
//
//   vami-bench-seed <database-url> <owner-email> <owner-password> [members]

#include "memberseeder.h"

#include "auth/authservice.h"
#include "core/ids.h"
#include "runtime/backend.h"

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
    auto signedIn = backend.service<AuthService>().registerAccount(owner, ClientInfo{});
    if (!signedIn) {
        err << "cannot register the owner: " << signedIn.error().message() << '\n';
        return 1;
    }
    const QUuid organizationId = signedIn->organization.id;
    const Status seeded = test::seedMembers(backend, organizationId, signedIn->user.id, members);
    if (!seeded) {
        err << "seeding failed: " << seeded.error().diagnostic() << '\n';
        return 1;
    }
    out << "seeded organization " << idText(organizationId) << " with " << members + 1 << " members\n";
    backend.stop();
    return 0;
}
