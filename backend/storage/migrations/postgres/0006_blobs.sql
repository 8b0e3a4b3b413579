-- Blobs: file content (recordings, uploads, exports) kept in the database in
-- chunks, so every instance and the desktop see the same files. A blob is
-- written chunk by chunk while 'writing' (invisible), becomes 'complete' with
-- its size, SHA-256 and the media type sniffed from its content, and is
-- 'removed' until its chunks are deleted in short steps.
CREATE TABLE blobs (
    id UUID PRIMARY KEY,
    organization_id UUID NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    state TEXT NOT NULL DEFAULT 'writing' CHECK (state IN ('writing', 'complete', 'removed')),
    purpose TEXT NOT NULL,
    declared_media_type TEXT,
    media_type TEXT,
    size BIGINT NOT NULL DEFAULT 0 CHECK (size >= 0),
    sha256 TEXT CHECK (sha256 IS NULL OR length(sha256) = 64),
    chunk_size INTEGER NOT NULL CHECK (chunk_size > 0),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    completed_at TIMESTAMPTZ,
    CHECK (state <> 'complete' OR (media_type IS NOT NULL AND sha256 IS NOT NULL AND completed_at IS NOT NULL))
);
CREATE INDEX blobs_organization ON blobs (organization_id, created_at);
CREATE INDEX blobs_state ON blobs (state, updated_at);

-- Chunk n holds bytes [n * chunk_size, (n + 1) * chunk_size) of its blob; every
-- chunk but the last is full.
CREATE TABLE blob_chunks (
    blob_id UUID NOT NULL REFERENCES blobs (id) ON DELETE CASCADE,
    chunk_index INTEGER NOT NULL CHECK (chunk_index >= 0),
    bytes BYTEA NOT NULL,
    PRIMARY KEY (blob_id, chunk_index)
);
-- Out of line and uncompressed: recordings and office files are compressed
-- already, and substr() of an uncompressed TOAST value reads only the slices it
-- returns (a Range request touches a few kilobytes, not the whole chunk).
ALTER TABLE blob_chunks ALTER COLUMN bytes SET STORAGE EXTERNAL;
