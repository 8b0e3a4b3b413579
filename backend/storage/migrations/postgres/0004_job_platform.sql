-- Jobs: a cancelled state, cancellation of running jobs, de-duplication keys that
-- are unique among the unfinished jobs of a kind, and schedules that one process
-- at a time runs.
ALTER TABLE jobs DROP CONSTRAINT jobs_status_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_status_check
    CHECK (status IN ('pending', 'running', 'done', 'failed', 'cancelled'));
ALTER TABLE jobs ADD COLUMN dedup_key TEXT;
ALTER TABLE jobs ADD COLUMN cancel_requested_at TIMESTAMPTZ;

CREATE INDEX jobs_running ON jobs (kind, organization_id) WHERE status = 'running';
CREATE UNIQUE INDEX jobs_dedup ON jobs (kind, dedup_key)
    WHERE dedup_key IS NOT NULL AND status IN ('pending', 'running');

-- E-mail is now delivered by the outbox's job kind for the e-mail channel.
UPDATE jobs SET kind = 'outbox.email' WHERE kind = 'email.send';

CREATE TABLE job_schedules (
    name TEXT PRIMARY KEY,
    next_run_at TIMESTAMPTZ NOT NULL,
    locked_by TEXT,
    locked_until TIMESTAMPTZ,
    last_started_at TIMESTAMPTZ,
    last_finished_at TIMESTAMPTZ,
    last_error TEXT
);
