-- The availability read model's second number (issue 19): `occupancy_version` counts the
-- commits that changed what a listing reads about occupied time (occupied-time rows, their
-- reservations, busy blocks, working-hour exceptions and room closures). A listing reads it
-- with the first number and reuses the rows it holds only when both are the ones it loaded at.
--
-- The raise runs at commit (a deferred constraint trigger), once per transaction (a
-- transaction-local setting remembers it), so a booking holds the row's lock only while it
-- commits: two bookings never wait for each other here longer than a commit, and no booking
-- can hold this lock while it waits for a counselor's or a room's (no deadlock). Like every
-- change, the raise is seen only when its transaction commits, together with the rows.
CREATE TABLE occupancy_version (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO occupancy_version (id, version) VALUES (1, 1);

CREATE FUNCTION raise_occupancy_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('planner.occupancy_raised', true), '') <> 'yes' THEN
        UPDATE occupancy_version SET version = version + 1 WHERE id = 1;
        PERFORM set_config('planner.occupancy_raised', 'yes', true);
    END IF;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER occupancy_occupancy_version AFTER INSERT OR UPDATE OR DELETE ON occupancy
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_occupancy_version();

CREATE CONSTRAINT TRIGGER reservations_occupancy_version AFTER INSERT OR UPDATE OR DELETE ON reservations
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_occupancy_version();

CREATE CONSTRAINT TRIGGER busy_blocks_occupancy_version AFTER INSERT OR UPDATE OR DELETE ON busy_blocks
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_occupancy_version();

CREATE CONSTRAINT TRIGGER working_hour_exceptions_occupancy_version AFTER INSERT OR UPDATE OR DELETE ON working_hour_exceptions
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_occupancy_version();

CREATE CONSTRAINT TRIGGER room_closures_occupancy_version AFTER INSERT OR UPDATE OR DELETE ON room_closures
DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_occupancy_version();

-- TRUNCATE has no row events: raise at once (nothing truncates these tables in normal work).
CREATE FUNCTION raise_occupancy_version_now() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE occupancy_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER occupancy_truncate_occupancy_version AFTER TRUNCATE ON occupancy
FOR EACH STATEMENT EXECUTE FUNCTION raise_occupancy_version_now();
CREATE TRIGGER reservations_truncate_occupancy_version AFTER TRUNCATE ON reservations
FOR EACH STATEMENT EXECUTE FUNCTION raise_occupancy_version_now();
CREATE TRIGGER busy_blocks_truncate_occupancy_version AFTER TRUNCATE ON busy_blocks
FOR EACH STATEMENT EXECUTE FUNCTION raise_occupancy_version_now();
CREATE TRIGGER working_hour_exceptions_truncate_occupancy_version AFTER TRUNCATE ON working_hour_exceptions
FOR EACH STATEMENT EXECUTE FUNCTION raise_occupancy_version_now();
CREATE TRIGGER room_closures_truncate_occupancy_version AFTER TRUNCATE ON room_closures
FOR EACH STATEMENT EXECUTE FUNCTION raise_occupancy_version_now();
