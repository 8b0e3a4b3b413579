// Throughput of the blob store: 64 MiB written and read back through BlobStore in
// 1 MiB pieces (QBENCHMARK; it measures and never asserts on time), with the MiB/s
// and the peak memory printed. The database is the one the tests use:
//   build/release/bin/bench_blobs                                     SQLite file
//   VAMI_TEST_DATABASE=postgres VAMI_TEST_POSTGRES_URL=postgresql://... build/release/bin/bench_blobs

#include "manualclock.h"
#include "testdatabase.h"

#include "core/ids.h"
#include "storage/blobstore.h"
#include "storage/database.h"
#include "storage/sqlvalue.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace vami;

namespace {

constexpr qint64 MiB = 1024 * 1024;
constexpr qint64 Total = 64 * MiB;

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

class bench_Blobs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void write();
    void read();
    void rangeRead();

private:
    test::ManualClock m_clock;
    std::unique_ptr<test::TestDatabase> m_test;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<BlobStore> m_blobs;
    QUuid m_org;
    QUuid m_blob;
    QByteArray m_piece;
};

void bench_Blobs::initTestCase()
{
    m_test = std::make_unique<test::TestDatabase>();
    QVERIFY2(m_test->isValid(), qPrintable(m_test->error()));
    qInfo() << "database:" << test::TestDatabase::kindName(m_test->kind());
    m_db = std::make_unique<Database>(m_test->config());
    QVERIFY(m_db->migrate(m_clock));
    m_blobs = std::make_unique<BlobStore>(*m_db, m_clock);
    m_org = newId();
    const QUuid owner = newId();
    const QVariant now = sqlInstant(m_clock.now());
    QVERIFY(m_db->exec(u"INSERT INTO users (id, email, password_hash, created_at, updated_at) "
                       "VALUES (?, 'bench@blobs.example', 'x', ?, ?)"_s,
        {sqlId(owner), now, now}));
    QVERIFY(m_db->exec(u"INSERT INTO organizations (id, name, owner_id, created_at, updated_at) "
                       "VALUES (?, 'Bench', ?, ?, ?)"_s,
        {sqlId(m_org), sqlId(owner), now, now}));
    m_piece = QByteArray(MiB, Qt::Uninitialized);
    for (qsizetype i = 0; i < m_piece.size(); ++i)
        m_piece[i] = char((i * 2654435761u) >> 13);
}

void bench_Blobs::cleanupTestCase()
{
    qInfo().noquote() << statusLine("VmHWM:") << "|" << statusLine("VmRSS:");
    m_blobs.reset();
    m_db.reset();
    m_test.reset();
}

void bench_Blobs::write()
{
    QBENCHMARK {
        QElapsedTimer timer;
        timer.start();
        auto writer = m_blobs->create(m_org, {.purpose = u"bench"_s});
        QVERIFY(writer);
        for (qint64 written = 0; written < Total; written += MiB)
            QVERIFY(writer->write(m_piece));
        auto blob = writer->finish();
        QVERIFY(blob);
        const qint64 elapsed = timer.elapsed();
        qInfo().noquote() << u"write: %1 MiB/s"_s.arg(double(Total / MiB) * 1000.0 / double(elapsed), 0, 'f', 1);
        if (!m_blob.isNull()) {
            timer.restart();
            QVERIFY(m_blobs->remove(m_org, m_blob));
            qInfo().noquote() << u"remove: %1 MiB/s"_s.arg(double(Total / MiB) * 1000.0 / double(timer.elapsed()), 0, 'f', 1);
        }
        m_blob = blob->id;
    }
}

void bench_Blobs::read()
{
    QVERIFY(!m_blob.isNull());
    QBENCHMARK {
        QElapsedTimer timer;
        timer.start();
        auto reader = m_blobs->open(m_org, m_blob);
        QVERIFY(reader);
        qint64 total = 0;
        while (!reader->atEnd()) {
            auto piece = reader->next();
            QVERIFY(piece);
            total += piece->size();
        }
        QCOMPARE(total, Total);
        qInfo().noquote() << u"read: %1 MiB/s"_s.arg(double(Total / MiB) * 1000.0 / double(timer.elapsed()), 0, 'f', 1);
    }
}

void bench_Blobs::rangeRead()
{
    // A 1 KiB HTTP Range somewhere in the middle of the 64 MiB blob.
    QVERIFY(!m_blob.isNull());
    auto reader = m_blobs->open(m_org, m_blob);
    QVERIFY(reader);
    qint64 offset = 0;
    QBENCHMARK {
        offset = (offset + 7 * MiB + 12345) % (Total - 1024);
        auto range = reader->read(offset, 1024);
        QVERIFY(range && range->size() == 1024);
    }
}

QTEST_GUILESS_MAIN(bench_Blobs)
#include "bench_blobs.moc"
