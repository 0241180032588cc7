-- People (issue 17): personal accounts, the roles they hold bound to jobcenters or teams, and
-- the invitations that hand roles out. An account's e-mail address is its sign-in name. A grant
-- or an invitation's cluster with team_id NULL covers the whole jobcenter. An invitation's link
-- carries a secret stored only as its SHA-256 (token_hash); extending keeps the same link.
CREATE TABLE accounts (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    disabled BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    password_hash TEXT,
    totp_secret TEXT,
    oidc_subject TEXT UNIQUE
);

CREATE TABLE account_grants (
    account_id TEXT NOT NULL REFERENCES accounts (id),
    role TEXT NOT NULL,
    jobcenter_code TEXT NOT NULL REFERENCES jobcenters (code),
    team_id TEXT REFERENCES teams (id)
);
CREATE UNIQUE INDEX account_grants_unique ON account_grants (account_id, role, jobcenter_code, COALESCE(team_id, ''));

CREATE TABLE invitations (
    id TEXT PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL,
    role TEXT NOT NULL,
    invited_by TEXT NOT NULL,
    sent_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    accepted_at TIMESTAMP,
    revoked_at TIMESTAMP,
    account_id TEXT REFERENCES accounts (id)
);
CREATE INDEX invitations_sent ON invitations (sent_at);

CREATE TABLE invitation_clusters (
    invitation_id TEXT NOT NULL REFERENCES invitations (id),
    jobcenter_code TEXT NOT NULL REFERENCES jobcenters (code),
    team_id TEXT REFERENCES teams (id)
);
CREATE INDEX invitation_clusters_invitation ON invitation_clusters (invitation_id);
CREATE INDEX invitation_clusters_jobcenter ON invitation_clusters (jobcenter_code);
