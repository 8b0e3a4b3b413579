// Micro-benchmarks of the work behind one API request (QBENCHMARK; they measure
// and never assert on time). Run: build/release/bin/bench_backend [-callgrind]
// The organization holds 10,000 members in a throwaway SQLite file.

#include "memberseeder.h"

#include "auth/authservice.h"
#include "core/clock.h"
#include "crypto/jwtcodec.h"
#include "http/serialize/teamjson.h"
#include "json/jsonwriter.h"
#include "json/schema.h"
#include "json/strictjson.h"
#include "runtime/backend.h"
#include "team/teamservice.h"
#include "testbackend.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace vami;

namespace {

constexpr int Members = 10000;

QByteArray statusLine(const char *key)
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.simplified();
    }
    return {};
}

} // namespace

class bench_Backend : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void authenticateSession();
    void memberPageQuery();
    void memberPageJson();
    void memberPageQJsonObject();
    void jwtSign();
    void jwtVerify();
    void loginBodyParseAndValidate();

private:
    std::unique_ptr<test::TestBackend> m_backend;
    SignedIn m_owner;
    Actor m_actor;
    MemberPage m_page;
};

void bench_Backend::initTestCase()
{
    test::TestBackend::Options options;
    options.kind = test::TestDatabase::Kind::Sqlite;
    m_backend = std::make_unique<test::TestBackend>(options);
    QVERIFY2(m_backend->isValid(), qPrintable(m_backend->error()));
    RegisterInput owner{u"owner@bench.example"_s, u"Bench-Passw0rd!"_s, {}, u"Benchmark Org"_s, {}};
    auto signedIn = m_backend->backend().service<AuthService>().registerAccount(owner, ClientInfo{});
    QVERIFY(signedIn);
    m_owner = *signedIn;
    QVERIFY(test::seedMembers(m_backend->backend(), m_owner.organization.id, m_owner.user.id, Members));
    auto actor = m_backend->backend().service<AuthService>().authenticateSession(
        SessionRef{m_owner.sessionId, m_owner.user.id, m_owner.organization.id, m_owner.user.tokenVersion}, {});
    QVERIFY(actor);
    m_actor = *actor;
    MemberQuery query;
    query.perPage = 50;
    auto page = m_backend->backend().service<TeamService>().listMembers(m_actor, query);
    QVERIFY(page);
    QCOMPARE(page->members.size(), 50);
    m_page = *page;
    qInfo().noquote() << "after seeding" << Members << "members:" << statusLine("VmRSS") << statusLine("VmHWM");
}

void bench_Backend::cleanupTestCase()
{
    qInfo().noquote() << "at the end:" << statusLine("VmRSS") << statusLine("VmHWM");
    m_backend.reset();
}

void bench_Backend::authenticateSession()
{
    const SessionRef ref{m_owner.sessionId, m_owner.user.id, m_owner.organization.id, m_owner.user.tokenVersion};
    QBENCHMARK {
        auto actor = m_backend->backend().service<AuthService>().authenticateSession(ref, {});
        QVERIFY(actor);
    }
}

void bench_Backend::memberPageQuery()
{
    MemberQuery query;
    query.page = qEnvironmentVariableIntValue("BENCH_PAGE") > 0 ? qEnvironmentVariableIntValue("BENCH_PAGE") : 100;
    query.perPage = 50;
    QBENCHMARK {
        auto page = m_backend->backend().service<TeamService>().listMembers(m_actor, query);
        QVERIFY(page && page->members.size() == 50);
    }
}

void bench_Backend::memberPageJson()
{
    QByteArray body;
    QBENCHMARK {
        JsonWriter w(16384);
        w.beginObject().key("members").beginArray();
        for (const TeamMember &m : std::as_const(m_page.members))
            http::writeTeamMember(w, m);
        w.endArray().field("total", qint64(m_page.total)).endObject();
        body = w.take();
    }
    QCOMPARE(QJsonDocument::fromJson(body).object().value(u"members"_s).toArray().size(), 50);
}

// The same page built with QJsonObject, for comparison with JsonWriter.
void bench_Backend::memberPageQJsonObject()
{
    QByteArray body;
    QBENCHMARK {
        QJsonArray members;
        for (const TeamMember &m : std::as_const(m_page.members)) {
            JsonWriter one(512);
            http::writeTeamMember(one, m);
            members.append(QJsonDocument::fromJson(one.take()).object());
        }
        body = QJsonDocument(QJsonObject{{u"members"_s, members}, {u"total"_s, m_page.total}})
                   .toJson(QJsonDocument::Compact);
    }
    QVERIFY(body.size() > 1000);
}

void bench_Backend::jwtSign()
{
    const JwtCodec codec(QByteArray(32, 'k'), u"vami"_s, u"vami-api"_s, m_backend->backend().clock());
    AccessClaims claims{m_owner.user.id, m_owner.organization.id, m_owner.sessionId, 0,
                        m_backend->backend().clock().now(), m_backend->backend().clock().now().addSecs(900),
                        u"jti"_s};
    QByteArray token;
    QBENCHMARK {
        token = codec.sign(claims);
    }
    QVERIFY(codec.verify(token).has_value());
}

void bench_Backend::jwtVerify()
{
    const JwtCodec codec(QByteArray(32, 'k'), u"vami"_s, u"vami-api"_s, m_backend->backend().clock());
    AccessClaims claims{m_owner.user.id, m_owner.organization.id, m_owner.sessionId, 0,
                        m_backend->backend().clock().now(), m_backend->backend().clock().now().addSecs(900),
                        u"jti"_s};
    const QByteArray token = codec.sign(claims);
    QBENCHMARK {
        auto verified = codec.verify(token);
        QVERIFY(verified.has_value());
    }
}

void bench_Backend::loginBodyParseAndValidate()
{
    const Schema schema = Schema::object()
                              .property(u"email"_s, Schema::string().maxLength(320), Schema::Required)
                              .property(u"password"_s, Schema::string().maxLength(1024), Schema::Required);
    const QByteArray body = R"({"email":"owner@bench.example","password":"Bench-Passw0rd!"})";
    QBENCHMARK {
        auto parsed = parseStrictJson(body);
        QVERIFY(parsed.has_value());
        QVERIFY(schema.validate(*parsed).has_value());
    }
}

QTEST_GUILESS_MAIN(bench_Backend)
#include "bench_backend.moc"
