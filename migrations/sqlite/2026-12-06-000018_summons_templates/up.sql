-- Summons templates (issue 16): a jobcenter's named presets a summons starts from. Exactly one of
-- offer_id and interview_type is set; team_id or pool (caseworker ids joined by spaces) names
-- who is summoned into; the window is counted in days from the summons day.
CREATE TABLE summons_templates (
    id TEXT PRIMARY KEY NOT NULL,
    jobcenter_code TEXT NOT NULL REFERENCES jobcenters (code),
    name TEXT NOT NULL,
    offer_id TEXT REFERENCES offers (id),
    interview_type INTEGER,
    team_id TEXT REFERENCES teams (id),
    pool TEXT NOT NULL,
    window_start_days INTEGER NOT NULL CHECK (window_start_days BETWEEN 0 AND 365),
    window_days INTEGER NOT NULL CHECK (window_days BETWEEN 1 AND 92),
    strategy TEXT NOT NULL,
    rebook_before_hours INTEGER,
    cancel_before_hours INTEGER,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (jobcenter_code, name),
    CHECK ((offer_id IS NULL) <> (interview_type IS NULL))
);
