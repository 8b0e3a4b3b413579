-- The number of members of each organization, kept by triggers (they also fire
-- for rows removed by ON DELETE CASCADE), so an unfiltered member page does not
-- count every member of a large organization.
ALTER TABLE organizations ADD COLUMN member_count INTEGER NOT NULL DEFAULT 0;

UPDATE organizations
   SET member_count = (SELECT COUNT(*) FROM team_members t WHERE t.organization_id = organizations.id);

CREATE TRIGGER team_members_counted_in AFTER INSERT ON team_members
BEGIN
    UPDATE organizations SET member_count = member_count + 1 WHERE id = NEW.organization_id;
END;

CREATE TRIGGER team_members_counted_out AFTER DELETE ON team_members
BEGIN
    UPDATE organizations SET member_count = member_count - 1 WHERE id = OLD.organization_id;
END;
