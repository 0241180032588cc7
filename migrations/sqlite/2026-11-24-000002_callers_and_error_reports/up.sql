-- Registered callers (certificate identities) and DFDG's error reports (CreateFejlmelding).

CREATE TABLE callers (
    identity TEXT PRIMARY KEY NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('dfdg', 'caseworker-system', 'admin')),
    jobcenters TEXT NOT NULL,
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE error_reports (
    id TEXT PRIMARY KEY NOT NULL,
    received_at TIMESTAMP NOT NULL,
    caller TEXT NOT NULL,
    offer_id TEXT,
    booking_id TEXT,
    error_code INTEGER NOT NULL,
    error_text TEXT,
    origin INTEGER NOT NULL,
    reported_at TIMESTAMP NOT NULL
);
CREATE INDEX error_reports_received ON error_reports (received_at);
