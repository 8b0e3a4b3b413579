#pragma once

#include <QString>

namespace vami {

// What the creator of a blob says about it (BlobStore::create).
struct BlobSpec
{
    // The type the sender claimed (a Content-Type header): kept for the record,
    // never trusted; the blob's media type is sniffed from its content.
    QString declaredMediaType {};
    // What the blob is for ("calls.recording", "knowledge.file", "exports.csv"):
    // for quotas, audits and finding the owner of a blob.
    QString purpose {};
    // BlobWriter::write() refuses content beyond this many bytes (0: no limit).
    qint64 maxSize = 0;
};

} // namespace vami
