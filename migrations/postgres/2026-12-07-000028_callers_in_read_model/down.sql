DROP TRIGGER callers_read_model ON callers;
