//! Time shared by several bookings: group sessions held by seat reservations, and group meetings
//! a caseworker system registers for several citizens. Each citizen's change must give back only
//! that citizen's seat, and an expired seat must not hold the counselor's time (contract §4).

use planner::domain::{self, Offer, OfferId};
use planner::store::Canceller;

use crate::support::both_backends;
use crate::support::store::{
    conflict, cpr, day, free_starts, guid, local, now, originator, registration, request, seed, TestDb,
};

both_backends!(
    expired_group_seat_does_not_hold_time_for_other_offers,
    cancelling_one_registered_group_citizen_keeps_the_meeting,
    registering_system_cancel_needs_the_registering_caller,
    staff_cancel_frees_the_time,
    working_hours_follow_local_time_across_dst,
);

/// A second individual offer served by the group offer's counselor.
fn individual_offer_of_group_counselor(db: &TestDb, seed: &crate::support::store::Seed) -> Offer {
    let offer = Offer {
        id: guid(OfferId::parse),
        name: "Jobsamtale hos gruppens rådgiver".into(),
        counselors: vec![seed.group_counselor.id.clone()],
        ..seed.offer.clone()
    };
    db.create_offer(&offer, now()).unwrap();
    offer
}

fn expired_group_seat_does_not_hold_time_for_other_offers(db: &TestDb) {
    let seed = seed(db, 1);
    let individual = individual_offer_of_group_counselor(db, &seed);
    let start = local(2, 10, 0);
    // A citizen reserves a group seat and never confirms it.
    db.reserve(&request(&cpr(1), &seed.group, &seed.group_counselor, start), now()).unwrap();
    assert!(
        !free_starts(db, &individual, day(2), now()).contains(&start),
        "an unexpired seat holds the time"
    );

    // Contract §4: free = hours minus bookings minus *unexpired* reservations.
    let later = now() + chrono::Duration::minutes(11);
    assert!(
        free_starts(db, &individual, day(2), later).contains(&start),
        "an expired, unconfirmed group seat still holds the counselor's time for other offers"
    );
    let taken = db.reserve(&request(&cpr(2), &individual, &seed.group_counselor, start), later);
    assert!(taken.is_ok(), "{taken:?}");
}

fn cancelling_one_registered_group_citizen_keeps_the_meeting(db: &TestDb) {
    let seed = seed(db, 1);
    let start = local(4, 10, 0);
    let mut first = registration(&seed, &cpr(1), start);
    first.group_meeting = Some("kss-meeting-42".into());
    let mut second = registration(&seed, &cpr(2), start);
    second.group_meeting = first.group_meeting.clone();
    db.register_booking(&first, now()).unwrap();
    let kept = db.register_booking(&second, now()).unwrap();
    assert!(!free_starts(db, &seed.offer, day(4), now()).contains(&start));

    db.cancel(&Canceller::RegisteringSystem(first.registered_by.clone()), &first.id, now()).unwrap();
    assert_eq!(db.booking(&kept.id, None).unwrap().status, domain::BookingStatus::Booked);
    // The second citizen still meets the counselor then: the time must stay occupied.
    assert!(
        !free_starts(db, &seed.offer, day(4), now()).contains(&start),
        "cancelling one citizen of a registered group meeting freed the whole meeting's time"
    );
    let intruder = conflict(crate::support::store::reserve(db, &seed, &cpr(3), start, now()));
    assert_eq!(intruder, domain::Error::SlotTaken);
}

fn registering_system_cancel_needs_the_registering_caller(db: &TestDb) {
    let seed = seed(db, 1);
    let request = registration(&seed, &cpr(1), local(4, 10, 0));
    let booking = db.register_booking(&request, now()).unwrap();
    let other = Canceller::RegisteringSystem("CVR:87654321-FID:other".into());
    let result = db.cancel(&other, &booking.id, now());
    assert!(
        matches!(result, Err(planner::store::Error::NotFound(planner::store::Entity::Booking))),
        "{result:?}"
    );
    assert_eq!(db.booking(&booking.id, None).unwrap().status, domain::BookingStatus::Booked);
}

fn staff_cancel_frees_the_time(db: &TestDb) {
    let seed = seed(db, 1);
    let start = local(2, 10, 0);
    let held = crate::support::store::reserve(db, &seed, &cpr(1), start, now()).unwrap();
    let booking = db.confirm(&cpr(1), &held.id, originator(), now()).unwrap();
    let cancelled = db.staff_action(&booking.id, domain::Action::Cancel, None, now()).unwrap();
    assert_eq!(cancelled.status, domain::BookingStatus::Cancelled);
    assert!(free_starts(db, &seed.offer, day(2), now()).contains(&start));
}

fn working_hours_follow_local_time_across_dst(db: &TestDb) {
    let seed = seed(db, 1);
    // Summer time starts Sunday 2027-03-28: 08:00 on Tuesday the 30th is 06:00 UTC, not 07:00.
    // (Monday the 29th is 2. påskedag, a public holiday: closed.)
    let friday = local(26, 8, 0);
    let tuesday = local(30, 8, 0);
    assert_eq!(tuesday.format("%H:%M").to_string(), "06:00");
    let free =
        free_starts(db, &seed.offer, crate::support::store::window(local(30, 0, 0), local(31, 0, 0)), friday);
    assert_eq!(free.first(), Some(&tuesday), "{free:?}");
    assert_eq!(free.len(), 8);
    let on_holiday =
        free_starts(db, &seed.offer, crate::support::store::window(local(29, 0, 0), local(30, 0, 0)), friday);
    assert!(on_holiday.is_empty(), "2. påskedag is closed: {on_holiday:?}");
    let held = crate::support::store::reserve(db, &seed, &cpr(1), tuesday, friday);
    assert!(held.is_ok(), "{held:?}");
}
