//! Reference-data builders shared by the tests and the benchmarks: the standard individual
//! interview offer, a counselor, and Monday-to-Friday working hours. Callers change what their case needs with
//! struct update syntax (`Offer { form: InterviewForm::Group { .. }, ..fixtures::offer(..) }`).

use chrono::{Duration, NaiveTime, Weekday};
use planner::domain::{
    CaseworkerId, ChangeRules, Counselor, CounselorId, Eligibility, InterviewForm, JobCenterCode,
    LocalPeriod, Offer, OfferId, SlotRules, WeeklyHours,
};

/// Monday to Friday.
pub const WORKDAYS: [Weekday; 5] = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri];

/// A fresh random GUID text.
pub fn new_guid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A local wall-clock time.
pub fn time(hour: u32, minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).expect("valid time")
}

/// Working hours `from`-`to` (local, whole hours) on every workday.
pub fn weekdays(from: u32, to: u32) -> WeeklyHours {
    let period = LocalPeriod::new(time(from, 0), time(to, 0)).expect("period");
    WeeklyHours::new(WORKDAYS.map(|day| (day, period))).expect("weekly hours")
}

/// An active counselor of `jobcenter` named `given_name` Jensen, with caseworker id
/// `CVR:<cvr>-UUID:<n>` and a random counselor id.
pub fn counselor(jobcenter: &JobCenterCode, cvr: &str, n: &str, given_name: &str) -> Counselor {
    Counselor {
        id: CounselorId::parse(&new_guid()).expect("guid"),
        caseworker: CaseworkerId::parse(&format!("CVR:{cvr}-UUID:{n}")).expect("caseworker id"),
        given_name: given_name.into(),
        middle_name: None,
        surname: "Jensen".into(),
        email: format!("{}.{n}@jobcenter.example", given_name.to_lowercase()),
        jobcenter: jobcenter.clone(),
        active: true,
    }
}

/// The standard offer: an active, compulsory individual "Jobsamtale" (interview type 7, contact
/// type 1) of 45 minutes plus a 15-minute buffer, bookable from `notice` ahead to `horizon`,
/// open to everybody, with the offer's default change rules and a random id.
pub fn offer(
    jobcenter: &JobCenterCode,
    notice: Duration,
    horizon: Duration,
    counselors: Vec<CounselorId>,
) -> Offer {
    Offer {
        id: OfferId::parse(&new_guid()).expect("guid"),
        jobcenter: jobcenter.clone(),
        name: "Jobsamtale".into(),
        interview_type: 7,
        form: InterviewForm::Individual,
        contact_types: vec![1],
        location: None,
        slots: SlotRules::new(Duration::minutes(45), Duration::minutes(15), notice, horizon, None, None)
            .expect("slot rules"),
        changes: ChangeRules::default(),
        eligibility: Eligibility::default(),
        compulsory: true,
        active: true,
        counselors,
    }
}

/// Rebooking and cancelling allowed, both until `deadline` before the meeting (or any time).
pub fn changeable(deadline: Option<Duration>) -> ChangeRules {
    ChangeRules {
        rebook_possible: true,
        rebook_deadline_before: deadline,
        cancel_possible: true,
        cancel_deadline_before: deadline,
    }
}
