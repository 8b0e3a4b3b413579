-- Blobs: file content (recordings, uploads, exports) kept in the database in
-- chunks, so every instance and the desktop see the same files. A blob is
-- written chunk by chunk while 'writing' (invisible), becomes 'complete' with
-- its size, SHA-256 and the media type sniffed from its content, and is
-- 'removed' until its chunks are deleted in short steps.
CREATE TABLE blobs (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    state TEXT NOT NULL DEFAULT 'writing' CHECK (state IN ('writing', 'complete', 'removed')),
    purpose TEXT NOT NULL,
    declared_media_type TEXT,
    media_type TEXT,
    size INTEGER NOT NULL DEFAULT 0 CHECK (size >= 0),
    sha256 TEXT CHECK (sha256 IS NULL OR length(sha256) = 64),
    chunk_size INTEGER NOT NULL CHECK (chunk_size > 0),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    completed_at TEXT,
    CHECK (state <> 'complete' OR (media_type IS NOT NULL AND sha256 IS NOT NULL AND completed_at IS NOT NULL))
) STRICT;
CREATE INDEX blobs_organization ON blobs (organization_id, created_at);
CREATE INDEX blobs_state ON blobs (state, updated_at);

-- Chunk n holds bytes [n * chunk_size, (n + 1) * chunk_size) of its blob; every
-- chunk but the last is full.
CREATE TABLE blob_chunks (
    blob_id TEXT NOT NULL REFERENCES blobs (id) ON DELETE CASCADE,
    chunk_index INTEGER NOT NULL CHECK (chunk_index >= 0),
    bytes BLOB NOT NULL,
    PRIMARY KEY (blob_id, chunk_index)
) STRICT;
