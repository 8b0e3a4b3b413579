-- The number of members of each organization, kept by a trigger (it also fires
-- for rows removed by ON DELETE CASCADE), so an unfiltered member page does not
-- count every member of a large organization.
ALTER TABLE organizations ADD COLUMN member_count integer NOT NULL DEFAULT 0;

UPDATE organizations o
   SET member_count = (SELECT COUNT(*) FROM team_members t WHERE t.organization_id = o.id);

CREATE FUNCTION team_members_count() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE organizations SET member_count = member_count + 1 WHERE id = NEW.organization_id;
    ELSE
        UPDATE organizations SET member_count = member_count - 1 WHERE id = OLD.organization_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER team_members_counted AFTER INSERT OR DELETE ON team_members
    FOR EACH ROW EXECUTE FUNCTION team_members_count();
