-- Fewer indexes on the booking write path (issue #6: a bulk summons of 20,000 citizens took
-- 2.27 times as long as one of 10,000; every index costs each booking a B-tree insert, and
-- a 200-citizen chunk's dirty pages grew from 137 to 1,100 over a 20,000 batch).
--
-- 1. A citizen's bookings: the lookup index (citizen_hash, start_at) and the partial unique index
--    over Booked rows had the same key, and citizen hashes arrive in random order, so each booking
--    paid two random inserts. This one index serves the lookups by citizen (its first columns) and
--    keeps a citizen out of two Booked meetings that start at the same time: a Booked row's third
--    key is '', any other row's is its own id, so only Booked rows can collide.
DROP INDEX bookings_citizen_start;
DROP INDEX bookings_citizen;
CREATE UNIQUE INDEX bookings_citizen_key
    ON bookings (citizen_hash, start_at, (CASE WHEN status = 'Booked' THEN '' ELSE id END));

-- 2. A counselor's occupancy: ordered by start and ordered by end are the same order, because no
--    two rows of a counselor overlap (the triggers keep it so). The index by end (migration
--    000003) answers every question, so the one by start goes, and the no-overlap triggers probe
--    the first row that ends after the new start: the new row overlaps exactly when that row
--    starts before the new end.
DROP TRIGGER occupancy_no_overlap_insert;
DROP TRIGGER occupancy_no_overlap_update;
DROP INDEX occupancy_counselor;

CREATE TRIGGER occupancy_no_overlap_insert BEFORE INSERT ON occupancy
WHEN (
    SELECT o.start_at FROM occupancy o
    WHERE o.counselor_id = NEW.counselor_id AND o.end_at > NEW.start_at
    ORDER BY o.end_at LIMIT 1
) < NEW.end_at
BEGIN
    SELECT RAISE(ABORT, 'planner_overlap');
END;

CREATE TRIGGER occupancy_no_overlap_update BEFORE UPDATE OF counselor_id, start_at, end_at ON occupancy
WHEN (
    SELECT o.start_at FROM occupancy o
    WHERE o.id <> NEW.id AND o.counselor_id = NEW.counselor_id AND o.end_at > NEW.start_at
    ORDER BY o.end_at LIMIT 1
) < NEW.end_at
BEGIN
    SELECT RAISE(ABORT, 'planner_overlap');
END;
