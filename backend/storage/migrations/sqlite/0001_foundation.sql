-- Foundation: accounts, organizations, team, sessions, API keys, jobs, e-mail outbox.
-- Instants are stored as fixed-width ISO 8601 UTC text (YYYY-MM-DDTHH:MM:SS.mmmZ) so
-- that text order is time order; ids are UUID text.

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    full_name TEXT,
    company_name TEXT,
    avatar_url TEXT,
    phone_number TEXT,
    timezone TEXT NOT NULL DEFAULT 'UTC',
    language TEXT NOT NULL DEFAULT 'en',
    plan TEXT NOT NULL DEFAULT 'starter_trial',
    subscription_status TEXT NOT NULL DEFAULT 'incomplete',
    stripe_customer_id TEXT UNIQUE,
    stripe_subscription_id TEXT,
    current_period_end TEXT,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled', 'pending_deletion')),
    token_version INTEGER NOT NULL DEFAULT 0,
    default_organization_id TEXT,
    last_active_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    owner_id TEXT NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
    settings TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX organizations_owner ON organizations (owner_id);

CREATE TABLE team_members (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    role_rank INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'suspended')),
    invited_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    joined_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (organization_id, user_id)
) STRICT;
CREATE INDEX team_members_listing ON team_members (organization_id, role_rank, joined_at, user_id);
CREATE INDEX team_members_user ON team_members (user_id);

CREATE TABLE team_invitations (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'member')),
    invited_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'expired', 'revoked')),
    message TEXT,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    accepted_at TEXT,
    accepted_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    revoked_at TEXT,
    updated_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX team_invitations_one_pending ON team_invitations (organization_id, email) WHERE status = 'pending';
CREATE INDEX team_invitations_listing ON team_invitations (organization_id, status, created_at);

-- An invitation may have several tokens (the link shown to the admin, each e-mail
-- sent); only their SHA-256 is kept. All die with the invitation.
CREATE TABLE invitation_tokens (
    token_hash TEXT PRIMARY KEY,
    invitation_id TEXT NOT NULL REFERENCES team_invitations (id) ON DELETE CASCADE,
    channel TEXT NOT NULL CHECK (channel IN ('link', 'email')),
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX invitation_tokens_invitation ON invitation_tokens (invitation_id);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_used_at TEXT NOT NULL,
    idle_expires_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT,
    revoked_reason TEXT,
    client_address TEXT,
    user_agent TEXT
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    used_at TEXT
) STRICT;
CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT,
    key_hash TEXT NOT NULL UNIQUE,
    key_preview TEXT NOT NULL,
    permissions TEXT,
    is_active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    expires_at TEXT,
    last_used_at TEXT,
    revoked_at TEXT
) STRICT;
CREATE INDEX api_keys_listing ON api_keys (organization_id, created_at);

CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    organization_id TEXT REFERENCES organizations (id) ON DELETE CASCADE,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 8,
    run_at TEXT NOT NULL,
    locked_by TEXT,
    locked_until TEXT,
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    finished_at TEXT
) STRICT;
CREATE INDEX jobs_ready ON jobs (status, run_at);

-- Mail waiting to be sent. The body is rendered when it is sent (so tokens it
-- carries are minted then and never stored in clear).
CREATE TABLE email_outbox (
    id TEXT PRIMARY KEY,
    organization_id TEXT REFERENCES organizations (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    related_id TEXT,
    to_address TEXT NOT NULL,
    to_name TEXT,
    data TEXT NOT NULL DEFAULT '{}',
    subject TEXT,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    message_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sent_at TEXT
) STRICT;
CREATE INDEX email_outbox_related ON email_outbox (purpose, related_id);
