-- Rules per interview type and jobcenter (issue 16): a no-show follow-up type is not offered for
-- new summons or self-booking; a type can require the citizen's e-mail address or mobile number
-- on a summons ('none', 'email', 'phone', 'email_or_phone'). No row: no rule.
CREATE TABLE interview_type_rules (
    jobcenter_code TEXT NOT NULL REFERENCES jobcenters (code),
    interview_type INTEGER NOT NULL,
    no_show_follow_up BOOLEAN NOT NULL,
    requires_contact TEXT NOT NULL CHECK (requires_contact IN ('none', 'email', 'phone', 'email_or_phone')),
    PRIMARY KEY (jobcenter_code, interview_type)
);
