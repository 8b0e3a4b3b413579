-- The member list in one table, kept in listing order:
-- - each membership carries a copy of its user's profile (e-mail, name, avatar,
--   last activity), kept by triggers, so a member page or a search by name reads
--   one table instead of joining users for every row (users stays the source);
-- - the primary key is the listing order (organization, role, join date, user), as
--   on SQLite, where the table is clustered on it.
ALTER TABLE team_members ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE team_members ADD COLUMN full_name TEXT;
ALTER TABLE team_members ADD COLUMN avatar_url TEXT;
ALTER TABLE team_members ADD COLUMN last_active_at TIMESTAMPTZ;

UPDATE team_members m
   SET email = u.email, full_name = u.full_name, avatar_url = u.avatar_url, last_active_at = u.last_active_at
  FROM users u
 WHERE u.id = m.user_id;

ALTER TABLE team_members DROP CONSTRAINT team_members_pkey;
ALTER TABLE team_members ADD PRIMARY KEY (organization_id, role_rank, joined_at, user_id);
ALTER TABLE team_members ADD CONSTRAINT team_members_id_key UNIQUE (id);
DROP INDEX team_members_listing;

CREATE FUNCTION team_members_profile_copy() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    SELECT u.email, u.full_name, u.avatar_url, u.last_active_at
      INTO NEW.email, NEW.full_name, NEW.avatar_url, NEW.last_active_at
      FROM users u
     WHERE u.id = NEW.user_id;
    RETURN NEW;
END
$$;

CREATE TRIGGER team_members_profile_copied BEFORE INSERT ON team_members
    FOR EACH ROW EXECUTE FUNCTION team_members_profile_copy();

CREATE FUNCTION users_profile_to_memberships() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE team_members
       SET email = NEW.email, full_name = NEW.full_name, avatar_url = NEW.avatar_url,
           last_active_at = NEW.last_active_at
     WHERE user_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER users_profile_to_memberships AFTER UPDATE OF email, full_name, avatar_url, last_active_at ON users
    FOR EACH ROW EXECUTE FUNCTION users_profile_to_memberships();
