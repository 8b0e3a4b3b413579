// CallService on SQLite and PostgreSQL: placing and scheduling calls without a
// telephony provider, validation that writes nothing, the list's filters and
// pages, ending calls, transitions (legal, illegal, concurrent), other
// organizations, and who may read or make calls; scheduled calls dialled by their
// calls.dial job (at their time, after a restart, once), cancelled, and the
// stale-call sweeper.

#include "testbackend.h"

#include "agents/agentservice.h"
#include "auth/authservice.h"
#include "calls/callerrors.h"
#include "calls/calljobs.h"
#include "calls/calllimits.h"
#include "calls/callservice.h"
#include "core/ids.h"
#include "jobs/jobqueue.h"
#include "jobs/jobrunner.h"
#include "storage/database.h"
#include "storage/sqlvalue.h"
#include "team/teamservice.h"

#include <QJsonArray>
#include <QThread>
#include <QtTest>

#include <atomic>

Q_DECLARE_METATYPE(vami::CallQuery)

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

namespace {

const QString Password = u"Call-Center42!"_s;

ClientInfo client()
{
    return ClientInfo{u"192.0.2.30"_s, u"tst_callservice"_s, u"req"_s};
}

QString errorText(const Error &e)
{
    QString text = e.code() + u": "_s + e.message();
    for (const FieldError &f : e.fields())
        text += u" ["_s + f.field + u' ' + f.code + u']';
    return text;
}

} // namespace

class tst_CallService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void immediateCallFailsWithoutAProvider();
    void scheduledCallStaysPending();
    void badScheduleIsRefused_data();
    void badScheduleIsRefused();
    void badPhoneNumbersAreRefused_data();
    void badPhoneNumbersAreRefused();
    void metadataIsBounded();
    void agentMustBeAnActiveAgentOfTheOrganization();
    void oneCallWithItsTimeline();
    void listFiltersEachWay();
    void listDaysAreInclusiveInUtc();
    void listPages();
    void listBoundsAreChecked_data();
    void listBoundsAreChecked();
    void endIsRefusedOutsideRingingAndInProgress();
    void endCompletesRingingAndRunningCalls();
    void transitionRefusesIllegalMoves();
    void concurrentTransitionsOnlyOneWins();
    void anotherOrganizationFindsNothing();
    void readAndMakePermissionsAreSeparate();
    void scheduledCallIsDialledAtItsTime();
    void scheduledCallSurvivesARestart();
    void oneDialJobPerCall();
    void scheduleKeepsTheTimezone();
    void cancelledCallIsNotDialled();
    void dialOfACallNoLongerPendingDoesNothing();
    void cancelIsRefusedUnlessPending();
    void sweeperEndsOnlyStaleCalls();
    void sweeperEndsOneBatchPerRun();

private:
    struct Person
    {
        SignedIn signedIn;
        Actor actor;
    };
    Person registerOwner(const QString &email);
    Person join(const Person &inviter, const QString &email, Role role);
    QUuid newAgent(const Person &owner, const QString &name);
    CallDetail place(const QString &phone = u"+12125550101"_s, const QDateTime &scheduledAt = {});
    CallDetail scheduled(const QString &phone = u"+12125550101"_s);
    qint64 count(const QString &table);
    qint64 dialJobs(JobStatus status);
    int runJobs() { return m_backend->backend().jobRunner().runDueJobs(); }
    void sql(const QString &statement, const QVariantList &values);
    CallService &calls() { return m_backend->backend().service<CallService>(); }
    AgentService &agents() { return m_backend->backend().service<AgentService>(); }
    std::unique_ptr<TestBackend> m_backend;
    Person m_owner;
    QUuid m_agent;
};

void tst_CallService::init()
{
    TestBackend::Options options;
    options.manualClock = true;
    m_backend = std::make_unique<TestBackend>(options);
    QVERIFY2(m_backend->isValid(), qPrintable(m_backend->error()));
    m_owner = registerOwner(u"owner@calls.test"_s);
    QVERIFY(!m_owner.actor.organizationId.isNull());
    m_agent = newAgent(m_owner, u"Ava"_s);
    QVERIFY(!m_agent.isNull());
}

void tst_CallService::cleanup()
{
    m_backend.reset();
}

tst_CallService::Person tst_CallService::registerOwner(const QString &email)
{
    RegisterInput input;
    input.email = email;
    input.password = Password;
    input.companyName = email.section(u'@', 1);
    auto &auth = m_backend->backend().service<AuthService>();
    Person p;
    if (auto s = auth.registerAccount(input, client())) {
        p.signedIn = *s;
        p.actor = auth.authenticateSession(SessionRef{s->sessionId, s->user.id, s->organization.id, s->user.tokenVersion},
                                           client())
                      .value_or(Actor{});
    }
    return p;
}

tst_CallService::Person tst_CallService::join(const Person &inviter, const QString &email, Role role)
{
    auto &team = m_backend->backend().service<TeamService>();
    auto &auth = m_backend->backend().service<AuthService>();
    Person p;
    auto invitation = team.invite(inviter.actor, InviteInput{email, role, {}});
    if (!invitation)
        return p;
    AcceptCredentials credentials;
    credentials.password = Password;
    credentials.fullName = email.section(u'@', 0, 0);
    auto accepted = team.acceptInvitation(invitation->token, credentials, client());
    if (!accepted || !accepted->signedIn)
        return p;
    const SignedIn &s = *accepted->signedIn;
    p.signedIn = s;
    p.actor = auth.authenticateSession(SessionRef{s.sessionId, s.user.id, s.organization.id, s.user.tokenVersion},
                                       client())
                  .value_or(Actor{});
    return p;
}

QUuid tst_CallService::newAgent(const Person &owner, const QString &name)
{
    CreateAgentInput input;
    input.name = name;
    auto created = agents().create(owner.actor, input);
    return created ? created->id : QUuid();
}

CallDetail tst_CallService::place(const QString &phone, const QDateTime &scheduledAt)
{
    CreateCallInput input;
    input.phoneNumber = phone;
    input.agentId = m_agent;
    input.scheduledAt = scheduledAt;
    auto created = calls().createOutbound(m_owner.actor, input);
    if (!created) {
        qWarning() << errorText(created.error());
        return {};
    }
    return *created;
}

CallDetail tst_CallService::scheduled(const QString &phone)
{
    return place(phone, m_backend->clock().now().addSecs(3600));
}

qint64 tst_CallService::count(const QString &table)
{
    auto rows = m_backend->backend().database().exec(u"SELECT COUNT(*) FROM "_s + table);
    if (!rows || !rows->next())
        return -1;
    return rows->integer(0);
}

qint64 tst_CallService::dialJobs(JobStatus status)
{
    auto n = m_backend->backend().jobs().countWithStatus(status, dialCallJob().name());
    return n ? *n : -1;
}

void tst_CallService::sql(const QString &statement, const QVariantList &values)
{
    auto done = m_backend->backend().database().exec(statement, values);
    QVERIFY2(done, qPrintable(done ? QString() : errorText(done.error())));
}

void tst_CallService::immediateCallFailsWithoutAProvider()
{
    const QDateTime now = m_backend->clock().now();
    CreateCallInput input;
    input.phoneNumber = u"212-555-0101"_s;
    input.agentId = m_agent;
    input.metadata = QJsonObject{{u"lead"_s, u"42"_s}};
    auto created = calls().createOutbound(m_owner.actor, input);
    QVERIFY2(created, qPrintable(created ? QString() : errorText(created.error())));
    const Call &c = created->call;
    QCOMPARE(c.status, CallStatus::Failed);
    QVERIFY(c.endedReason == EndedReason::TelephonyProviderUnavailable);
    QCOMPARE(c.errorMessage, QString::fromUtf8(CallErrors::noProviderMessage()));
    QCOMPARE(c.phoneNumber, u"+12125550101"_s);
    QCOMPARE(c.direction, CallDirection::Outbound);
    QCOMPARE(c.agentId, m_agent);
    QCOMPARE(c.agentName, u"Ava"_s);
    QCOMPARE(c.createdBy, m_owner.actor.userId);
    QCOMPARE(c.organizationId, m_owner.actor.organizationId);
    QCOMPARE(c.createdAt, now);
    QCOMPARE(c.endedAt, now);
    QVERIFY(!c.startedAt.isValid());  // it never rang
    QVERIFY(!c.durationSecs.has_value());
    QVERIFY(c.metadata == (QJsonObject{{u"lead"_s, u"42"_s}}));

    const QList<CallEvent> &t = created->timeline;
    QCOMPARE(t.size(), 2);
    QCOMPARE(t[0].seq, 1);
    QVERIFY(!t[0].fromStatus.has_value());
    QCOMPARE(t[0].toStatus, CallStatus::Pending);
    QVERIFY(!t[0].endedReason.has_value());
    QCOMPARE(t[0].at, now);
    QCOMPARE(t[1].seq, 2);
    QVERIFY(t[1].fromStatus == CallStatus::Pending);
    QCOMPARE(t[1].toStatus, CallStatus::Failed);
    QVERIFY(t[1].endedReason == EndedReason::TelephonyProviderUnavailable);
    QCOMPARE(t[1].at, now);

    // What was returned is what is stored.
    auto stored = calls().call(m_owner.actor, c.id);
    QVERIFY(stored);
    QCOMPARE(stored->call.status, CallStatus::Failed);
    QCOMPARE(stored->call.metadata, c.metadata);
    QCOMPARE(stored->timeline.size(), 2);
    QCOMPARE(count(u"calls"_s), 1);
    QCOMPARE(count(u"call_events"_s), 2);
}

void tst_CallService::scheduledCallStaysPending()
{
    const QDateTime at = m_backend->clock().now().addDays(2);
    const CallDetail d = place(u"+49 30 1234567"_s, at);
    QCOMPARE(d.call.status, CallStatus::Pending);
    QCOMPARE(d.call.scheduledAt, at);
    QCOMPARE(d.call.phoneNumber, u"+49301234567"_s);
    QVERIFY(!d.call.endedReason.has_value());
    QVERIFY(d.call.errorMessage.isNull());
    QVERIFY(!d.call.endedAt.isValid());
    QCOMPARE(d.timeline.size(), 1);
    QCOMPARE(d.timeline[0].toStatus, CallStatus::Pending);
    auto stored = calls().call(m_owner.actor, d.call.id);
    QVERIFY(stored);
    QCOMPARE(stored->call.scheduledAt, at);
    QCOMPARE(stored->call.status, CallStatus::Pending);
}

void tst_CallService::badScheduleIsRefused_data()
{
    QTest::addColumn<qint64>("offsetSecs");
    QTest::newRow("past") << qint64(-60);
    QTest::newRow("now") << qint64(0);
    QTest::newRow("too far ahead") << qint64(CallLimits::MaxScheduleDays + 1) * 86400;
}

void tst_CallService::badScheduleIsRefused()
{
    QFETCH(qint64, offsetSecs);
    CreateCallInput input;
    input.phoneNumber = u"+12125550101"_s;
    input.agentId = m_agent;
    input.scheduledAt = m_backend->clock().now().addSecs(offsetSecs);
    auto refused = calls().createOutbound(m_owner.actor, input);
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind(), ErrorKind::Validation);
    QCOMPARE(refused.error().fields().size(), 1);
    QCOMPARE(refused.error().fields().first().field, u"scheduled_at"_s);
    QCOMPARE(count(u"calls"_s), 0);
    QCOMPARE(count(u"call_events"_s), 0);
}

void tst_CallService::badPhoneNumbersAreRefused_data()
{
    QTest::addColumn<QString>("phone");
    QTest::newRow("empty") << QString();
    QTest::newRow("parentheses") << u"+1 (212) 555-0101"_s;
    QTest::newRow("letters") << u"1-800-FLOWERS"_s;
    QTest::newRow("short") << u"12345"_s;
    QTest::newRow("long") << u"+1234567890123456"_s;
    QTest::newRow("leading zero") << u"+0123456789"_s;
    QTest::newRow("injection") << u"'; DELETE FROM calls; --"_s;
}

void tst_CallService::badPhoneNumbersAreRefused()
{
    QFETCH(QString, phone);
    CreateCallInput input;
    input.phoneNumber = phone;
    input.agentId = m_agent;
    auto refused = calls().createOutbound(m_owner.actor, input);
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind(), ErrorKind::Validation);
    QCOMPARE(refused.error().fields().first().field, u"phone_number"_s);
    QCOMPARE(refused.error().fields().first().text(), u"Invalid phone number format"_s);
    QCOMPARE(count(u"calls"_s), 0);
    QCOMPARE(count(u"call_events"_s), 0);
}

void tst_CallService::metadataIsBounded()
{
    CreateCallInput input;
    input.phoneNumber = u"+12125550101"_s;
    input.agentId = m_agent;
    // Five levels (the object itself is the first) are fine, six are not.
    QJsonObject deep{{u"v"_s, 1}};
    for (int i = 0; i < 4; ++i)
        deep = QJsonObject{{u"n"_s, deep}};
    input.metadata = deep;
    auto fine = calls().createOutbound(m_owner.actor, input);
    QVERIFY2(fine, qPrintable(fine ? QString() : errorText(fine.error())));
    QVERIFY(fine->call.metadata == deep);
    input.metadata = QJsonObject{{u"n"_s, deep}};
    auto tooDeep = calls().createOutbound(m_owner.actor, input);
    QVERIFY(!tooDeep);
    QCOMPARE(tooDeep.error().fields().first().field, u"metadata"_s);
    input.metadata = QJsonObject{{u"a"_s, QJsonArray{QJsonArray{QJsonArray{QJsonArray{QJsonArray{1}}}}}}};
    QVERIFY(!calls().createOutbound(m_owner.actor, input));
    input.metadata = QJsonObject{{u"blob"_s, QString(CallLimits::MaxMetadataBytes, u'x')}};
    auto tooBig = calls().createOutbound(m_owner.actor, input);
    QVERIFY(!tooBig);
    QCOMPARE(tooBig.error().fields().first().field, u"metadata"_s);
    QCOMPARE(count(u"calls"_s), 1);
}

void tst_CallService::agentMustBeAnActiveAgentOfTheOrganization()
{
    CreateCallInput input;
    input.phoneNumber = u"+12125550101"_s;
    input.agentId = newId();
    auto unknown = calls().createOutbound(m_owner.actor, input);
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().kind(), ErrorKind::NotFound);
    QCOMPARE(unknown.error().message(), u"Agent not found or access denied"_s);
    input.agentId = QUuid();
    QCOMPARE(calls().createOutbound(m_owner.actor, input).error().kind(), ErrorKind::NotFound);

    const Person other = registerOwner(u"owner@elsewhere.test"_s);
    input.agentId = newAgent(other, u"Foreign"_s);
    QVERIFY(!input.agentId.isNull());
    auto foreign = calls().createOutbound(m_owner.actor, input);
    QVERIFY(!foreign);
    QCOMPARE(foreign.error().kind(), ErrorKind::NotFound);
    QCOMPARE(foreign.error().message(), unknown.error().message());

    const QUuid inactive = newAgent(m_owner, u"Resting"_s);
    UpdateAgentInput rest;
    rest.status = AgentStatus::Inactive;
    QVERIFY(agents().update(m_owner.actor, inactive, rest));
    input.agentId = inactive;
    auto refused = calls().createOutbound(m_owner.actor, input);
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind(), ErrorKind::Rejected);
    QCOMPARE(refused.error().code(), u"calls.agent_inactive"_s);

    UpdateAgentInput remove;
    remove.status = AgentStatus::Deleted;
    QVERIFY(agents().update(m_owner.actor, inactive, remove));
    QCOMPARE(calls().createOutbound(m_owner.actor, input).error().kind(), ErrorKind::NotFound);
    QCOMPARE(count(u"calls"_s), 0);
}

void tst_CallService::oneCallWithItsTimeline()
{
    const CallDetail d = scheduled();
    m_backend->clock().advanceSeconds(5);
    QVERIFY(calls().transition(m_owner.actor.organizationId, d.call.id, CallStatus::Ringing, std::nullopt,
                               u"dialling"_s));
    m_backend->clock().advanceSeconds(7);
    auto running = calls().transition(m_owner.actor.organizationId, d.call.id, CallStatus::InProgress, std::nullopt);
    QVERIFY(running);
    QCOMPARE(running->call.startedAt, d.call.createdAt.addSecs(5));
    QCOMPARE(running->call.answeredAt, d.call.createdAt.addSecs(12));
    auto read = calls().call(m_owner.actor, d.call.id);
    QVERIFY(read);
    QCOMPARE(read->timeline.size(), 3);
    QCOMPARE(read->timeline[1].toStatus, CallStatus::Ringing);
    QCOMPARE(read->timeline[1].detail, u"dialling"_s);
    QCOMPARE(read->timeline[1].at, d.call.createdAt.addSecs(5));
    QVERIFY(read->timeline[2].fromStatus == CallStatus::Ringing);
    QCOMPARE(read->timeline[2].toStatus, CallStatus::InProgress);
    QCOMPARE(read->call.status, CallStatus::InProgress);
    QCOMPARE(read->call.agentName, u"Ava"_s);
    auto missing = calls().call(m_owner.actor, newId());
    QVERIFY(!missing);
    QCOMPARE(missing.error().kind(), ErrorKind::NotFound);
    QCOMPARE(missing.error().message(), u"Call not found"_s);
}

void tst_CallService::listFiltersEachWay()
{
    const QUuid second = newAgent(m_owner, u"Bea"_s);
    const CallDetail failed = place(u"+12125550101"_s);
    m_backend->clock().advanceSeconds(1);
    const CallDetail pending = scheduled(u"+442071234567"_s);
    m_backend->clock().advanceSeconds(1);
    CreateCallInput byBea;
    byBea.phoneNumber = u"+33142685300"_s;
    byBea.agentId = second;
    byBea.scheduledAt = m_backend->clock().now().addDays(1);
    auto bea = calls().createOutbound(m_owner.actor, byBea);
    QVERIFY(bea);
    sql(u"UPDATE calls SET sentiment = 'positive', direction = 'inbound' WHERE id = ?"_s, {sqlId(pending.call.id)});

    const auto ids = [&](const CallQuery &q) {
        QList<QUuid> out;
        auto page = calls().list(m_owner.actor, q);
        if (!page) {
            qWarning() << errorText(page.error());
            return out;
        }
        for (const Call &c : page->calls)
            out.append(c.id);
        return out;
    };
    CallQuery all;
    QCOMPARE(ids(all), (QList<QUuid>{bea->call.id, pending.call.id, failed.call.id})); // newest first
    auto page = calls().list(m_owner.actor, all);
    QCOMPARE(page->calls.first().agentName, u"Bea"_s);
    QCOMPARE(page->calls.last().agentName, u"Ava"_s);

    CallQuery q;
    q.status = CallStatus::Failed;
    QCOMPARE(ids(q), QList<QUuid>{failed.call.id});
    q = {};
    q.status = CallStatus::Pending;
    QCOMPARE(ids(q), (QList<QUuid>{bea->call.id, pending.call.id}));
    q = {};
    q.direction = CallDirection::Inbound;
    QCOMPARE(ids(q), QList<QUuid>{pending.call.id});
    q.direction = CallDirection::Outbound;
    QCOMPARE(ids(q), (QList<QUuid>{bea->call.id, failed.call.id}));
    q = {};
    q.sentiment = CallSentiment::Positive;
    QCOMPARE(ids(q), QList<QUuid>{pending.call.id});
    q.sentiment = CallSentiment::Mixed;
    QVERIFY(ids(q).isEmpty());
    q = {};
    q.agentId = second;
    QCOMPARE(ids(q), QList<QUuid>{bea->call.id});
    q.agentId = newId();
    QVERIFY(ids(q).isEmpty());
    q = {};
    q.phoneDigits = u"2071"_s;
    QCOMPARE(ids(q), QList<QUuid>{pending.call.id});
    q.phoneDigits = u"555"_s;
    QCOMPARE(ids(q), QList<QUuid>{failed.call.id});
    q.phoneDigits = u"999999"_s;
    QVERIFY(ids(q).isEmpty());
    q = {};
    q.status = CallStatus::Pending;
    q.agentId = m_agent;
    q.direction = CallDirection::Inbound;
    QCOMPARE(ids(q), QList<QUuid>{pending.call.id});
}

void tst_CallService::listDaysAreInclusiveInUtc()
{
    ManualClock &clock = m_backend->clock();
    clock.set(QDateTime(QDate(2026, 3, 9), QTime(23, 59, 59, 999), Qt::UTC));
    const CallDetail ninth = place();
    clock.set(QDateTime(QDate(2026, 3, 10), QTime(0, 0), Qt::UTC));
    const CallDetail tenth = place();
    clock.set(QDateTime(QDate(2026, 3, 10), QTime(23, 59, 59, 999), Qt::UTC));
    const CallDetail lateTenth = place();
    clock.set(QDateTime(QDate(2026, 3, 11), QTime(0, 0), Qt::UTC));
    const CallDetail eleventh = place();
    const auto ids = [&](std::optional<QDate> from, std::optional<QDate> to) {
        CallQuery q;
        q.dateFrom = from;
        q.dateTo = to;
        QList<QUuid> out;
        if (auto page = calls().list(m_owner.actor, q))
            for (const Call &c : page->calls)
                out.append(c.id);
        return out;
    };
    const QDate day(2026, 3, 10);
    QCOMPARE(ids(day, day), (QList<QUuid>{lateTenth.call.id, tenth.call.id}));
    QCOMPARE(ids(day, std::nullopt), (QList<QUuid>{eleventh.call.id, lateTenth.call.id, tenth.call.id}));
    QCOMPARE(ids(std::nullopt, day), (QList<QUuid>{lateTenth.call.id, tenth.call.id, ninth.call.id}));
    QCOMPARE(ids(day.addDays(-1), day.addDays(-1)), QList<QUuid>{ninth.call.id});
    QVERIFY(ids(day.addDays(5), std::nullopt).isEmpty());
    QCOMPARE(CallService::parseDay(u"2026-03-10"), std::optional<QDate>(day));
    for (const QStringView bad : {u"2026-3-10", u"2026-02-30", u"10.03.2026", u"2026-03-10T00:00:00Z", u"", u"0000-01-01",
                                  u"２０２６-03-10", u"+2026-03-1"})
        QVERIFY2(!CallService::parseDay(bad), qPrintable(bad.toString()));
}

void tst_CallService::listPages()
{
    for (int i = 0; i < 5; ++i) {
        place();
        m_backend->clock().advanceSeconds(1);
    }
    CallQuery q;
    q.page = 2;
    q.perPage = 2;
    auto page = calls().list(m_owner.actor, q);
    QVERIFY(page);
    QCOMPARE(page->total, 5);
    QCOMPARE(page->page, 2);
    QCOMPARE(page->perPage, 2);
    QCOMPARE(page->calls.size(), 2);
    q.page = 3;
    QCOMPARE(calls().list(m_owner.actor, q)->calls.size(), 1);
    q.page = 4;
    auto beyond = calls().list(m_owner.actor, q);
    QVERIFY(beyond);
    QVERIFY(beyond->calls.isEmpty());
    QCOMPARE(beyond->total, 5);
    q.page = CallLimits::MaxPage;
    q.perPage = CallLimits::MaxPerPage;
    QVERIFY(calls().list(m_owner.actor, q));
}

void tst_CallService::listBoundsAreChecked_data()
{
    QTest::addColumn<CallQuery>("query");
    QTest::addColumn<QString>("field");
    CallQuery q;
    q.page = 0;
    QTest::newRow("page 0") << q << u"page"_s;
    q = {};
    q.page = CallLimits::MaxPage + 1;
    QTest::newRow("page beyond") << q << u"page"_s;
    q = {};
    q.perPage = 0;
    QTest::newRow("per_page 0") << q << u"per_page"_s;
    q.perPage = CallLimits::MaxPerPage + 1;
    QTest::newRow("per_page 101") << q << u"per_page"_s;
    q = {};
    q.dateFrom = QDate(2026, 1, 2);
    q.dateTo = QDate(2026, 1, 1);
    QTest::newRow("days reversed") << q << u"date_to"_s;
    q = {};
    q.phoneDigits = u"55%"_s;
    QTest::newRow("search wildcard") << q << u"search"_s;
    q.phoneDigits = u"abc"_s;
    QTest::newRow("search letters") << q << u"search"_s;
    q.phoneDigits = QString(16, u'5');
    QTest::newRow("search long") << q << u"search"_s;
}

void tst_CallService::listBoundsAreChecked()
{
    QFETCH(CallQuery, query);
    QFETCH(QString, field);
    auto refused = calls().list(m_owner.actor, query);
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind(), ErrorKind::Validation);
    QCOMPARE(refused.error().fields().first().field, field);
}

void tst_CallService::endIsRefusedOutsideRingingAndInProgress()
{
    const CallDetail failed = place();
    const CallDetail pending = scheduled();
    const CallDetail cancelled = scheduled();
    QVERIFY(calls().transition(m_owner.actor.organizationId, cancelled.call.id, CallStatus::Cancelled,
                               EndedReason::ScheduledCallCancelled));
    const CallDetail done = scheduled();
    QVERIFY(calls().transition(m_owner.actor.organizationId, done.call.id, CallStatus::Ringing, std::nullopt));
    QVERIFY(calls().end(m_owner.actor, done.call.id, {}));
    const qint64 events = count(u"call_events"_s);
    m_backend->clock().advanceSeconds(30);
    for (const QUuid &id : {failed.call.id, pending.call.id, cancelled.call.id, done.call.id}) {
        auto before = calls().call(m_owner.actor, id);
        QVERIFY(before);
        EndCallInput input;
        input.summary = u"should not be written"_s;
        input.metadata = QJsonObject{{u"x"_s, 1}};
        auto refused = calls().end(m_owner.actor, id, input);
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind(), ErrorKind::Rejected);
        QCOMPARE(refused.error().message(), u"Call cannot be ended in current status"_s);
        auto after = calls().call(m_owner.actor, id);
        QCOMPARE(after->call.status, before->call.status);
        QCOMPARE(after->call.updatedAt, before->call.updatedAt);
        QCOMPARE(after->call.summary, before->call.summary);
        QCOMPARE(after->call.metadata, before->call.metadata);
    }
    QCOMPARE(count(u"call_events"_s), events);
    auto missing = calls().end(m_owner.actor, newId(), {});
    QCOMPARE(missing.error().kind(), ErrorKind::NotFound);
}

void tst_CallService::endCompletesRingingAndRunningCalls()
{
    const QUuid org = m_owner.actor.organizationId;
    // Ringing: ends with the time since the dial began.
    CreateCallInput input;
    input.phoneNumber = u"+12125550101"_s;
    input.agentId = m_agent;
    input.scheduledAt = m_backend->clock().now().addSecs(60);
    input.metadata = QJsonObject{{u"keep"_s, u"me"_s}, {u"replace"_s, 1}};
    auto ringingCall = calls().createOutbound(m_owner.actor, input);
    QVERIFY(ringingCall);
    m_backend->clock().advanceSeconds(60);
    QVERIFY(calls().transition(org, ringingCall->call.id, CallStatus::Ringing, std::nullopt));
    m_backend->clock().advanceSeconds(20);
    EndCallInput end;
    end.summary = u"Left a message with the front desk."_s;
    end.metadata = QJsonObject{{u"replace"_s, 2}, {u"added"_s, true}};
    auto ended = calls().end(m_owner.actor, ringingCall->call.id, end);
    QVERIFY2(ended, qPrintable(ended ? QString() : errorText(ended.error())));
    QCOMPARE(ended->call.status, CallStatus::Completed);
    QVERIFY(ended->call.endedReason == EndedReason::AgentHangup);
    QVERIFY(ended->call.durationSecs == qint64(20));
    QCOMPARE(ended->call.endedAt, m_backend->clock().now());
    QCOMPARE(ended->call.summary, end.summary.value());
    QVERIFY(ended->call.metadata == (QJsonObject{{u"keep"_s, u"me"_s}, {u"replace"_s, 2}, {u"added"_s, true}}));
    QCOMPARE(ended->timeline.size(), 3);
    QVERIFY(ended->timeline.last().fromStatus == CallStatus::Ringing);
    QCOMPARE(ended->timeline.last().toStatus, CallStatus::Completed);
    QVERIFY(ended->timeline.last().endedReason == EndedReason::AgentHangup);
    auto stored = calls().call(m_owner.actor, ringingCall->call.id);
    QCOMPARE(stored->call.metadata, ended->call.metadata);
    QVERIFY(stored->call.durationSecs == qint64(20));

    // In progress, by a member, with no metadata before and none given.
    const Person member = join(m_owner, u"member@calls.test"_s, Role::Member);
    QVERIFY(!member.actor.userId.isNull());
    const CallDetail running = scheduled();
    QVERIFY(calls().transition(org, running.call.id, CallStatus::Ringing, std::nullopt));
    m_backend->clock().advanceSeconds(3);
    QVERIFY(calls().transition(org, running.call.id, CallStatus::InProgress, std::nullopt));
    m_backend->clock().advanceSeconds(95);
    auto done = calls().end(member.actor, running.call.id, {});
    QVERIFY2(done, qPrintable(done ? QString() : errorText(done.error())));
    QCOMPARE(done->call.status, CallStatus::Completed);
    QVERIFY(done->call.durationSecs == qint64(98));
    QVERIFY(!done->call.metadata.has_value());
    QVERIFY(done->call.summary.isNull());
    QCOMPARE(done->timeline.size(), 4);

    // Bounds hold for the merged metadata too, and a refused end writes nothing.
    const CallDetail big = scheduled();
    QVERIFY(calls().transition(org, big.call.id, CallStatus::Ringing, std::nullopt));
    EndCallInput huge;
    huge.summary = QString(CallLimits::MaxSummaryLength + 1, u's');
    QCOMPARE(calls().end(m_owner.actor, big.call.id, huge).error().kind(), ErrorKind::Validation);
    QCOMPARE(calls().call(m_owner.actor, big.call.id)->call.status, CallStatus::Ringing);
}

void tst_CallService::transitionRefusesIllegalMoves()
{
    const QUuid org = m_owner.actor.organizationId;
    const CallDetail d = scheduled();
    const qint64 events = count(u"call_events"_s);
    auto illegal = calls().transition(org, d.call.id, CallStatus::Completed, EndedReason::UserHangup);
    QVERIFY(!illegal);
    QCOMPARE(illegal.error().code(), u"calls.illegal_transition"_s);
    auto again = calls().transition(org, d.call.id, CallStatus::Pending, std::nullopt);
    QCOMPARE(again.error().code(), u"calls.illegal_transition"_s);
    auto noReason = calls().transition(org, d.call.id, CallStatus::Failed, std::nullopt);
    QCOMPARE(noReason.error().code(), u"calls.reason_mismatch"_s);
    auto wrongReason = calls().transition(org, d.call.id, CallStatus::Failed, EndedReason::DialBusy);
    QCOMPARE(wrongReason.error().code(), u"calls.reason_mismatch"_s);
    auto reasonNotWanted = calls().transition(org, d.call.id, CallStatus::Ringing, EndedReason::UserHangup);
    QCOMPARE(reasonNotWanted.error().code(), u"calls.reason_mismatch"_s);
    QCOMPARE(count(u"call_events"_s), events);
    QCOMPARE(calls().call(m_owner.actor, d.call.id)->call.status, CallStatus::Pending);

    auto noAnswer = calls().transition(org, d.call.id, CallStatus::NoAnswer, EndedReason::DialBusy, u"busy"_s);
    QVERIFY(noAnswer);
    QVERIFY(noAnswer->call.endedReason == EndedReason::DialBusy);
    QVERIFY(noAnswer->call.errorMessage.isNull());
    for (const auto &entry : EnumNames<CallStatus>::names) {
        auto after = calls().transition(org, d.call.id, entry.first,
                                        entry.first == CallStatus::Failed ? std::optional(EndedReason::ErrorInternal)
                                                                           : std::nullopt);
        QVERIFY(!after);
        QCOMPARE(after.error().code(), u"calls.illegal_transition"_s);
    }
    auto failedCall = calls().transition(org, scheduled().call.id, CallStatus::Failed, EndedReason::StaleCallTimeout,
                                         u"No provider callback for 2 hours"_s);
    QVERIFY(failedCall);
    QCOMPARE(failedCall->call.errorMessage, u"No provider callback for 2 hours"_s);
    QCOMPARE(calls().transition(org, newId(), CallStatus::Ringing, std::nullopt).error().kind(), ErrorKind::NotFound);
}

void tst_CallService::concurrentTransitionsOnlyOneWins()
{
    const QUuid org = m_owner.actor.organizationId;
    for (int round = 0; round < 8; ++round) {
        const CallDetail d = scheduled();
        QVERIFY(calls().transition(org, d.call.id, CallStatus::Ringing, std::nullopt));
        const qint64 events = count(u"call_events"_s);
        std::atomic<int> ready{0};
        std::optional<Result<CallDetail>> first, second;
        const auto race = [&](std::optional<Result<CallDetail>> &out, CallStatus to, EndedReason reason) {
            ready.fetch_add(1);
            while (ready.load() < 2)
                QThread::yieldCurrentThread();
            out = calls().transition(org, d.call.id, to, reason);
            m_backend->backend().database().resetThreadConnection();
        };
        std::unique_ptr<QThread> a(QThread::create(race, std::ref(first), CallStatus::Completed, EndedReason::UserHangup));
        std::unique_ptr<QThread> b(QThread::create(race, std::ref(second), CallStatus::Failed, EndedReason::ErrorProvider));
        a->start();
        b->start();
        QVERIFY(a->wait(30000));
        QVERIFY(b->wait(30000));
        QVERIFY(first && second);
        QCOMPARE(int(first->has_value()) + int(second->has_value()), 1);
        const Result<CallDetail> &winner = first->has_value() ? *first : *second;
        const Result<CallDetail> &loser = first->has_value() ? *second : *first;
        QVERIFY2(loser.error().kind() == ErrorKind::Conflict || loser.error().code() == u"calls.illegal_transition"_s,
                 qPrintable(errorText(loser.error())));
        auto stored = calls().call(m_owner.actor, d.call.id);
        QCOMPARE(stored->call.status, winner->call.status);
        QVERIFY(stored->call.endedReason == winner->call.endedReason);
        QCOMPARE(count(u"call_events"_s), events + 1);
    }
}

void tst_CallService::anotherOrganizationFindsNothing()
{
    const CallDetail mine = scheduled();
    QVERIFY(calls().transition(m_owner.actor.organizationId, mine.call.id, CallStatus::Ringing, std::nullopt));
    const Person other = registerOwner(u"owner@other.test"_s);
    auto read = calls().call(other.actor, mine.call.id);
    QVERIFY(!read);
    QCOMPARE(read.error().kind(), ErrorKind::NotFound);
    auto ended = calls().end(other.actor, mine.call.id, {});
    QCOMPARE(ended.error().kind(), ErrorKind::NotFound);
    auto moved = calls().transition(other.actor.organizationId, mine.call.id, CallStatus::Failed,
                                    EndedReason::ErrorInternal);
    QCOMPARE(moved.error().kind(), ErrorKind::NotFound);
    auto list = calls().list(other.actor, {});
    QVERIFY(list);
    QCOMPARE(list->total, 0);
    CallQuery byAgent;
    byAgent.agentId = m_agent;
    QCOMPARE(calls().list(other.actor, byAgent)->total, 0);
    QCOMPARE(calls().call(m_owner.actor, mine.call.id)->call.status, CallStatus::Ringing);
}

void tst_CallService::readAndMakePermissionsAreSeparate()
{
    const Person member = join(m_owner, u"member@calls.test"_s, Role::Member);
    const Person admin = join(m_owner, u"admin@calls.test"_s, Role::Admin);
    QVERIFY(!member.actor.userId.isNull() && !admin.actor.userId.isNull());
    CreateCallInput input;
    input.phoneNumber = u"+12125550101"_s;
    input.agentId = m_agent;
    // Every role reads (view_calls) and makes calls (make_calls).
    for (const Person *p : std::initializer_list<const Person *>{&m_owner, &admin, &member}) {
        auto made = calls().createOutbound(p->actor, input);
        QVERIFY2(made, qPrintable(made ? QString() : errorText(made.error())));
        QCOMPARE(made->call.createdBy, p->actor.userId);
        QVERIFY(calls().list(p->actor, {}));
        QVERIFY(calls().call(p->actor, made->call.id));
    }
    QVERIFY(roleAllows(Role::Member, Permission::ViewCalls));
    QCOMPARE(permissionName(Permission::ViewCalls), u"view_calls"_s);
    const qint64 rows = count(u"calls"_s);
    // A key that may only read lists and reads but neither places nor ends calls ...
    Actor reader = member.actor;
    reader.keyScopes = QList<Permission>{Permission::ViewCalls};
    QVERIFY(calls().list(reader, {}));
    auto refused = calls().createOutbound(reader, input);
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind(), ErrorKind::Forbidden);
    const CallDetail ringing = scheduled();
    QVERIFY(calls().transition(m_owner.actor.organizationId, ringing.call.id, CallStatus::Ringing, std::nullopt));
    QCOMPARE(calls().end(reader, ringing.call.id, {}).error().kind(), ErrorKind::Forbidden);
    // ... view_analytics, which the original published for every read, reads too ...
    reader.keyScopes = QList<Permission>{Permission::ViewAnalytics};
    QVERIFY(calls().call(reader, ringing.call.id));
    // ... and a key that may only make calls places them (naming its agent) but does not read the list.
    Actor dialer = member.actor;
    dialer.keyScopes = QList<Permission>{Permission::MakeCalls};
    QVERIFY(calls().createOutbound(dialer, input));
    QCOMPARE(calls().list(dialer, {}).error().kind(), ErrorKind::Forbidden);
    QCOMPARE(calls().call(dialer, ringing.call.id).error().kind(), ErrorKind::Forbidden);
    QVERIFY(calls().end(dialer, ringing.call.id, {}));
    QCOMPARE(count(u"calls"_s), rows + 2);
}


void tst_CallService::scheduledCallIsDialledAtItsTime()
{
    const QDateTime created = m_backend->clock().now();
    const QDateTime at = created.addSecs(3600);
    const CallDetail d = place(u"+12125550101"_s, at);
    QCOMPARE(d.call.status, CallStatus::Pending);
    QCOMPARE(dialJobs(JobStatus::Pending), 1);

    // Not before its time.
    QCOMPARE(runJobs(), 0);
    m_backend->clock().advanceSeconds(3599);
    QCOMPARE(runJobs(), 0);
    QCOMPARE(calls().call(m_owner.actor, d.call.id)->call.status, CallStatus::Pending);

    // At its time it is placed as an immediate call is: no provider, so it fails.
    m_backend->clock().advanceSeconds(1);
    QCOMPARE(runJobs(), 1);
    auto stored = calls().call(m_owner.actor, d.call.id);
    QVERIFY(stored);
    QCOMPARE(stored->call.status, CallStatus::Failed);
    QVERIFY(stored->call.endedReason == EndedReason::TelephonyProviderUnavailable);
    QCOMPARE(stored->call.errorMessage, QString::fromUtf8(CallErrors::noProviderMessage()));
    QCOMPARE(stored->call.endedAt, at);
    QCOMPARE(stored->call.scheduledAt, at);
    const QList<CallEvent> &t = stored->timeline;
    QCOMPARE(t.size(), 2);
    QCOMPARE(t[0].toStatus, CallStatus::Pending);
    QCOMPARE(t[0].at, created);
    QVERIFY(t[1].fromStatus == CallStatus::Pending);
    QCOMPARE(t[1].toStatus, CallStatus::Failed);
    QVERIFY(t[1].endedReason == EndedReason::TelephonyProviderUnavailable);
    QCOMPARE(t[1].at, at); // the job's time
    QCOMPARE(dialJobs(JobStatus::Done), 1);
    QCOMPARE(dialJobs(JobStatus::Pending), 0);
    QCOMPARE(runJobs(), 0);
    QCOMPARE(count(u"call_events"_s), 2);
}

void tst_CallService::scheduledCallSurvivesARestart()
{
    const QDateTime at = m_backend->clock().now().addSecs(600);
    const CallDetail d = place(u"+12125550101"_s, at);
    QVERIFY(!d.call.id.isNull());
    QVERIFY2(m_backend->restart(), qPrintable(m_backend->error()));
    m_backend->clock().advanceSeconds(600);
    QCOMPARE(runJobs(), 1);
    auto stored = calls().call(m_owner.actor, d.call.id);
    QVERIFY(stored);
    QCOMPARE(stored->call.status, CallStatus::Failed);
    QVERIFY(stored->call.endedReason == EndedReason::TelephonyProviderUnavailable);
    QCOMPARE(stored->timeline.size(), 2);
}

void tst_CallService::oneDialJobPerCall()
{
    const QDateTime at = m_backend->clock().now().addSecs(600);
    const CallDetail d = place(u"+12125550101"_s, at);
    QCOMPARE(dialJobs(JobStatus::Pending), 1);
    // The same call enqueued again (a retried request, another instance): the job there is.
    EnqueueOptions options;
    options.organizationId = d.call.organizationId;
    options.runAt = at;
    options.dedupKey = idText(d.call.id);
    auto first = m_backend->backend().jobs().enqueue(dialCallJob(), DialCall{d.call.id, d.call.organizationId}, options);
    auto second = m_backend->backend().jobs().enqueue(dialCallJob(), DialCall{d.call.id, d.call.organizationId}, options);
    QVERIFY(first && second);
    QCOMPARE(*first, *second);
    QCOMPARE(dialJobs(JobStatus::Pending), 1);
    auto job = m_backend->backend().jobs().find(*first);
    QVERIFY(job && job->has_value());
    QCOMPARE((*job)->job.runAt, at);
    QCOMPARE((*job)->job.organizationId, d.call.organizationId);
    QCOMPARE((*job)->job.payload.value(u"call_id"_s).toString(), idText(d.call.id));
    m_backend->clock().advanceSeconds(600);
    QCOMPARE(runJobs(), 1);
    QCOMPARE(calls().call(m_owner.actor, d.call.id)->timeline.size(), 2);
}

void tst_CallService::scheduleKeepsTheTimezone()
{
    CreateCallInput input;
    input.phoneNumber = u"+12125550101"_s;
    input.agentId = m_agent;
    input.scheduledAt = m_backend->clock().now().addSecs(600);
    input.metadata = QJsonObject{{u"lead"_s, 7}};
    auto utc = calls().schedule(m_owner.actor, input);
    QVERIFY2(utc, qPrintable(utc ? QString() : errorText(utc.error())));
    QVERIFY(utc->call.metadata == (QJsonObject{{u"lead"_s, 7}, {u"timezone"_s, u"UTC"_s}}));
    input.timezone = u"Europe/Berlin"_s;
    auto berlin = calls().schedule(m_owner.actor, input);
    QVERIFY(berlin);
    QCOMPARE(berlin->call.metadata->value(u"timezone"_s).toString(), u"Europe/Berlin"_s);

    const qint64 before = count(u"calls"_s);
    for (const QString &zone : {u"Mars/Olympus"_s, u""_s, u"posixrules"_s}) {
        input.timezone = zone;
        auto bad = calls().schedule(m_owner.actor, input);
        QVERIFY2(!bad, qPrintable(zone));
        QCOMPARE(bad.error().kind(), ErrorKind::Validation);
        QCOMPARE(bad.error().fields().value(0).field, u"timezone"_s);
    }
    input.timezone = u"UTC"_s;
    input.scheduledAt = {};
    auto unscheduled = calls().schedule(m_owner.actor, input);
    QVERIFY(!unscheduled);
    QCOMPARE(unscheduled.error().fields().value(0).field, u"scheduled_at"_s);
    QCOMPARE(count(u"calls"_s), before);
    QCOMPARE(dialJobs(JobStatus::Pending), 2);
}

void tst_CallService::cancelledCallIsNotDialled()
{
    const CallDetail d = scheduled();
    auto cancelled = calls().cancel(m_owner.actor, d.call.id);
    QVERIFY2(cancelled, qPrintable(cancelled ? QString() : errorText(cancelled.error())));
    QCOMPARE(cancelled->call.status, CallStatus::Cancelled);
    QVERIFY(cancelled->call.endedReason == EndedReason::ScheduledCallCancelled);
    QCOMPARE(cancelled->call.endedAt, m_backend->clock().now());
    QCOMPARE(cancelled->timeline.size(), 2);
    QVERIFY(cancelled->timeline[1].endedReason == EndedReason::ScheduledCallCancelled);
    QCOMPARE(dialJobs(JobStatus::Pending), 0);
    QCOMPARE(dialJobs(JobStatus::Cancelled), 1);

    m_backend->clock().advanceSeconds(3600);
    QCOMPARE(runJobs(), 0);
    auto stored = calls().call(m_owner.actor, d.call.id);
    QCOMPARE(stored->call.status, CallStatus::Cancelled);
    QCOMPARE(stored->timeline.size(), 2);

    // Cancelling again is refused and writes nothing.
    auto again = calls().cancel(m_owner.actor, d.call.id);
    QVERIFY(!again);
    QCOMPARE(again.error().code(), u"calls.cannot_cancel"_s);
    QCOMPARE(count(u"call_events"_s), 2);
}

void tst_CallService::dialOfACallNoLongerPendingDoesNothing()
{
    // The call moved on without its job being cancelled (a stop by other means).
    const QUuid org = m_owner.actor.organizationId;
    const CallDetail d = scheduled();
    QVERIFY(calls().transition(org, d.call.id, CallStatus::Cancelled, EndedReason::ManualStopped));
    m_backend->clock().advanceSeconds(3600);
    QCOMPARE(runJobs(), 1);
    QCOMPARE(dialJobs(JobStatus::Done), 1);
    auto stored = calls().call(m_owner.actor, d.call.id);
    QCOMPARE(stored->call.status, CallStatus::Cancelled);
    QVERIFY(stored->call.endedReason == EndedReason::ManualStopped);
    QCOMPARE(stored->timeline.size(), 2);
    // A dial of a call that no longer exists is done too.
    QVERIFY(calls().dialScheduled(org, newId()));
}

void tst_CallService::cancelIsRefusedUnlessPending()
{
    const QUuid org = m_owner.actor.organizationId;
    const CallDetail failed = place(); // immediate: failed at once
    const CallDetail ringing = scheduled();
    QVERIFY(calls().transition(org, ringing.call.id, CallStatus::Ringing, std::nullopt));
    const qint64 events = count(u"call_events"_s);
    for (const QUuid &id : {failed.call.id, ringing.call.id}) {
        auto refused = calls().cancel(m_owner.actor, id);
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind(), ErrorKind::Rejected);
        QCOMPARE(refused.error().code(), u"calls.cannot_cancel"_s);
    }
    QCOMPARE(calls().call(m_owner.actor, ringing.call.id)->call.status, CallStatus::Ringing);
    QCOMPARE(count(u"call_events"_s), events);

    // Another organization's pending call, or none at all, is not found.
    const CallDetail pending = scheduled();
    const Person other = registerOwner(u"owner@other-cancel.test"_s);
    auto foreign = calls().cancel(other.actor, pending.call.id);
    QVERIFY(!foreign);
    QCOMPARE(foreign.error().kind(), ErrorKind::NotFound);
    QCOMPARE(calls().cancel(m_owner.actor, newId()).error().kind(), ErrorKind::NotFound);
    QCOMPARE(calls().call(m_owner.actor, pending.call.id)->call.status, CallStatus::Pending);
    QCOMPARE(dialJobs(JobStatus::Pending), 2);
}

void tst_CallService::sweeperEndsOnlyStaleCalls()
{
    const QUuid org = m_owner.actor.organizationId;
    const CallPolicy &policy = calls().policy();
    QCOMPARE(policy.staleRingingSeconds, 120);
    QCOMPARE(policy.staleInProgressSeconds, 7200);

    const CallDetail staleRinging = scheduled();
    const CallDetail running = scheduled();
    const CallDetail freshRinging = scheduled();
    const CallDetail pending = scheduled();
    QVERIFY(calls().transition(org, staleRinging.call.id, CallStatus::Ringing, std::nullopt));
    QVERIFY(calls().transition(org, running.call.id, CallStatus::Ringing, std::nullopt));
    QVERIFY(calls().transition(org, running.call.id, CallStatus::InProgress, std::nullopt));
    m_backend->clock().advanceSeconds(policy.staleRingingSeconds);
    QVERIFY(calls().transition(org, freshRinging.call.id, CallStatus::Ringing, std::nullopt));
    // Exactly at the bound nothing is stale yet.
    auto none = calls().sweepStaleCalls();
    QVERIFY(none);
    QCOMPARE(*none, 0);

    m_backend->clock().advanceSeconds(1);
    auto swept = calls().sweepStaleCalls();
    QVERIFY2(swept, qPrintable(swept ? QString() : errorText(swept.error())));
    QCOMPARE(*swept, 1);
    auto ended = calls().call(m_owner.actor, staleRinging.call.id);
    QCOMPARE(ended->call.status, CallStatus::Failed);
    QVERIFY(ended->call.endedReason == EndedReason::StaleCallTimeout);
    QCOMPARE(ended->call.errorMessage, QString::fromUtf8(CallErrors::staleMessage()));
    QCOMPARE(ended->call.endedAt, m_backend->clock().now());
    QCOMPARE(ended->timeline.size(), 3);
    QVERIFY(ended->timeline.last().fromStatus == CallStatus::Ringing);
    QVERIFY(ended->timeline.last().endedReason == EndedReason::StaleCallTimeout);
    QCOMPARE(ended->timeline.last().at, m_backend->clock().now());
    QCOMPARE(calls().call(m_owner.actor, running.call.id)->call.status, CallStatus::InProgress);
    QCOMPARE(calls().call(m_owner.actor, freshRinging.call.id)->call.status, CallStatus::Ringing);
    QCOMPARE(calls().call(m_owner.actor, pending.call.id)->call.status, CallStatus::Pending);

    // The call in progress is stale two hours after it was answered, through the
    // schedule this time (the fresh ringing one is long stale by then too).
    m_backend->clock().advanceSeconds(policy.staleInProgressSeconds - policy.staleRingingSeconds - 1);
    QCOMPARE(calls().sweepStaleCalls().value_or(-1), 1); // the ringing one only
    m_backend->clock().advanceSeconds(policy.staleRingingSeconds + 1);
    QVERIFY(m_backend->backend().jobRunner().runSchedules() >= 1);
    auto stale = calls().call(m_owner.actor, running.call.id);
    QCOMPARE(stale->call.status, CallStatus::Failed);
    QVERIFY(stale->call.endedReason == EndedReason::StaleCallTimeout);
    QVERIFY(stale->call.durationSecs.has_value());
    QCOMPARE(calls().call(m_owner.actor, freshRinging.call.id)->call.status, CallStatus::Failed);
    QCOMPARE(calls().call(m_owner.actor, pending.call.id)->call.status, CallStatus::Pending);
}

void tst_CallService::sweeperEndsOneBatchPerRun()
{
    // A backend whose policy sweeps two calls a run and lets a call ring 10 seconds.
    TestBackend::Options options;
    options.manualClock = true;
    options.calls.sweepBatch = 2;
    options.calls.staleRingingSeconds = 10;
    m_backend = std::make_unique<TestBackend>(options);
    QVERIFY2(m_backend->isValid(), qPrintable(m_backend->error()));
    m_owner = registerOwner(u"owner@sweep.test"_s);
    m_agent = newAgent(m_owner, u"Sweep"_s);
    QVERIFY(!m_agent.isNull());
    const QUuid org = m_owner.actor.organizationId;
    QList<QUuid> ids;
    for (int i = 0; i < 3; ++i) {
        const CallDetail d = scheduled();
        QVERIFY(calls().transition(org, d.call.id, CallStatus::Ringing, std::nullopt));
        ids << d.call.id;
    }
    m_backend->clock().advanceSeconds(11);
    QCOMPARE(calls().sweepStaleCalls().value_or(-1), 2);
    QCOMPARE(calls().sweepStaleCalls().value_or(-1), 1);
    QCOMPARE(calls().sweepStaleCalls().value_or(-1), 0);
    for (const QUuid &id : ids)
        QVERIFY(calls().call(m_owner.actor, id)->call.endedReason == EndedReason::StaleCallTimeout);
}

QTEST_GUILESS_MAIN(tst_CallService)
#include "tst_callservice.moc"
