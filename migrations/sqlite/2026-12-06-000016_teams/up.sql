-- Teams (issue 16): counselors belong to teams, with the membership kept over time (a row per
-- period; until_date NULL = still a member). An offer that names a team (offers.team_id) has the
-- team's current members as its counselors: membership changes rewrite its offer_counselors.
CREATE TABLE teams (
    id TEXT PRIMARY KEY NOT NULL,
    jobcenter_code TEXT NOT NULL REFERENCES jobcenters (code),
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (jobcenter_code, name)
);

CREATE TABLE team_members (
    team_id TEXT NOT NULL REFERENCES teams (id),
    counselor_id TEXT NOT NULL REFERENCES counselors (id),
    from_date DATE NOT NULL,
    until_date DATE,
    PRIMARY KEY (team_id, counselor_id, from_date),
    CHECK (until_date IS NULL OR until_date >= from_date)
);
CREATE INDEX team_members_counselor ON team_members (counselor_id);

ALTER TABLE offers ADD COLUMN team_id TEXT REFERENCES teams (id);
