//! Verbs for calendar tests: a registered calendar connector, a `calendar` call wrapping a
//! request in a SOAP envelope for /ExternalCalendarService, and readers for the answer.

use crate::support::xml::Element;
use chrono::{DateTime, Utc};
use planner::domain::{Caller, JobCenterCode, Role};

use crate::api::soap::support::{seed, Answer, Seeded, SOAP11};
use crate::support::app::{Response, TestApp};

/// The calendar service namespace.
pub const CAL: &str = "urn:planner:dfdg:ExternalCalendarService:1";
/// A calendar connector of jobcenter 00101.
pub const CONNECTOR: &str = "CVR:12345678-FID:calendar-test";

/// Seeds as the SOAP tests do and registers [`CONNECTOR`].
pub fn seed_with_connector(app: &TestApp) -> Seeded {
    let seeded = seed(app);
    let caller = Caller {
        identity: CONNECTOR.into(),
        role: Role::CalendarConnector,
        jobcenters: vec![JobCenterCode::parse("00101").unwrap()],
        enabled: true,
    };
    app.store.upsert_caller(&caller, Utc::now()).unwrap();
    seeded
}

/// A calendar answer.
pub struct CalAnswer {
    /// The raw response.
    pub response: Response,
    /// The element inside soap:Body.
    pub body: Element,
}

impl CalAnswer {
    /// The fault's ErrorCode, or `None`.
    pub fn fault_code(&self) -> Option<u32> {
        let detail = self.body.children.iter().find(|c| c.name == "detail" || c.name == "Detail")?;
        detail.child(CAL, "PlannerFault")?.child(CAL, "ErrorCode")?.text.parse().ok()
    }

    /// Asserts a fault with `code` (HTTP 500).
    #[track_caller]
    pub fn expect_fault(&self, code: u32) {
        assert_eq!(self.fault_code(), Some(code), "{}", self.response.body);
        assert_eq!(self.response.status, 500);
    }

    /// Asserts `<operation>Response`; returns it.
    #[track_caller]
    pub fn ok(&self, operation: &str) -> &Element {
        assert_eq!(self.response.status, 200, "{}", self.response.body);
        assert!(self.body.is(CAL, &format!("{operation}Response")), "{}", self.response.body);
        &self.body
    }

    /// (EventIdentifier, Status, Outcome or ErrorCode) of each receipt.
    #[track_caller]
    pub fn receipts(&self, operation: &str) -> Vec<(String, String, String)> {
        let body = self.ok(operation);
        body.child(CAL, "ReceiptCollection")
            .expect("ReceiptCollection")
            .children_named(CAL, "Receipt")
            .map(|r| {
                let get = |n| r.child(CAL, n).map(|e| e.text.clone()).unwrap_or_default();
                let detail = if get("Status") == "Accepted" { get("Outcome") } else { get("ErrorCode") };
                (get("EventIdentifier"), get("Status"), detail)
            })
            .collect()
    }
}

/// Text of child `name` (calendar namespace).
pub fn field(element: &Element, name: &str) -> String {
    element.child(CAL, name).map(|e| e.text.clone()).unwrap_or_default()
}

impl TestApp {
    /// Calls calendar `operation` as `caller` with SOAP 1.1.
    pub fn calendar(&self, caller: &str, operation: &str, fields: &str) -> CalAnswer {
        let body = format!(
            r#"<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="{SOAP11}"><s:Body><{operation}Request xmlns="{CAL}">{fields}</{operation}Request></s:Body></s:Envelope>"#
        );
        let action = format!("\"{CAL}/{operation}\"");
        self.calendar_raw(caller, "text/xml; charset=utf-8", Some(&action), &body)
    }

    /// Posts any body to /ExternalCalendarService as `caller`.
    pub fn calendar_raw(
        &self,
        caller: &str,
        content_type: &str,
        action: Option<&str>,
        body: &str,
    ) -> CalAnswer {
        let Answer { response, body } =
            self.post_soap("/ExternalCalendarService", caller, content_type, action, body);
        CalAnswer { response, body }
    }
}

/// One `<Event>` of a create/update batch.
pub fn event(id: &str, email: &str, start: DateTime<Utc>, end: DateTime<Utc>) -> String {
    format!(
        "<Event><EventIdentifier>{id}</EventIdentifier><ResourceEmail>{email}</ResourceEmail><StartTime>{}</StartTime><EndTime>{}</EndTime><Subject>Tandlæge</Subject></Event>",
        start.to_rfc3339(),
        end.to_rfc3339()
    )
}

/// An `EventCollection` of `events`.
pub fn collection(events: &[String]) -> String {
    format!("<EventCollection>{}</EventCollection>", events.concat())
}
