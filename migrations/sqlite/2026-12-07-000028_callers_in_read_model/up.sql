-- The registered callers join the availability read model (issue 19): a SOAP call finds its
-- caller in memory, kept under `read_model_version`, which every write of `callers` now raises
-- (in this instance, another one or the CLI), as the writes of migration 000021's tables do.
CREATE TRIGGER callers_read_model_insert AFTER INSERT ON callers
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER callers_read_model_update AFTER UPDATE ON callers
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;

CREATE TRIGGER callers_read_model_delete AFTER DELETE ON callers
BEGIN
    UPDATE read_model_version SET version = version + 1 WHERE id = 1;
END;
