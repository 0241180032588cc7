DROP INDEX bookings_citizen_key;
CREATE INDEX bookings_citizen ON bookings (citizen_hash, start_at);
CREATE UNIQUE INDEX bookings_citizen_start ON bookings (citizen_hash, start_at) WHERE status = 'Booked';

DROP TRIGGER occupancy_no_overlap_insert;
DROP TRIGGER occupancy_no_overlap_update;
CREATE INDEX occupancy_counselor ON occupancy (counselor_id, start_at);

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
