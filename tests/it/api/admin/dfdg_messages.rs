//! `GET /admin/v1/dfdg/messages`: the WSRM log over HTTP, newest first, filtered by outcome,
//! limited to the caller's jobcenters (rows without a booking only for callers acting for every
//! jobcenter), never a CPR, and refused to non-admin callers.

use chrono::{Duration, Utc};
use planner::domain::{Caller, CaseworkerId, JobCenterCode, Role};
use planner::store::{DfdgChange, DfdgMessage};

use super::support::{cpr, invalid, ok, problem, seed, ADMIN, DFDG, OTHER_ADMIN, STRANGER};
use crate::support::app::{spawn_app, TestApp};

const ALL_ADMIN: &str = "CVR:64942212-FID:operations";

fn create(n: usize, jobcenter: &JobCenterCode, caseworker: CaseworkerId) -> DfdgChange {
    DfdgChange::Create(super::support::registration(n, &caseworker, jobcenter, 3, "dfdg:Momentum"))
}

/// Applies `change` as a queue message received `seconds` after now; returns its id.
fn apply(app: &TestApp, change: DfdgChange, seconds: i64) -> String {
    let id = uuid::Uuid::new_v4().to_string();
    let message = DfdgMessage { id: id.clone(), service: "IndkaldelseMessageService".into(), change };
    app.store.apply_dfdg_message(&message, Utc::now() + Duration::seconds(seconds)).unwrap();
    id
}

fn ids(app: &TestApp, caller: &str, query: &str) -> Vec<String> {
    let rows = ok(&app.admin_get(caller, &format!("/admin/v1/dfdg/messages{query}")), 200);
    rows.as_array().unwrap().iter().map(|r| r["message_id"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn the_wsrm_log_is_listed_per_jobcenter_and_outcome_without_a_cpr() {
    let app = spawn_app();
    let seeded = seed(&app);
    let other = app.store.counselors_of_offer(&seeded.other_offer.id).unwrap().remove(0);
    let other_code = seeded.other_offer.jobcenter.clone();
    let caller = Caller {
        identity: ALL_ADMIN.into(),
        role: Role::Admin,
        jobcenters: vec![seeded.jobcenter.clone(), other_code.clone()],
        enabled: true,
    };
    app.store.upsert_caller(&caller, Utc::now()).unwrap();
    let ours = apply(&app, create(1, &seeded.jobcenter, seeded.counselors[0].caseworker.clone()), 1);
    let theirs = apply(&app, create(2, &other_code, other.caseworker.clone()), 2);
    let unreadable = apply(&app, DfdgChange::Unreadable("JobCenterCode must be 5 digits".into()), 3);
    // A counselor of 00147 named for 00101: refused, so no booking and no jobcenter.
    let refused = apply(&app, create(3, &seeded.jobcenter, other.caseworker.clone()), 4);

    assert_eq!(ids(&app, ADMIN, ""), vec![ours.clone()]);
    assert_eq!(ids(&app, OTHER_ADMIN, ""), vec![theirs.clone()]);
    assert_eq!(
        ids(&app, ALL_ADMIN, ""),
        vec![refused.clone(), unreadable.clone(), theirs.clone(), ours.clone()]
    );
    assert_eq!(ids(&app, ALL_ADMIN, "?outcome=rejected"), vec![refused.clone(), unreadable.clone()]);
    assert_eq!(ids(&app, ALL_ADMIN, "?outcome=applied&limit=1"), vec![theirs.clone()]);
    assert_eq!(ids(&app, ADMIN, "?outcome=rejected"), Vec::<String>::new());

    let response = app.admin_get(ALL_ADMIN, "/admin/v1/dfdg/messages");
    let rows = ok(&response, 200);
    let row = rows.as_array().unwrap().iter().find(|r| r["message_id"] == unreadable.as_str()).unwrap();
    assert_eq!(row["service"], "IndkaldelseMessageService");
    assert_eq!(row["change_type"], "unreadable");
    assert_eq!(row["outcome"], "rejected");
    assert_eq!(row["reason"], "JobCenterCode must be 5 digits");
    assert!(row["booking_id"].is_null());
    let row = rows.as_array().unwrap().iter().find(|r| r["message_id"] == ours.as_str()).unwrap();
    assert_eq!((row["change_type"].as_str(), row["outcome"].as_str()), (Some("create"), Some("applied")));
    assert!(row["booking_id"].is_string() && row["reason"].is_null());
    for n in 1..=3 {
        assert!(!response.body.contains(&cpr(n)), "no CPR in the log");
    }
}

#[test]
fn the_wsrm_log_refuses_other_callers_and_bad_queries() {
    let app = spawn_app();
    seed(&app);
    for caller in [DFDG, STRANGER] {
        problem(&app.admin_get(caller, "/admin/v1/dfdg/messages"), 403);
    }
    invalid(&app.admin_get(ADMIN, "/admin/v1/dfdg/messages?limit=0"), "limit");
    invalid(&app.admin_get(ADMIN, "/admin/v1/dfdg/messages?limit=1001"), "limit");
    invalid(&app.admin_get(ADMIN, "/admin/v1/dfdg/messages?outcome=lost"), "outcome");
    invalid(&app.admin_get(ADMIN, "/admin/v1/dfdg/messages?limit=x"), "limit");
}
