DROP TABLE recovery_codes;
ALTER TABLE accounts DROP COLUMN totp_last_step;
