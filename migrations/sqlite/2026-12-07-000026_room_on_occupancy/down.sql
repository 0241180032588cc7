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

DROP TRIGGER occupancy_room_no_overlap_insert;
DROP TRIGGER occupancy_room_no_overlap_update;
DROP INDEX occupancy_room;
ALTER TABLE occupancy DROP COLUMN room_id;
