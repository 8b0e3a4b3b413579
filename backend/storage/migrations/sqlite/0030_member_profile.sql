-- Each membership carries a copy of its user's profile (e-mail, name, avatar, last
-- activity), kept by triggers, so a member page or a search by name reads one table
-- instead of joining users for every row. The users table stays the source.
ALTER TABLE team_members ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE team_members ADD COLUMN full_name TEXT;
ALTER TABLE team_members ADD COLUMN avatar_url TEXT;
ALTER TABLE team_members ADD COLUMN last_active_at TEXT;

UPDATE team_members
   SET email = (SELECT u.email FROM users u WHERE u.id = team_members.user_id),
       full_name = (SELECT u.full_name FROM users u WHERE u.id = team_members.user_id),
       avatar_url = (SELECT u.avatar_url FROM users u WHERE u.id = team_members.user_id),
       last_active_at = (SELECT u.last_active_at FROM users u WHERE u.id = team_members.user_id);

CREATE TRIGGER team_members_profile_copied AFTER INSERT ON team_members
BEGIN
    UPDATE team_members
       SET email = (SELECT u.email FROM users u WHERE u.id = NEW.user_id),
           full_name = (SELECT u.full_name FROM users u WHERE u.id = NEW.user_id),
           avatar_url = (SELECT u.avatar_url FROM users u WHERE u.id = NEW.user_id),
           last_active_at = (SELECT u.last_active_at FROM users u WHERE u.id = NEW.user_id)
     WHERE rowid = NEW.rowid;
END;

CREATE TRIGGER users_profile_to_memberships AFTER UPDATE OF email, full_name, avatar_url, last_active_at ON users
BEGIN
    UPDATE team_members
       SET email = NEW.email, full_name = NEW.full_name, avatar_url = NEW.avatar_url,
           last_active_at = NEW.last_active_at
     WHERE user_id = NEW.id;
END;
