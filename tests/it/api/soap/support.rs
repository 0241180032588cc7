//! Verbs for SOAP tests: seeded data (a jobcenter, counselors, offers, registered callers), a
//! `soap` call that wraps a request body in an envelope, and readers for the answer.
//!
//! Times come from the real clock here (the server reads it): working hours cover every day
//! from 06:00 to 22:00 Copenhagen time and the horizon is three weeks, so free times exist
//! whenever the tests run.

use crate::support::xml::{self, Element};
use chrono::{Duration, Utc, Weekday};
use planner::domain::{
    self, Counselor, CounselorId, Eligibility, InterviewForm, JobCenterCode, LocalPeriod, Location, Offer,
    Role, WeeklyHours,
};

use crate::support::app::{Response, TestApp};
use crate::support::fixtures;

/// The service namespace.
pub const NS: &str = "urn:planner:dfdg:ExternalBookingService:3";
/// SOAP 1.1 envelope namespace.
pub const SOAP11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// SOAP 1.2 envelope namespace.
pub const SOAP12: &str = "http://www.w3.org/2003/05/soap-envelope";
/// The registered DFDG caller (role dfdg, jobcenter 00101).
pub const DFDG: &str = "CVR:55568510-FID:dfdg-test";
/// The registered caseworker system (role caseworker-system, jobcenter 00101).
pub const KSS: &str = "CVR:64942212-FID:kss-test";
/// A DFDG caller registered for another jobcenter only (00147).
pub const OTHER_DFDG: &str = "CVR:55568510-FID:dfdg-other";
/// An admin of jobcenter 00101.
pub const ADMIN: &str = "CVR:29189846-FID:admin-test";
/// An admin of jobcenter 00147 only.
pub const OTHER_ADMIN: &str = "CVR:29189846-FID:admin-other";
/// A certificate identity nobody registered.
pub const STRANGER: &str = "CVR:11111111-FID:stranger";

/// What the seed created.
pub struct Seeded {
    /// Jobcenter 00101.
    pub jobcenter: JobCenterCode,
    /// Three counselors of 00101.
    pub counselors: Vec<Counselor>,
    /// An individual offer (45 min + 15 min buffer, notice 1 h) served by all three; contact
    /// group 1; rebook and cancel possible until 24 h before.
    pub offer: Offer,
    /// A group offer with 3 seats served by the first counselor; contact group 2.
    pub group: Offer,
    /// An offer of jobcenter 00147 (for authorization tests).
    pub other_offer: Offer,
}

fn counselor(n: usize, jobcenter: &JobCenterCode) -> Counselor {
    let name = ["Anne", "Mads", "Sofie", "Lars"][n % 4];
    Counselor {
        middle_name: (n == 1).then(|| "Bech".into()),
        email: format!("c{n}.{}@jobcenter.example", jobcenter.as_str()),
        ..fixtures::counselor(jobcenter, "64942212", &fixtures::new_guid(), name)
    }
}

fn offer(
    jobcenter: &JobCenterCode,
    form: InterviewForm,
    groups: Vec<i32>,
    counselors: Vec<CounselorId>,
) -> Offer {
    Offer {
        form,
        contact_types: vec![1, 2],
        location: Some(Location {
            description: Some("Jobcentret, 1. sal".into()),
            street_name: "Kultorvet".into(),
            building: "2".into(),
            floor: Some("1".into()),
            suite: None,
            post_code: "1175".into(),
            district: "København K".into(),
        }),
        changes: fixtures::changeable(Some(Duration::hours(24))),
        eligibility: Eligibility { contact_groups: groups, categories: vec![], person_groups: vec![] },
        ..fixtures::offer(jobcenter, Duration::hours(1), Duration::weeks(3), counselors)
    }
}

/// Seeds jobcenters 00101 and 00147, counselors with hours every day 06:00-22:00, offers and
/// the callers [`DFDG`], [`KSS`], [`OTHER_DFDG`], [`ADMIN`] and [`OTHER_ADMIN`].
pub fn seed(app: &TestApp) -> Seeded {
    let store = &app.store;
    let now = Utc::now();
    let jobcenter = JobCenterCode::parse("00101").unwrap();
    let other = JobCenterCode::parse("00147").unwrap();
    store.upsert_jobcenter(&jobcenter, "Jobcenter København").unwrap();
    store.upsert_jobcenter(&other, "Jobcenter Frederiksberg").unwrap();
    let days =
        [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];
    let every_day = LocalPeriod::new(fixtures::time(6, 0), fixtures::time(22, 0)).unwrap();
    let week = WeeklyHours::new(days.map(|d| (d, every_day))).unwrap();
    let counselors: Vec<Counselor> = (0..3).map(|n| counselor(n, &jobcenter)).collect();
    for c in &counselors {
        store.create_counselor(c).unwrap();
        store.set_working_hours(&c.id, &week).unwrap();
    }
    let elsewhere = counselor(3, &other);
    store.create_counselor(&elsewhere).unwrap();
    store.set_working_hours(&elsewhere.id, &week).unwrap();
    let individual = offer(
        &jobcenter,
        InterviewForm::Individual,
        vec![1],
        counselors.iter().map(|c| c.id.clone()).collect(),
    );
    let group = Offer {
        name: "Informationsmøde".into(),
        interview_type: 9,
        ..offer(&jobcenter, InterviewForm::Group { seats: 3 }, vec![2], vec![counselors[0].id.clone()])
    };
    let other_offer = offer(&other, InterviewForm::Individual, vec![1], vec![elsewhere.id.clone()]);
    for o in [&individual, &group, &other_offer] {
        store.create_offer(o, now).unwrap();
    }
    for (identity, role, jobcenters) in [
        (DFDG, Role::Dfdg, vec![jobcenter.clone()]),
        (KSS, Role::CaseworkerSystem, vec![jobcenter.clone()]),
        (OTHER_DFDG, Role::Dfdg, vec![other.clone()]),
        (ADMIN, Role::Admin, vec![jobcenter.clone()]),
        (OTHER_ADMIN, Role::Admin, vec![other.clone()]),
    ] {
        let caller = domain::Caller { identity: identity.into(), role, jobcenters, enabled: true };
        store.upsert_caller(&caller, now).unwrap();
    }
    Seeded { jobcenter, counselors, offer: individual, group, other_offer }
}

/// A SOAP answer: the HTTP response and its parsed body element (or fault).
pub struct Answer {
    /// The raw response.
    pub response: Response,
    /// The element inside soap:Body.
    pub body: Element,
}

impl Answer {
    /// Reads the element inside soap:Body of `response` (with roxmltree).
    #[track_caller]
    pub fn read(response: Response) -> Answer {
        let envelope =
            xml::parse(&response.body).unwrap_or_else(|e| panic!("not XML ({e}): {}", response.body));
        let body = envelope
            .children
            .iter()
            .find(|c| c.name == "Body")
            .and_then(|b| b.children.first())
            .cloned()
            .unwrap_or_else(|| panic!("no Body element: {}", response.body));
        Answer { response, body }
    }

    /// The fault's ErrorCode, or `None` for a normal answer.
    pub fn fault_code(&self) -> Option<u32> {
        let detail = self.body.children.iter().find(|c| c.name == "detail" || c.name == "Detail")?;
        detail.child(NS, "PlannerFault")?.child(NS, "ErrorCode")?.text.parse().ok()
    }

    /// Asserts a fault with `code` and its HTTP status: 400 for a SOAP 1.2 Sender fault, else
    /// 500; returns the fault text (faultstring, or the 1.2 Reason).
    #[track_caller]
    pub fn expect_fault(&self, code: u32) -> String {
        assert_eq!(self.fault_code(), Some(code), "{}", self.response.body);
        let value = self.body.child(SOAP12, "Code").and_then(|c| c.child(SOAP12, "Value"));
        let sender = value.is_some_and(|v| v.text.ends_with(":Sender"));
        let status = if sender { 400 } else { 500 };
        assert_eq!(self.response.status, status, "SOAP 1.2 Sender faults answer 400, others 500");
        let reason = self.body.child(SOAP12, "Reason").and_then(|r| r.child(SOAP12, "Text"));
        self.body
            .children
            .iter()
            .find(|c| c.name == "faultstring")
            .or(reason)
            .map(|c| c.text.clone())
            .unwrap_or_default()
    }

    /// Asserts a normal answer named `<operation>Response`; returns it.
    #[track_caller]
    pub fn ok(&self, operation: &str) -> &Element {
        assert_eq!(self.response.status, 200, "{}", self.response.body);
        assert!(self.body.is(NS, &format!("{operation}Response")), "{}", self.response.body);
        &self.body
    }
}

/// Text of the first descendant path `a/b/c` (service namespace), or "".
pub fn text(element: &Element, path: &str) -> String {
    let mut current = element;
    for name in path.split('/') {
        match current.child(NS, name) {
            Some(next) => current = next,
            None => return String::new(),
        }
    }
    current.text.clone()
}

/// Children named `name` (service namespace) of the element at `path` ("" = `element`).
pub fn items<'a>(element: &'a Element, path: &str, name: &'a str) -> Vec<&'a Element> {
    let mut current = element;
    for step in path.split('/').filter(|s| !s.is_empty()) {
        match current.child(NS, step) {
            Some(next) => current = next,
            None => return Vec::new(),
        }
    }
    current.children_named(NS, name).collect()
}

impl TestApp {
    /// Calls `operation` as `caller` with SOAP 1.1; `fields` is the XML inside the request element.
    pub fn soap(&self, caller: &str, operation: &str, fields: &str) -> Answer {
        let body = format!(
            r#"<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="{SOAP11}"><s:Body><p:{operation}Request xmlns:p="{NS}" xmlns="{NS}">{fields}</p:{operation}Request></s:Body></s:Envelope>"#
        );
        let action = format!("\"{NS}/{operation}\"");
        self.soap_raw(caller, "text/xml; charset=utf-8", Some(&action), &body)
    }

    /// Posts any body to /ExternalBookingService as `caller`.
    pub fn soap_raw(&self, caller: &str, content_type: &str, action: Option<&str>, body: &str) -> Answer {
        self.post_soap("/ExternalBookingService", caller, content_type, action, body)
    }

    /// Posts any body to the SOAP endpoint `path` as `caller` and reads the element inside
    /// soap:Body of the answer.
    pub fn post_soap(
        &self,
        path: &str,
        caller: &str,
        content_type: &str,
        action: Option<&str>,
        body: &str,
    ) -> Answer {
        let mut headers = vec![("Content-Type", content_type), ("X-Planner-Caller", caller)];
        if let Some(action) = action {
            headers.push(("SOAPAction", action));
        }
        Answer::read(self.request("POST", path, &headers, body.as_bytes()))
    }
}

/// A valid test CPR, distinct for each `n` below 10000.
/// How many bookings citizen `n` holds in the store, whatever their status.
pub fn count_bookings(app: &TestApp, citizen: usize) -> usize {
    let cpr = planner::domain::Cpr::parse(&cpr(citizen)).unwrap();
    app.store.bookings_of(&cpr, None, None).unwrap().len()
}

pub fn cpr(n: usize) -> String {
    format!("{:02}0385{:04}", 1 + n % 28, n)
}

/// (operation, outcome) of each audit row, oldest first.
pub fn audit_rows(audit: &[planner::store::AuditRecord]) -> Vec<(&str, &str)> {
    audit.iter().map(|r| (r.entry.operation.as_str(), r.entry.outcome.as_str())).collect()
}
