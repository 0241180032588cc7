//! Hostile input as a whole (issue 4): a barrage of malformed, oversized, deeply nested,
//! entity-laden, mislabelled and misaddressed requests against the booking operations leaves
//! the store exactly as it was, and the server keeps answering.

use planner::domain::Interval;

use super::support::{cpr, seed, DFDG, NS, SOAP11};
use crate::support::app::spawn_app;

const TEXT_XML: &str = "text/xml; charset=utf-8";

fn create_booking(inner: &str) -> String {
    format!(
        r#"<s:Envelope xmlns:s="{SOAP11}"><s:Body><CreateBookingRequest xmlns="{NS}">{inner}</CreateBookingRequest></s:Body></s:Envelope>"#
    )
}

#[test]
fn hostile_requests_change_nothing_and_the_server_stays_up() {
    let app = spawn_app();
    let seeded = seed(&app);
    let now = chrono::Utc::now();
    let window = Interval::new(now, now + chrono::Duration::days(7)).unwrap();
    let free_before = app.store.free_times(&seeded.offer.id, window, None, now).unwrap();
    let person = format!("<PersonCivilRegistrationIdentifier>{}</PersonCivilRegistrationIdentifier>", cpr(9));
    let reservation = format!("<ReservationIdentifier>{}</ReservationIdentifier>", uuid::Uuid::new_v4());

    let deep = create_booking(&format!("{}{}", "<x>".repeat(5_000), "</x>".repeat(5_000)));
    let laughs = format!(
        r#"<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>{}"#,
        create_booking(&format!("{person}<ReservationIdentifier>&c;</ReservationIdentifier>"))
    );
    let wrong_prefix = create_booking(&format!(
        "<q:PersonCivilRegistrationIdentifier>{}</q:PersonCivilRegistrationIdentifier>{reservation}",
        cpr(9)
    ));
    let other_namespace = create_booking(&format!(
        r#"<PersonCivilRegistrationIdentifier xmlns="urn:other">{}</PersonCivilRegistrationIdentifier>{reservation}"#,
        cpr(9)
    ));
    let unknown_operation = format!(
        r#"<s:Envelope xmlns:s="{SOAP11}"><s:Body><DeleteEverythingRequest xmlns="{NS}"/></s:Body></s:Envelope>"#
    );
    let valid_shape = create_booking(&format!("{person}{reservation}"));
    let huge = create_booking(&format!("{person}<!-- {} -->{reservation}", "y".repeat(1_100_000)));
    // The fault code and HTTP status expected, or None for 413.
    type Expected = Option<(u32, u16)>;
    let cases: Vec<(String, Option<String>, Expected)> = vec![
        (deep, None, Some((1014, 500))),
        (laughs, None, Some((1014, 500))),
        (wrong_prefix, None, Some((1014, 500))),
        (other_namespace, None, Some((1014, 500))),
        (unknown_operation, None, Some((1014, 500))),
        (valid_shape.clone(), Some(format!("\"{NS}/CancelBooking\"")), Some((1014, 500))),
        // A SOAP 1.2 Sender fault is a 400 (SOAP 1.2 HTTP binding).
        (valid_shape.replace(SOAP11, "http://www.w3.org/2003/05/soap-envelope"), None, Some((4771, 400))),
        (valid_shape.replace("<s:Body>", "<s:Body><Extra/>"), None, Some((1014, 500))),
        ("<".repeat(100_000), None, Some((1014, 500))),
        (huge, None, None),
    ];
    for (body, action, code) in cases {
        let mut headers = vec![("Content-Type", TEXT_XML), ("X-Planner-Caller", DFDG)];
        if let Some(action) = action.as_deref() {
            headers.push(("SOAPAction", action));
        }
        let response = app.request("POST", "/ExternalBookingService", &headers, body.as_bytes());
        match code {
            Some((code, status)) => {
                assert_eq!(response.status, status, "{}", response.body);
                assert!(
                    response.body.contains(&format!("<ErrorCode>{code}</ErrorCode>")),
                    "{code}: {}",
                    response.body
                );
            }
            None => assert_eq!(response.status, 413),
        }
    }

    assert_eq!(app.get("/health/ready").status, 200, "the server stays up");
    let free_after = app.store.free_times(&seeded.offer.id, window, None, now).unwrap();
    assert_eq!(free_before, free_after, "no time was taken");
    assert!(app.store.pending_events(10).unwrap().is_empty(), "no booking event was written");
    assert!(app
        .store
        .bookings_of(&planner::domain::Cpr::parse(&cpr(9)).unwrap(), None, None)
        .unwrap()
        .is_empty());
}
