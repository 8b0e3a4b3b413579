#include "manualclock.h"

#include "net/addressrange.h"
#include "http/corspolicy.h"
#include "http/errormapper.h"
#include "http/ratelimiter.h"
#include "http/routetable.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::http;
using namespace vami::test;

class tst_HttpParts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void slidingWindowIsExact();
    void largeWindowsAreBucketed();
    void refusedRequestsDoNotCount();
    void keysAreBounded();
    void routingPrefersLiteralsAndReports405();
    void pathsAreNormalized();
    void bodyLimitsFollowRoutes();
    void addressRanges();
    void ipv6ClientsShareTheirNetwork();
    void corsRules();
    void errorMapping();
};

void tst_HttpParts::slidingWindowIsExact()
{
    ManualClock clock;
    RateLimiter limiter(clock);
    const QList<RateLimiter::Rule> rules = {{3, 60}};
    for (int i = 0; i < 3; ++i) {
        const auto d = limiter.hit(u"k"_s, rules);
        QVERIFY(d.allowed);
        QCOMPARE(d.remaining.first(), 2 - i);
        clock.advanceSeconds(10);
    }
    const auto refused = limiter.hit(u"k"_s, rules);
    QVERIFY(!refused.allowed);
    QCOMPARE(refused.retryAfterSeconds, 30); // the first request leaves the window at t=60
    clock.advanceSeconds(29);
    QVERIFY(!limiter.hit(u"k"_s, rules).allowed);
    clock.advanceSeconds(1);
    QVERIFY(limiter.hit(u"k"_s, rules).allowed);
    QVERIFY(limiter.hit(u"other"_s, rules).allowed);
}

void tst_HttpParts::largeWindowsAreBucketed()
{
    ManualClock clock;
    RateLimiter limiter(clock);
    const QList<RateLimiter::Rule> rules = {{1000, 3600}};
    for (int i = 0; i < 1000; ++i)
        QVERIFY(limiter.hit(u"k"_s, rules).allowed);
    const auto refused = limiter.hit(u"k"_s, rules);
    QVERIFY(!refused.allowed);
    QVERIFY(refused.retryAfterSeconds > 0 && refused.retryAfterSeconds <= 3600);
    clock.advanceSeconds(3600);
    QVERIFY(limiter.hit(u"k"_s, rules).allowed);
}

void tst_HttpParts::refusedRequestsDoNotCount()
{
    ManualClock clock;
    RateLimiter limiter(clock);
    const QList<RateLimiter::Rule> rules = {{2, 60}, {100, 3600}};
    QVERIFY(limiter.hit(u"k"_s, rules).allowed);
    QVERIFY(limiter.hit(u"k"_s, rules).allowed);
    for (int i = 0; i < 10; ++i)
        QVERIFY(!limiter.hit(u"k"_s, rules).allowed);
    clock.advanceSeconds(61);
    const auto d = limiter.hit(u"k"_s, rules);
    QVERIFY(d.allowed);
    QCOMPARE(d.remaining[1], 97); // three counted in the hour, not thirteen
}

void tst_HttpParts::keysAreBounded()
{
    ManualClock clock;
    RateLimiter limiter(clock, 1600);
    for (int i = 0; i < 20000; ++i) {
        limiter.hit(u"key-%1"_s.arg(i), {{5, 60}});
        if (i % 1000 == 0)
            clock.advanceSeconds(61);
    }
    QVERIFY(limiter.keyCount() <= 1600);
}

void tst_HttpParts::routingPrefersLiteralsAndReports405()
{
    RouteTable table;
    auto route = [](Method m, const QString &path, const QString &name) {
        Route r;
        r.method = m;
        r.path = path;
        r.name = name;
        return r;
    };
    table.add(route(Method::Get, u"/api/calls/{call_id}"_s, u"get_call"_s));
    table.add(route(Method::Get, u"/api/calls/stats"_s, u"stats"_s));
    table.add(route(Method::Delete, u"/api/calls/{call_id}"_s, u"cancel_call"_s));
    auto m = table.match(Method::Get, u"/api/calls/stats"_s);
    QCOMPARE(m.kind, RouteTable::Match::Kind::Found);
    QCOMPARE(m.route->name, u"stats"_s);
    m = table.match(Method::Get, u"/api/calls/abc%20def"_s);
    QCOMPARE(m.route->name, u"get_call"_s);
    QCOMPARE(m.params.value(u"call_id"_s), u"abc def"_s);
    m = table.match(Method::Post, u"/api/calls/initiate"_s);
    QCOMPARE(m.kind, RouteTable::Match::Kind::MethodNotAllowed);
    QVERIFY(m.allowed.contains(Method::Get));
    QVERIFY(m.allowed.contains(Method::Delete));
    QCOMPARE(table.match(Method::Get, u"/api/calls"_s).kind, RouteTable::Match::Kind::NotFound);
    QCOMPARE(table.match(Method::Get, u"/api/calls/a/b"_s).kind, RouteTable::Match::Kind::NotFound);
}

void tst_HttpParts::pathsAreNormalized()
{
    QCOMPARE(RouteTable::normalizePath(""), u"/"_s);
    QCOMPARE(RouteTable::normalizePath("/"), u"/"_s);
    QCOMPARE(RouteTable::normalizePath("/api/agents/"), u"/api/agents"_s);
    QCOMPARE(RouteTable::normalizePath("/api/api/phone-numbers/available"), u"/api/phone-numbers/available"_s);
    QCOMPARE(RouteTable::normalizePath("/health///"), u"/health"_s);
}

void tst_HttpParts::bodyLimitsFollowRoutes()
{
    RouteTable table;
    Route upload;
    upload.method = Method::Post;
    upload.path = u"/api/upload"_s;
    upload.maxBodyBytes = 10 * 1024 * 1024;
    table.add(upload);
    QCOMPARE(table.bodyLimitFor("POST", "/api/upload?x=1"), 10 * 1024 * 1024);
    QCOMPARE(table.bodyLimitFor("POST", "/api/upload/"), 10 * 1024 * 1024);
    QCOMPARE(table.bodyLimitFor("PUT", "/api/upload"), 64 * 1024);
    QCOMPARE(table.bodyLimitFor("POST", "/elsewhere"), 64 * 1024);
}

void tst_HttpParts::addressRanges()
{
    const auto net = AddressRange::parse(u"10.0.0.0/8"_s);
    QVERIFY(net);
    QVERIFY(net->contains(QHostAddress(u"10.200.3.4"_s)));
    QVERIFY(net->contains(QHostAddress(u"::ffff:10.1.1.1"_s)));
    QVERIFY(!net->contains(QHostAddress(u"11.0.0.1"_s)));
    const auto single = AddressRange::parse(u"::1"_s);
    QVERIFY(single && single->contains(QHostAddress(u"::1"_s)));
    QVERIFY(!single->contains(QHostAddress(u"::2"_s)));
    for (const QString &bad : {u""_s, u"10.0.0.0/33"_s, u"nonsense"_s, u"10.0.0/8x"_s})
        QVERIFY2(!AddressRange::parse(bad), qPrintable(bad));
    QString bad;
    const auto list = AddressRange::parseList({u"127.0.0.1"_s, u"x"_s, u"192.168.0.0/16"_s}, &bad);
    QCOMPARE(list.size(), 2);
    QCOMPARE(bad, u"x"_s);
}

void tst_HttpParts::ipv6ClientsShareTheirNetwork()
{
    QCOMPARE(clientBucket(QHostAddress(u"2001:db8:1:2:aaaa::1"_s)), clientBucket(QHostAddress(u"2001:db8:1:2:bbbb::9"_s)));
    QVERIFY(clientBucket(QHostAddress(u"2001:db8:1:2::1"_s)) != clientBucket(QHostAddress(u"2001:db8:1:3::1"_s)));
    QCOMPARE(clientBucket(QHostAddress(u"::ffff:192.0.2.1"_s)), u"192.0.2.1"_s);
}

void tst_HttpParts::corsRules()
{
    CorsPolicy cors({u"https://app.example.test/"_s, u"*"_s, u"null"_s});
    QVERIFY(cors.isAllowedOrigin("https://app.example.test"));
    QVERIFY(!cors.isAllowedOrigin("https://app.example.test.evil"));
    QVERIFY(!cors.isAllowedOrigin("null"));
    QVERIFY(!cors.isAllowedOrigin("*"));
    HttpRequest request;
    request.method = Method::Options;
    request.headers = {{"origin", "https://app.example.test"}, {"access-control-request-method", "PUT"},
                       {"access-control-request-headers", "Authorization, X-Evil"}};
    QVERIFY(CorsPolicy::isPreflight(request));
    const HttpResponse refused = cors.preflight(request, {Method::Put});
    QCOMPARE(refused.status, 400);
    QCOMPARE(refused.body, "Disallowed CORS headers");
    request.headers[2].second = "authorization";
    QCOMPARE(cors.preflight(request, {Method::Put}).status, 200);
}

void tst_HttpParts::errorMapping()
{
    struct Case
    {
        Error error;
        int status;
    };
    const QList<Case> cases = {
        {Error::rejected(u"x"_s, "Nope"), 400},
        {Error::unauthorized(u"x"_s, "Who"), 401},
        {Error::forbidden(u"x"_s, "No"), 403},
        {Error::notFound(u"x"_s, "Gone"), 404},
        {Error::conflict(u"x"_s, "Clash"), 409},
        {Error::rateLimited(u"x"_s, "Slow down", 7), 429},
        {Error::quotaExceeded(u"x"_s, "Full", 0), 429},
        {Error::unavailable(u"x"_s, "Later", 5), 503},
        {Error::internal(u"secret SQL text"_s), 500},
    };
    for (const Case &c : cases) {
        const HttpResponse r = errorResponse(c.error, "rid-1");
        QCOMPARE(r.status, c.status);
        const QJsonObject body = QJsonDocument::fromJson(r.body).object();
        QVERIFY(body.value(u"detail"_s).isString());
        QCOMPARE(body.value(u"request_id"_s).toString(), u"rid-1"_s);
        QVERIFY(!r.body.contains("secret SQL text"));
    }
    const HttpResponse limited = errorResponse(Error::rateLimited(u"x"_s, "Slow down", 7), "r");
    bool retry = false;
    for (const auto &[name, value] : limited.headers)
        retry = retry || (name == "Retry-After" && value == "7");
    QVERIFY(retry);
    QCOMPARE(QJsonDocument::fromJson(limited.body).object().value(u"retry_after"_s).toInt(), 7);

    FieldError f{u"permissions.2"_s, u"value_error"_s, "Bad thing", {}, QJsonValue(u"x"_s)};
    const HttpResponse invalid = errorResponse(Error::validation({f}), "r", u"body");
    QCOMPARE(invalid.status, 422);
    const QJsonObject entry = QJsonDocument::fromJson(invalid.body).object().value(u"detail"_s).toArray().first().toObject();
    QCOMPARE(entry.value(u"loc"_s).toArray(), (QJsonArray{u"body"_s, u"permissions"_s, 2}));
    QCOMPARE(entry.value(u"msg"_s).toString(), u"Value error, Bad thing"_s);
    QCOMPARE(entry.value(u"input"_s).toString(), u"x"_s);
}

QTEST_GUILESS_MAIN(tst_HttpParts)
#include "tst_httpparts.moc"
