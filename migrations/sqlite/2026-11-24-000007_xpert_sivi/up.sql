-- Xpert Suite adapters (SQLite): SIVI absence intake, plan-link nonces, Xpert appointment sync.
-- Keep in step with migrations/postgres: same tables, same columns.

-- One row per accepted SIVI message, keyed by sender and Berrefnr; the receipt is answered again
-- for a repeated message.
CREATE TABLE sivi_messages (
    message_key TEXT PRIMARY KEY NOT NULL,
    body_sha256 TEXT NOT NULL,
    receipt TEXT NOT NULL,
    received_at TIMESTAMP NOT NULL
);

-- An employee as an absence system knows them; the person number (BSN or CPR) only hashed and
-- encrypted, and a CPR also as the citizen's lookup hash.
CREATE TABLE absence_persons (
    id TEXT PRIMARY KEY NOT NULL,
    employer_id TEXT NOT NULL,
    employee_id TEXT NOT NULL,
    person_number_hash TEXT,
    person_number_cipher TEXT,
    citizen_hash TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (employer_id, employee_id)
);

CREATE TABLE absence_cases (
    employer_id TEXT NOT NULL,
    case_id TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES absence_persons (id),
    first_day DATE NOT NULL,
    percentage_hundredths INTEGER NOT NULL,
    ended BOOLEAN NOT NULL,
    recovered_on DATE,
    last_sequence INTEGER NOT NULL,
    summons_booking_id TEXT,
    summons_outcome TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (employer_id, case_id)
);

CREATE TABLE absence_mutations (
    employer_id TEXT NOT NULL,
    case_id TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    kind TEXT NOT NULL,
    effective_on DATE NOT NULL,
    percentage_hundredths INTEGER NOT NULL,
    message_key TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (employer_id, case_id, sequence)
);

-- Plan-link nonces already used, kept until their link expires (replay refused).
CREATE TABLE planlink_nonces (
    nonce TEXT PRIMARY KEY NOT NULL,
    expires_at TIMESTAMP NOT NULL
);

-- Status changes received from the Xpert Suite, by delivery id, with the answer given.
CREATE TABLE xpert_inbound (
    delivery_id TEXT PRIMARY KEY NOT NULL,
    status INTEGER NOT NULL,
    answer TEXT NOT NULL,
    received_at TIMESTAMP NOT NULL
);

-- What the Xpert Suite holds for each booking sent: its appointment id and the last time sent.
CREATE TABLE xpert_appointments (
    booking_id TEXT PRIMARY KEY NOT NULL,
    appointment_id TEXT,
    start_at TIMESTAMP NOT NULL,
    end_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- The role 'case-system' (an occupational-health or case system such as the Xpert Suite).
-- SQLite cannot change a CHECK in place: the table is rebuilt with the same columns.
CREATE TABLE callers_new (
    identity TEXT PRIMARY KEY NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('dfdg', 'caseworker-system', 'admin', 'case-system')),
    jobcenters TEXT NOT NULL,
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMP NOT NULL
);
INSERT INTO callers_new (identity, role, jobcenters, enabled, created_at)
    SELECT identity, role, jobcenters, enabled, created_at FROM callers;
DROP TABLE callers;
ALTER TABLE callers_new RENAME TO callers;
