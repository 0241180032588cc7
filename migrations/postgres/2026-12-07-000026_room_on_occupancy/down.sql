CREATE TABLE room_holds (
    occupancy_id TEXT PRIMARY KEY NOT NULL REFERENCES occupancy (id) ON DELETE CASCADE,
    room_id TEXT NOT NULL REFERENCES rooms (id),
    start_at TIMESTAMP NOT NULL,
    end_at TIMESTAMP NOT NULL,
    CHECK (start_at < end_at)
);
CREATE INDEX room_holds_room ON room_holds (room_id, end_at);

INSERT INTO room_holds (occupancy_id, room_id, start_at, end_at)
SELECT id, room_id, start_at, end_at FROM occupancy WHERE room_id IS NOT NULL;

ALTER TABLE room_holds ADD CONSTRAINT room_holds_no_overlap
    EXCLUDE USING gist (room_id WITH =, tsrange(start_at, end_at, '[)') WITH &&);

ALTER TABLE occupancy DROP CONSTRAINT occupancy_room_no_overlap;
ALTER TABLE occupancy DROP COLUMN room_id;
