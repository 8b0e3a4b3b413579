#pragma once

#include <QDateTime>
#include <QString>
#include <QUuid>

namespace vami {

// A complete blob: its content is immutable, so size, hash and type describe it
// for good (the hash makes a strong ETag).
struct BlobInfo
{
    QUuid id;
    QUuid organizationId;
    QString purpose;
    qint64 size = 0;
    // SHA-256 of the content, lowercase hex.
    QString sha256;
    // Sniffed from the content (MediaSniffer); application/octet-stream when unknown.
    QString mediaType;
    // What the sender claimed; may differ from mediaType (and then mediaType holds).
    QString declaredMediaType;
    QDateTime createdAt;
    QDateTime completedAt;
    // Bytes per stored chunk (every chunk but the last is full).
    int chunkSize = 0;
};

} // namespace vami
