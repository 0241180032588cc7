//! Bad input gets a typed error, never a panic, and changes nothing (issue 3): each refused
//! request leaves the bookings, the free times and the outbox exactly as they were.

use chrono::Duration;
use planner::domain::{self, BookingId, Interval, OfferId, ReservationId, SlotRules};
use planner::store::{Entity, Error};

use crate::support::both_backends;
use crate::support::store::{
    conflict, cpr, day, free_starts, guid, local, now, originator, registration, request, seed, topics,
    TestDb,
};

both_backends!(refused_requests_change_nothing);

/// What a refused request must leave untouched.
fn snapshot(
    db: &TestDb,
    seed: &crate::support::store::Seed,
) -> (Vec<chrono::DateTime<chrono::Utc>>, usize, usize) {
    let free = free_starts(db, &seed.offer, day(3), now());
    let bookings = db.bookings_of(&cpr(1), None, None).unwrap().len();
    (free, bookings, topics(db).len())
}

fn refused_requests_change_nothing(db: &TestDb) {
    let seed = seed(db, 2);
    crate::support::store::book(db, &seed, &cpr(1), local(3, 9, 0), now());
    let before = snapshot(db, &seed);

    // An interval whose end is before its start cannot even be built.
    assert_eq!(Interval::new(local(3, 10, 0), local(3, 9, 0)), Err(domain::Error::EndBeforeStart));
    // A negative duration cannot make slot rules.
    let negative = SlotRules::new(
        Duration::minutes(-45),
        Duration::zero(),
        Duration::zero(),
        Duration::days(1),
        None,
        None,
    );
    assert_eq!(negative, Err(domain::Error::NotPositive("duration")));

    // An unknown offer.
    let mut unknown = request(&cpr(2), &seed.offer, &seed.counselors[0], local(3, 10, 0));
    unknown.offer = Some(guid(OfferId::parse));
    assert!(matches!(db.reserve(&unknown, now()), Err(Error::NotFound(Entity::Offer))));
    assert!(matches!(
        db.free_times(&guid(OfferId::parse), day(3), None, now()),
        Err(Error::NotFound(Entity::Offer))
    ));
    // A start in the past, and one inside the minimum notice.
    let past = request(&cpr(2), &seed.offer, &seed.counselors[0], now() - Duration::days(1));
    assert_eq!(conflict(db.reserve(&past, now())), domain::Error::StartTooSoon);
    let too_soon = request(&cpr(2), &seed.offer, &seed.counselors[0], local(1, 14, 0));
    assert_eq!(conflict(db.reserve(&too_soon, now())), domain::Error::StartTooSoon);
    // A contact type the offer does not allow.
    let mut contact = request(&cpr(2), &seed.offer, &seed.counselors[0], local(3, 10, 0));
    contact.contact_type = Some(99);
    assert!(matches!(conflict(db.reserve(&contact, now())), domain::Error::CodeNotAllowed(_)));
    // Unknown reservation and booking ids.
    assert!(matches!(
        db.confirm(&cpr(2), &guid(ReservationId::parse), originator(), now()),
        Err(Error::NotFound(Entity::Reservation))
    ));
    assert!(matches!(db.booking(&guid(BookingId::parse), None), Err(Error::NotFound(Entity::Booking))));
    // A registration in the past and one with inconsistent flags.
    let past_registration = registration(&seed, &cpr(1), now() - Duration::hours(1));
    assert_eq!(conflict(db.register_booking(&past_registration, now())), domain::Error::StartTooSoon);
    let mut flags = registration(&seed, &cpr(1), local(3, 13, 0));
    flags.changes.rebook_possible = true;
    assert_eq!(conflict(db.register_booking(&flags, now())), domain::Error::RebookDeadlineMissing);

    assert_eq!(snapshot(db, &seed), before, "a refused request changed the store");
}
