-- The availability read model's version (issue 19): one row whose number every transaction that
-- writes what a listing keeps in memory (offers and their counselors, counselors and their
-- self-booking switches, weekly hours, interview type rules, closing days, rooms and offers'
-- rooms) raises, by the triggers below, so no writer can forget it. A listing reads the number
-- in its own transaction and reuses what it holds only for the number it read.
CREATE TABLE read_model_version (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO read_model_version (id, version) VALUES (1, 1);

CREATE TRIGGER offers_read_model_insert AFTER INSERT ON offers
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER offers_read_model_update AFTER UPDATE ON offers
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER offers_read_model_delete AFTER DELETE ON offers
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER offer_counselors_read_model_insert AFTER INSERT ON offer_counselors
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER offer_counselors_read_model_update AFTER UPDATE ON offer_counselors
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER offer_counselors_read_model_delete AFTER DELETE ON offer_counselors
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER counselors_read_model_insert AFTER INSERT ON counselors
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER counselors_read_model_update AFTER UPDATE ON counselors
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER counselors_read_model_delete AFTER DELETE ON counselors
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER counselor_settings_read_model_insert AFTER INSERT ON counselor_settings
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER counselor_settings_read_model_update AFTER UPDATE ON counselor_settings
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER counselor_settings_read_model_delete AFTER DELETE ON counselor_settings
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER working_hours_read_model_insert AFTER INSERT ON working_hours
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER working_hours_read_model_update AFTER UPDATE ON working_hours
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER working_hours_read_model_delete AFTER DELETE ON working_hours
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER interview_type_rules_read_model_insert AFTER INSERT ON interview_type_rules
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER interview_type_rules_read_model_update AFTER UPDATE ON interview_type_rules
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER interview_type_rules_read_model_delete AFTER DELETE ON interview_type_rules
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER closing_days_read_model_insert AFTER INSERT ON closing_days
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER closing_days_read_model_update AFTER UPDATE ON closing_days
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER closing_days_read_model_delete AFTER DELETE ON closing_days
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER closing_customary_off_read_model_insert AFTER INSERT ON closing_customary_off
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER closing_customary_off_read_model_update AFTER UPDATE ON closing_customary_off
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER closing_customary_off_read_model_delete AFTER DELETE ON closing_customary_off
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER rooms_read_model_insert AFTER INSERT ON rooms
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER rooms_read_model_update AFTER UPDATE ON rooms
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER rooms_read_model_delete AFTER DELETE ON rooms
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER offer_rooms_read_model_insert AFTER INSERT ON offer_rooms
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER offer_rooms_read_model_update AFTER UPDATE ON offer_rooms
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER offer_rooms_read_model_delete AFTER DELETE ON offer_rooms
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;
