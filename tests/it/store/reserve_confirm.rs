//! Reserve (GetBookingDetails) and confirm (CreateBooking): a reservation holds its time, only
//! its citizen can use it, once, before it expires; the rules that refuse a time (contract §4).

use chrono::Duration;
use planner::domain::{self, BookingStatus, Channel, OfferId, ReservationId};
use planner::store::{Entity, Error};

use crate::support::both_backends;
use crate::support::store::{
    self as support, book, conflict, cpr, day, free_starts, guid, local, now, originator, reserve, seed,
    TestDb,
};

both_backends!(
    reserve_holds_time_and_confirm_books,
    confirm_twice_returns_the_same_booking,
    confirm_with_another_cpr_is_refused,
    confirm_after_expiry_is_refused,
    unknown_reservation_is_not_found,
    expired_reservation_time_goes_to_another_citizen,
    reserving_again_releases_the_earlier_reservation,
    one_future_booking_per_offer,
    start_before_minimum_notice_is_too_soon,
    time_off_grid_or_outside_hours_is_taken,
    unknown_offer_is_not_found,
);

fn reserve_holds_time_and_confirm_books(db: &TestDb) {
    let seed = seed(db, 1);
    let start = local(2, 10, 0);
    assert!(free_starts(db, &seed.offer, day(2), now()).contains(&start), "the time is free before");

    let held = reserve(db, &seed, &cpr(1), start, now()).unwrap();
    assert_eq!(held.interval.start(), start);
    assert_eq!(held.interval.end(), start + Duration::minutes(45));
    assert_eq!(held.counselor, seed.counselors[0].id);
    assert_eq!(held.expires_at, now() + Duration::minutes(10));
    assert_eq!(held.contact_type, 1, "the offer's first contact type by default");
    assert!(!free_starts(db, &seed.offer, day(2), now()).contains(&start), "a reservation holds its time");

    let booking = db.confirm(&cpr(1), &held.id, originator(), now()).unwrap();
    assert_eq!(booking.status, BookingStatus::Booked);
    assert_eq!(booking.channel, Channel::SelfBooking);
    assert!(booking.self_booked);
    assert_eq!(booking.offer, Some(seed.offer.id.clone()));
    assert_eq!(booking.interval, held.interval);
    assert_eq!((booking.interview_type, booking.form_type, booking.contact_type), (7, 1, 1));
    assert!(booking.compulsory);
    // Deadlines come from the offer's rules: 24 hours before the start.
    assert!(booking.changes.rebook_possible && booking.changes.cancel_possible);
    assert_eq!(booking.changes.rebook_deadline, Some(start - Duration::hours(24)));
    assert_eq!(booking.changes.cancel_deadline, Some(start - Duration::hours(24)));
    assert!(!free_starts(db, &seed.offer, day(2), now()).contains(&start), "a booking holds its time");
    assert_eq!(db.bookings_of(&cpr(1), None, None).unwrap(), vec![booking.clone()]);
    assert_eq!(db.counselor_bookings(&seed.counselors[0].id, day(2)).unwrap(), vec![booking.clone()]);

    let events = db.pending_events(100).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0].topic.as_str(), events[0].aggregate_id.as_str()),
        ("BookingCreated", booking.id.as_str())
    );
    assert!(!events[0].payload.contains(cpr(1).expose_for_admin()), "no CPR in the outbox");
}

fn confirm_twice_returns_the_same_booking(db: &TestDb) {
    let seed = seed(db, 1);
    let held = reserve(db, &seed, &cpr(1), local(2, 10, 0), now()).unwrap();
    let first = db.confirm(&cpr(1), &held.id, originator(), now()).unwrap();
    // A retry, even after the reservation's expiry, returns the booking it became.
    let again = db.confirm(&cpr(1), &held.id, originator(), now() + Duration::minutes(1)).unwrap();
    let late = db.confirm(&cpr(1), &held.id, originator(), now() + Duration::minutes(30)).unwrap();
    assert_eq!(again, first);
    assert_eq!(late, first);
    assert_eq!(db.bookings_of(&cpr(1), None, None).unwrap().len(), 1);
    assert_eq!(support::topics(db), vec![("BookingCreated".to_owned(), first.id.as_str().to_owned())]);
}

fn confirm_with_another_cpr_is_refused(db: &TestDb) {
    let seed = seed(db, 1);
    let held = reserve(db, &seed, &cpr(1), local(2, 10, 0), now()).unwrap();
    assert_eq!(
        conflict(db.confirm(&cpr(2), &held.id, originator(), now())),
        domain::Error::NotOwnedByCitizen
    );
    assert!(db.bookings_of(&cpr(2), None, None).unwrap().is_empty());
    // The owner can still use it.
    db.confirm(&cpr(1), &held.id, originator(), now()).unwrap();
    // And once used, the other citizen still gets nothing.
    assert_eq!(
        conflict(db.confirm(&cpr(2), &held.id, originator(), now())),
        domain::Error::NotOwnedByCitizen
    );
}

fn confirm_after_expiry_is_refused(db: &TestDb) {
    let seed = seed(db, 1);
    let start = local(2, 10, 0);
    let held = reserve(db, &seed, &cpr(1), start, now()).unwrap();
    let later = now() + Duration::minutes(11);
    assert_eq!(
        conflict(db.confirm(&cpr(1), &held.id, originator(), later)),
        domain::Error::ReservationExpired
    );
    assert!(db.bookings_of(&cpr(1), None, None).unwrap().is_empty());
    assert!(db.pending_events(10).unwrap().is_empty());
    assert!(
        free_starts(db, &seed.offer, day(2), later).contains(&start),
        "an expired reservation holds nothing"
    );
}

fn unknown_reservation_is_not_found(db: &TestDb) {
    seed(db, 1);
    let result = db.confirm(&cpr(1), &guid(ReservationId::parse), originator(), now());
    assert!(matches!(result, Err(Error::NotFound(Entity::Reservation))), "{result:?}");
}

fn expired_reservation_time_goes_to_another_citizen(db: &TestDb) {
    let seed = seed(db, 1);
    let start = local(2, 10, 0);
    let first = reserve(db, &seed, &cpr(1), start, now()).unwrap();
    // While it holds, nobody else gets the time.
    let early = now() + Duration::minutes(5);
    assert_eq!(conflict(reserve(db, &seed, &cpr(2), start, early)), domain::Error::SlotTaken);
    // Contract §4: an expired reservation is released inside the transaction that wants its time.
    let later = now() + Duration::minutes(11);
    let second = reserve(db, &seed, &cpr(2), start, later).unwrap();
    let booking = db.confirm(&cpr(2), &second.id, originator(), later).unwrap();
    assert_eq!(booking.interval.start(), start);
    assert_eq!(
        conflict(db.confirm(&cpr(1), &first.id, originator(), later)),
        domain::Error::ReservationExpired
    );
    assert_eq!(db.counselor_bookings(&seed.counselors[0].id, day(2)).unwrap().len(), 1);
}

fn reserving_again_releases_the_earlier_reservation(db: &TestDb) {
    let seed = seed(db, 1);
    let (a, b) = (local(2, 10, 0), local(2, 13, 0));
    let old = reserve(db, &seed, &cpr(1), a, now()).unwrap();
    let new = reserve(db, &seed, &cpr(1), b, now()).unwrap();
    let free = free_starts(db, &seed.offer, day(2), now());
    assert!(free.contains(&a), "the earlier reservation's time is free again");
    assert!(!free.contains(&b));
    assert_eq!(
        conflict(db.confirm(&cpr(1), &old.id, originator(), now())),
        domain::Error::ReservationExpired
    );
    // Another citizen can take the released time; the newer reservation still works.
    reserve(db, &seed, &cpr(2), a, now()).unwrap();
    let booking = db.confirm(&cpr(1), &new.id, originator(), now()).unwrap();
    assert_eq!(booking.interval.start(), b);
}

fn one_future_booking_per_offer(db: &TestDb) {
    let seed = seed(db, 1);
    book(db, &seed, &cpr(1), local(2, 10, 0), now());
    assert_eq!(conflict(reserve(db, &seed, &cpr(1), local(3, 10, 0), now())), domain::Error::AlreadyBooked);
    assert_eq!(db.bookings_of(&cpr(1), None, None).unwrap().len(), 1);
    // The group offer is another offer: it may be booked beside it.
    let group =
        db.reserve(&support::request(&cpr(1), &seed.group, &seed.group_counselor, local(3, 10, 0)), now());
    assert!(group.is_ok(), "{group:?}");
}

fn start_before_minimum_notice_is_too_soon(db: &TestDb) {
    let seed = seed(db, 1);
    // Monday 14:00 is on the grid and inside working hours, but within 24 hours of now.
    assert_eq!(conflict(reserve(db, &seed, &cpr(1), local(1, 14, 0), now())), domain::Error::StartTooSoon);
    assert_eq!(conflict(reserve(db, &seed, &cpr(1), local(2, 7, 0), now())), domain::Error::StartTooSoon);
    // Exactly now + notice is allowed (Tuesday 08:00).
    let edge = reserve(db, &seed, &cpr(1), local(2, 8, 0), now());
    assert!(edge.is_ok(), "{edge:?}");
}

fn time_off_grid_or_outside_hours_is_taken(db: &TestDb) {
    let seed = seed(db, 1);
    let cases = [
        ("off the grid", local(2, 10, 30)),
        ("off the grid by a minute", local(2, 10, 1)),
        ("at closing time", local(2, 16, 0)),
        ("before opening", local(2, 7, 0) + Duration::days(1)),
        ("on a Saturday", local(6, 10, 0)),
        ("beyond the horizon", local(2, 10, 0) + Duration::weeks(9)),
    ];
    for (what, start) in cases {
        let result = reserve(db, &seed, &cpr(1), start, now());
        assert!(matches!(result, Err(Error::Conflict(domain::Error::SlotTaken))), "{what}: {result:?}");
    }
    assert!(db.bookings_of(&cpr(1), None, None).unwrap().is_empty());
}

fn unknown_offer_is_not_found(db: &TestDb) {
    let seed = seed(db, 1);
    let mut request = support::request(&cpr(1), &seed.offer, &seed.counselors[0], local(2, 10, 0));
    request.offer = Some(guid(OfferId::parse));
    let result = db.reserve(&request, now());
    assert!(matches!(result, Err(Error::NotFound(Entity::Offer))), "{result:?}");
}
