-- The availability read model's version (issue 19): one row whose number every transaction that
-- writes what a listing keeps in memory (offers and their counselors, counselors and their
-- self-booking switches, weekly hours, interview type rules, closing days, rooms and offers'
-- rooms) raises, by the statement triggers below, so no writer can forget it. A listing reads
-- the number in its own transaction and reuses what it holds only for the number it read; a
-- writer's raise is seen only when it commits, so a listing never pairs a number with older data.
CREATE TABLE read_model_version (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO read_model_version (id, version) VALUES (1, 1);

CREATE FUNCTION raise_read_model_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
    RETURN NULL;
END;
$$;

CREATE TRIGGER offers_read_model AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON offers
FOR EACH STATEMENT EXECUTE FUNCTION raise_read_model_version();

CREATE TRIGGER offer_counselors_read_model AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON offer_counselors
FOR EACH STATEMENT EXECUTE FUNCTION raise_read_model_version();

CREATE TRIGGER counselors_read_model AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON counselors
FOR EACH STATEMENT EXECUTE FUNCTION raise_read_model_version();

CREATE TRIGGER counselor_settings_read_model AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON counselor_settings
FOR EACH STATEMENT EXECUTE FUNCTION raise_read_model_version();

CREATE TRIGGER working_hours_read_model AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON working_hours
FOR EACH STATEMENT EXECUTE FUNCTION raise_read_model_version();

CREATE TRIGGER interview_type_rules_read_model AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON interview_type_rules
FOR EACH STATEMENT EXECUTE FUNCTION raise_read_model_version();

CREATE TRIGGER closing_days_read_model AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON closing_days
FOR EACH STATEMENT EXECUTE FUNCTION raise_read_model_version();

CREATE TRIGGER closing_customary_off_read_model AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON closing_customary_off
FOR EACH STATEMENT EXECUTE FUNCTION raise_read_model_version();

CREATE TRIGGER rooms_read_model AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON rooms
FOR EACH STATEMENT EXECUTE FUNCTION raise_read_model_version();

CREATE TRIGGER offer_rooms_read_model AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON offer_rooms
FOR EACH STATEMENT EXECUTE FUNCTION raise_read_model_version();
