//! Interview offers (mødetilbud): what a citizen can book, with whom, on which grid, and who may
//! see it (STAR's søgeregler: contact group, category, person-group markers).

use chrono::{DateTime, Duration, Utc};

use super::{CounselorId, Error, Interval, JobCenterCode, OfferId};

/// Individual interview, or a group meeting with a number of seats (MoedeGruppeType).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InterviewForm {
    /// One citizen per time.
    Individual,
    /// A group meeting: a time stays free until its seats are taken.
    Group {
        /// Seats per meeting (MaksimaltMoededeltagerantal), at least 1.
        seats: u32,
    },
}

impl InterviewForm {
    /// The wire code (InterviewFormTypeIdentifier): 1 individual, 2 group.
    pub fn code(&self) -> i32 {
        match self {
            InterviewForm::Individual => 1,
            InterviewForm::Group { .. } => 2,
        }
    }

    /// Seats of a group meeting; `None` for individual interviews.
    pub fn seats(&self) -> Option<u32> {
        match self {
            InterviewForm::Individual => None,
            InterviewForm::Group { seats } => Some(*seats),
        }
    }
}

/// Where the meeting takes place (InterviewLocationDetail); all fields already checked by the edge.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// Free text, 1-200 characters.
    pub description: Option<String>,
    /// Street name, 1-40.
    pub street_name: String,
    /// House number such as `12` or `12A`.
    pub building: String,
    /// Floor such as `ST` or `2`.
    pub floor: Option<String>,
    /// Door/suite, 1-4.
    pub suite: Option<String>,
    /// Four-digit post code.
    pub post_code: String,
    /// Town (DistrictName), 1-20.
    pub district: String,
}

/// The grid and limits of an offer's times.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotRules {
    /// Meeting length (MeetingDurationMinutes).
    pub duration: Duration,
    /// Free time kept after each meeting; the grid step is `duration + buffer`.
    pub buffer: Duration,
    /// No time is offered that starts before now + this.
    pub min_notice: Duration,
    /// No time is offered that starts after now + this.
    pub horizon: Duration,
    /// No time before this instant (FirstTimeslot), if set.
    pub first: Option<DateTime<Utc>>,
    /// No time starting after this instant (LastTimeslot), if set.
    pub last: Option<DateTime<Utc>>,
}

impl SlotRules {
    /// Checks the numbers: duration and horizon positive, buffer and notice not negative,
    /// and `first` before `last` when both are set.
    pub fn new(
        duration: Duration,
        buffer: Duration,
        min_notice: Duration,
        horizon: Duration,
        first: Option<DateTime<Utc>>,
        last: Option<DateTime<Utc>>,
    ) -> Result<Self, Error> {
        if duration <= Duration::zero() {
            return Err(Error::NotPositive("duration"));
        }
        if buffer < Duration::zero() {
            return Err(Error::NotPositive("buffer"));
        }
        if min_notice < Duration::zero() {
            return Err(Error::NotPositive("min_notice"));
        }
        if horizon <= Duration::zero() {
            return Err(Error::NotPositive("horizon"));
        }
        if let (Some(first), Some(last)) = (first, last) {
            if last < first {
                return Err(Error::EndBeforeStart);
            }
        }
        Ok(Self { duration, buffer, min_notice, horizon, first, last })
    }

    /// The grid step: duration plus buffer.
    pub fn step(&self) -> Duration {
        self.duration + self.buffer
    }
}

/// May the citizen rebook or cancel, and until when (minutes before the start).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ChangeRules {
    /// ReBookingPossible for bookings of this offer.
    pub rebook_possible: bool,
    /// Rebooking closes this long before the start; `None` = until the start.
    pub rebook_deadline_before: Option<Duration>,
    /// CancellationPossible for bookings of this offer.
    pub cancel_possible: bool,
    /// Cancellation closes this long before the start; `None` = until the start.
    pub cancel_deadline_before: Option<Duration>,
}

/// Who sees the offer (søgeregler). Empty lists mean "any".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Eligibility {
    /// Contact groups (ContactGroupTypeIdentifier) the offer is for.
    pub contact_groups: Vec<i32>,
    /// Client categories (PersonCategoryTypeIdentifier) the offer is for.
    pub categories: Vec<i32>,
    /// Person-group markers (guids, lower case); the citizen must carry at least one.
    pub person_groups: Vec<String>,
}

/// What DFDG tells us about the citizen when asking for offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitizenProfile {
    /// The citizen's jobcenter.
    pub jobcenter: JobCenterCode,
    /// ContactGroupTypeIdentifier.
    pub contact_group: i32,
    /// PersonCategoryTypeIdentifier, if given.
    pub category: Option<i32>,
    /// Person-group markers (guids, lower case).
    pub person_groups: Vec<String>,
}

/// An interview offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    /// InterviewOptionIdentifier.
    pub id: OfferId,
    /// The jobcenter that owns the offer.
    pub jobcenter: JobCenterCode,
    /// Short name for operators.
    pub name: String,
    /// InterviewTypeIdentifier (SamtaleType), e.g. 7 Jobsamtale.
    pub interview_type: i32,
    /// Individual or group.
    pub form: InterviewForm,
    /// Allowed InterviewContactTypeIdentifier values, at least one.
    pub contact_types: Vec<i32>,
    /// Where, if physical.
    pub location: Option<Location>,
    /// Grid and limits.
    pub slots: SlotRules,
    /// Rebook and cancel rules given to bookings of this offer.
    pub changes: ChangeRules,
    /// Who sees it.
    pub eligibility: Eligibility,
    /// IsCompulsory / CompulsoryAttendance.
    pub compulsory: bool,
    /// Inactive offers are never shown or bookable.
    pub active: bool,
    /// The counselors who serve it.
    pub counselors: Vec<CounselorId>,
}

impl Offer {
    /// Checks the cross-field rules an offer must satisfy before it is stored.
    pub fn validate(&self) -> Result<(), Error> {
        if self.contact_types.is_empty() {
            return Err(Error::CodeNotAllowed("InterviewContactTypeIdentifier"));
        }
        if let InterviewForm::Group { seats: 0 } = self.form {
            return Err(Error::InvalidSeats);
        }
        if self.name.trim().is_empty() || self.name.chars().count() > 100 {
            return Err(Error::InvalidText { field: "name", max: 100 });
        }
        Ok(())
    }

    /// The contact form a reservation holds: the one asked for when the offer allows it (else
    /// `CodeNotAllowed`, 4708), the offer's first when none is asked for.
    pub fn contact_type_for(&self, requested: Option<i32>) -> Result<i32, Error> {
        match requested {
            Some(code) if self.contact_types.contains(&code) => Ok(code),
            Some(_) => Err(Error::CodeNotAllowed("InterviewContactTypeIdentifier")),
            None => Ok(self.contact_types[0]),
        }
    }

    /// The span a meeting of this offer occupies in the counselor's calendar: the meeting plus
    /// the buffer.
    pub fn occupied_span(&self, meeting: Interval) -> Result<Interval, Error> {
        Interval::new(meeting.start(), meeting.end() + self.slots.buffer)
    }

    /// Contract §4 eligibility, without the "has a free time" part (the engine decides that).
    pub fn is_eligible(&self, citizen: &CitizenProfile) -> bool {
        let group_ok = self.eligibility.contact_groups.is_empty()
            || self.eligibility.contact_groups.contains(&citizen.contact_group);
        let category_ok = self.eligibility.categories.is_empty()
            || citizen.category.is_some_and(|c| self.eligibility.categories.contains(&c));
        let markers_ok = self.eligibility.person_groups.is_empty()
            || citizen.person_groups.iter().any(|m| self.eligibility.person_groups.contains(m));
        self.active && self.jobcenter == citizen.jobcenter && group_ok && category_ok && markers_ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(duration: i64, buffer: i64, notice: i64, horizon_days: i64) -> Result<SlotRules, Error> {
        SlotRules::new(
            Duration::minutes(duration),
            Duration::minutes(buffer),
            Duration::minutes(notice),
            Duration::days(horizon_days),
            None,
            None,
        )
    }

    #[test]
    fn slot_rules_refuse_bad_numbers() {
        assert!(rules(45, 15, 60, 56).is_ok());
        assert_eq!(rules(-45, 0, 0, 1), Err(Error::NotPositive("duration")));
        assert_eq!(rules(0, 0, 0, 1), Err(Error::NotPositive("duration")));
        assert_eq!(rules(45, -1, 0, 1), Err(Error::NotPositive("buffer")));
        assert_eq!(rules(45, 0, -1, 1), Err(Error::NotPositive("min_notice")));
        assert_eq!(rules(45, 0, 0, 0), Err(Error::NotPositive("horizon")));
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let reversed = SlotRules::new(
            Duration::minutes(45),
            Duration::zero(),
            Duration::zero(),
            Duration::days(1),
            Some(now),
            Some(now - Duration::hours(1)),
        );
        assert_eq!(reversed, Err(Error::EndBeforeStart));
    }

    #[test]
    fn eligibility_table() {
        let offer = |groups: Vec<i32>, categories: Vec<i32>, markers: Vec<&str>, active: bool| Offer {
            id: OfferId::parse("0f8fad5b-d9cb-469f-a165-70867728950e").unwrap(),
            jobcenter: JobCenterCode::parse("00101").unwrap(),
            name: "Jobsamtale".into(),
            interview_type: 7,
            form: InterviewForm::Individual,
            contact_types: vec![1],
            location: None,
            slots: rules(45, 15, 0, 7).unwrap(),
            changes: ChangeRules::default(),
            eligibility: Eligibility {
                contact_groups: groups,
                categories,
                person_groups: markers.into_iter().map(str::to_owned).collect(),
            },
            compulsory: true,
            active,
            counselors: vec![],
        };
        let citizen =
            |jobcenter: &str, group: i32, category: Option<i32>, markers: Vec<&str>| CitizenProfile {
                jobcenter: JobCenterCode::parse(jobcenter).unwrap(),
                contact_group: group,
                category,
                person_groups: markers.into_iter().map(str::to_owned).collect(),
            };
        let cases = [
            (offer(vec![], vec![], vec![], true), citizen("00101", 1, None, vec![]), true),
            (offer(vec![], vec![], vec![], false), citizen("00101", 1, None, vec![]), false),
            (offer(vec![], vec![], vec![], true), citizen("00147", 1, None, vec![]), false),
            (offer(vec![1, 2], vec![], vec![], true), citizen("00101", 2, None, vec![]), true),
            (offer(vec![1, 2], vec![], vec![], true), citizen("00101", 3, None, vec![]), false),
            (offer(vec![], vec![5], vec![], true), citizen("00101", 1, Some(5), vec![]), true),
            (offer(vec![], vec![5], vec![], true), citizen("00101", 1, None, vec![]), false),
            (offer(vec![], vec![], vec!["a"], true), citizen("00101", 1, None, vec!["b", "a"]), true),
            (offer(vec![], vec![], vec!["a"], true), citizen("00101", 1, None, vec!["b"]), false),
        ];
        for (idx, (offer, citizen, expected)) in cases.iter().enumerate() {
            assert_eq!(offer.is_eligible(citizen), *expected, "case {idx}");
        }
    }
}
