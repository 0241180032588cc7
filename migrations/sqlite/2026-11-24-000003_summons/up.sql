-- Bulk summons (masseindkaldelse): one row per batch, keyed by the client's idempotency key,
-- and one row per citizen line. Items are written Pending with the batch, then flipped to
-- Placed or NotPlaced in the same transaction that writes their booking, so a crash leaves a
-- consistent, resumable prefix. Citizens appear only as the CPR vault's keyed hash.

CREATE TABLE summons_batches (
    batch_key TEXT PRIMARY KEY NOT NULL,
    offer_id TEXT NOT NULL REFERENCES offers (id),
    pool TEXT NOT NULL,
    window_start TIMESTAMP NOT NULL,
    window_end TIMESTAMP NOT NULL,
    strategy TEXT NOT NULL CHECK (strategy IN ('earliest', 'spread')),
    dry_run BOOLEAN NOT NULL DEFAULT FALSE,
    rebook_possible BOOLEAN NOT NULL,
    rebook_before_minutes BIGINT,
    cancel_possible BOOLEAN NOT NULL,
    cancel_before_minutes BIGINT,
    originator_code BIGINT NOT NULL,
    originator_type INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('Planned', 'Running', 'Completed')),
    total INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    completed_at TIMESTAMP
);

CREATE TABLE summons_items (
    batch_key TEXT NOT NULL REFERENCES summons_batches (batch_key),
    line_number INTEGER NOT NULL,
    citizen_hash TEXT NOT NULL REFERENCES citizens (cpr_hash),
    status TEXT NOT NULL CHECK (status IN ('Pending', 'Placed', 'NotPlaced')),
    booking_id TEXT,
    counselor_id TEXT,
    start_at TIMESTAMP,
    reason TEXT,
    PRIMARY KEY (batch_key, line_number)
);
CREATE INDEX summons_items_status ON summons_items (batch_key, status, line_number);

-- Reading a calendar from a date on (a bulk summons' frontier) seeks by end instead of scanning
-- every earlier row of the counselor.
CREATE INDEX occupancy_counselor_end ON occupancy (counselor_id, end_at);

-- The no-overlap triggers probe one row instead of scanning: a counselor's rows never overlap
-- each other (these triggers keep it so), so among the rows starting before the new end, only
-- the last one can reach past the new start. The old form scanned every earlier row of the
-- counselor, which made a bulk summons filling a calendar in time order quadratic.
DROP TRIGGER occupancy_no_overlap_insert;
DROP TRIGGER occupancy_no_overlap_update;

CREATE TRIGGER occupancy_no_overlap_insert BEFORE INSERT ON occupancy
WHEN (
    SELECT o.end_at FROM occupancy o
    WHERE o.counselor_id = NEW.counselor_id AND o.start_at < NEW.end_at
    ORDER BY o.start_at DESC LIMIT 1
) > NEW.start_at
BEGIN
    SELECT RAISE(ABORT, 'planner_overlap');
END;

CREATE TRIGGER occupancy_no_overlap_update BEFORE UPDATE OF counselor_id, start_at, end_at ON occupancy
WHEN (
    SELECT o.end_at FROM occupancy o
    WHERE o.id <> NEW.id AND o.counselor_id = NEW.counselor_id AND o.start_at < NEW.end_at
    ORDER BY o.start_at DESC LIMIT 1
) > NEW.start_at
BEGIN
    SELECT RAISE(ABORT, 'planner_overlap');
END;
