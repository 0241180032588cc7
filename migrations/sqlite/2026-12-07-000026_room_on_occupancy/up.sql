-- The room an occupied time holds moves onto its occupancy row (issue 16): a booking that needs
-- a room is then one row, as one that needs none, instead of an occupancy row and a hold row.
-- The database still refuses two rows holding one room at overlapping times, by the same probe
-- as before (a room's rows never overlap, so the first that ends after the new start is the
-- only one that can overlap), now over a partial index that rows without a room stay out of.
ALTER TABLE occupancy ADD COLUMN room_id TEXT REFERENCES rooms (id);

UPDATE occupancy
SET room_id = (SELECT h.room_id FROM room_holds h WHERE h.occupancy_id = occupancy.id)
WHERE id IN (SELECT occupancy_id FROM room_holds);

DROP TRIGGER room_holds_no_overlap_insert;
DROP TRIGGER room_holds_no_overlap_update;
DROP TABLE room_holds;

CREATE INDEX occupancy_room ON occupancy (room_id, end_at) WHERE room_id IS NOT NULL;

CREATE TRIGGER occupancy_room_no_overlap_insert BEFORE INSERT ON occupancy
WHEN NEW.room_id IS NOT NULL AND (
    SELECT o.start_at FROM occupancy o
    WHERE o.room_id = NEW.room_id AND o.end_at > NEW.start_at
    ORDER BY o.end_at LIMIT 1
) < NEW.end_at
BEGIN
    SELECT RAISE(ABORT, 'planner_overlap');
END;

CREATE TRIGGER occupancy_room_no_overlap_update BEFORE UPDATE OF room_id, start_at, end_at ON occupancy
WHEN NEW.room_id IS NOT NULL AND (
    SELECT o.start_at FROM occupancy o
    WHERE o.id <> NEW.id AND o.room_id = NEW.room_id AND o.end_at > NEW.start_at
    ORDER BY o.end_at LIMIT 1
) < NEW.end_at
BEGIN
    SELECT RAISE(ABORT, 'planner_overlap');
END;
