-- Identity proven through the mailbox, and password reset by e-mail.
-- email_verified: the account's address was proven by a link sent to it (the
-- invitation e-mail, or a password reset); an account created through an
-- invitation link copied by the inviter, or registered, is not.
ALTER TABLE users ADD COLUMN email_verified BOOLEAN NOT NULL DEFAULT FALSE;

-- One row per reset requested. The token is minted when the e-mail is sent (only
-- its SHA-256 is kept) and works once, until expires_at.
CREATE TABLE password_resets (
    id UUID PRIMARY KEY,
    user_id UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    requested_at TIMESTAMPTZ NOT NULL,
    token_hash TEXT UNIQUE,
    expires_at TIMESTAMPTZ,
    used_at TIMESTAMPTZ,
    client_address TEXT
);
CREATE INDEX password_resets_user ON password_resets (user_id, requested_at);
