-- A version of each organization's member list, raised by every change that adds,
-- removes or moves a member in the listing order (role, join date). A member page
-- deep in a large organization seeks to a remembered position of this version
-- instead of skipping thousands of index entries (storage/pagebookmarks.h).
ALTER TABLE organizations ADD COLUMN member_version bigint NOT NULL DEFAULT 0;

CREATE FUNCTION team_members_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE organizations SET member_version = member_version + 1 WHERE id = NEW.organization_id;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE organizations SET member_version = member_version + 1 WHERE id = OLD.organization_id;
    ELSE
        UPDATE organizations SET member_version = member_version + 1
         WHERE id IN (OLD.organization_id, NEW.organization_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER team_members_versioned AFTER INSERT OR DELETE OR UPDATE OF organization_id, user_id, role_rank, joined_at
    ON team_members FOR EACH ROW EXECUTE FUNCTION team_members_version();

-- Pages in join order (sort=joined_at) walk an index too.
CREATE INDEX team_members_joined ON team_members (organization_id, joined_at, user_id);
