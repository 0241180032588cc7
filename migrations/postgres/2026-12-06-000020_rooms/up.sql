-- Meeting rooms (issue 16): rooms per jobcenter and address with a capacity (citizens' seats),
-- periods a room is closed (works on it), the rooms an offer draws from, and the holds of a room
-- by occupied time (a booking, a reservation or a group session). The database refuses two
-- holds of one room that overlap, exactly as it refuses two rows of one counselor's time.
CREATE TABLE rooms (
    id TEXT PRIMARY KEY NOT NULL,
    jobcenter_code TEXT NOT NULL REFERENCES jobcenters (code),
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    capacity INTEGER NOT NULL CHECK (capacity >= 1),
    active BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (jobcenter_code, name)
);

CREATE TABLE room_closures (
    id TEXT PRIMARY KEY NOT NULL,
    room_id TEXT NOT NULL REFERENCES rooms (id),
    start_at TIMESTAMP NOT NULL,
    end_at TIMESTAMP NOT NULL,
    note TEXT,
    CHECK (start_at < end_at)
);
CREATE INDEX room_closures_room ON room_closures (room_id, end_at);

CREATE TABLE offer_rooms (
    offer_id TEXT NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    room_id TEXT NOT NULL REFERENCES rooms (id),
    PRIMARY KEY (offer_id, room_id)
);

CREATE TABLE room_holds (
    occupancy_id TEXT PRIMARY KEY NOT NULL REFERENCES occupancy (id) ON DELETE CASCADE,
    room_id TEXT NOT NULL REFERENCES rooms (id),
    start_at TIMESTAMP NOT NULL,
    end_at TIMESTAMP NOT NULL,
    CHECK (start_at < end_at)
);
CREATE INDEX room_holds_room ON room_holds (room_id, end_at);

ALTER TABLE room_holds ADD CONSTRAINT room_holds_no_overlap
    EXCLUDE USING gist (room_id WITH =, tsrange(start_at, end_at, '[)') WITH &&);
