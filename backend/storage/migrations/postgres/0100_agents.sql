-- Agents: the voice agents of an organization. Every row belongs to one
-- organization (and goes with it); created_by keeps who made it. The agent token
-- (X-Agent-Token of the agent-actions routes) is kept twice: its SHA-256 for
-- lookup, and sealed with AES-256-GCM (key derived from the server secret) so an
-- owner or admin can read it again. provider says which voice platform runs the
-- agent; not_configured until an adapter exists.
CREATE TABLE agents (
    id UUID PRIMARY KEY,
    organization_id UUID NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    created_by UUID REFERENCES users (id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    prompt TEXT NOT NULL,
    first_message TEXT NOT NULL,
    voice_id TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT 'en',
    template_key TEXT CHECK (template_key IN ('healthcare', 'legal', 'real_estate', 'general')),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'suspended', 'deleted')),
    provider TEXT NOT NULL DEFAULT 'not_configured' CHECK (provider IN ('not_configured', 'elevenlabs')),
    provider_agent_id TEXT,
    token_hash TEXT NOT NULL UNIQUE,
    token_ciphertext BYTEA NOT NULL,
    token_preview TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX agents_listing ON agents (organization_id, created_at, id);
CREATE INDEX agents_status ON agents (organization_id, status, created_at);
