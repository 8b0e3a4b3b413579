#pragma once

#include "blobinfo.h"

#include "core/result.h"

#include <QByteArrayView>
#include <QUuid>

#include <memory>

namespace vami {

class BlobStore;
struct BlobSpec;

// Streams the content of one new blob into the store (BlobStore::create): buffers
// at most one chunk, writes each chunk as it fills (a short write of its own),
// hashes and sniffs as it goes. Move-only; use on one thread.
//
// A failed write() leaves the writer failed: every later call but abort() returns
// that error. A writer destroyed while unfinished aborts its blob (outside a
// transaction; inside one the blob stays invisible until purgeIncomplete()).
class BlobWriter
{
public:
    BlobWriter(BlobWriter &&other) noexcept;
    BlobWriter &operator=(BlobWriter &&other) noexcept;
    BlobWriter(const BlobWriter &) = delete;
    BlobWriter &operator=(const BlobWriter &) = delete;
    ~BlobWriter();

    [[nodiscard]] QUuid id() const;
    // Bytes accepted so far.
    [[nodiscard]] qint64 size() const;

    // Appends content. Outside a transaction only.
    Status write(QByteArrayView bytes);
    // Writes what is buffered and makes the blob visible, complete with its size,
    // SHA-256 and sniffed media type (the declared type never overrides it). May join
    // the caller's transaction, and may run again when that transaction is retried.
    Result<BlobInfo> finish();
    // Drops the blob and what was written of it.
    Status abort();

private:
    friend class BlobStore;
    struct Private;
    BlobWriter(BlobStore &store, BlobInfo blob, const BlobSpec &spec);

    std::unique_ptr<Private> d;
};

} // namespace vami
