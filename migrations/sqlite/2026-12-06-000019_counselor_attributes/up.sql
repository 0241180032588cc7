-- Counselor attributes (issue 16): whether a counselor holds self-booking times and may be given
-- summons (no row: both), their competencies, and the competencies an offer requires (its
-- counselors are then every active counselor of its jobcenter holding all of them).
CREATE TABLE counselor_settings (
    counselor_id TEXT PRIMARY KEY NOT NULL REFERENCES counselors (id),
    self_booking BOOLEAN NOT NULL,
    summons BOOLEAN NOT NULL
);

CREATE TABLE counselor_competencies (
    counselor_id TEXT NOT NULL REFERENCES counselors (id),
    competency TEXT NOT NULL,
    PRIMARY KEY (counselor_id, competency)
);

CREATE TABLE offer_competencies (
    offer_id TEXT NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
    competency TEXT NOT NULL,
    PRIMARY KEY (offer_id, competency)
);
