//! Verbs for admin tests: JSON requests as a named caller, problem checks, and a registered
//! booking to act on. The seed is the SOAP tests' seed, which registers [`ADMIN`] (00101) and
//! [`OTHER_ADMIN`] (00147).

use chrono::{DateTime, Duration, Utc};
use planner::domain::{
    BookingId, CaseworkerId, ChangeFlags, Channel, Cpr, Interval, JobCenterCode, Originator,
};
use planner::store::RegisterRequest;
use serde_json::Value;

pub use crate::api::soap::support::{cpr, seed, Seeded, ADMIN, DFDG, KSS, OTHER_ADMIN, STRANGER};

use crate::support::app::{Response, TestApp};

impl TestApp {
    /// Sends `method path` as `caller` with an optional JSON body.
    pub fn admin(&self, caller: &str, method: &str, path: &str, body: Option<&Value>) -> Response {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let headers = [("Content-Type", "application/json"), ("X-Planner-Caller", caller)];
        self.request(method, path, &headers, body.as_bytes())
    }

    /// GET as `caller`.
    pub fn admin_get(&self, caller: &str, path: &str) -> Response {
        self.admin(caller, "GET", path, None)
    }

    /// POST a JSON body as `caller`.
    pub fn admin_post(&self, caller: &str, path: &str, body: &Value) -> Response {
        self.admin(caller, "POST", path, Some(body))
    }

    /// PUT a JSON body as `caller`.
    pub fn admin_put(&self, caller: &str, path: &str, body: &Value) -> Response {
        self.admin(caller, "PUT", path, Some(body))
    }
}

/// Asserts a problem+json answer with `status`; returns the problem.
#[track_caller]
pub fn problem(response: &Response, status: u16) -> Value {
    assert_eq!(response.status, status, "{}", response.body);
    assert_eq!(response.header("content-type"), Some("application/problem+json"), "{}", response.body);
    let problem = response.json();
    assert_eq!(problem["status"], status, "{problem}");
    assert!(problem["type"].is_string() && problem["title"].is_string(), "{problem}");
    problem
}

/// Asserts a 422 problem naming `field` in `errors`.
#[track_caller]
pub fn invalid(response: &Response, field: &str) -> Value {
    let problem = problem(response, 422);
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().filter_map(|e| e["field"].as_str()).collect();
    assert!(fields.contains(&field), "expected field '{field}' in {problem}");
    problem
}

/// Asserts a 200 (or `status`) JSON answer; returns the body.
#[track_caller]
pub fn ok(response: &Response, status: u16) -> Value {
    assert_eq!(response.status, status, "{}", response.body);
    response.json()
}

/// Registers a booking of citizen `n` with `caseworker` at 09:00 UTC `days` from the server's now.
pub fn booking(
    app: &TestApp,
    n: usize,
    caseworker: &CaseworkerId,
    jobcenter: &JobCenterCode,
    days: i64,
) -> BookingId {
    let request = registration_at(app.now(), n, caseworker, jobcenter, days, KSS);
    app.store.register_booking(&request, app.now()).unwrap();
    request.id
}

/// A caseworker-system registration of citizen `n` with `caseworker`, 30 minutes at 09:00 UTC
/// `days` from now, registered by `registered_by`.
pub fn registration(
    n: usize,
    caseworker: &CaseworkerId,
    jobcenter: &JobCenterCode,
    days: i64,
    registered_by: &str,
) -> RegisterRequest {
    registration_at(Utc::now(), n, caseworker, jobcenter, days, registered_by)
}

/// [`registration`] counted from `now` instead of the real clock.
pub fn registration_at(
    now: DateTime<Utc>,
    n: usize,
    caseworker: &CaseworkerId,
    jobcenter: &JobCenterCode,
    days: i64,
    registered_by: &str,
) -> RegisterRequest {
    let start = (now + Duration::days(days)).date_naive().and_hms_opt(9, 0, 0).unwrap().and_utc();
    RegisterRequest {
        id: BookingId::parse(&uuid::Uuid::new_v4().to_string()).unwrap(),
        cpr: Cpr::parse(&cpr(n)).unwrap(),
        jobcenter: jobcenter.clone(),
        caseworker: caseworker.clone(),
        interview_type: 7,
        form_type: 1,
        contact_type: 1,
        interval: Interval::new(start, start + Duration::minutes(30)).unwrap(),
        changes: ChangeFlags::default(),
        compulsory: true,
        group_meeting: None,
        digital_link: None,
        channel: Channel::CaseworkerSystem,
        originator: Originator { code: 101, type_id: 8 },
        registered_by: registered_by.to_owned(),
    }
}

/// Topics of the pending outbox events for `aggregate`, oldest first.
pub fn topics(app: &TestApp, aggregate: &str) -> Vec<String> {
    let events = app.store.pending_events(1000).unwrap();
    events.into_iter().filter(|e| e.aggregate_id == aggregate).map(|e| e.topic).collect()
}
