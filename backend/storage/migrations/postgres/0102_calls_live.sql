-- The live calls (ringing, in_progress) of every organization, for the stale-call
-- sweeper: it reads only these rows, however many calls have ended.
CREATE INDEX calls_live ON calls (status, updated_at) WHERE status IN ('ringing', 'in_progress');
