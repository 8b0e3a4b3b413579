// The outbox on a real database (SQLite and PostgreSQL) with real receivers: mail
// through the loopback SMTP server, and a channel that delivers over HTTP to the
// loopback HTTP server. The item follows what the job runner decides (one retry
// policy), an item is delivered once even with two instances on one database, and
// mail queued by an older version survives the upgrade and is still sent.

#include "loopbackhttpserver.h"
#include "smtpsink.h"
#include "testbackend.h"
#include "testdatabase.h"

#include "core/ids.h"
#include "core/instant.h"
#include "jobs/jobcontext.h"
#include "jobs/jobqueue.h"
#include "jobs/jobregistry.h"
#include "jobs/jobrunner.h"
#include "net/httpclient.h"
#include "outbox/emailoutbox.h"
#include "outbox/outbox.h"
#include "storage/database.h"
#include "storage/migrator.h"
#include "storage/sqlscript.h"
#include "storage/sqlvalue.h"

#include <QtTest>

#include <functional>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

namespace {

const QString Purpose = u"test.notice"_s;

bool waitFor(const std::function<bool()> &condition, int timeoutMs = 20000)
{
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QTest::qWait(20);
    }
    return true;
}

SmtpSettings sinkSettings(quint16 port)
{
    SmtpSettings smtp;
    smtp.host = u"127.0.0.1"_s;
    smtp.port = port;
    smtp.security = SmtpSettings::Security::None;
    smtp.fromAddress = u"team@vami.example"_s;
    smtp.timeoutSeconds = 10;
    return smtp;
}

Result<std::optional<MailMessage>> notice(const OutboxMail &mail)
{
    MailMessage message;
    message.subject = u"Notice for "_s + mail.data.value(u"name"_s).toString();
    message.textBody = u"Hello.\n"_s;
    return std::optional<MailMessage>(message);
}

// A channel that posts each item's payload to its recipient URL: what webhook
// delivery will be, minus signing and endpoint bookkeeping.
class HttpPostChannel final : public OutboxChannel
{
public:
    explicit HttpPostChannel(const HttpClient &client)
        : m_client(client)
    { }

    QString name() const override { return u"test_http"_s; }
    JobKindSpec deliverySpec() const override
    {
        JobKindSpec spec;
        spec.leaseSeconds = 60;
        spec.maxAttempts = 5;
        spec.perOrganization = 2;
        return spec;
    }
    Result<std::optional<QString>> deliver(const OutboxItem &item, JobContext &context) override
    {
        OutboundRequest request;
        request.method = "POST";
        request.url = QUrl(item.recipient);
        request.headers = {{"Content-Type", "application/json"}, {"Idempotency-Key", item.reference.toUtf8()}};
        request.body = QJsonDocument(item.payload).toJson(QJsonDocument::Compact);
        request.stop = context.stopToken();
        auto response = m_client.send(request);
        if (!response)
            return fail(response.error());
        return std::optional<QString>(u"HTTP "_s + QString::number(response->status));
    }

private:
    const HttpClient &m_client;
};

} // namespace

class tst_Outbox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void aRateLimitedAttemptIsRetriedAndThenSent();
    void aPermanentRefusalFailsTheItem();
    void cancellingStopsTheItemAndItsJob();
    void anyChannelFollowsTheSamePolicy();
    void twoInstancesDeliverEachItemOnce();
    void mailQueuedBeforeTheUpgradeIsStillSent();

private:
    OutboxItem item(const QUuid &id);
    QString jobStatus(const QUuid &outboxId);
    Backend &backend() { return m_backend->backend(); }

    std::unique_ptr<SmtpSink> m_sink;
    std::unique_ptr<TestBackend> m_backend;
};

void tst_Outbox::init()
{
    m_sink = std::make_unique<SmtpSink>();
    QString error;
    QVERIFY2(m_sink->start(&error), qPrintable(error));
    TestBackend::Options options;
    options.manualClock = true;
    options.smtp = sinkSettings(m_sink->port());
    m_backend = std::make_unique<TestBackend>(options);
    QVERIFY2(m_backend->isValid(), qPrintable(m_backend->error()));
}

void tst_Outbox::cleanup()
{
    m_backend.reset();
    m_sink.reset();
}

OutboxItem tst_Outbox::item(const QUuid &id)
{
    auto found = backend().outbox().find(id);
    return found && found->has_value() ? **found : OutboxItem {};
}

QString tst_Outbox::jobStatus(const QUuid &outboxId)
{
    auto rows = backend().database().exec(u"SELECT status FROM jobs WHERE dedup_key = ?"_s, {idText(outboxId)});
    return rows && rows->next() ? rows->text(0) : QString();
}

void tst_Outbox::aRateLimitedAttemptIsRetriedAndThenSent()
{
    // The mail server throttles the first attempt (421: rate limited, transient), so
    // the item must stay pending and be sent by the retry, not be marked failed.
    backend().emailOutbox().addRenderer(Purpose, notice);
    m_sink->setFailure(SmtpSink::Failure::Throttle, 1);
    auto id
        = backend().emailOutbox().enqueue(Purpose, {}, {}, u"ann@example.test"_s, u"Ann"_s, {{u"name"_s, u"Ann"_s}});
    QVERIFY(id);
    QCOMPARE(backend().jobRunner().runDueJobs(), 1);
    QCOMPARE(m_sink->failuresInjected(), 1);
    OutboxItem now = item(*id);
    QCOMPARE(now.status, OutboxStatus::Pending);
    QCOMPARE(now.attempts, 1);
    QCOMPARE(now.lastError, u"The mail server asks to send more slowly."_s);
    QCOMPARE(jobStatus(*id), u"pending"_s);
    QCOMPARE(m_sink->messageCount(), 0);

    m_backend->clock().advanceSeconds(200); // the server asked for five minutes
    QCOMPARE(backend().jobRunner().runDueJobs(), 0);
    m_backend->clock().advanceSeconds(200);
    QCOMPARE(backend().jobRunner().runDueJobs(), 1);
    QCOMPARE(m_sink->messageCount(), 1);
    QCOMPARE(m_sink->messages().first().recipients, QList<QByteArray> {"ann@example.test"_ba});
    now = item(*id);
    QCOMPARE(now.status, OutboxStatus::Sent);
    QCOMPARE(now.attempts, 2);
    QCOMPARE(now.summary, u"Notice for Ann"_s);
    QVERIFY(now.lastError.isEmpty());
    QCOMPARE(jobStatus(*id), u"done"_s);

    // A renderer whose own dependency is rate limited is retried the same way.
    int renders = 0;
    backend().emailOutbox().addRenderer(
        u"test.busy"_s, [&](const OutboxMail &mail) -> Result<std::optional<MailMessage>> {
            if (++renders == 1)
                return fail(Error::rateLimited(u"test.busy"_s, "The directory is busy.", 120));
            return notice(mail);
        });
    auto busy
        = backend().emailOutbox().enqueue(u"test.busy"_s, {}, {}, u"bea@example.test"_s, {}, {{u"name"_s, u"Bea"_s}});
    QVERIFY(busy);
    QCOMPARE(backend().jobRunner().runDueJobs(), 1);
    QCOMPARE(item(*busy).lastError, u"The directory is busy."_s);
    m_backend->clock().advanceSeconds(130);
    QCOMPARE(backend().jobRunner().runDueJobs(), 1);
    QCOMPARE(item(*busy).status, OutboxStatus::Sent);
    QCOMPARE(m_sink->messageCount(), 2);
}

void tst_Outbox::aPermanentRefusalFailsTheItem()
{
    backend().emailOutbox().addRenderer(Purpose, notice);
    m_sink->rejectRecipient("gone@example.test");
    auto id = backend().emailOutbox().enqueue(Purpose, {}, {}, u"gone@example.test"_s, {}, {{u"name"_s, u"X"_s}});
    QVERIFY(id);
    QCOMPARE(backend().jobRunner().runDueJobs(), 1);
    const OutboxItem now = item(*id);
    QCOMPARE(now.status, OutboxStatus::Failed);
    QCOMPARE(now.attempts, 1);
    QCOMPARE(now.lastError, u"The mail server refused the message permanently."_s);
    QCOMPARE(jobStatus(*id), u"failed"_s);
    m_backend->clock().advanceSeconds(86400);
    QCOMPARE(backend().jobRunner().runDueJobs(), 0);
}

void tst_Outbox::cancellingStopsTheItemAndItsJob()
{
    backend().emailOutbox().addRenderer(Purpose, notice);
    const QUuid related = newId();
    auto id = backend().emailOutbox().enqueue(Purpose, related, {}, u"bob@example.test"_s, {}, {{u"name"_s, u"B"_s}});
    QVERIFY(id);
    QCOMPARE(*backend().emailOutbox().cancelFor(Purpose, related), 1);
    QCOMPARE(item(*id).status, OutboxStatus::Cancelled);
    QCOMPARE(jobStatus(*id), u"cancelled"_s);
    QCOMPARE(backend().jobRunner().runDueJobs(), 0);
    QCOMPARE(m_sink->messageCount(), 0);
    QCOMPARE(*backend().emailOutbox().cancelFor(Purpose, related), 0);
}

void tst_Outbox::anyChannelFollowsTheSamePolicy()
{
    LoopbackHttpServer receiver;
    QVERIFY(receiver.start());
    receiver.setReplies(
        "/hook", {LoopbackHttpServer::status(429, {{"Retry-After", "90"}}), LoopbackHttpServer::status(204)});
    receiver.setReply("/missing", LoopbackHttpServer::status(404));
    OutboundConfig config;
    config.allowHttp = true;
    config.ports = {};
    config.allowedTargets = AddressRange::parseList({u"127.0.0.0/8"_s});
    const HttpClient client(config, backend().clock());
    HttpPostChannel channel(client);
    JobRegistry registry;
    Outbox outbox(backend().database(), backend().jobs(), registry, backend().clock());
    outbox.addChannel(channel);
    JobRunner runner(backend().database(), backend().jobs(), registry, backend().clock(), u"http-worker"_s);

    OutboxItem hook;
    hook.channel = channel.name();
    hook.purpose = u"test.event"_s;
    hook.recipient = receiver.url(u"/hook"_s).toString();
    hook.payload = {{u"event"_s, u"call.ended"_s}};
    auto id = outbox.enqueue(hook);
    QVERIFY(id);
    QCOMPARE(runner.runDueJobs(), 1);
    OutboxItem now = *outbox.find(*id).value();
    QCOMPARE(now.status, OutboxStatus::Pending);
    QCOMPARE(now.attempts, 1);
    QCOMPARE(now.lastError, u"The remote server asks to slow down (HTTP 429)."_s);
    m_backend->clock().advanceSeconds(60);
    QCOMPARE(runner.runDueJobs(), 0); // Retry-After: 90
    m_backend->clock().advanceSeconds(31);
    QCOMPARE(runner.runDueJobs(), 1);
    now = *outbox.find(*id).value();
    QCOMPARE(now.status, OutboxStatus::Sent);
    QCOMPARE(now.summary, u"HTTP 204"_s);
    QCOMPARE(now.attempts, 2);
    const QList<LoopbackHttpServer::Request> seen = receiver.requests();
    QCOMPARE(seen.size(), 2);
    QCOMPARE(seen[0].body, R"({"event":"call.ended"})"_ba);
    QCOMPARE(seen[0].header("idempotency-key"), now.reference.toUtf8()); // the same on every attempt
    QCOMPARE(seen[1].header("idempotency-key"), now.reference.toUtf8());

    hook.recipient = receiver.url(u"/missing"_s).toString();
    auto missing = outbox.enqueue(hook);
    QVERIFY(missing);
    QCOMPARE(runner.runDueJobs(), 1);
    now = *outbox.find(*missing).value();
    QCOMPARE(now.status, OutboxStatus::Failed);
    QCOMPARE(now.lastError, u"The remote server refused the request (HTTP 404)."_s);
}

void tst_Outbox::twoInstancesDeliverEachItemOnce()
{
    // A second instance on the same database, both with their job threads running.
    m_backend->backend().emailOutbox().addRenderer(Purpose, notice);
    BackendConfig config;
    config.database = m_backend->database().config();
    config.scrypt = ScryptParams {10, 8, 1};
    config.smtp = sinkSettings(m_sink->port());
    config.jobPollIntervalMs = 50;
    config.workerId = u"second-instance"_s;
    Backend second(config, std::make_shared<ManualClock>(m_backend->clock().now()));
    second.emailOutbox().addRenderer(Purpose, notice);
    QVERIFY(second.start());

    constexpr int Mails = 24;
    QList<QUuid> ids;
    for (int i = 0; i < Mails; ++i) {
        auto id = backend().emailOutbox().enqueue(
            Purpose, {}, {}, u"user%1@example.test"_s.arg(i), {}, {{u"name"_s, QString::number(i)}});
        QVERIFY(id);
        ids.append(*id);
    }
    backend().jobRunner().start(2, 50);
    QVERIFY2(m_sink->waitForMessages(Mails, 60000), qPrintable(QString::number(m_sink->messageCount())));
    QVERIFY(waitFor([&] {
        for (const QUuid &id : std::as_const(ids)) {
            if (item(id).status != OutboxStatus::Sent || jobStatus(id) != u"done"_s)
                return false;
        }
        return true;
    }));
    backend().jobRunner().stop();
    second.stop();
    QStringList recipients;
    for (const SmtpSink::Message &m : m_sink->messages())
        recipients << QString::fromLatin1(m.recipients.join(','));
    QCOMPARE(recipients.size(), Mails);
    recipients.removeDuplicates();
    QCOMPARE(recipients.size(), Mails);
    for (const QUuid &id : std::as_const(ids))
        QCOMPARE(item(id).attempts, 1);
}

void tst_Outbox::mailQueuedBeforeTheUpgradeIsStillSent()
{
    // A database as the previous version left it: an e-mail_outbox row and its
    // "email.send" job, waiting for a mail server.
    TestDatabase old;
    QVERIFY2(old.isValid(), qPrintable(old.error()));
    ManualClock clock;
    {
        Database db(old.config());
        QVERIFY(db.open());
        const QString table = db.dialect() == Dialect::Sqlite
            ? u"CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT "
              "NULL, applied_at TEXT NOT NULL)"_s
            : u"CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT "
              "NULL, applied_at TIMESTAMPTZ NOT NULL)"_s;
        QVERIFY(db.exec(table));
        for (const Migration &m : Migrator::shipped(db.dialect())) {
            if (m.version >= 4)
                break;
            for (const QString &statement : splitSqlScript(m.script))
                QVERIFY2(db.exec(statement), qPrintable(statement.left(80)));
            QVERIFY(
                db.exec(u"INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)"_s,
                    {m.version, m.name, m.checksum, storageInstantText(clock.now())}));
        }
        const QUuid mailId = newId();
        const QVariant now = sqlInstant(clock.now());
        QVERIFY(db.exec(u"INSERT INTO email_outbox (id, purpose, to_address, to_name, data, status, attempts, "
                        "message_id, created_at, updated_at) VALUES (?, ?, 'old@example.test', 'Olga', "
                        "'{\"name\":\"Olga\"}', 'pending', 0, ?, ?, ?)"_s,
            {sqlId(mailId), Purpose, QVariant(idText(mailId) + u"@vami"_s), now, now}));
        QVERIFY(db.exec(u"INSERT INTO jobs (id, kind, payload, status, attempts, max_attempts, run_at, created_at, "
                        "updated_at) VALUES (?, 'email.send', ?, 'pending', 0, 8, ?, ?, ?)"_s,
            {sqlId(newId()), u"{\"outbox_id\":\"%1\"}"_s.arg(idText(mailId)), now, now, now}));
    }

    BackendConfig config;
    config.database = old.config();
    config.scrypt = ScryptParams {10, 8, 1};
    config.smtp = sinkSettings(m_sink->port());
    config.runJobs = false;
    Backend upgraded(config, std::make_shared<ManualClock>(clock.now()));
    upgraded.emailOutbox().addRenderer(Purpose, notice);
    QVERIFY(upgraded.start());
    QCOMPARE(upgraded.jobRunner().runDueJobs(), 1);
    QCOMPARE(m_sink->messageCount(), 1);
    const SmtpSink::Message sent = m_sink->messages().first();
    QCOMPARE(sent.recipients, QList<QByteArray> {"old@example.test"_ba});
    QVERIFY(sent.data.contains("Subject: Notice for Olga"));
    QVERIFY(sent.data.contains("Olga <old@example.test>"));
    auto rows = upgraded.database().exec(u"SELECT status, channel, summary FROM outbox"_s);
    QVERIFY(rows && rows->next());
    QCOMPARE(rows->text(0), u"sent"_s);
    QCOMPARE(rows->text(1), u"email"_s);
    QCOMPARE(rows->text(2), u"Notice for Olga"_s);
    upgraded.stop();
}

QTEST_GUILESS_MAIN(tst_Outbox)
#include "tst_outbox.moc"
