-- Closing days (issue 16). Public holidays are computed, never stored. A jobcenter's own closing
-- days are rules: one date (on_date), a yearly date (month, day) or a number of days from Easter
-- (easter_offset); exactly one kind is set. The closed part of the day is local minutes from
-- midnight (start_minute NULL = from midnight, end_minute NULL = until midnight).
CREATE TABLE closing_days (
    id TEXT PRIMARY KEY NOT NULL,
    jobcenter_code TEXT NOT NULL REFERENCES jobcenters (code),
    name TEXT NOT NULL,
    on_date DATE,
    month INTEGER CHECK (month BETWEEN 1 AND 12),
    day INTEGER CHECK (day BETWEEN 1 AND 31),
    easter_offset INTEGER CHECK (easter_offset BETWEEN -120 AND 240),
    start_minute INTEGER CHECK (start_minute BETWEEN 0 AND 1439),
    end_minute INTEGER CHECK (end_minute BETWEEN 1 AND 1440),
    created_at TIMESTAMP NOT NULL,
    CHECK ((on_date IS NOT NULL) + (month IS NOT NULL AND day IS NOT NULL) + (easter_offset IS NOT NULL) = 1),
    CHECK (start_minute IS NULL OR end_minute IS NULL OR start_minute < end_minute)
);
CREATE INDEX closing_days_jobcenter ON closing_days (jobcenter_code);

-- The customary closing days (Grundlovsdag afternoon, 24 and 31 December, the Friday after
-- Ascension) a jobcenter has switched off; every other one is closed.
CREATE TABLE closing_customary_off (
    jobcenter_code TEXT NOT NULL REFERENCES jobcenters (code),
    day_key TEXT NOT NULL,
    PRIMARY KEY (jobcenter_code, day_key)
);
