-- Second factors of people (issue 17). totp_last_step is the 30-second step of the last TOTP
-- code accepted for the account, so a code works once. recovery_codes keeps the SHA-256 of each
-- single-use recovery code, never the code; a used code keeps its row with used_at set.
ALTER TABLE accounts ADD COLUMN totp_last_step BIGINT;

CREATE TABLE recovery_codes (
    account_id TEXT NOT NULL REFERENCES accounts (id),
    code_hash TEXT NOT NULL,
    used_at TIMESTAMP,
    PRIMARY KEY (account_id, code_hash)
);
