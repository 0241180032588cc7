//! Rebooking over HTTP: GetBookingDetails with a BookingIdentifier, then RescheduleBooking.

use chrono::{Duration, Utc};
use planner::domain::{BookingId, ChangeFlags, Channel, Cpr, Interval, JobCenterCode, Originator};
use planner::store::RegisterRequest;
use planner::xml::format_datetime;

use super::self_booking::{book, details_fields, free_start, free_starts};
use super::support::{cpr, seed, text, DFDG, KSS, OTHER_DFDG};
use crate::support::app::{spawn_app, TestApp};

fn reschedule(
    app: &TestApp,
    caller: &str,
    citizen: &str,
    booking: &str,
    reservation: &str,
) -> super::support::Answer {
    let fields = format!(
        "<PersonCivilRegistrationIdentifier>{citizen}</PersonCivilRegistrationIdentifier><BookingIdentifier>{booking}</BookingIdentifier><ReservationIdentifier>{reservation}</ReservationIdentifier>"
    );
    app.soap(caller, "RescheduleBooking", &fields)
}

#[test]
fn moves_a_booking_and_keeps_its_identifier() {
    let app = spawn_app();
    let seeded = seed(&app);
    let citizen = cpr(1);
    let caseworker = &seeded.counselors[0].caseworker;
    let (booking_id, old_start) = book(&app, &seeded, &citizen, Duration::days(2));
    let new_start = free_start(&app, &seeded.offer, caseworker, Duration::days(4));

    let fields = details_fields(&citizen, None, Some(&booking_id), new_start, caseworker, None);
    let details = app.soap(DFDG, "GetBookingDetails", &fields);
    let preview = details.ok("GetBookingDetails");
    assert_eq!(text(preview, "BookingIdentifier"), booking_id, "a rebooking shows the booking's id");
    assert_eq!(text(preview, "BookingStartTime"), format_datetime(new_start));
    assert_eq!(text(preview, "BookingChannel"), "SelfBooking");
    assert_eq!(text(preview, "ReBookingDeadline"), format_datetime(new_start - Duration::hours(24)));
    let reservation = text(preview, "ReservationIdentifier");

    let moved = reschedule(&app, DFDG, &citizen, &booking_id, &reservation);
    let body = moved.ok("RescheduleBooking");
    assert_eq!(text(body, "BookingIdentifier"), booking_id);
    assert_eq!(text(body, "BookingStartTime"), format_datetime(new_start));
    assert_eq!(text(body, "ReBookingDeadline"), format_datetime(new_start - Duration::hours(24)));
    let cpr_value = Cpr::parse(&citizen).unwrap();
    let bookings = app.store.bookings_of(&cpr_value, None, None).unwrap();
    assert_eq!(bookings.len(), 1);
    assert_eq!((bookings[0].id.as_str(), bookings[0].interval.start()), (booking_id.as_str(), new_start));
    let free = free_starts(&app, &seeded.offer, caseworker, Duration::hours(2));
    assert!(free.contains(&old_start), "the old time is free again");
    assert!(!free.contains(&new_start));

    let again = reschedule(&app, DFDG, &citizen, &booking_id, &reservation);
    assert_eq!(text(again.ok("RescheduleBooking"), "BookingIdentifier"), booking_id, "idempotent");
    assert_eq!(text(again.ok("RescheduleBooking"), "BookingStartTime"), format_datetime(new_start));
    assert_eq!(app.store.bookings_of(&cpr_value, None, None).unwrap().len(), 1);

    let audit = app.store.audit_tail(100).unwrap();
    let rows = super::support::audit_rows(&audit);
    assert_eq!(
        rows,
        [
            ("GetBookingDetails", "ok"),
            ("CreateBooking", "ok"),
            ("GetBookingDetails", "ok"),
            ("RescheduleBooking", "ok"),
            ("RescheduleBooking", "ok"),
        ]
    );
    assert!(audit.iter().all(|r| !format!("{r:?}").contains(&citizen)), "no CPR in the audit log");
}

#[test]
fn refuses_rebooking_that_is_not_allowed() {
    let app = spawn_app();
    let seeded = seed(&app);
    let caseworker = &seeded.counselors[0].caseworker;
    let offer = Some(&seeded.offer.id);
    let (booking_id, _) = book(&app, &seeded, &cpr(1), Duration::days(2));
    let new_start = free_start(&app, &seeded.offer, caseworker, Duration::days(4));

    // Someone else's booking, in GetBookingDetails and in RescheduleBooking.
    let fields = details_fields(&cpr(2), offer, Some(&booking_id), new_start, caseworker, None);
    app.soap(DFDG, "GetBookingDetails", &fields).expect_fault(8107);
    let fields = details_fields(&cpr(1), offer, Some(&booking_id), new_start, caseworker, None);
    let details = app.soap(DFDG, "GetBookingDetails", &fields);
    let reservation = text(details.ok("GetBookingDetails"), "ReservationIdentifier");
    reschedule(&app, DFDG, &cpr(2), &booking_id, &reservation).expect_fault(8107);

    // Another jobcenter's caller, an unknown booking, a plain reservation used for rebooking.
    let fields = details_fields(&cpr(1), None, Some(&booking_id), new_start, caseworker, None);
    app.soap(OTHER_DFDG, "GetBookingDetails", &fields).expect_fault(4575);
    reschedule(&app, OTHER_DFDG, &cpr(1), &booking_id, &reservation).expect_fault(4575);
    let unknown = uuid::Uuid::new_v4().to_string();
    reschedule(&app, DFDG, &cpr(1), &unknown, &reservation).expect_fault(4768);
    let fields = details_fields(&cpr(1), None, Some(&unknown), new_start, caseworker, None);
    app.soap(DFDG, "GetBookingDetails", &fields).expect_fault(4768);

    // A booking a caseworker system registered without ReBookingPossible.
    let registered = register(&app, &cpr(3), caseworker, Duration::days(6), &seeded.jobcenter);
    let start = free_start(&app, &seeded.offer, caseworker, Duration::days(8));
    let fields = details_fields(&cpr(3), offer, Some(registered.as_str()), start, caseworker, None);
    app.soap(DFDG, "GetBookingDetails", &fields).expect_fault(4772);
    let fields = details_fields(&cpr(3), None, Some(registered.as_str()), start, caseworker, None);
    app.soap(DFDG, "GetBookingDetails", &fields).expect_fault(4772);

    let bookings = app.store.bookings_of(&Cpr::parse(&cpr(1)).unwrap(), None, None).unwrap();
    assert_eq!(bookings.len(), 1, "nothing moved");
    let audit = app.store.audit_tail(100).unwrap();
    let rows = super::support::audit_rows(&audit);
    assert_eq!(
        rows,
        [
            ("GetBookingDetails", "ok"),
            ("CreateBooking", "ok"),
            ("GetBookingDetails", "8107"),
            ("GetBookingDetails", "ok"),
            ("RescheduleBooking", "8107"),
            ("GetBookingDetails", "4575"),
            ("RescheduleBooking", "4575"),
            ("RescheduleBooking", "4768"),
            ("GetBookingDetails", "4768"),
            ("GetBookingDetails", "4772"),
            ("GetBookingDetails", "4772"),
        ]
    );
    for n in 1..=3 {
        assert!(audit.iter().all(|r| !format!("{r:?}").contains(&cpr(n))), "no CPR in the audit log");
    }
}

/// Registers (as the KSS caller) a booking of `citizen` with `caseworker` at the first free time
/// of the seeded counselor at least `after` from now, without rebooking; returns its id.
pub(super) fn register(
    app: &TestApp,
    citizen: &str,
    caseworker: &planner::domain::CaseworkerId,
    after: Duration,
    jobcenter: &JobCenterCode,
) -> BookingId {
    let now = Utc::now();
    let start = (now + after).date_naive().and_hms_opt(9, 0, 0).unwrap().and_utc();
    let id = BookingId::parse(&uuid::Uuid::new_v4().to_string()).unwrap();
    let request = RegisterRequest {
        id: id.clone(),
        cpr: Cpr::parse(citizen).unwrap(),
        jobcenter: jobcenter.clone(),
        caseworker: caseworker.clone(),
        interview_type: 7,
        form_type: 1,
        contact_type: 1,
        interval: Interval::new(start, start + Duration::minutes(30)).unwrap(),
        changes: ChangeFlags {
            rebook_possible: false,
            rebook_deadline: None,
            cancel_possible: true,
            cancel_deadline: Some(start - Duration::hours(24)),
        },
        compulsory: true,
        group_meeting: None,
        digital_link: None,
        channel: Channel::CaseworkerSystem,
        originator: Originator { code: 101, type_id: 8 },
        registered_by: KSS.to_owned(),
    };
    app.store.register_booking(&request, now).unwrap();
    id
}
