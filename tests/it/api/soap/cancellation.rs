//! CancelBooking over HTTP: by DFDG for the citizen, and by the caseworker system that
//! registered the booking.

use chrono::Duration;
use planner::domain::{BookingStatus, Cpr};

use super::rebooking::register;
use super::self_booking::{book, free_starts};
use super::support::{cpr, seed, Answer, DFDG, KSS, NS, OTHER_DFDG};
use crate::support::app::{spawn_app, TestApp};

fn cancel(app: &TestApp, caller: &str, citizen: &str, booking: &str) -> Answer {
    let fields = format!(
        "<PersonCivilRegistrationIdentifier>{citizen}</PersonCivilRegistrationIdentifier><BookingIdentifier>{booking}</BookingIdentifier>"
    );
    app.soap(caller, "CancelBooking", &fields)
}

#[test]
fn cancels_for_the_citizen_and_frees_the_time() {
    let app = spawn_app();
    let seeded = seed(&app);
    let citizen = cpr(1);
    let caseworker = &seeded.counselors[0].caseworker;
    let (booking_id, start) = book(&app, &seeded, &citizen, Duration::days(2));
    assert!(!free_starts(&app, &seeded.offer, caseworker, Duration::hours(2)).contains(&start));

    cancel(&app, OTHER_DFDG, &citizen, &booking_id).expect_fault(4575);
    cancel(&app, DFDG, &cpr(2), &booking_id).expect_fault(8107);
    cancel(&app, DFDG, &citizen, &uuid::Uuid::new_v4().to_string()).expect_fault(4768);
    cancel(&app, DFDG, &citizen, "not-a-guid").expect_fault(1014);
    let answer = cancel(&app, DFDG, &citizen, &booking_id);
    let body = answer.ok("CancelBooking");
    assert!(body.children.is_empty() && body.text.is_empty(), "an empty response");
    assert!(body.is(NS, "CancelBookingResponse"));

    let bookings = app.store.bookings_of(&Cpr::parse(&citizen).unwrap(), None, None).unwrap();
    assert_eq!(bookings.len(), 1);
    assert_eq!(bookings[0].status, BookingStatus::Cancelled);
    assert!(free_starts(&app, &seeded.offer, caseworker, Duration::hours(2)).contains(&start), "time freed");
    cancel(&app, DFDG, &citizen, &booking_id).ok("CancelBooking");
    assert_eq!(app.store.bookings_of(&Cpr::parse(&citizen).unwrap(), None, None).unwrap().len(), 1);

    let audit = app.store.audit_tail(100).unwrap();
    let rows = super::support::audit_rows(&audit);
    assert_eq!(
        rows,
        [
            ("GetBookingDetails", "ok"),
            ("CreateBooking", "ok"),
            ("CancelBooking", "4575"),
            ("CancelBooking", "8107"),
            ("CancelBooking", "4768"),
            ("CancelBooking", "1014"),
            ("CancelBooking", "ok"),
            ("CancelBooking", "ok"),
        ]
    );
    for n in 1..=2 {
        assert!(audit.iter().all(|r| !format!("{r:?}").contains(&cpr(n))), "no CPR in the audit log");
    }
}

#[test]
fn a_caseworker_system_cancels_only_what_it_registered() {
    let app = spawn_app();
    let seeded = seed(&app);
    let caseworker = &seeded.counselors[1].caseworker;
    let registered = register(&app, &cpr(1), caseworker, Duration::days(3), &seeded.jobcenter);
    let (self_booked, _) = book(&app, &seeded, &cpr(2), Duration::days(2));

    cancel(&app, KSS, &cpr(2), &self_booked).expect_fault(4768);
    cancel(&app, KSS, &cpr(2), registered.as_str()).expect_fault(8107);
    cancel(&app, OTHER_DFDG, &cpr(1), registered.as_str()).expect_fault(4575);
    cancel(&app, KSS, &cpr(1), registered.as_str()).ok("CancelBooking");
    cancel(&app, KSS, &cpr(1), registered.as_str()).ok("CancelBooking");

    let registered_now = app.store.booking(&registered, None).unwrap();
    assert_eq!(registered_now.status, BookingStatus::Cancelled);
    let self_booked_now = app.store.bookings_of(&Cpr::parse(&cpr(2)).unwrap(), None, None).unwrap();
    assert_eq!(self_booked_now[0].status, BookingStatus::Booked, "not cancelled by the KSS");

    let audit = app.store.audit_tail(100).unwrap();
    let rows: Vec<(&str, &str, &str)> = audit
        .iter()
        .map(|r| (r.entry.operation.as_str(), r.entry.caller.as_str(), r.entry.outcome.as_str()))
        .collect();
    assert_eq!(
        rows[2..],
        [
            ("CancelBooking", KSS, "4768"),
            ("CancelBooking", KSS, "8107"),
            ("CancelBooking", OTHER_DFDG, "4575"),
            ("CancelBooking", KSS, "ok"),
            ("CancelBooking", KSS, "ok"),
        ]
    );
    for n in 1..=2 {
        assert!(audit.iter().all(|r| !format!("{r:?}").contains(&cpr(n))), "no CPR in the audit log");
    }
}
