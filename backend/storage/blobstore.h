#pragma once

#include "blobinfo.h"
#include "blobreader.h"
#include "blobspec.h"
#include "blobstate.h"
#include "blobwriter.h"

#include "core/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QUuid>

namespace vami {

class Clock;
class Database;

// File content (recordings, uploads, exports) in the database, in chunks of
// ChunkSize bytes, on both dialects: every instance and the desktop see the same
// files, and memory stays constant however large a file is.
//
//   auto writer = blobs.create(org, {.declaredMediaType = part.contentType, .purpose = u"knowledge.file"_s,
//                                    .maxSize = 10 * 1024 * 1024});
//   while (...) writer->write(piece);               // each full chunk is written as it fills
//   db.transaction([&]() -> Status {                // finish() may join the caller's transaction
//       auto blob = writer->finish();               // size, SHA-256, sniffed media type
//       ... insert the row that refers to blob->id ...
//   });
//   auto reader = blobs.open(org, id);              // another organization's blob is NotFound
//   reader->read(offset, length);                   // an HTTP Range: only the chunks it needs
//
// Transactions: a blob is written as a series of short writes, one per chunk, so a
// large upload never holds the SQLite writer lock for longer than one chunk takes
// and other requests keep writing in between. Until finish() the blob is invisible
// (state 'writing'); a blob that is never finished is swept by purgeIncomplete().
// create() and write() refuse to run inside a transaction (a retried transaction
// would write the chunks twice, and would hold the writer lock for the whole
// upload); finish(), abort() and remove() may join one, so a blob can become
// visible, or go, in the same transaction as the row that refers to it. Content
// never changes once complete.
//
// Removing is a state change, then the chunks are deleted a few at a time in
// short writes (at once when remove() runs outside a transaction, otherwise by the
// next purgeIncomplete()). Nothing here does network I/O.
//
// The store must outlive its writers and readers. Rows that refer to a blob keep
// its id (REFERENCES blobs (id)) and remove it in the transaction that deletes them.
class BlobStore
{
public:
    // Bytes per chunk: large enough that a chunk is one short write, small enough
    // that a Range request reads little more than it returns.
    static constexpr int ChunkSize = 256 * 1024;

    BlobStore(Database &database, const Clock &clock);

    // Starts a blob of the organization; nothing is visible until finish().
    Result<BlobWriter> create(const QUuid &organizationId, const BlobSpec &spec);
    // A complete blob of the organization (NotFound otherwise, and for another
    // organization's blob).
    Result<BlobInfo> info(const QUuid &organizationId, const QUuid &blobId);
    // A reader of a complete blob of the organization.
    Result<BlobReader> open(const QUuid &organizationId, const QUuid &blobId);
    // Makes a complete blob of the organization invisible and deletes its content.
    Status remove(const QUuid &organizationId, const QUuid &blobId);
    // Deletes the content of removed and aborted blobs, and of unfinished ones last
    // written to before `olderThan`, a few chunks per write; the number of blobs
    // deleted. Maintenance: runs outside a transaction.
    Result<int> purgeIncomplete(const QDateTime &olderThan);
    // Bytes the organization's blobs take, unfinished ones included (for quotas).
    Result<qint64> storedBytes(const QUuid &organizationId);

private:
    friend class BlobWriter;
    friend class BlobReader;

    // One chunk of a blob still being written, with the blob's size so far.
    Status writeChunk(const QUuid &blobId, int index, const QByteArray &bytes, qint64 sizeAfter);
    // The last chunk (when `tail` is not empty) and the blob's completion, in one transaction.
    Result<BlobInfo> complete(BlobInfo info, int tailIndex, const QByteArray &tail);
    // Marks a blob removed (when it is in `from`) and, outside a transaction, deletes
    // its content; false when it was not in `from`.
    Result<bool> discard(const QUuid &blobId, const QUuid &organizationId, BlobState from);
    // Bytes [offset, offset + length) of one chunk.
    Result<QByteArray> readSlice(const QUuid &blobId, int index, int offset, int length);
    // Deletes the chunks of a removed blob a few at a time, then the blob.
    Status deleteContent(const QUuid &blobId);

    Database &m_db;
    const Clock &m_clock;
};

} // namespace vami
