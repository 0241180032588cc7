DROP TABLE summons_items;
DROP TABLE summons_batches;
DROP INDEX occupancy_counselor_end;

DROP TRIGGER occupancy_no_overlap_insert;
DROP TRIGGER occupancy_no_overlap_update;

CREATE TRIGGER occupancy_no_overlap_insert BEFORE INSERT ON occupancy
WHEN EXISTS (
    SELECT 1 FROM occupancy o
    WHERE o.counselor_id = NEW.counselor_id AND o.start_at < NEW.end_at AND NEW.start_at < o.end_at
)
BEGIN
    SELECT RAISE(ABORT, 'planner_overlap');
END;

CREATE TRIGGER occupancy_no_overlap_update BEFORE UPDATE OF counselor_id, start_at, end_at ON occupancy
WHEN EXISTS (
    SELECT 1 FROM occupancy o
    WHERE o.id <> NEW.id AND o.counselor_id = NEW.counselor_id
      AND o.start_at < NEW.end_at AND NEW.start_at < o.end_at
)
BEGIN
    SELECT RAISE(ABORT, 'planner_overlap');
END;
