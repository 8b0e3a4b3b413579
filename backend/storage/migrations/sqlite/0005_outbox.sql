-- The e-mail outbox becomes the outbox of every channel (mail now; webhook
-- deliveries and provider writes later): a channel, a recipient (an address or a
-- URL), a payload the channel reads, and a reference that stays the same across
-- attempts (the Message-ID of a mail).
CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    organization_id TEXT REFERENCES organizations (id) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    purpose TEXT NOT NULL,
    related_id TEXT,
    recipient TEXT NOT NULL,
    payload TEXT NOT NULL DEFAULT '{}',
    reference TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    summary TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sent_at TEXT
) STRICT;

INSERT INTO outbox (id, organization_id, channel, purpose, related_id, recipient, payload, reference, status,
                    attempts, last_error, summary, created_at, updated_at, sent_at)
SELECT id, organization_id, 'email', purpose, related_id, to_address,
       json_object('to_name', COALESCE(to_name, ''), 'data', json(data)), message_id, status, attempts, last_error,
       subject, created_at, updated_at, sent_at
  FROM email_outbox;

DROP TABLE email_outbox;

CREATE INDEX outbox_related ON outbox (purpose, related_id);
CREATE INDEX outbox_listing ON outbox (organization_id, created_at);
