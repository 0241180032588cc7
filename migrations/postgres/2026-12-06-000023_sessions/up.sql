-- Sessions of people signed in (issue 17), kept in the database so that signing out or
-- disabling an account takes effect at once, on every instance. The cookie carries a random
-- secret; only its SHA-256 is stored (id_hash). A session that has passed the password but not
-- yet the second factor has second_factor = FALSE and opens nothing but the code page.
-- sign_in_failures keeps failed sign-ins for throttling, by the SHA-256 of "account:<e-mail>"
-- or "address:<IP>", never the address itself.
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    csrf_token TEXT NOT NULL,
    second_factor BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE sign_in_failures (
    subject_hash TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX sign_in_failures_subject ON sign_in_failures (subject_hash, at);
