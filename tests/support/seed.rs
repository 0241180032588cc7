//! A small seed for tests outside the API binary (`#[path = "../support/seed.rs"] mod seed;`):
//! jobcenters 00101 and 00147, one counselor and one individual offer in each, and callers
//! registered with the given identities. Enough for GetSelfbookCaseWorkers.

#![allow(dead_code)]

use chrono::{Duration, Utc};
use planner::domain::{
    Caller, CaseworkerId, ChangeRules, Counselor, CounselorId, Eligibility, InterviewForm, JobCenterCode,
    Offer, OfferId, Role, SlotRules,
};
use planner::store::Store;

/// What the seed created.
pub struct Seeded {
    /// Jobcenter 00101.
    pub jobcenter: JobCenterCode,
    /// Jobcenter 00147.
    pub other_jobcenter: JobCenterCode,
    /// The offer of 00101.
    pub offer: Offer,
    /// The offer of 00147.
    pub other_offer: Offer,
}

fn counselor(jobcenter: &JobCenterCode) -> Counselor {
    Counselor {
        id: CounselorId::parse(&uuid::Uuid::new_v4().to_string()).unwrap(),
        caseworker: CaseworkerId::parse(&format!("CVR:64942212-UUID:{}", uuid::Uuid::new_v4())).unwrap(),
        given_name: "Anne".into(),
        middle_name: None,
        surname: "Jensen".into(),
        email: format!("anne.{}@jobcenter.example", jobcenter.as_str()),
        jobcenter: jobcenter.clone(),
        active: true,
    }
}

fn offer(jobcenter: &JobCenterCode, counselor: &Counselor) -> Offer {
    Offer {
        id: OfferId::parse(&uuid::Uuid::new_v4().to_string()).unwrap(),
        jobcenter: jobcenter.clone(),
        name: "Jobsamtale".into(),
        interview_type: 7,
        form: InterviewForm::Individual,
        contact_types: vec![1],
        location: None,
        slots: SlotRules::new(
            Duration::minutes(45),
            Duration::minutes(15),
            Duration::hours(1),
            Duration::weeks(3),
            None,
            None,
        )
        .unwrap(),
        changes: ChangeRules {
            rebook_possible: true,
            rebook_deadline_before: None,
            cancel_possible: true,
            cancel_deadline_before: None,
        },
        eligibility: Eligibility { contact_groups: vec![1], categories: vec![], person_groups: vec![] },
        compulsory: true,
        active: true,
        counselors: vec![counselor.id.clone()],
    }
}

/// Seeds the two jobcenters with a counselor and an offer each.
pub fn seed(store: &Store) -> Seeded {
    let now = Utc::now();
    let jobcenter = JobCenterCode::parse("00101").unwrap();
    let other_jobcenter = JobCenterCode::parse("00147").unwrap();
    let mut offers = Vec::new();
    for (code, name) in [(&jobcenter, "Jobcenter København"), (&other_jobcenter, "Jobcenter Frederiksberg")]
    {
        store.upsert_jobcenter(code, name).unwrap();
        let counselor = counselor(code);
        store.create_counselor(&counselor).unwrap();
        let offer = offer(code, &counselor);
        store.create_offer(&offer, now).unwrap();
        offers.push(offer);
    }
    let other_offer = offers.pop().unwrap();
    let offer = offers.pop().unwrap();
    Seeded { jobcenter, other_jobcenter, offer, other_offer }
}

/// Registers (or replaces) a caller.
pub fn register(store: &Store, identity: &str, role: Role, jobcenters: &[&JobCenterCode], enabled: bool) {
    let caller = Caller {
        identity: identity.into(),
        role,
        jobcenters: jobcenters.iter().map(|code| (*code).clone()).collect(),
        enabled,
    };
    store.upsert_caller(&caller, Utc::now()).unwrap();
}
