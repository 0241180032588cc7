-- Calendar two-way sync (contract §6): events pushed by calendar connectors or imported from
-- ICS, each owning one busy block while live and kept as a tombstone once deleted; conflicts
-- between such events and bookings for a human to resolve; iCalendar feed tokens (hashes
-- only); polled ICS URLs per counselor; and the `calendar-connector` caller role.

CREATE TABLE calendar_events (
    id TEXT PRIMARY KEY NOT NULL,
    source TEXT NOT NULL,
    counselor_id TEXT NOT NULL REFERENCES counselors (id),
    external_id TEXT NOT NULL,
    start_at TIMESTAMP NOT NULL,
    end_at TIMESTAMP NOT NULL,
    deleted BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at TIMESTAMP NOT NULL,
    CHECK (start_at < end_at)
);
CREATE UNIQUE INDEX calendar_events_key ON calendar_events (source, counselor_id, external_id);
CREATE INDEX calendar_events_changed ON calendar_events (counselor_id, updated_at);

CREATE TABLE calendar_conflicts (
    id TEXT PRIMARY KEY NOT NULL,
    event_id TEXT NOT NULL REFERENCES calendar_events (id),
    booking_id TEXT NOT NULL REFERENCES bookings (id),
    counselor_id TEXT NOT NULL REFERENCES counselors (id),
    detected_at TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP,
    resolution TEXT
);
CREATE UNIQUE INDEX calendar_conflicts_open ON calendar_conflicts (event_id, booking_id)
    WHERE resolved_at IS NULL;

CREATE TABLE calendar_feeds (
    id TEXT PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    counselor_id TEXT NOT NULL REFERENCES counselors (id),
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);

CREATE TABLE calendar_imports (
    counselor_id TEXT PRIMARY KEY NOT NULL REFERENCES counselors (id),
    url TEXT NOT NULL,
    last_polled_at TIMESTAMP,
    last_error TEXT
);

ALTER TABLE callers DROP CONSTRAINT callers_role_check;
ALTER TABLE callers ADD CONSTRAINT callers_role_check
    CHECK (role IN ('dfdg', 'caseworker-system', 'admin', 'case-system', 'calendar-connector'));
