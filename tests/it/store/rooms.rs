//! Meeting rooms (issue 16): a closed room offers nothing, a room too small for a group offers
//! nothing, a group session holds one room for all its seats, and a staff move takes a room at
//! the new time. On both backends (the race is in `race.rs`).

use planner::domain::room::Room;
use planner::domain::{self, Interval};
use planner::store::StaffMove;

use crate::support::both_backends;
use crate::support::store::{
    conflict, cpr, free_starts, local, now, originator, request, seed, window, Seed, TestDb,
};

both_backends!(closed_and_small_rooms_offer_nothing, group_sessions_and_staff_moves_hold_rooms);

fn room(db: &TestDb, seed: &Seed, name: &str, capacity: u32) -> Room {
    let room = Room {
        id: uuid::Uuid::new_v4().to_string(),
        jobcenter: seed.jobcenter.clone(),
        name: name.into(),
        address: "Kultorvet 2, 1175 København K".into(),
        capacity,
        active: true,
    };
    db.rooms().create(&room, now()).unwrap();
    room
}

fn tuesday() -> Interval {
    window(local(2, 0, 0), local(3, 0, 0))
}

fn closed_and_small_rooms_offer_nothing(db: &TestDb) {
    let seed = seed(db, 1);
    let one = room(db, &seed, "Lokale 1", 1);
    db.rooms().set_offer_rooms(&seed.offer.id, std::slice::from_ref(&one.id)).unwrap();
    assert_eq!(free_starts(db, &seed.offer, tuesday(), now()).len(), 8);
    db.rooms().close(&one.id, window(local(2, 8, 0), local(2, 12, 0)), Some("maling")).unwrap();
    let free = free_starts(db, &seed.offer, tuesday(), now());
    assert_eq!(free.first(), Some(&local(2, 12, 0)), "closed in the morning: {free:?}");
    let refused = db.reserve(&request(&cpr(1), &seed.offer, &seed.counselors[0], local(2, 9, 0)), now());
    assert_eq!(conflict(refused), domain::Error::SlotTaken);

    // The group offer has 3 seats: a room of 2 does not fit it.
    let small = room(db, &seed, "Lokale 2", 2);
    db.rooms().set_offer_rooms(&seed.group.id, std::slice::from_ref(&small.id)).unwrap();
    assert!(free_starts(db, &seed.group, tuesday(), now()).is_empty());
    assert!(matches!(
        db.rooms().set_offer_rooms(&seed.group.id, &["00000000-0000-4000-8000-000000000000".to_owned()]),
        Err(planner::store::Error::NotFound(planner::store::Entity::Room))
    ));
}

fn group_sessions_and_staff_moves_hold_rooms(db: &TestDb) {
    let seed = seed(db, 1);
    let big = room(db, &seed, "Salen", 3);
    db.rooms().set_offer_rooms(&seed.group.id, std::slice::from_ref(&big.id)).unwrap();
    let start = local(2, 10, 0);
    for n in 0..3 {
        let held = db.reserve(&request(&cpr(n), &seed.group, &seed.group_counselor, start), now()).unwrap();
        db.confirm(&cpr(n), &held.id, originator(), now()).unwrap();
    }
    let holds = db.rooms().holds(&big.id, tuesday()).unwrap();
    assert_eq!(holds.len(), 1, "one session, one hold for its three seats");

    let one = room(db, &seed, "Lokale 1", 1);
    db.rooms().set_offer_rooms(&seed.offer.id, std::slice::from_ref(&one.id)).unwrap();
    let held =
        db.reserve(&request(&cpr(5), &seed.offer, &seed.counselors[0], local(2, 9, 0)), now()).unwrap();
    let booking = db.confirm(&cpr(5), &held.id, originator(), now()).unwrap();
    let moved =
        db.reschedule_by_staff(&booking.id, &StaffMove { start: local(2, 13, 0), counselor: None }, now());
    assert!(moved.is_ok(), "{moved:?}");
    let holds = db.rooms().holds(&one.id, tuesday()).unwrap();
    assert_eq!(holds.len(), 1, "the hold moved with the booking");
    assert_eq!(holds[0].start(), local(2, 13, 0));
    db.rooms().close(&one.id, window(local(3, 0, 0), local(4, 0, 0)), None).unwrap();
    let onto_closed =
        db.reschedule_by_staff(&booking.id, &StaffMove { start: local(3, 9, 0), counselor: None }, now());
    assert_eq!(conflict(onto_closed), domain::Error::SlotTaken, "no room on Wednesday");
    assert_eq!(db.rooms().holds(&one.id, tuesday()).unwrap().len(), 1, "a refused move keeps the room");
}
