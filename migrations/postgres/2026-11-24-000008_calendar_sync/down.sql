DELETE FROM callers WHERE role = 'calendar-connector';
ALTER TABLE callers DROP CONSTRAINT callers_role_check;
ALTER TABLE callers ADD CONSTRAINT callers_role_check CHECK (role IN ('dfdg', 'caseworker-system', 'admin', 'case-system'));
DROP TABLE calendar_imports;
DROP TABLE calendar_feeds;
DROP TABLE calendar_conflicts;
DROP TABLE calendar_events;
