-- Calls: the calls of an organization and their timelines. Every row belongs to
-- one organization (and goes with it); created_by keeps who asked for the call.
-- phone_number is E.164. status follows the contract's CallStatus; a call in a
-- terminal status (completed, failed, cancelled, no_answer) carries the
-- ended_reason that put it there. metadata is a JSON object the caller attached
-- (bounded by the service). call_events is the timeline: one row per status a
-- call entered, numbered per call (seq), with the reason and a detail.
CREATE TABLE calls (
    id UUID PRIMARY KEY,
    organization_id UUID NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    agent_id UUID NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    created_by UUID REFERENCES users (id) ON DELETE SET NULL,
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
    call_successful BOOLEAN,
    duration_secs INTEGER,
    metadata JSONB,
    scheduled_at TIMESTAMPTZ,
    started_at TIMESTAMPTZ,
    answered_at TIMESTAMPTZ,
    ended_at TIMESTAMPTZ,
    external_call_id TEXT,
    conversation_id TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX calls_listing ON calls (organization_id, created_at, id);
CREATE INDEX calls_status ON calls (organization_id, status, created_at);
CREATE INDEX calls_agent ON calls (organization_id, agent_id, created_at);

CREATE TABLE call_events (
    id UUID PRIMARY KEY,
    call_id UUID NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    organization_id UUID NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    from_status TEXT CHECK (from_status IN ('pending', 'ringing', 'in_progress', 'completed', 'failed', 'cancelled', 'no_answer')),
    to_status TEXT NOT NULL CHECK (to_status IN ('pending', 'ringing', 'in_progress', 'completed', 'failed', 'cancelled', 'no_answer')),
    ended_reason TEXT CHECK (ended_reason IN ('user_hangup', 'agent_hangup', 'call_transfer', 'max_duration_reached', 'inactivity',
        'voicemail_reached', 'ivr_reached', 'dial_no_answer', 'dial_busy', 'dial_failed', 'invalid_destination',
        'telephony_provider_unavailable', 'concurrency_limit_reached', 'error_provider', 'error_internal',
        'stale_call_timeout', 'manual_stopped', 'scheduled_call_cancelled')),
    at TIMESTAMPTZ NOT NULL,
    detail TEXT,
    UNIQUE (call_id, seq)
);
