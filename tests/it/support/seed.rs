//! A small seed for the DFDG and TLS tests: jobcenters 00101 and 00147, one counselor and one individual offer in each, and callers
//! registered with the given identities. Enough for GetSelfbookCaseWorkers.

use chrono::{Duration, Utc};
use planner::domain::{Caller, Counselor, Eligibility, JobCenterCode, Offer, Role};
use planner::store::Store;

use crate::support::fixtures;

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
    let counselor = fixtures::counselor(jobcenter, "64942212", &fixtures::new_guid(), "Anne");
    Counselor { email: format!("anne.{}@jobcenter.example", jobcenter.as_str()), ..counselor }
}

fn offer(jobcenter: &JobCenterCode, counselor: &Counselor) -> Offer {
    Offer {
        changes: fixtures::changeable(None),
        eligibility: Eligibility { contact_groups: vec![1], categories: vec![], person_groups: vec![] },
        ..fixtures::offer(jobcenter, Duration::hours(1), Duration::weeks(3), vec![counselor.id.clone()])
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
