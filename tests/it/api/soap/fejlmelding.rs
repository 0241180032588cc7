//! CreateFejlmelding over HTTP: stored reports, validation, ids that must exist and be the caller's.

use chrono::Duration;
use planner::domain::{Cpr, Interval, Originator};
use planner::store::ReserveRequest;

use super::support::{cpr, seed, Answer, DFDG, KSS, OTHER_DFDG};
use crate::support::app::{spawn_app_at, TestApp};

/// The server starts on Monday 1 March 2027, 07:00 UTC: the days these tests read are working
/// days whatever day the suite runs on.
fn spawn_app() -> TestApp {
    spawn_app_at(crate::support::store::now())
}

/// A report with FejlOphav `origin` and `extra` XML (ids, Fejltekst) before Fejlkode's siblings.
fn report(app: &TestApp, caller: &str, ids: &str, origin: &str, extra: &str) -> Answer {
    let fields = format!(
        "{ids}<Fejlkode>17</Fejlkode>{extra}<FejlOphav>{origin}</FejlOphav><FejlTidspunkt>2026-05-04T10:15:00+02:00</FejlTidspunkt>"
    );
    app.soap(caller, "CreateFejlmelding", &fields)
}

fn count(app: &TestApp) -> i64 {
    app.store.error_report_count().unwrap()
}

#[test]
fn stores_reports_about_offers_and_bookings() {
    let app = spawn_app();
    let seeded = seed(&app);
    let now = app.now();
    let window = Interval::new(now, now + Duration::days(2)).unwrap();
    let time = app.store.free_times(&seeded.offer.id, window, None, now).unwrap().remove(0);
    let counselor = seeded.counselors.iter().find(|c| c.id == time.counselor).unwrap();
    let request = ReserveRequest {
        cpr: Cpr::parse(&cpr(1)).unwrap(),
        offer: Some(seeded.offer.id.clone()),
        caseworker: counselor.caseworker.clone(),
        start: time.interval.start(),
        contact_type: None,
        rebooking: None,
    };
    let reservation = app.store.reserve(&request, now).unwrap();
    let booking =
        app.store.confirm(&request.cpr, &reservation.id, Originator { code: 101, type_id: 8 }, now).unwrap();
    let ids = format!(
        "<InterviewOptionIdentifier>{}</InterviewOptionIdentifier><BookingIdentifier>{}</BookingIdentifier>",
        seeded.offer.id, booking.id
    );
    let answer = report(&app, DFDG, &ids, "30", "<Fejltekst>Ukendt Mødetilbud</Fejltekst>");
    let body = answer.ok("CreateFejlmelding");
    assert!(body.children.is_empty(), "the response is empty");
    report(&app, DFDG, "", "32", "").ok("CreateFejlmelding");
    assert_eq!(count(&app), 2);
    let audit = app.store.audit_tail(10).unwrap();
    let named =
        audit.iter().filter_map(|r| r.entry.detail.as_deref()).any(|d| d.contains(booking.id.as_str()));
    assert!(named, "the audit names the ids");
}

#[test]
fn refuses_bad_reports_and_stores_nothing() {
    let app = spawn_app();
    let seeded = seed(&app);
    let fault = report(&app, DFDG, "", "31", "").expect_fault(1014);
    assert!(fault.contains("FejlOphav"), "{fault}");
    let long = format!("<Fejltekst>{}</Fejltekst>", "x".repeat(501));
    let fault = report(&app, DFDG, "", "30", &long).expect_fault(1014);
    assert!(fault.contains("Fejltekst"), "{fault}");
    let unknown_booking = format!("<BookingIdentifier>{}</BookingIdentifier>", uuid::Uuid::new_v4());
    report(&app, DFDG, &unknown_booking, "30", "").expect_fault(4768);
    let unknown_offer =
        format!("<InterviewOptionIdentifier>{}</InterviewOptionIdentifier>", uuid::Uuid::new_v4());
    report(&app, DFDG, &unknown_offer, "30", "").expect_fault(4770);
    let own_offer = format!("<InterviewOptionIdentifier>{}</InterviewOptionIdentifier>", seeded.offer.id);
    report(&app, OTHER_DFDG, &own_offer, "30", "").expect_fault(4575);
    report(&app, KSS, "", "30", "").expect_fault(4575);
    let fault = app
        .soap(
            DFDG,
            "CreateFejlmelding",
            "<FejlOphav>30</FejlOphav><FejlTidspunkt>2026-05-04T10:15:00</FejlTidspunkt>",
        )
        .expect_fault(1014);
    assert!(fault.contains("Fejlkode"), "{fault}");
    assert_eq!(count(&app), 0, "nothing refused is stored");
}

#[test]
fn stored_reports_are_counted_by_origin_in_the_metrics() {
    let app = spawn_app();
    seed(&app);
    report(&app, DFDG, "", "30", "").ok("CreateFejlmelding");
    report(&app, DFDG, "", "30", "").ok("CreateFejlmelding");
    report(&app, DFDG, "", "32", "").ok("CreateFejlmelding");
    report(&app, DFDG, "", "31", "").expect_fault(1014);
    let body = app.get("/metrics").body;
    for line in [
        r#"planner_dfdg_fejlmeldinger_total{origin="30"} 2"#,
        r#"planner_dfdg_fejlmeldinger_total{origin="32"} 1"#,
        r#"planner_dfdg_fejlmeldinger_total{origin="other"} 0"#,
    ] {
        assert!(body.lines().any(|l| l == line), "{line} in:\n{body}");
    }
}
