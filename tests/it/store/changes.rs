//! Changes to a booking: rescheduling by the citizen (RescheduleBooking), cancellation, and the
//! staff actions with the Xpert Suite status rules (contract §4).

use chrono::Duration;
use planner::domain::{self, Action, Booking, BookingStatus};
use planner::store::{Canceller, Store};

use crate::support::both_backends;
use crate::support::store::{
    self as support, book, conflict, cpr, day, free_starts, local, now, registration, seed, topics, Seed,
    TestDb,
};

both_backends!(
    reschedule_keeps_the_id_and_moves_the_time,
    reschedule_after_the_deadline_is_refused,
    reschedule_of_a_not_rebookable_booking_is_refused,
    cancel_by_citizen_frees_the_time,
    cancel_after_the_deadline_is_refused,
    staff_complete_no_show_and_correction,
    lapse_needs_a_reason,
    billed_completed_booking_can_only_lapse,
);

/// Reserves `start` for moving `booking` (offer left out: the booking's offer is used).
fn reserve_rebooking(
    db: &Store,
    seed: &Seed,
    booking: &Booking,
    start: chrono::DateTime<chrono::Utc>,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<domain::Reservation, planner::store::Error> {
    let mut request = support::request(&cpr(1), &seed.offer, &seed.counselors[0], start);
    request.offer = None;
    request.rebooking = Some(booking.id.clone());
    db.reserve(&request, at)
}

fn reschedule_keeps_the_id_and_moves_the_time(db: &TestDb) {
    let seed = seed(db, 1);
    let (a, b) = (local(3, 10, 0), local(3, 13, 0));
    let booking = book(db, &seed, &cpr(1), a, now());
    let held = reserve_rebooking(db, &seed, &booking, b, now()).unwrap();
    assert_eq!(held.rebooking, Some(booking.id.clone()));
    // A rebooking reservation cannot be used to create a second booking.
    assert_eq!(
        conflict(db.confirm(&cpr(1), &held.id, support::originator(), now())),
        domain::Error::ReservationMismatch
    );

    let moved = db.reschedule(&cpr(1), &booking.id, &held.id, now()).unwrap();
    assert_eq!(moved.id, booking.id, "rebooking keeps the BookingIdentifier");
    assert_eq!(moved.interval.start(), b);
    assert_eq!(moved.status, BookingStatus::Booked);
    assert_eq!(moved.changes.rebook_deadline, Some(b - Duration::hours(24)));
    let free = free_starts(db, &seed.offer, day(3), now());
    assert!(free.contains(&a), "the old time is free again");
    assert!(!free.contains(&b), "the new time is occupied");
    assert_eq!(db.bookings_of(&cpr(1), None, None).unwrap(), vec![moved.clone()]);
    assert_eq!(db.counselor_bookings(&seed.counselors[0].id, day(3)).unwrap(), vec![moved.clone()]);

    // A retry returns the same booking and writes nothing new.
    let again = db.reschedule(&cpr(1), &booking.id, &held.id, now() + Duration::minutes(1)).unwrap();
    assert_eq!(again, moved);
    let topics: Vec<String> = topics(db).into_iter().map(|(topic, _)| topic).collect();
    assert_eq!(topics, ["BookingCreated", "BookingRescheduled"]);
    // Another citizen cannot use the reservation.
    assert_eq!(
        conflict(db.reschedule(&cpr(2), &booking.id, &held.id, now())),
        domain::Error::NotOwnedByCitizen
    );
}

fn reschedule_after_the_deadline_is_refused(db: &TestDb) {
    let seed = seed(db, 1);
    // Wednesday 08:00; the rebooking deadline is Tuesday 08:00.
    let booking = book(db, &seed, &cpr(1), local(3, 8, 0), now());
    let deadline = local(2, 8, 0);
    let held =
        reserve_rebooking(db, &seed, &booking, local(3, 10, 0), deadline - Duration::minutes(5)).unwrap();
    let after = deadline + Duration::minutes(1);
    assert_eq!(
        conflict(db.reschedule(&cpr(1), &booking.id, &held.id, after)),
        domain::Error::RebookDeadlinePassed
    );
    assert_eq!(
        conflict(reserve_rebooking(db, &seed, &booking, local(3, 11, 0), after)),
        domain::Error::RebookDeadlinePassed
    );
    assert_eq!(db.booking(&booking.id, None).unwrap().interval, booking.interval, "the booking did not move");
}

fn reschedule_of_a_not_rebookable_booking_is_refused(db: &TestDb) {
    let seed = seed(db, 1);
    // A caseworker-system booking that the registering system did not allow to be rebooked.
    let registered = db.register_booking(&registration(&seed, &cpr(1), local(4, 10, 0)), now()).unwrap();
    assert_eq!(
        conflict(reserve_rebooking(db, &seed, &registered, local(4, 13, 0), now())),
        domain::Error::RebookNotPossible
    );
    let mut with_offer = support::request(&cpr(1), &seed.offer, &seed.counselors[0], local(4, 13, 0));
    with_offer.rebooking = Some(registered.id.clone());
    assert_eq!(conflict(db.reserve(&with_offer, now())), domain::Error::RebookNotPossible);
}

fn cancel_by_citizen_frees_the_time(db: &TestDb) {
    let seed = seed(db, 1);
    let start = local(3, 10, 0);
    let booking = book(db, &seed, &cpr(1), start, now());
    let citizen = Canceller::Citizen(cpr(1));
    assert_eq!(
        conflict(db.cancel(&Canceller::Citizen(cpr(2)), &booking.id, now())),
        domain::Error::NotOwnedByCitizen
    );

    let cancelled = db.cancel(&citizen, &booking.id, now()).unwrap();
    assert_eq!(cancelled.status, BookingStatus::Cancelled);
    assert!(free_starts(db, &seed.offer, day(3), now()).contains(&start), "cancelling frees the time");
    assert!(db.counselor_bookings(&seed.counselors[0].id, day(3)).unwrap().is_empty());
    let topics: Vec<String> = topics(db).into_iter().map(|(topic, _)| topic).collect();
    assert_eq!(topics, ["BookingCreated", "BookingCancelled"]);
    // Cancelling again returns the cancelled booking and writes nothing.
    assert_eq!(db.cancel(&citizen, &booking.id, now()).unwrap().status, BookingStatus::Cancelled);
    assert_eq!(support::topics(db).len(), 2);
    // The citizen may book the offer again, and someone else may take the freed time.
    book(db, &seed, &cpr(2), start, now());
    book(db, &seed, &cpr(1), local(3, 11, 0), now());
}

fn cancel_after_the_deadline_is_refused(db: &TestDb) {
    let seed = seed(db, 1);
    let start = local(3, 10, 0);
    let booking = book(db, &seed, &cpr(1), start, now());
    let after = start - Duration::hours(24) + Duration::minutes(1);
    assert_eq!(
        conflict(db.cancel(&Canceller::Citizen(cpr(1)), &booking.id, after)),
        domain::Error::CancelDeadlinePassed
    );
    assert_eq!(db.booking(&booking.id, None).unwrap().status, BookingStatus::Booked);
    assert!(!free_starts(db, &seed.offer, day(3), now()).contains(&start));
}

fn staff_complete_no_show_and_correction(db: &TestDb) {
    let seed = seed(db, 1);
    let start = local(2, 10, 0);
    let held = book(db, &seed, &cpr(1), start, now());
    let other = book(db, &seed, &cpr(2), local(2, 13, 0), now());
    // Attendance is recorded only once a meeting has begun: at 11:00 the 13:00 one has not.
    let early = conflict(db.staff_action(&other.id, Action::NoShow, None, start + Duration::hours(1)));
    assert_eq!(early, domain::Error::NotBegun);
    let after = local(2, 14, 0);

    let completed = db.staff_action(&held.id, Action::Complete, None, after).unwrap();
    assert_eq!(completed.status, BookingStatus::Completed);
    // A Completed booking cannot be rescheduled (nor edited).
    let refused = conflict(reserve_rebooking(db, &seed, &completed, local(3, 10, 0), now()));
    assert!(matches!(refused, domain::Error::InvalidTransition { from: "Completed", .. }), "{refused:?}");

    let no_show = db.staff_action(&other.id, Action::NoShow, None, after).unwrap();
    assert_eq!(no_show.status, BookingStatus::NoShow);
    let corrected = db.staff_action(&other.id, Action::CorrectNoShow, None, after).unwrap();
    assert_eq!(corrected.status, BookingStatus::Booked);
    assert!(corrected.version > no_show.version);
    let refused = conflict(db.staff_action(&other.id, Action::CorrectNoShow, None, after));
    assert!(matches!(refused, domain::Error::InvalidTransition { from: "Booked", .. }), "{refused:?}");
    let topics: Vec<String> = topics(db).into_iter().map(|(topic, _)| topic).collect();
    assert_eq!(
        topics,
        ["BookingCreated", "BookingCreated", "BookingCompleted", "BookingNoShow", "BookingNoShowCorrected"]
    );
}

fn lapse_needs_a_reason(db: &TestDb) {
    let seed = seed(db, 1);
    let booking = book(db, &seed, &cpr(1), local(2, 10, 0), now());
    let after = local(2, 12, 0);
    assert_eq!(
        conflict(db.staff_action(&booking.id, Action::MarkLapsed, None, after)),
        domain::Error::LapseReasonMissing
    );
    assert_eq!(
        conflict(db.staff_action(&booking.id, Action::MarkLapsed, Some("  "), after)),
        domain::Error::LapseReasonMissing
    );
    let lapsed = db.staff_action(&booking.id, Action::MarkLapsed, Some(" counselor ill "), after).unwrap();
    assert_eq!(lapsed.status, BookingStatus::Lapsed);
    assert_eq!(lapsed.lapsed_reason.as_deref(), Some("counselor ill"));
    assert_eq!(db.booking(&booking.id, None).unwrap(), lapsed);
}

fn billed_completed_booking_can_only_lapse(db: &TestDb) {
    let seed = seed(db, 1);
    let booking = book(db, &seed, &cpr(1), local(2, 10, 0), now());
    let after = local(2, 12, 0);
    db.staff_action(&booking.id, Action::Complete, None, after).unwrap();
    let billed = db.mark_billed(&booking.id, after).unwrap();
    assert!(billed.billed);
    assert_eq!(
        conflict(db.staff_action(&booking.id, Action::Cancel, None, after)),
        domain::Error::BilledOnlyLapse
    );
    let by_citizen = conflict(db.cancel(&Canceller::Citizen(cpr(1)), &booking.id, now()));
    assert!(
        matches!(by_citizen, domain::Error::InvalidTransition { from: "Completed", .. }),
        "{by_citizen:?}"
    );
    let lapsed = db.staff_action(&booking.id, Action::MarkLapsed, Some("reported in error"), after).unwrap();
    assert_eq!(lapsed.status, BookingStatus::Lapsed);
    assert!(lapsed.billed);
}
