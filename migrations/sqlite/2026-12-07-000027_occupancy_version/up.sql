-- The availability read model's second number (issue 19): `occupancy_version` counts the
-- changes of what a listing reads about occupied time (occupied-time rows, their reservations,
-- busy blocks, working-hour exceptions and room closures). A listing reads it with the first
-- number and reuses the rows it holds only when both are the ones it loaded at. SQLite has one
-- writer at a time, so a raise per row costs no waiting; it is seen when its transaction commits.
CREATE TABLE occupancy_version (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO occupancy_version (id, version) VALUES (1, 1);

CREATE TRIGGER occupancy_occupancy_version_insert AFTER INSERT ON occupancy
BEGIN
    UPDATE occupancy_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER occupancy_occupancy_version_update AFTER UPDATE ON occupancy
BEGIN
    UPDATE occupancy_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER occupancy_occupancy_version_delete AFTER DELETE ON occupancy
BEGIN
    UPDATE occupancy_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER reservations_occupancy_version_insert AFTER INSERT ON reservations
BEGIN
    UPDATE occupancy_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER reservations_occupancy_version_update AFTER UPDATE ON reservations
BEGIN
    UPDATE occupancy_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER reservations_occupancy_version_delete AFTER DELETE ON reservations
BEGIN
    UPDATE occupancy_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER busy_blocks_occupancy_version_insert AFTER INSERT ON busy_blocks
BEGIN
    UPDATE occupancy_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER busy_blocks_occupancy_version_update AFTER UPDATE ON busy_blocks
BEGIN
    UPDATE occupancy_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER busy_blocks_occupancy_version_delete AFTER DELETE ON busy_blocks
BEGIN
    UPDATE occupancy_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER working_hour_exceptions_occupancy_version_insert AFTER INSERT ON working_hour_exceptions
BEGIN
    UPDATE occupancy_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER working_hour_exceptions_occupancy_version_update AFTER UPDATE ON working_hour_exceptions
BEGIN
    UPDATE occupancy_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER working_hour_exceptions_occupancy_version_delete AFTER DELETE ON working_hour_exceptions
BEGIN
    UPDATE occupancy_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER room_closures_occupancy_version_insert AFTER INSERT ON room_closures
BEGIN
    UPDATE occupancy_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER room_closures_occupancy_version_update AFTER UPDATE ON room_closures
BEGIN
    UPDATE occupancy_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER room_closures_occupancy_version_delete AFTER DELETE ON room_closures
BEGIN
    UPDATE occupancy_version SET version = version + 1 WHERE id = 1;
END;
