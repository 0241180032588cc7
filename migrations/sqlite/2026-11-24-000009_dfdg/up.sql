-- DFDG: the WSRM messages applied (the WSRM log; a message id seen before changes nothing) and
-- the DFDG id (IndkaldelseId) of each booking DFDG knows, with the version registered there.
CREATE TABLE dfdg_messages (
    message_id TEXT PRIMARY KEY NOT NULL,
    service_name TEXT NOT NULL,
    change_type TEXT NOT NULL,
    booking_id TEXT,
    outcome TEXT NOT NULL,
    detail TEXT,
    received_at TIMESTAMP NOT NULL
);
CREATE TABLE dfdg_bookings (
    booking_id TEXT PRIMARY KEY NOT NULL REFERENCES bookings (id),
    dfdg_id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    registered_version BIGINT NOT NULL,
    deleted BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at TIMESTAMP NOT NULL
);
