-- The member list in one table, stored in listing order:
-- - each membership carries a copy of its user's profile (e-mail, name, avatar,
--   last activity), kept by triggers, so a member page or a search by name reads
--   one table instead of joining users for every row (users stays the source);
-- - the table is clustered on the listing order (organization, role, join date,
--   user): a page is one range of the table, with no lookup per row.
CREATE TABLE team_members_new (
    id TEXT NOT NULL UNIQUE,
    organization_id TEXT NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    role_rank INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'suspended')),
    invited_by TEXT REFERENCES users (id) ON DELETE SET NULL,
    joined_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    full_name TEXT,
    avatar_url TEXT,
    last_active_at TEXT,
    PRIMARY KEY (organization_id, role_rank, joined_at, user_id),
    UNIQUE (organization_id, user_id)
) STRICT, WITHOUT ROWID;

INSERT INTO team_members_new (id, organization_id, user_id, role, role_rank, status, invited_by, joined_at,
                                  updated_at, email, full_name, avatar_url, last_active_at)
SELECT m.id, m.organization_id, m.user_id, m.role, m.role_rank, m.status, m.invited_by, m.joined_at, m.updated_at,
       u.email, u.full_name, u.avatar_url, u.last_active_at
  FROM team_members m JOIN users u ON u.id = m.user_id;

-- Dropping the old table drops its indexes and triggers too; they are made again below.
DROP TABLE team_members;
ALTER TABLE team_members_new RENAME TO team_members;

CREATE INDEX team_members_user ON team_members (user_id);
CREATE INDEX team_members_joined ON team_members (organization_id, joined_at, user_id);

CREATE TRIGGER team_members_counted_in AFTER INSERT ON team_members
BEGIN
    UPDATE organizations SET member_count = member_count + 1 WHERE id = NEW.organization_id;
END;

CREATE TRIGGER team_members_counted_out AFTER DELETE ON team_members
BEGIN
    UPDATE organizations SET member_count = member_count - 1 WHERE id = OLD.organization_id;
END;

CREATE TRIGGER team_members_version_in AFTER INSERT ON team_members
BEGIN
    UPDATE organizations SET member_version = member_version + 1 WHERE id = NEW.organization_id;
END;

CREATE TRIGGER team_members_version_out AFTER DELETE ON team_members
BEGIN
    UPDATE organizations SET member_version = member_version + 1 WHERE id = OLD.organization_id;
END;

CREATE TRIGGER team_members_version_moved AFTER UPDATE OF organization_id, user_id, role_rank, joined_at ON team_members
BEGIN
    UPDATE organizations SET member_version = member_version + 1 WHERE id IN (OLD.organization_id, NEW.organization_id);
END;

CREATE TRIGGER team_members_profile_copied AFTER INSERT ON team_members
BEGIN
    UPDATE team_members
       SET email = (SELECT u.email FROM users u WHERE u.id = NEW.user_id),
           full_name = (SELECT u.full_name FROM users u WHERE u.id = NEW.user_id),
           avatar_url = (SELECT u.avatar_url FROM users u WHERE u.id = NEW.user_id),
           last_active_at = (SELECT u.last_active_at FROM users u WHERE u.id = NEW.user_id)
     WHERE organization_id = NEW.organization_id AND user_id = NEW.user_id;
END;

CREATE TRIGGER users_profile_to_memberships AFTER UPDATE OF email, full_name, avatar_url, last_active_at ON users
BEGIN
    UPDATE team_members
       SET email = NEW.email, full_name = NEW.full_name, avatar_url = NEW.avatar_url,
           last_active_at = NEW.last_active_at
     WHERE user_id = NEW.id;
END;
