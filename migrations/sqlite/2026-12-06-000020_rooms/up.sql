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

-- A room's holds never overlap, so the first hold that ends after the new start is the only
-- one that can overlap the new hold (the occupancy triggers probe the same way).
CREATE TRIGGER room_holds_no_overlap_insert BEFORE INSERT ON room_holds
WHEN (
    SELECT h.start_at FROM room_holds h
    WHERE h.room_id = NEW.room_id AND h.end_at > NEW.start_at
    ORDER BY h.end_at LIMIT 1
) < NEW.end_at
BEGIN
    SELECT RAISE(ABORT, 'planner_overlap');
END;

CREATE TRIGGER room_holds_no_overlap_update BEFORE UPDATE OF room_id, start_at, end_at ON room_holds
WHEN (
    SELECT h.start_at FROM room_holds h
    WHERE h.occupancy_id <> NEW.occupancy_id AND h.room_id = NEW.room_id AND h.end_at > NEW.start_at
    ORDER BY h.end_at LIMIT 1
) < NEW.end_at
BEGIN
    SELECT RAISE(ABORT, 'planner_overlap');
END;
