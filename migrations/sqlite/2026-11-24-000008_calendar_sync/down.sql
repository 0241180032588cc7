DELETE FROM callers WHERE role = 'calendar-connector';
CREATE TABLE callers_old (
    identity TEXT PRIMARY KEY NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('dfdg', 'caseworker-system', 'admin', 'case-system')),
    jobcenters TEXT NOT NULL,
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO callers_old SELECT identity, role, jobcenters, enabled, created_at FROM callers;
DROP TABLE callers;
ALTER TABLE callers_old RENAME TO callers;
DROP TABLE calendar_imports;
DROP TABLE calendar_feeds;
DROP TABLE calendar_conflicts;
DROP TABLE calendar_events;
