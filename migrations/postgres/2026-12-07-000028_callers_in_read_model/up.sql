-- The registered callers join the availability read model (issue 19): a SOAP call finds its
-- caller in memory, kept under `read_model_version`, which every write of `callers` now raises
-- (in this instance, another one or the CLI), as the writes of migration 000021's tables do.
CREATE TRIGGER callers_read_model AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON callers
FOR EACH STATEMENT EXECUTE FUNCTION raise_read_model_version();
