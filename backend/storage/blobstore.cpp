#include "blobstore.h"

#include "database.h"
#include "rowreader.h"
#include "sqlvalue.h"

#include "core/clock.h"
#include "core/ids.h"
#include "core/logging.h"

#include <optional>

using namespace Qt::StringLiterals;

namespace vami {

namespace {

// Chunks deleted per write when a blob goes (4 MiB): the SQLite writer lock is
// never held for long, however large the blob.
constexpr int ChunksPerDelete = 16;
// Blobs a purge looks up at a time.
constexpr int PurgeBatch = 100;

const RowReader<BlobInfo> &infoColumns()
{
    static const RowReader<BlobInfo> columns {
        column<&BlobInfo::id>("id"),
        column<&BlobInfo::organizationId>("organization_id"),
        column<&BlobInfo::purpose>("purpose"),
        column<&BlobInfo::size>("size"),
        column<&BlobInfo::sha256>("sha256"),
        column<&BlobInfo::mediaType>("media_type"),
        column<&BlobInfo::declaredMediaType>("declared_media_type"),
        column<&BlobInfo::createdAt>("created_at"),
        column<&BlobInfo::completedAt>("completed_at"),
        column<&BlobInfo::chunkSize>("chunk_size"),
    };
    return columns;
}

Error blobNotFound(const QUuid &blobId)
{
    return Error::notFound(u"storage.blob_not_found"_s, QT_TRANSLATE_NOOP("vami", "File not found"))
        .withDiagnostic(u"blob %1"_s.arg(idText(blobId)));
}

Error insideTransaction(const char *what)
{
    qCCritical(lcStorage) << what << "was called inside a database transaction; blobs are written in short writes";
    return Error::internal(u"%1 inside a database transaction"_s.arg(QLatin1StringView(what)));
}

} // namespace

BlobStore::BlobStore(Database &database, const Clock &clock)
    : m_db(database)
    , m_clock(clock)
{ }

Result<BlobWriter> BlobStore::create(const QUuid &organizationId, const BlobSpec &spec)
{
    if (Database::threadInTransaction())
        return fail(insideTransaction("BlobStore::create"));
    BlobInfo blob;
    blob.id = newId();
    blob.organizationId = organizationId;
    blob.purpose = spec.purpose;
    blob.declaredMediaType = spec.declaredMediaType.left(255);
    blob.createdAt = m_clock.now();
    blob.chunkSize = ChunkSize;
    auto inserted = m_db.exec(u"INSERT INTO blobs (id, organization_id, state, purpose, declared_media_type, size, "
                              "chunk_size, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)"_s,
        {sqlId(blob.id), sqlId(organizationId), enumName(BlobState::Writing), blob.purpose,
            sqlText(blob.declaredMediaType), blob.chunkSize, sqlInstant(blob.createdAt), sqlInstant(blob.createdAt)});
    if (!inserted)
        return fail(inserted.error());
    return BlobWriter(*this, std::move(blob), spec);
}

Result<BlobInfo> BlobStore::info(const QUuid &organizationId, const QUuid &blobId)
{
    if (blobId.isNull() || organizationId.isNull())
        return fail(blobNotFound(blobId));
    auto rows = m_db.exec(u"SELECT "_s + infoColumns().selectList()
            + u" FROM blobs WHERE id = ? AND organization_id = ? AND state = ?"_s,
        {sqlId(blobId), sqlId(organizationId), enumName(BlobState::Complete)});
    if (!rows)
        return fail(rows.error());
    if (!rows->next())
        return fail(blobNotFound(blobId));
    return infoColumns().read(*rows);
}

Result<BlobReader> BlobStore::open(const QUuid &organizationId, const QUuid &blobId)
{
    auto blob = info(organizationId, blobId);
    if (!blob)
        return fail(blob.error());
    if (blob->chunkSize <= 0)
        return fail(Error::internal(u"blob %1 has no chunk size"_s.arg(idText(blobId))));
    return BlobReader(*this, std::move(*blob));
}

Status BlobStore::remove(const QUuid &organizationId, const QUuid &blobId)
{
    auto removed = discard(blobId, organizationId, BlobState::Complete);
    if (!removed)
        return fail(removed.error());
    if (!*removed)
        return fail(blobNotFound(blobId));
    return {};
}

Result<int> BlobStore::purgeIncomplete(const QDateTime &olderThan)
{
    if (Database::threadInTransaction())
        return fail(insideTransaction("BlobStore::purgeIncomplete"));
    auto abandoned = m_db.exec(u"UPDATE blobs SET state = ?, updated_at = ? WHERE state = ? AND updated_at < ?"_s,
        {enumName(BlobState::Removed), sqlInstant(m_clock.now()), enumName(BlobState::Writing),
            sqlInstant(olderThan)});
    if (!abandoned)
        return fail(abandoned.error());
    // One pass in id order; a blob that cannot go (a row still refers to it) is
    // logged and passed over, so it does not hold up the others.
    int purged = 0;
    std::optional<Error> firstFailure;
    QString after = idText(QUuid());
    for (;;) {
        auto rows = m_db.exec(u"SELECT id FROM blobs WHERE state = ? AND id > ? ORDER BY id LIMIT ?"_s,
            {enumName(BlobState::Removed), after, PurgeBatch});
        if (!rows)
            return fail(rows.error());
        QList<QUuid> ids;
        while (rows->next())
            ids.append(rows->id(0));
        rows = SqlRows();
        for (const QUuid &id : std::as_const(ids)) {
            if (Status deleted = deleteContent(id); !deleted) {
                qCWarning(lcStorage).noquote() << "a removed blob could not be purged:" << deleted.error().diagnostic();
                if (!firstFailure)
                    firstFailure = deleted.error();
                continue;
            }
            ++purged;
        }
        if (ids.size() < PurgeBatch)
            break;
        after = idText(ids.last());
    }
    if (firstFailure)
        return fail(*firstFailure);
    return purged;
}

Result<qint64> BlobStore::storedBytes(const QUuid &organizationId)
{
    auto rows = m_db.exec(u"SELECT COALESCE(SUM(size), 0) FROM blobs WHERE organization_id = ? AND state <> ?"_s,
        {sqlId(organizationId), enumName(BlobState::Removed)});
    if (!rows)
        return fail(rows.error());
    return rows->next() ? rows->integer(0) : 0;
}

Status BlobStore::writeChunk(const QUuid &blobId, int index, const QByteArray &bytes, qint64 sizeAfter)
{
    // The blob row first: it must still be written to (not aborted or purged), and
    // its time of last write keeps a slow upload from looking abandoned.
    return m_db.transaction([&]() -> Status {
        auto touched = m_db.exec(u"UPDATE blobs SET size = ?, updated_at = ? WHERE id = ? AND state = ?"_s,
            {sizeAfter, sqlInstant(m_clock.now()), sqlId(blobId), enumName(BlobState::Writing)});
        if (!touched)
            return fail(touched.error());
        if (touched->rowsAffected() != 1)
            return fail(blobNotFound(blobId).withDiagnostic(
                u"blob %1 is no longer being written (aborted or purged)"_s.arg(idText(blobId))));
        // An upsert: a transaction retried after a commit whose answer was lost finds the chunk there.
        auto stored = m_db.exec(u"INSERT INTO blob_chunks (blob_id, chunk_index, bytes) VALUES (?, ?, ?) "
                                "ON CONFLICT (blob_id, chunk_index) DO UPDATE SET bytes = excluded.bytes"_s,
            {sqlId(blobId), index, bytes});
        if (!stored)
            return fail(stored.error());
        return {};
    });
}

Result<BlobInfo> BlobStore::complete(BlobInfo info, int tailIndex, const QByteArray &tail)
{
    info.completedAt = m_clock.now();
    const qint64 chunks = info.size == 0 ? 0 : (info.size - 1) / info.chunkSize + 1;
    Status done = m_db.transaction([&]() -> Status {
        if (!tail.isEmpty()) {
            if (Status written = writeChunk(info.id, tailIndex, tail, info.size); !written)
                return written;
        }
        // Every chunk is there, and nothing else: what a reader will find.
        auto stored = m_db.exec(
            u"SELECT COUNT(*), COALESCE(SUM(length(bytes)), 0) FROM blob_chunks WHERE blob_id = ?"_s, {sqlId(info.id)});
        if (!stored)
            return fail(stored.error());
        const qint64 storedChunks = stored->next() ? stored->integer(0) : -1;
        const qint64 storedBytes = storedChunks >= 0 ? stored->integer(1) : -1;
        stored = SqlRows();
        if (storedChunks != chunks || storedBytes != info.size)
            return fail(Error::internal(u"blob %1 holds %2 chunks and %3 bytes, expected %4 and %5"_s.arg(
                idText(info.id), QString::number(storedChunks), QString::number(storedBytes),
                QString::number(chunks), QString::number(info.size))));
        auto updated = m_db.exec(u"UPDATE blobs SET state = ?, size = ?, sha256 = ?, media_type = ?, "
                                 "completed_at = ?, updated_at = ? WHERE id = ? AND state = ?"_s,
            {enumName(BlobState::Complete), info.size, info.sha256, info.mediaType, sqlInstant(info.completedAt),
                sqlInstant(info.completedAt), sqlId(info.id), enumName(BlobState::Writing)});
        if (!updated)
            return fail(updated.error());
        if (updated->rowsAffected() != 1)
            return fail(blobNotFound(info.id).withDiagnostic(
                u"blob %1 is no longer being written (aborted or purged)"_s.arg(idText(info.id))));
        return {};
    });
    if (!done)
        return fail(done.error());
    return info;
}

Result<bool> BlobStore::discard(const QUuid &blobId, const QUuid &organizationId, BlobState from)
{
    if (blobId.isNull() || organizationId.isNull())
        return false;
    auto marked = m_db.exec(
        u"UPDATE blobs SET state = ?, updated_at = ? WHERE id = ? AND organization_id = ? AND state = ?"_s,
        {enumName(BlobState::Removed), sqlInstant(m_clock.now()), sqlId(blobId), sqlId(organizationId),
            enumName(from)});
    if (!marked)
        return fail(marked.error());
    if (marked->rowsAffected() != 1)
        return false;
    // Inside a transaction the content waits for the next purge (the mark may yet
    // roll back, and the deletion must not hold the writer lock).
    if (!Database::threadInTransaction()) {
        if (Status deleted = deleteContent(blobId); !deleted)
            qCWarning(lcStorage).noquote() << "the content of a removed blob stays until the next purge:"
                                           << deleted.error().diagnostic();
    }
    return true;
}

Result<QByteArray> BlobStore::readSlice(const QUuid &blobId, int index, int offset, int length)
{
    auto rows = m_db.exec(u"SELECT substr(bytes, ?, ?) FROM blob_chunks WHERE blob_id = ? AND chunk_index = ?"_s,
        {offset + 1, length, sqlId(blobId), index});
    if (!rows)
        return fail(rows.error());
    if (!rows->next()) {
        rows = SqlRows();
        // Gone with its blob (removed meanwhile), or lost (a defect).
        auto state = m_db.exec(u"SELECT state FROM blobs WHERE id = ?"_s, {sqlId(blobId)});
        if (!state)
            return fail(state.error());
        std::optional<BlobState> stands;
        if (state->next())
            state->read(0, stands);
        if (stands == BlobState::Complete)
            return fail(Error::internal(u"chunk %1 of blob %2 is missing"_s.arg(index).arg(idText(blobId))));
        return fail(blobNotFound(blobId));
    }
    QByteArray bytes = rows->bytes(0);
    if (bytes.size() != length)
        return fail(Error::internal(u"chunk %1 of blob %2 holds %3 bytes from %4, expected %5"_s.arg(
            QString::number(index), idText(blobId), QString::number(bytes.size()), QString::number(offset),
            QString::number(length))));
    return bytes;
}

Status BlobStore::deleteContent(const QUuid &blobId)
{
    for (;;) {
        auto deleted = m_db.exec(u"DELETE FROM blob_chunks WHERE blob_id = ? AND chunk_index IN "
                                 "(SELECT chunk_index FROM blob_chunks WHERE blob_id = ? ORDER BY chunk_index LIMIT ?)"_s,
            {sqlId(blobId), sqlId(blobId), ChunksPerDelete});
        if (!deleted)
            return fail(deleted.error());
        if (deleted->rowsAffected() < ChunksPerDelete)
            break;
    }
    auto gone
        = m_db.exec(u"DELETE FROM blobs WHERE id = ? AND state = ?"_s, {sqlId(blobId), enumName(BlobState::Removed)});
    if (!gone)
        return fail(gone.error());
    return {};
}

} // namespace vami
