//! ExternalCalendarService writes through the same safe writer and faults as the booking
//! service: counselor data stored with characters XML forbids still answers XML, broken input
//! gets a short 1014 fault, and unknown operations are counted as `unknown`.

use planner::domain::Counselor;

use super::support::{seed_with_connector, CAL, CONNECTOR};
use crate::api::soap::support::SOAP11;
use crate::support::app::spawn_app;
use crate::support::fixtures;

#[test]
fn calendar_answers_and_faults_are_xml() {
    let app = spawn_app();
    let seeded = seed_with_connector(&app);
    let odd = Counselor {
        given_name: "Ann\u{1}e".into(),
        surname: "J\u{1b}ensen\u{FFFF}".into(),
        email: "odd\u{7}@jobcenter.example".into(),
        ..fixtures::counselor(&seeded.jobcenter, "64942212", &fixtures::new_guid(), "Odd")
    };
    app.store.create_counselor(&odd).unwrap();
    let answer = app.calendar(CONNECTOR, "GetResources", "");
    answer.ok("GetResources");
    let document = roxmltree::Document::parse(&answer.response.body)
        .unwrap_or_else(|e| panic!("not XML ({e}): {:?}", answer.response.body));
    let names: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name((CAL, "Surname")))
        .filter_map(|n| n.text())
        .collect();
    assert!(names.contains(&"J\u{FFFD}ensen\u{FFFD}"), "{names:?}");

    let huge = "n".repeat(900_000);
    for inner in [format!("<Ev\u{1b}ent{huge}/>"), "<JobCenterCode>&#1;</JobCenterCode>".to_owned()] {
        let body = format!(
            r#"<s:Envelope xmlns:s="{SOAP11}"><s:Body><GetResourcesRequest xmlns="{CAL}">{inner}</GetResourcesRequest></s:Body></s:Envelope>"#
        );
        let answer = app.calendar_raw(CONNECTOR, "text/xml; charset=utf-8", None, &body);
        answer.expect_fault(1014);
        assert!(roxmltree::Document::parse(&answer.response.body).is_ok(), "{:?}", answer.response.body);
        assert!(answer.response.body.len() < 4096, "{} bytes", answer.response.body.len());
    }
    // A rejected event's receipt echoes at most 255 characters of its identifier.
    let event =
        super::support::event(&huge, "nobody@jobcenter.example", chrono::Utc::now(), chrono::Utc::now());
    let answer = app.calendar(CONNECTOR, "CreateEvents", &super::support::collection(&[event]));
    assert_eq!(answer.receipts("CreateEvents")[0].0.chars().count(), 255);
    assert!(answer.response.body.len() < 4096, "{} bytes", answer.response.body.len());
    let unknown = format!(
        r#"<s:Envelope xmlns:s="{SOAP11}"><s:Body><SyncEverythingRequest xmlns="{CAL}"/></s:Body></s:Envelope>"#
    );
    app.calendar_raw(CONNECTOR, "text/xml; charset=utf-8", None, &unknown).expect_fault(1014);
    let metrics = app.get("/metrics").body;
    assert!(!metrics.contains("SyncEverything"), "{metrics}");
    assert!(
        metrics.contains(r#"planner_soap_calls_total{operation="unknown",outcome="1014"} 1"#),
        "{metrics}"
    );
    assert!(
        metrics.contains(r#"planner_soap_calls_total{operation="GetResources",outcome="ok"} 1"#),
        "{metrics}"
    );
}
