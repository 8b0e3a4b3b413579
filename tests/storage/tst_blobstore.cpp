#include "manualclock.h"
#include "testdatabase.h"

#include "core/ids.h"
#include "storage/blobstore.h"
#include "storage/database.h"
#include "storage/mediasniffer.h"
#include "storage/sqlvalue.h"

#include <QCryptographicHash>
#include <QFile>
#include <QtConcurrent>
#include <QtTest>

#include <openssl/evp.h>

using namespace Qt::StringLiterals;
using namespace vami;
using namespace vami::test;

namespace {

constexpr qint64 KiB = 1024;
constexpr qint64 MiB = 1024 * KiB;
constexpr qint64 Chunk = BlobStore::ChunkSize;

// SHA-256 of the whole input, computed by OpenSSL in one call.
QString opensslSha256(const QByteArray &data)
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(data.constData(), size_t(data.size()), digest, &length, EVP_sha256(), nullptr) != 1)
        return {};
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(digest), qsizetype(length)).toHex());
}

// Incompressible bytes from a seed, generated piece by piece (xorshift64*).
class Noise
{
public:
    explicit Noise(quint64 seed)
        : m_state(seed | 1)
    { }
    void fill(QByteArray &out)
    {
        char *p = out.data();
        qsizetype left = out.size();
        while (left > 0) {
            m_state ^= m_state >> 12;
            m_state ^= m_state << 25;
            m_state ^= m_state >> 27;
            const quint64 v = m_state * 0x2545F4914F6CDD1DULL;
            const qsizetype n = std::min<qsizetype>(left, 8);
            std::memcpy(p, &v, size_t(n));
            p += n;
            left -= n;
        }
    }
    QByteArray bytes(qsizetype size)
    {
        QByteArray out(size, Qt::Uninitialized);
        fill(out);
        return out;
    }

private:
    quint64 m_state;
};

void le16(QByteArray &out, quint32 v)
{
    out.append(char(v & 0xFF));
    out.append(char((v >> 8) & 0xFF));
}

void le32(QByteArray &out, quint32 v)
{
    le16(out, v & 0xFFFF);
    le16(out, v >> 16);
}

quint32 crc32(QByteArrayView data)
{
    quint32 crc = 0xFFFFFFFFu;
    for (const char c : data) {
        crc ^= uchar(c);
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

// A ZIP archive of stored (uncompressed) entries, as any unzip tool reads it.
QByteArray zipArchive(const QList<std::pair<QByteArray, QByteArray>> &entries)
{
    QByteArray out;
    QByteArray directory;
    for (const auto &[name, data] : entries) {
        const quint32 offset = quint32(out.size());
        const quint32 crc = crc32(data);
        le32(out, 0x04034b50);
        le16(out, 20);
        le16(out, 0);
        le16(out, 0); // stored
        le16(out, 0);
        le16(out, 0x21);
        le32(out, crc);
        le32(out, quint32(data.size()));
        le32(out, quint32(data.size()));
        le16(out, quint32(name.size()));
        le16(out, 0);
        out.append(name);
        out.append(data);
        le32(directory, 0x02014b50);
        le16(directory, 20);
        le16(directory, 20);
        le16(directory, 0);
        le16(directory, 0);
        le16(directory, 0);
        le16(directory, 0x21);
        le32(directory, crc);
        le32(directory, quint32(data.size()));
        le32(directory, quint32(data.size()));
        le16(directory, quint32(name.size()));
        le16(directory, 0);
        le16(directory, 0);
        le16(directory, 0);
        le16(directory, 0);
        le32(directory, 0);
        le32(directory, offset);
        directory.append(name);
    }
    const quint32 directoryOffset = quint32(out.size());
    out.append(directory);
    le32(out, 0x06054b50);
    le16(out, 0);
    le16(out, 0);
    le16(out, quint32(entries.size()));
    le16(out, quint32(entries.size()));
    le32(out, quint32(directory.size()));
    le32(out, directoryOffset);
    le16(out, 0);
    return out;
}

QByteArray contentTypes(const QByteArray &mainPart, const QByteArray &type)
{
    return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
           "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
           "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
           "<Override PartName=\"/"
        + mainPart + "\" ContentType=\"" + type + "\"/></Types>";
}

// 0.1 s of 8 kHz 16-bit mono PCM in a RIFF/WAVE file.
QByteArray wavFile()
{
    QByteArray samples;
    for (int i = 0; i < 800; ++i)
        le16(samples, quint32(qint16((i % 40) * 800 - 16000)) & 0xFFFF);
    QByteArray out = "RIFF";
    le32(out, quint32(36 + samples.size()));
    out += "WAVEfmt ";
    le32(out, 16);
    le16(out, 1);
    le16(out, 1);
    le32(out, 8000);
    le32(out, 16000);
    le16(out, 2);
    le16(out, 16);
    out += "data";
    le32(out, quint32(samples.size()));
    return out + samples;
}

// A minimal valid PDF: catalog, empty page tree, cross-reference table, trailer.
QByteArray pdfFile()
{
    QByteArray out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
    QList<qsizetype> offsets;
    offsets.append(out.size());
    out += "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n";
    offsets.append(out.size());
    out += "2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n";
    const qsizetype xref = out.size();
    out += "xref\n0 3\n0000000000 65535 f \n";
    for (qsizetype offset : offsets)
        out += QByteArray::number(offset).rightJustified(10, '0') + " 00000 n \n";
    out += "trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n" + QByteArray::number(xref) + "\n%%EOF\n";
    return out;
}

// Two MPEG-1 layer III frames (128 kbit/s, 44.1 kHz: 417 bytes each).
QByteArray mp3Frames()
{
    QByteArray frame = QByteArray::fromHex("fffb9000");
    frame.append(417 - 4, '\0');
    return frame + frame;
}

QByteArray oggOpus()
{
    QByteArray page = "OggS";
    page += QByteArray::fromHex("0002") + QByteArray(8, '\0') + QByteArray::fromHex("01000000")
        + QByteArray(4, '\0') + QByteArray(4, '\0');
    page += QByteArray::fromHex("0113"); // one segment of 19 bytes
    page += "OpusHead";
    page += QByteArray::fromHex("0101380180bb0000000000");
    return page;
}

QByteArray ebml(const QByteArray &docType, char trackType)
{
    QByteArray header = QByteArray::fromHex("4286810142f7810142f2810442f381084282");
    header += char(0x80 | docType.size());
    header += docType + QByteArray::fromHex("4287810442858102");
    QByteArray out = QByteArray::fromHex("1a45dfa3") + char(0x80 | header.size()) + header;
    // Segment (unknown size), Info, Tracks with one track entry of the given type.
    out += QByteArray::fromHex("18538067" "01ffffffffffffff");
    out += QByteArray::fromHex("1549a966" "88" "2ad7b1830f4240" "00");
    const QByteArray entry = QByteArray::fromHex("d78101" "73c58101" "8381") + QByteArray(1, trackType);
    QByteArray trackEntry = QByteArray::fromHex("ae") + char(0x80 | entry.size()) + entry;
    out += QByteArray::fromHex("1654ae6b") + char(0x80 | trackEntry.size()) + trackEntry;
    out += QByteArray::fromHex("1f43b675" "01ffffffffffffff") + QByteArray(64, '\x11');
    return out;
}

QByteArray isoMedia(const char *brand)
{
    QByteArray box = QByteArray::fromHex("00000018") + "ftyp" + brand + QByteArray::fromHex("00000200") + "isomiso2";
    return box + QByteArray::fromHex("00000008") + "free" + QByteArray::fromHex("0000001c") + "mdat"
        + QByteArray(20, '\x42');
}

struct Organization
{
    QUuid id;
    QUuid owner;
};

} // namespace

class tst_BlobStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    // First, so that the process's peak memory is still close to what it uses.
    void constantMemoryFor100MiB();
    void roundTrips_data();
    void roundTrips();
    void rangesAtChunkBoundaries();
    void rangeReadsOnlyTheChunksItNeeds();
    void sniffing_data();
    void sniffing();
    void textIsCheckedToTheEnd();
    void declaredTypeNeverOverrides();
    void anotherOrganizationsBlobIsNotFound();
    void abortRemovesPartialData();
    void droppedWriterAborts();
    void unfinishedBlobIsInvisibleAndPurged();
    void slowUploadIsNotPurged();
    void sizeLimit();
    void chunkWritesRefuseTransactions();
    void finishJoinsTheCallersTransaction();
    void otherWritersProceedDuringAnUpload();
    void removeDeletesContent();
    void removeInsideTransactionWaitsForPurge();
    void purgePassesOverABlobStillReferredTo();
    void readerOfRemovedBlobSeesNotFound();
    void organizationDeletionTakesItsBlobs();

private:
    Organization addOrganization(const QString &name);
    Result<BlobInfo> store(const QUuid &organizationId, const QByteArray &content, qsizetype piece,
        const QString &declared = {});
    qint64 count(const QString &sql, const QVariantList &values = {});
    qint64 chunkRows(const QUuid &blobId);

    ManualClock m_clock;
    std::unique_ptr<TestDatabase> m_test;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<BlobStore> m_blobs;
    Organization m_org;
};

namespace {

qint64 peakRssKiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

} // namespace

void tst_BlobStore::initTestCase()
{
    qInfo() << "database kind:" << TestDatabase::kindName(TestDatabase::kindFromEnvironment());
}

void tst_BlobStore::init()
{
    m_test = std::make_unique<TestDatabase>();
    QVERIFY2(m_test->isValid(), qPrintable(m_test->error()));
    m_db = std::make_unique<Database>(m_test->config());
    auto migrated = m_db->migrate(m_clock);
    QVERIFY2(migrated, qPrintable(migrated ? QString() : migrated.error().diagnostic()));
    m_blobs = std::make_unique<BlobStore>(*m_db, m_clock);
    m_org = addOrganization(u"Blob Org"_s);
    QVERIFY(!m_org.id.isNull());
}

void tst_BlobStore::cleanup()
{
    // Pool threads that wrote through the database end here and close their own
    // connections; a connection left to Qt's shutdown would be closed from the
    // main thread while its cached statements are still prepared, and SQLite
    // refuses that close (LeakSanitizer reports the connection).
    QThreadPool::globalInstance()->waitForDone();
    m_blobs.reset();
    m_db.reset();
    m_test.reset();
}

Organization tst_BlobStore::addOrganization(const QString &name)
{
    Organization org {newId(), newId()};
    const QVariant now = sqlInstant(m_clock.now());
    auto user = m_db->exec(u"INSERT INTO users (id, email, password_hash, created_at, updated_at) "
                           "VALUES (?, ?, 'x', ?, ?)"_s,
        {sqlId(org.owner), QString(idText(org.owner) + u"@blobs.example"_s), now, now});
    auto inserted = m_db->exec(
        u"INSERT INTO organizations (id, name, owner_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)"_s,
        {sqlId(org.id), name, sqlId(org.owner), now, now});
    if (!user || !inserted)
        return {};
    return org;
}

Result<BlobInfo> tst_BlobStore::store(
    const QUuid &organizationId, const QByteArray &content, qsizetype piece, const QString &declared)
{
    auto writer = m_blobs->create(organizationId, {.declaredMediaType = declared, .purpose = u"test"_s});
    if (!writer)
        return fail(writer.error());
    for (qsizetype at = 0; at < content.size(); at += piece) {
        if (Status written = writer->write(QByteArrayView(content).sliced(at, std::min(piece, content.size() - at)));
            !written)
            return fail(written.error());
    }
    return writer->finish();
}

qint64 tst_BlobStore::count(const QString &sql, const QVariantList &values)
{
    auto rows = m_db->exec(sql, values);
    if (!rows || !rows->next())
        return -1;
    return rows->integer(0);
}

qint64 tst_BlobStore::chunkRows(const QUuid &blobId)
{
    return count(u"SELECT COUNT(*) FROM blob_chunks WHERE blob_id = ?"_s, {sqlId(blobId)});
}

void tst_BlobStore::constantMemoryFor100MiB()
{
#if defined(__SANITIZE_ADDRESS__)
    QSKIP("AddressSanitizer holds freed memory in its quarantine, so peak RSS says nothing here");
#endif
    constexpr qint64 Total = 100 * MiB;
    constexpr qsizetype Piece = 1 * MiB;
    QByteArray piece(Piece, Qt::Uninitialized);
    const qint64 before = peakRssKiB();
    QVERIFY(before > 0);

    Noise noise(100);
    QCryptographicHash expected(QCryptographicHash::Sha256);
    auto writer = m_blobs->create(m_org.id, {.declaredMediaType = u"audio/mpeg"_s, .purpose = u"calls.recording"_s});
    QVERIFY(writer);
    for (qint64 written = 0; written < Total; written += Piece) {
        noise.fill(piece);
        expected.addData(piece);
        Status ok = writer->write(piece);
        QVERIFY2(ok, qPrintable(ok ? QString() : ok.error().diagnostic()));
    }
    auto blob = writer->finish();
    QVERIFY2(blob, qPrintable(blob ? QString() : blob.error().diagnostic()));
    QCOMPARE(blob->size, Total);
    QCOMPARE(blob->sha256, QString::fromLatin1(expected.result().toHex()));
    QCOMPARE(blob->mediaType, u"application/octet-stream"_s);
    QCOMPARE(chunkRows(blob->id), Total / Chunk);
    QCOMPARE(*m_blobs->storedBytes(m_org.id), Total);

    auto reader = m_blobs->open(m_org.id, blob->id);
    QVERIFY(reader);
    QCryptographicHash read(QCryptographicHash::Sha256);
    qint64 total = 0;
    while (!reader->atEnd()) {
        auto next = reader->next();
        QVERIFY2(next, qPrintable(next ? QString() : next.error().diagnostic()));
        QVERIFY(!next->isEmpty());
        QVERIFY(next->size() <= Chunk);
        total += next->size();
        read.addData(*next);
    }
    QCOMPARE(total, Total);
    QCOMPARE(read.result(), expected.result());

    const qint64 after = peakRssKiB();
    const qint64 growthMiB = (after - before) / 1024;
    qInfo() << "peak RSS grew by" << growthMiB << "MiB while writing and reading 100 MiB";
    QVERIFY2(after - before < 40 * 1024, qPrintable(u"peak RSS grew by %1 MiB"_s.arg(growthMiB)));

    QVERIFY(m_blobs->remove(m_org.id, blob->id));
    QCOMPARE(chunkRows(blob->id), 0);
}

void tst_BlobStore::roundTrips_data()
{
    QTest::addColumn<qint64>("size");
    QTest::addColumn<qint64>("piece");
    QTest::newRow("empty") << qint64(0) << qint64(1);
    QTest::newRow("one byte") << qint64(1) << qint64(1);
    QTest::newRow("one chunk") << Chunk << Chunk;
    QTest::newRow("one chunk in odd pieces") << Chunk << qint64(1000);
    QTest::newRow("chunk + 1") << Chunk + 1 << qint64(64 * KiB);
    QTest::newRow("chunk + 1 at once") << Chunk + 1 << Chunk + 1;
    QTest::newRow("three chunks - 1") << 3 * Chunk - 1 << qint64(100 * KiB + 7);
    QTest::newRow("5 MiB") << 5 * MiB << qint64(MiB);
}

void tst_BlobStore::roundTrips()
{
    QFETCH(qint64, size);
    QFETCH(qint64, piece);
    QByteArray content = Noise(quint64(size) + 7).bytes(size);
    if (size > 0)
        content[0] = '\0'; // binary even when it is one byte
    auto blob = store(m_org.id, content, piece, u"application/x-test"_s);
    QVERIFY2(blob, qPrintable(blob ? QString() : blob.error().diagnostic()));
    QCOMPARE(blob->size, size);
    QCOMPARE(blob->sha256, opensslSha256(content));
    QCOMPARE(blob->organizationId, m_org.id);
    QCOMPARE(blob->purpose, u"test"_s);
    QCOMPARE(blob->declaredMediaType, u"application/x-test"_s);
    QCOMPARE(blob->mediaType, u"application/octet-stream"_s);
    QCOMPARE(blob->createdAt, m_clock.now());
    QCOMPARE(chunkRows(blob->id), (size + Chunk - 1) / Chunk);
    // Every chunk but the last is full.
    QCOMPARE(count(u"SELECT COUNT(*) FROM blob_chunks WHERE blob_id = ? AND length(bytes) <> ?"_s,
                 {sqlId(blob->id), Chunk}),
        qint64(size % Chunk == 0 ? 0 : 1));

    auto info = m_blobs->info(m_org.id, blob->id);
    QVERIFY(info);
    QCOMPARE(info->id, blob->id);
    QCOMPARE(info->size, size);
    QCOMPARE(info->sha256, blob->sha256);
    QCOMPARE(info->mediaType, blob->mediaType);
    QCOMPARE(info->declaredMediaType, blob->declaredMediaType);
    QCOMPARE(info->createdAt, blob->createdAt);
    QCOMPARE(info->completedAt, blob->completedAt);
    QCOMPARE(info->chunkSize, int(Chunk));

    auto reader = m_blobs->open(m_org.id, blob->id);
    QVERIFY(reader);
    QByteArray streamed;
    while (!reader->atEnd()) {
        auto next = reader->next();
        QVERIFY2(next, qPrintable(next ? QString() : next.error().diagnostic()));
        streamed += *next;
    }
    QCOMPARE(streamed.size(), content.size());
    QVERIFY(streamed == content);
    auto next = reader->next();
    QVERIFY(next && next->isEmpty());
    auto whole = reader->read(0, size);
    QVERIFY(whole);
    QVERIFY(*whole == content);
}

void tst_BlobStore::rangesAtChunkBoundaries()
{
    const qint64 size = 3 * Chunk + 123;
    const QByteArray content = Noise(3).bytes(size);
    auto blob = store(m_org.id, content, 200 * KiB);
    QVERIFY(blob);
    auto reader = m_blobs->open(m_org.id, blob->id);
    QVERIFY(reader);
    const QList<std::pair<qint64, qint64>> ranges {
        {0, 1}, {0, Chunk}, {Chunk - 1, 1}, {Chunk - 1, 2}, {Chunk, 1}, {Chunk, Chunk}, {Chunk - 10, Chunk + 20},
        {2 * Chunk - 1, Chunk + 2}, {3 * Chunk, 123}, {size - 1, 1}, {1000, 1024}, {0, size}};
    for (const auto &[offset, length] : ranges) {
        auto range = reader->read(offset, length);
        QVERIFY2(range, qPrintable(u"%1+%2"_s.arg(offset).arg(length)));
        QVERIFY2(*range == content.mid(offset, length), qPrintable(u"%1+%2"_s.arg(offset).arg(length)));
    }
    // Past the end: what is there, then nothing.
    QVERIFY(*reader->read(size - 3, 10) == content.right(3));
    QCOMPARE(reader->read(size, 1)->size(), 0);
    QCOMPARE(reader->read(size + 100, 5)->size(), 0);
    QCOMPARE(reader->read(10, 0)->size(), 0);
    QVERIFY(*reader->read(size - 5, std::numeric_limits<qint64>::max()) == content.right(5));
    QVERIFY(!reader->read(-1, 5));
    QVERIFY(!reader->read(5, -1));
    // Sequential reads follow chunk boundaries after a seek.
    reader->seek(Chunk - 5);
    QVERIFY(*reader->next() == content.mid(Chunk - 5, 5));
    QCOMPARE(reader->position(), Chunk);
    QVERIFY(*reader->next() == content.mid(Chunk, Chunk));
}

void tst_BlobStore::rangeReadsOnlyTheChunksItNeeds()
{
    const qint64 size = 8 * Chunk;
    const QByteArray content = Noise(8).bytes(size);
    auto blob = store(m_org.id, content, Chunk);
    QVERIFY(blob);
    auto reader = m_blobs->open(m_org.id, blob->id);
    QVERIFY(reader);
    // Only chunks 3 and 4 stay: a range inside them still reads, one that needs any
    // other chunk does not.
    QVERIFY(m_db->exec(u"DELETE FROM blob_chunks WHERE blob_id = ? AND chunk_index NOT IN (3, 4)"_s,
        {sqlId(blob->id)}));
    auto within = reader->read(4 * Chunk - 512, 1024);
    QVERIFY2(within, qPrintable(within ? QString() : within.error().diagnostic()));
    QVERIFY(*within == content.mid(4 * Chunk - 512, 1024));
    QVERIFY(*reader->read(3 * Chunk + 17, 1024) == content.mid(3 * Chunk + 17, 1024));
    auto outside = reader->read(5 * Chunk - 1, 2);
    QVERIFY(!outside);
    QCOMPARE(outside.error().kind(), ErrorKind::Internal); // lost content is a defect, not a 404
}

void tst_BlobStore::sniffing_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");

    const QByteArray docx = zipArchive({
        {"[Content_Types].xml",
            contentTypes("word/document.xml",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")},
        {"_rels/.rels", "<Relationships/>"},
        {"word/document.xml", "<w:document/>"},
    });
    const QByteArray xlsx = zipArchive({
        {"[Content_Types].xml",
            contentTypes("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")},
        {"_rels/.rels", "<Relationships/>"},
        {"xl/workbook.xml", "<workbook/>"},
    });
    const QByteArray id3 = QByteArray::fromHex("49443303000000000014") + QByteArray(20, '\0') + mp3Frames();
    const QByteArray png = QByteArray::fromHex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489");
    const QByteArray jpeg = QByteArray::fromHex("ffd8ffe000104a46494600010100000100010000ffdb0043");

    QTest::newRow("wav") << wavFile() << u"audio/wav"_s;
    QTest::newRow("mp3 frames") << mp3Frames() << u"audio/mpeg"_s;
    QTest::newRow("mp3 with ID3") << id3 << u"audio/mpeg"_s;
    QTest::newRow("flac with ID3") << QByteArray(QByteArray::fromHex("49443303000000000000") + "fLaC" + QByteArray(34, '\x01'))
                                   << u"audio/flac"_s;
    QTest::newRow("ogg opus") << oggOpus() << u"audio/ogg"_s;
    QTest::newRow("flac") << QByteArray(QByteArray("fLaC") + QByteArray::fromHex("00000022") + QByteArray(34, '\x02'))
                          << u"audio/flac"_s;
    QTest::newRow("webm audio") << ebml("webm", 2) << u"audio/webm"_s;
    QTest::newRow("webm video") << ebml("webm", 1) << u"video/webm"_s;
    QTest::newRow("matroska") << ebml("matroska", 1) << u"video/x-matroska"_s;
    QTest::newRow("m4a") << isoMedia("M4A ") << u"audio/mp4"_s;
    QTest::newRow("mp4") << isoMedia("isom") << u"video/mp4"_s;
    QTest::newRow("pdf") << pdfFile() << u"application/pdf"_s;
    QTest::newRow("zip") << zipArchive({{"notes.txt", "hello"}, {"b.bin", "\x01\x02"}}) << u"application/zip"_s;
    QTest::newRow("docx") << docx << u"application/vnd.openxmlformats-officedocument.wordprocessingml.document"_s;
    QTest::newRow("xlsx") << xlsx << u"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"_s;
    QTest::newRow("zip without content types") << zipArchive({{"word/document.xml", "<w:document/>"}})
                                               << u"application/zip"_s;
    QTest::newRow("png") << png << u"image/png"_s;
    QTest::newRow("jpeg") << jpeg << u"image/jpeg"_s;
    QTest::newRow("gif") << QByteArray("GIF89a\x01\x00\x01\x00\x80\x00\x00", 13) << u"image/gif"_s;
    QTest::newRow("json object") << QByteArray(" {\"a\": [1, 2], \"b\": \"\xC3\xBC\"}\n") << u"application/json"_s;
    QTest::newRow("json array") << QByteArray("[1, 2, 3]") << u"application/json"_s;
    QTest::newRow("csv") << QByteArray("name,email,role\r\nAda,ada@example.org,admin\r\nBob,\"b, jr\",member\r\n")
                         << u"text/csv"_s;
    QTest::newRow("csv with semicolons, no final newline")
        << QByteArray("Name;Stadt\nJürgen;Köln\n\"Eva\nMaria\";Berlin") << u"text/csv"_s;
    QTest::newRow("uneven commas") << QByteArray("Hello, world.\nHow are you?\n") << u"text/plain"_s;
    QTest::newRow("text") << QByteArray("Meeting notes\n\tGrüße aus Köln – 東京\n") << u"text/plain"_s;
    QTest::newRow("text with BOM") << QByteArray("\xEF\xBB\xBFplain text") << u"text/plain"_s;
    QTest::newRow("overlong UTF-8") << QByteArray("abc\xC0\x80") << u"application/octet-stream"_s;
    QTest::newRow("surrogate") << QByteArray("abc\xED\xA0\x80") << u"application/octet-stream"_s;
    QTest::newRow("cut UTF-8") << QByteArray("abc\xE2\x82") << u"application/octet-stream"_s;
    QTest::newRow("NUL") << QByteArray("abc\0def", 7) << u"application/octet-stream"_s;
    QTest::newRow("control character") << QByteArray("abc\x1b[31m") << u"application/octet-stream"_s;
    QTest::newRow("junk before PDF") << QByteArray("junk%PDF-1.4\n") << u"text/plain"_s;
    QTest::newRow("frame sync alone") << QByteArray(QByteArray::fromHex("fffb9000") + Noise(5).bytes(2000))
                                      << u"application/octet-stream"_s;
    QTest::newRow("random") << Noise(9).bytes(5000) << u"application/octet-stream"_s;
    QTest::newRow("empty") << QByteArray() << u"application/octet-stream"_s;
}

void tst_BlobStore::sniffing()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    QCOMPARE(MediaSniffer::sniff(content), expected);
    // Written in small pieces the result is the same (sequences split across writes).
    auto blob = store(m_org.id, content, 3);
    QVERIFY2(blob, qPrintable(blob ? QString() : blob.error().diagnostic()));
    QCOMPARE(blob->mediaType, expected);
    QCOMPARE(m_blobs->info(m_org.id, blob->id)->mediaType, expected);
}

void tst_BlobStore::textIsCheckedToTheEnd()
{
    // Far beyond the head the sniffer keeps: the whole content decides.
    QByteArray text;
    while (text.size() < 3 * Chunk)
        text += "Zeile mit Umlauten: äöü und noch etwas Text.\n";
    QCOMPARE(store(m_org.id, text, 64 * KiB)->mediaType, u"text/plain"_s);
    QByteArray broken = text;
    broken[2 * Chunk + 1] = '\xFF';
    QCOMPARE(store(m_org.id, broken, 64 * KiB)->mediaType, u"application/octet-stream"_s);
    QByteArray nul = text;
    nul[Chunk + 5] = '\0';
    QCOMPARE(store(m_org.id, nul, 64 * KiB)->mediaType, u"application/octet-stream"_s);
    QByteArray json = "[";
    while (json.size() < 2 * Chunk)
        json += "{\"n\": 1},\n{\"n\": 2, \"s\": \"Grüße\"},\n";
    json += "{}]\n";
    QCOMPARE(store(m_org.id, json, 100 * KiB)->mediaType, u"application/json"_s);
    json.chop(3); // no closing bracket: not JSON
    QCOMPARE(store(m_org.id, json, 100 * KiB)->mediaType, u"text/plain"_s);
}

void tst_BlobStore::declaredTypeNeverOverrides()
{
    const QByteArray png = QByteArray::fromHex("89504e470d0a1a0a0000000d4948445200000001");
    auto image = store(m_org.id, png, 64, u"application/pdf"_s);
    QVERIFY(image);
    QCOMPARE(image->mediaType, u"image/png"_s);
    QCOMPARE(image->declaredMediaType, u"application/pdf"_s);
    auto script = store(m_org.id, "<script>alert(1)</script>", 64, u"image/png"_s);
    QVERIFY(script);
    QCOMPARE(script->mediaType, u"text/plain"_s);
    auto unknown = store(m_org.id, Noise(1).bytes(1000), 64, u"audio/mpeg"_s);
    QVERIFY(unknown);
    QCOMPARE(unknown->mediaType, u"application/octet-stream"_s);
    QCOMPARE(m_blobs->info(m_org.id, unknown->id)->declaredMediaType, u"audio/mpeg"_s);
}

void tst_BlobStore::anotherOrganizationsBlobIsNotFound()
{
    const Organization other = addOrganization(u"Other Org"_s);
    QVERIFY(!other.id.isNull());
    auto blob = store(m_org.id, "private content", 64);
    QVERIFY(blob);

    auto info = m_blobs->info(other.id, blob->id);
    QVERIFY(!info);
    QCOMPARE(info.error().kind(), ErrorKind::NotFound);
    QCOMPARE(info.error().code(), u"storage.blob_not_found"_s);
    auto reader = m_blobs->open(other.id, blob->id);
    QVERIFY(!reader);
    QCOMPARE(reader.error().kind(), ErrorKind::NotFound);
    Status removed = m_blobs->remove(other.id, blob->id);
    QVERIFY(!removed);
    QCOMPARE(removed.error().kind(), ErrorKind::NotFound);
    QCOMPARE(m_blobs->info(m_org.id, newId()).error().kind(), ErrorKind::NotFound);
    QCOMPARE(m_blobs->info(m_org.id, QUuid()).error().kind(), ErrorKind::NotFound);
    // Still there for its own organization.
    QVERIFY(m_blobs->info(m_org.id, blob->id));
    QCOMPARE(*m_blobs->storedBytes(other.id), 0);
    QCOMPARE(*m_blobs->storedBytes(m_org.id), blob->size);
}

void tst_BlobStore::abortRemovesPartialData()
{
    auto writer = m_blobs->create(m_org.id, {.purpose = u"test"_s});
    QVERIFY(writer);
    const QUuid id = writer->id();
    QVERIFY(writer->write(Noise(2).bytes(2 * Chunk + 100)));
    // Full chunks are written as they fill; the rest waits in the writer.
    QCOMPARE(chunkRows(id), 2);
    QCOMPARE(count(u"SELECT size FROM blobs WHERE id = ?"_s, {sqlId(id)}), 2 * Chunk);
    QCOMPARE(writer->size(), 2 * Chunk + 100);
    QCOMPARE(m_blobs->info(m_org.id, id).error().kind(), ErrorKind::NotFound); // invisible while written
    QVERIFY(writer->abort());
    QCOMPARE(chunkRows(id), 0);
    QCOMPARE(count(u"SELECT COUNT(*) FROM blobs WHERE id = ?"_s, {sqlId(id)}), 0);
    QVERIFY(!writer->write("more"));
    QVERIFY(!writer->finish());
}

void tst_BlobStore::droppedWriterAborts()
{
    QUuid id;
    {
        auto writer = m_blobs->create(m_org.id, {.purpose = u"test"_s});
        QVERIFY(writer);
        id = writer->id();
        QVERIFY(writer->write(Noise(4).bytes(Chunk + 1)));
        QCOMPARE(chunkRows(id), 1);
        // Moving keeps one owner of the blob.
        BlobWriter moved = std::move(*writer);
        QCOMPARE(moved.id(), id);
    }
    QCOMPARE(chunkRows(id), 0);
    QCOMPARE(count(u"SELECT COUNT(*) FROM blobs WHERE id = ?"_s, {sqlId(id)}), 0);
}

void tst_BlobStore::unfinishedBlobIsInvisibleAndPurged()
{
    auto writer = m_blobs->create(m_org.id, {.purpose = u"test"_s});
    QVERIFY(writer);
    const QUuid id = writer->id();
    QVERIFY(writer->write(Noise(6).bytes(3 * Chunk)));
    QCOMPARE(chunkRows(id), 3);
    auto finished = store(m_org.id, "kept", 64);
    QVERIFY(finished);
    QCOMPARE(*m_blobs->storedBytes(m_org.id), 3 * Chunk + 4);

    // Not old enough yet.
    QCOMPARE(*m_blobs->purgeIncomplete(m_clock.now().addSecs(-3600)), 0);
    QCOMPARE(chunkRows(id), 3);

    m_clock.advanceSeconds(2 * 3600);
    auto purged = m_blobs->purgeIncomplete(m_clock.now().addSecs(-3600));
    QVERIFY(purged);
    QCOMPARE(*purged, 1);
    QCOMPARE(chunkRows(id), 0);
    QCOMPARE(count(u"SELECT COUNT(*) FROM blobs WHERE id = ?"_s, {sqlId(id)}), 0);
    // The abandoned writer learns that its blob is gone; complete blobs stay.
    Status late = writer->write(Noise(7).bytes(Chunk));
    QVERIFY(!late);
    QCOMPARE(late.error().kind(), ErrorKind::NotFound);
    QVERIFY(m_blobs->info(m_org.id, finished->id));
    QCOMPARE(*m_blobs->storedBytes(m_org.id), 4);
    QCOMPARE(*m_blobs->purgeIncomplete(m_clock.now()), 0);
}

void tst_BlobStore::slowUploadIsNotPurged()
{
    auto writer = m_blobs->create(m_org.id, {.purpose = u"test"_s});
    QVERIFY(writer);
    for (int i = 0; i < 3; ++i) {
        m_clock.advanceSeconds(50 * 60);
        QVERIFY(writer->write(Noise(quint64(i)).bytes(Chunk)));
    }
    // Started 2.5 hours ago, last written to just now.
    QCOMPARE(*m_blobs->purgeIncomplete(m_clock.now().addSecs(-3600)), 0);
    QVERIFY(writer->write("tail"));
    auto blob = writer->finish();
    QVERIFY(blob);
    QCOMPARE(blob->size, 3 * Chunk + 4);
}

void tst_BlobStore::sizeLimit()
{
    auto writer = m_blobs->create(m_org.id, {.purpose = u"knowledge.file"_s, .maxSize = Chunk + 10});
    QVERIFY(writer);
    QVERIFY(writer->write(Noise(1).bytes(Chunk)));
    QVERIFY(writer->write(Noise(2).bytes(10)));
    Status over = writer->write("x");
    QVERIFY(!over);
    QCOMPARE(over.error().code(), u"storage.blob_too_large"_s);
    QCOMPARE(over.error().kind(), ErrorKind::Rejected);
    QVERIFY(!writer->finish());
    QVERIFY(writer->abort());
    QCOMPARE(chunkRows(writer->id()), 0);

    auto exact = m_blobs->create(m_org.id, {.purpose = u"knowledge.file"_s, .maxSize = 10});
    QVERIFY(exact);
    QVERIFY(exact->write("0123456789"));
    QCOMPARE(exact->finish()->size, 10);
}

void tst_BlobStore::chunkWritesRefuseTransactions()
{
    auto writer = m_blobs->create(m_org.id, {.purpose = u"test"_s});
    QVERIFY(writer);
    Status inside = m_db->transaction([&]() -> Status { return writer->write("bytes"); });
    QVERIFY(!inside);
    QCOMPARE(inside.error().kind(), ErrorKind::Internal);
    QVERIFY(!writer->finish()); // the writer stays failed
    Status created = m_db->transaction([&]() -> Status {
        auto w = m_blobs->create(m_org.id, {.purpose = u"test"_s});
        if (!w)
            return fail(w.error());
        return {};
    });
    QVERIFY(!created);
    Status purged = m_db->transaction([&]() -> Status {
        auto p = m_blobs->purgeIncomplete(m_clock.now());
        if (!p)
            return fail(p.error());
        return {};
    });
    QVERIFY(!purged);
    QCOMPARE(purged.error().kind(), ErrorKind::Internal);
}

void tst_BlobStore::finishJoinsTheCallersTransaction()
{
    const QByteArray content = Noise(11).bytes(Chunk + 500);
    auto writer = m_blobs->create(m_org.id, {.purpose = u"test"_s});
    QVERIFY(writer);
    QVERIFY(writer->write(content));

    // The referring row fails: the blob does not become visible either.
    Status rolledBack = m_db->transaction([&]() -> Status {
        auto blob = writer->finish();
        if (!blob)
            return fail(blob.error());
        return fail(Error::rejected(u"test.abort"_s, "abort"));
    });
    QVERIFY(!rolledBack);
    QCOMPARE(m_blobs->info(m_org.id, writer->id()).error().kind(), ErrorKind::NotFound);
    QCOMPARE(chunkRows(writer->id()), 1); // the tail went with the transaction

    // Run again (as a retried transaction would), it completes.
    Result<BlobInfo> finished;
    Status committed = m_db->transaction([&]() -> Status {
        finished = writer->finish();
        if (!finished)
            return fail(finished.error());
        return {};
    });
    QVERIFY2(committed, qPrintable(committed ? QString() : committed.error().diagnostic()));
    auto info = m_blobs->info(m_org.id, writer->id());
    QVERIFY(info);
    QCOMPARE(info->sha256, opensslSha256(content));
    QCOMPARE(chunkRows(writer->id()), 2);
    QVERIFY(*m_blobs->open(m_org.id, writer->id())->read(0, content.size()) == content);
    // Dropping the writer afterwards does not touch the complete blob.
    const QUuid id = writer->id();
    writer = fail(Error::internal(u"dropped"_s));
    QVERIFY(m_blobs->info(m_org.id, id));
}

void tst_BlobStore::otherWritersProceedDuringAnUpload()
{
    QVERIFY(m_db->exec(u"CREATE TABLE side_writes (n INTEGER NOT NULL)"_s));
    auto writer = m_blobs->create(m_org.id, {.purpose = u"test"_s});
    QVERIFY(writer);
    for (int i = 0; i < 4; ++i) {
        QVERIFY(writer->write(Noise(quint64(i)).bytes(Chunk)));
        QVERIFY(!Database::threadInTransaction());
        // Between two chunks another thread writes: the upload holds no lock.
        QFuture<bool> other = QtConcurrent::run([&, i] {
            return bool(m_db->exec(u"INSERT INTO side_writes (n) VALUES (?)"_s, {i}));
        });
        QTRY_VERIFY_WITH_TIMEOUT(other.isFinished(), 20000);
        QVERIFY(other.result());
    }
    QVERIFY(writer->finish());
    QCOMPARE(count(u"SELECT COUNT(*) FROM side_writes"_s), 4);
}

void tst_BlobStore::removeDeletesContent()
{
    auto blob = store(m_org.id, Noise(12).bytes(40 * Chunk + 1), 2 * Chunk);
    QVERIFY(blob);
    QCOMPARE(chunkRows(blob->id), 41);
    QVERIFY(m_blobs->remove(m_org.id, blob->id));
    QCOMPARE(chunkRows(blob->id), 0);
    QCOMPARE(count(u"SELECT COUNT(*) FROM blobs WHERE id = ?"_s, {sqlId(blob->id)}), 0);
    QCOMPARE(m_blobs->info(m_org.id, blob->id).error().kind(), ErrorKind::NotFound);
    QCOMPARE(m_blobs->remove(m_org.id, blob->id).error().kind(), ErrorKind::NotFound);
    QCOMPARE(*m_blobs->storedBytes(m_org.id), 0);
}

void tst_BlobStore::removeInsideTransactionWaitsForPurge()
{
    auto blob = store(m_org.id, Noise(13).bytes(3 * Chunk), Chunk);
    QVERIFY(blob);
    // Gone with the row that referred to it, in the same transaction...
    Status removed = m_db->transaction([&]() -> Status { return m_blobs->remove(m_org.id, blob->id); });
    QVERIFY(removed);
    QCOMPARE(m_blobs->info(m_org.id, blob->id).error().kind(), ErrorKind::NotFound);
    QCOMPARE(chunkRows(blob->id), 3);
    // ... and its content with the next purge, however recent.
    QCOMPARE(*m_blobs->purgeIncomplete(m_clock.now().addSecs(-3600)), 1);
    QCOMPARE(chunkRows(blob->id), 0);

    // A removal that rolls back leaves the blob as it was.
    auto kept = store(m_org.id, "still here", 64);
    QVERIFY(kept);
    Status undone = m_db->transaction([&]() -> Status {
        if (Status s = m_blobs->remove(m_org.id, kept->id); !s)
            return s;
        return fail(Error::rejected(u"test.abort"_s, "abort"));
    });
    QVERIFY(!undone);
    QCOMPARE(*m_blobs->open(m_org.id, kept->id)->read(0, 100), QByteArray("still here"));
}

void tst_BlobStore::purgePassesOverABlobStillReferredTo()
{
    QVERIFY(m_db->exec(u"CREATE TABLE recordings (blob_id "_s
        + (m_db->dialect() == Dialect::Sqlite ? u"TEXT"_s : u"UUID"_s) + u" REFERENCES blobs (id))"_s));
    auto referred = store(m_org.id, Noise(16).bytes(Chunk + 1), Chunk);
    auto loose = store(m_org.id, Noise(17).bytes(Chunk + 1), Chunk);
    QVERIFY(referred && loose);
    QVERIFY(m_db->exec(u"INSERT INTO recordings (blob_id) VALUES (?)"_s, {sqlId(referred->id)}));
    for (const QUuid &id : {referred->id, loose->id}) {
        Status removed = m_db->transaction([&]() -> Status { return m_blobs->remove(m_org.id, id); });
        QVERIFY(removed);
    }
    auto purged = m_blobs->purgeIncomplete(m_clock.now());
    QVERIFY(!purged);
    QCOMPARE(purged.error().code(), u"storage.constraint"_s);
    QCOMPARE(count(u"SELECT COUNT(*) FROM blobs WHERE id = ?"_s, {sqlId(loose->id)}), 0);
    QCOMPARE(chunkRows(referred->id), 0);
    QCOMPARE(count(u"SELECT COUNT(*) FROM blobs WHERE id = ?"_s, {sqlId(referred->id)}), 1);
    QVERIFY(m_db->exec(u"DELETE FROM recordings"_s));
    QCOMPARE(*m_blobs->purgeIncomplete(m_clock.now()), 1);
    QCOMPARE(count(u"SELECT COUNT(*) FROM blobs"_s), 0);
}

void tst_BlobStore::readerOfRemovedBlobSeesNotFound()
{
    auto blob = store(m_org.id, Noise(14).bytes(2 * Chunk), Chunk);
    QVERIFY(blob);
    auto reader = m_blobs->open(m_org.id, blob->id);
    QVERIFY(reader);
    QVERIFY(reader->next());
    QVERIFY(m_blobs->remove(m_org.id, blob->id));
    auto next = reader->next();
    QVERIFY(!next);
    QCOMPARE(next.error().kind(), ErrorKind::NotFound);
}

void tst_BlobStore::organizationDeletionTakesItsBlobs()
{
    const Organization other = addOrganization(u"Leaving Org"_s);
    auto blob = store(other.id, Noise(15).bytes(Chunk + 1), Chunk);
    QVERIFY(blob);
    auto kept = store(m_org.id, "mine", 64);
    QVERIFY(kept);
    QVERIFY(m_db->exec(u"DELETE FROM organizations WHERE id = ?"_s, {sqlId(other.id)}));
    QCOMPARE(chunkRows(blob->id), 0);
    QCOMPARE(count(u"SELECT COUNT(*) FROM blobs WHERE id = ?"_s, {sqlId(blob->id)}), 0);
    QVERIFY(m_blobs->info(m_org.id, kept->id));
}

QTEST_GUILESS_MAIN(tst_BlobStore)
#include "tst_blobstore.moc"
