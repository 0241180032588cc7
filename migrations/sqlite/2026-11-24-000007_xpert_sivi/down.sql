DELETE FROM callers WHERE role = 'case-system';
CREATE TABLE callers_old (
    identity TEXT PRIMARY KEY NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('dfdg', 'caseworker-system', 'admin')),
    jobcenters TEXT NOT NULL,
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO callers_old (identity, role, jobcenters, enabled, created_at)
    SELECT identity, role, jobcenters, enabled, created_at FROM callers;
DROP TABLE callers;
ALTER TABLE callers_old RENAME TO callers;
DROP TABLE xpert_appointments;
DROP TABLE xpert_inbound;
DROP TABLE planlink_nonces;
DROP TABLE absence_mutations;
DROP TABLE absence_cases;
DROP TABLE absence_persons;
DROP TABLE sivi_messages;
