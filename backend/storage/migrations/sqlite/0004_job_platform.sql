-- Jobs: a cancelled state, cancellation of running jobs, de-duplication keys that
-- are unique among the unfinished jobs of a kind, and schedules that one process
-- at a time runs. SQLite cannot change a CHECK constraint in place, so the table
-- is rebuilt (nothing references it).
CREATE TABLE jobs_next (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    organization_id TEXT REFERENCES organizations (id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 8,
    run_at TEXT NOT NULL,
    locked_by TEXT,
    locked_until TEXT,
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    finished_at TEXT,
    dedup_key TEXT,
    cancel_requested_at TEXT
) STRICT;

INSERT INTO jobs_next (id, kind, payload, organization_id, status, attempts, max_attempts, run_at, locked_by,
                       locked_until, last_error, created_at, updated_at, finished_at)
SELECT id, kind, payload, organization_id, status, attempts, max_attempts, run_at, locked_by, locked_until,
       last_error, created_at, updated_at, finished_at
  FROM jobs;

DROP TABLE jobs;
ALTER TABLE jobs_next RENAME TO jobs;

CREATE INDEX jobs_ready ON jobs (status, run_at);
CREATE INDEX jobs_running ON jobs (kind, organization_id) WHERE status = 'running';
CREATE UNIQUE INDEX jobs_dedup ON jobs (kind, dedup_key)
    WHERE dedup_key IS NOT NULL AND status IN ('pending', 'running');

-- E-mail is now delivered by the outbox's job kind for the e-mail channel.
UPDATE jobs SET kind = 'outbox.email' WHERE kind = 'email.send';

CREATE TABLE job_schedules (
    name TEXT PRIMARY KEY,
    next_run_at TEXT NOT NULL,
    locked_by TEXT,
    locked_until TEXT,
    last_started_at TEXT,
    last_finished_at TEXT,
    last_error TEXT
) STRICT;
