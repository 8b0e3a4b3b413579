-- Calls: the calls of an organization and their timelines. Every row belongs to
-- one organization (and goes with it); created_by keeps who asked for the call.
-- phone_number is E.164. status follows the contract's CallStatus; a call in a
-- terminal status (completed, failed, cancelled, no_answer) carries the
-- ended_reason that put it there. metadata is a JSON object the caller attached
-- (bounded by the service). call_events is the timeline: one row per status a
-- call entered, numbered per call (seq), with the reason and a detail.
CREATE TABLE calls (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    agent_id TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    created_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    phone_number TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'ringing', 'in_progress', 'completed', 'failed', 'cancelled', 'no_answer')),
    ended_reason TEXT CHECK (ended_reason IN ('user_hangup', 'agent_hangup', 'call_transfer', 'max_duration_reached', 'inactivity',
        'voicemail_reached', 'ivr_reached', 'dial_no_answer', 'dial_busy', 'dial_failed', 'invalid_destination',
        'telephony_provider_unavailable', 'concurrency_limit_reached', 'error_provider', 'error_internal',
        'stale_call_timeout', 'manual_stopped', 'scheduled_call_cancelled')),
    error_message TEXT,
    summary TEXT,
    sentiment TEXT CHECK (sentiment IN ('positive', 'neutral', 'negative', 'mixed')),
    call_successful INTEGER,
    duration_secs INTEGER,
    metadata TEXT,
    scheduled_at TEXT,
    started_at TEXT,
    answered_at TEXT,
    ended_at TEXT,
    external_call_id TEXT,
    conversation_id TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX calls_listing ON calls (organization_id, created_at, id);
CREATE INDEX calls_status ON calls (organization_id, status, created_at);
CREATE INDEX calls_agent ON calls (organization_id, agent_id, created_at);

CREATE TABLE call_events (
    id TEXT PRIMARY KEY,
    call_id TEXT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    from_status TEXT CHECK (from_status IN ('pending', 'ringing', 'in_progress', 'completed', 'failed', 'cancelled', 'no_answer')),
    to_status TEXT NOT NULL CHECK (to_status IN ('pending', 'ringing', 'in_progress', 'completed', 'failed', 'cancelled', 'no_answer')),
    ended_reason TEXT CHECK (ended_reason IN ('user_hangup', 'agent_hangup', 'call_transfer', 'max_duration_reached', 'inactivity',
        'voicemail_reached', 'ivr_reached', 'dial_no_answer', 'dial_busy', 'dial_failed', 'invalid_destination',
        'telephony_provider_unavailable', 'concurrency_limit_reached', 'error_provider', 'error_internal',
        'stale_call_timeout', 'manual_stopped', 'scheduled_call_cancelled')),
    at TEXT NOT NULL,
    detail TEXT,
    UNIQUE (call_id, seq)
) STRICT;
