#pragma once

#include "blobinfo.h"

#include "core/result.h"

#include <QByteArray>

#include <algorithm>

namespace vami {

class BlobStore;

// Reads the content of one complete blob (BlobStore::open), a chunk or a range at a
// time: each read fetches only the parts of the chunks that hold the bytes asked
// for, so a 1 KiB range of a 100 MiB blob touches one or two chunks. Reads run
// outside any transaction; a blob removed meanwhile reads as NotFound once its
// chunks are gone.
class BlobReader
{
public:
    [[nodiscard]] const BlobInfo &info() const { return m_info; }
    [[nodiscard]] qint64 size() const { return m_info.size; }

    // Up to `length` bytes from `offset`: fewer when the blob ends first, none from
    // at or past its end (an HTTP Range beyond the end is the caller's 416).
    Result<QByteArray> read(qint64 offset, qint64 length);
    // The next piece in order (at most one chunk); empty at the end.
    Result<QByteArray> next();
    [[nodiscard]] qint64 position() const { return m_position; }
    [[nodiscard]] bool atEnd() const { return m_position >= m_info.size; }
    void seek(qint64 position) { m_position = std::clamp<qint64>(position, 0, m_info.size); }

private:
    friend class BlobStore;
    BlobReader(BlobStore &store, BlobInfo info);

    BlobStore *m_store;
    BlobInfo m_info;
    qint64 m_position = 0;
};

} // namespace vami
