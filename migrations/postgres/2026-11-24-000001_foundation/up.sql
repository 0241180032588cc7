-- Foundation schema (PostgreSQL). Keep in step with migrations/sqlite: same tables, same columns.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Instants are TIMESTAMP in UTC, whole seconds; local dates and times are Europe/Copenhagen.

CREATE TABLE jobcenters (
    code TEXT PRIMARY KEY NOT NULL CHECK (length(code) = 5),
    name TEXT NOT NULL
);

CREATE TABLE counselors (
    id TEXT PRIMARY KEY NOT NULL,
    caseworker_id TEXT NOT NULL UNIQUE,
    given_name TEXT NOT NULL,
    middle_name TEXT,
    surname TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    jobcenter_code TEXT NOT NULL REFERENCES jobcenters (code),
    active BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE TABLE working_hours (
    id BIGSERIAL PRIMARY KEY,
    counselor_id TEXT NOT NULL REFERENCES counselors (id) ON DELETE CASCADE,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
    end_minute INTEGER NOT NULL CHECK (end_minute BETWEEN 1 AND 1439),
    CHECK (start_minute < end_minute)
);
CREATE INDEX working_hours_counselor ON working_hours (counselor_id);

CREATE TABLE working_hour_exceptions (
    id BIGSERIAL PRIMARY KEY,
    counselor_id TEXT NOT NULL REFERENCES counselors (id) ON DELETE CASCADE,
    day DATE NOT NULL,
    start_minute INTEGER,
    end_minute INTEGER,
    CHECK ((start_minute IS NULL AND end_minute IS NULL) OR (start_minute < end_minute))
);
CREATE INDEX working_hour_exceptions_counselor ON working_hour_exceptions (counselor_id, day);

CREATE TABLE busy_blocks (
    id TEXT PRIMARY KEY NOT NULL,
    counselor_id TEXT NOT NULL REFERENCES counselors (id) ON DELETE CASCADE,
    start_at TIMESTAMP NOT NULL,
    end_at TIMESTAMP NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('manual', 'calendar_sync', 'other')),
    external_id TEXT,
    note TEXT,
    CHECK (start_at < end_at)
);
CREATE INDEX busy_blocks_counselor ON busy_blocks (counselor_id, start_at);
CREATE UNIQUE INDEX busy_blocks_external ON busy_blocks (counselor_id, source, external_id)
    WHERE external_id IS NOT NULL;

CREATE TABLE offers (
    id TEXT PRIMARY KEY NOT NULL,
    jobcenter_code TEXT NOT NULL REFERENCES jobcenters (code),
    name TEXT NOT NULL,
    interview_type INTEGER NOT NULL,
    form TEXT NOT NULL CHECK (form IN ('individual', 'group')),
    seats INTEGER CHECK (seats IS NULL OR seats > 0),
    contact_types TEXT NOT NULL,
    location_description TEXT,
    street_name TEXT,
    building TEXT,
    floor TEXT,
    suite TEXT,
    post_code TEXT,
    district TEXT,
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
    buffer_minutes INTEGER NOT NULL CHECK (buffer_minutes >= 0),
    min_notice_minutes INTEGER NOT NULL CHECK (min_notice_minutes >= 0),
    horizon_days INTEGER NOT NULL CHECK (horizon_days > 0),
    first_timeslot TIMESTAMP,
    last_timeslot TIMESTAMP,
    contact_groups TEXT NOT NULL DEFAULT '',
    categories TEXT NOT NULL DEFAULT '',
    person_groups TEXT NOT NULL DEFAULT '',
    rebook_possible BOOLEAN NOT NULL,
    rebook_deadline_minutes INTEGER,
    cancel_possible BOOLEAN NOT NULL,
    cancel_deadline_minutes INTEGER,
    compulsory BOOLEAN NOT NULL,
    active BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX offers_jobcenter ON offers (jobcenter_code);

CREATE TABLE offer_counselors (
    offer_id TEXT NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    counselor_id TEXT NOT NULL REFERENCES counselors (id),
    PRIMARY KEY (offer_id, counselor_id)
);

-- A citizen is known only by a keyed hash (lookups) and a ciphertext (admin display).
CREATE TABLE citizens (
    cpr_hash TEXT PRIMARY KEY NOT NULL,
    cpr_cipher TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- One table of occupied counselor time: individual bookings, unexpired reservations and group
-- sessions. No two rows of one counselor may overlap (exclusion constraint here, trigger on
-- SQLite). The span includes the buffer after the meeting.
CREATE TABLE occupancy (
    id TEXT PRIMARY KEY NOT NULL,
    counselor_id TEXT NOT NULL REFERENCES counselors (id),
    start_at TIMESTAMP NOT NULL,
    end_at TIMESTAMP NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('booking', 'reservation', 'group')),
    expires_at TIMESTAMP,
    offer_id TEXT,
    seats INTEGER NOT NULL DEFAULT 1,
    seats_taken INTEGER NOT NULL DEFAULT 0,
    CHECK (start_at < end_at),
    CHECK (seats_taken >= 0 AND seats_taken <= seats)
);
CREATE INDEX occupancy_counselor ON occupancy (counselor_id, start_at);

ALTER TABLE occupancy ADD CONSTRAINT occupancy_no_overlap
    EXCLUDE USING gist (counselor_id WITH =, tsrange(start_at, end_at, '[)') WITH &&);

CREATE TABLE reservations (
    id TEXT PRIMARY KEY NOT NULL,
    citizen_hash TEXT NOT NULL REFERENCES citizens (cpr_hash),
    offer_id TEXT NOT NULL REFERENCES offers (id),
    counselor_id TEXT NOT NULL REFERENCES counselors (id),
    occupancy_id TEXT,
    start_at TIMESTAMP NOT NULL,
    end_at TIMESTAMP NOT NULL,
    contact_type INTEGER NOT NULL,
    rebooking_id TEXT,
    expires_at TIMESTAMP NOT NULL,
    booking_id TEXT,
    released BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX reservations_citizen ON reservations (citizen_hash, offer_id);
CREATE INDEX reservations_occupancy ON reservations (occupancy_id);

CREATE TABLE bookings (
    id TEXT PRIMARY KEY NOT NULL,
    citizen_hash TEXT NOT NULL REFERENCES citizens (cpr_hash),
    counselor_id TEXT NOT NULL REFERENCES counselors (id),
    jobcenter_code TEXT NOT NULL REFERENCES jobcenters (code),
    offer_id TEXT REFERENCES offers (id),
    occupancy_id TEXT,
    start_at TIMESTAMP NOT NULL,
    end_at TIMESTAMP NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('Booked', 'Cancelled', 'Completed', 'NoShow', 'Lapsed')),
    channel TEXT NOT NULL CHECK (channel IN ('SelfBooking', 'CaseworkerSystem', 'Summons')),
    originator_code BIGINT NOT NULL,
    originator_type INTEGER NOT NULL,
    interview_type INTEGER NOT NULL,
    form_type INTEGER NOT NULL,
    contact_type INTEGER NOT NULL,
    rebook_possible BOOLEAN NOT NULL,
    rebook_deadline TIMESTAMP,
    cancel_possible BOOLEAN NOT NULL,
    cancel_deadline TIMESTAMP,
    compulsory BOOLEAN NOT NULL,
    self_booked BOOLEAN NOT NULL,
    group_meeting_id TEXT,
    digital_link TEXT,
    lapsed_reason TEXT,
    billed BOOLEAN NOT NULL DEFAULT FALSE,
    registered_by TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (start_at < end_at)
);
CREATE INDEX bookings_citizen ON bookings (citizen_hash, start_at);
CREATE INDEX bookings_counselor ON bookings (counselor_id, start_at);
-- A citizen is never in two meetings that start at the same time.
CREATE UNIQUE INDEX bookings_citizen_start ON bookings (citizen_hash, start_at) WHERE status = 'Booked';

-- Append-only audit trail (contract §5).
CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    at TIMESTAMP NOT NULL,
    correlation_id TEXT NOT NULL,
    caller TEXT NOT NULL,
    request_user TEXT,
    operation TEXT NOT NULL,
    jobcenter_code TEXT,
    outcome TEXT NOT NULL,
    detail TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE FUNCTION planner_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION planner_append_only();

-- Events written in the transaction of the change that causes them, delivered later.
CREATE TABLE outbox (
    id BIGSERIAL PRIMARY KEY,
    created_at TIMESTAMP NOT NULL,
    topic TEXT NOT NULL,
    aggregate_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    available_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    delivered_at TIMESTAMP,
    last_error TEXT
);
CREATE INDEX outbox_pending ON outbox (delivered_at, available_at);
