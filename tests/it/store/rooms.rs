//! Meeting rooms (issue 16): a closed room offers nothing, a room too small for a group offers
//! nothing, a group session holds one room for all its seats, and a staff move takes a room at
//! the new time, and a bulk summons whose rooms another writer took meanwhile takes the next
//! one. On both backends (the race is in `race.rs`).

use std::cell::Cell;

use planner::domain::room::Room;
use planner::domain::summons::Strategy;
use planner::domain::{self, Interval};
use planner::store::{ItemStatus, StaffMove, SummonsCitizen};

use crate::support::both_backends;
use crate::support::store::{
    conflict, cpr, free_starts, local, now, originator, request, seed, window, Seed, TestDb,
};

both_backends!(
    closed_and_small_rooms_offer_nothing,
    group_sessions_and_staff_moves_hold_rooms,
    a_bulk_summons_takes_the_next_room_when_its_first_was_taken_meanwhile
);

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

/// A bulk summons reads the rooms' holds once per run and writes each booking's row with the
/// room it picks. Between its first and second chunk a self-booking takes "Lokale 1" at the
/// next free time: the run still thinks it free, the database refuses it, and the booking at
/// that time takes "Lokale 2" instead. Nothing is double-held and every citizen is placed.
fn a_bulk_summons_takes_the_next_room_when_its_first_was_taken_meanwhile(db: &TestDb) {
    let seed = seed(db, 2);
    let rooms = [room(db, &seed, "Lokale 1", 1), room(db, &seed, "Lokale 2", 1)];
    let ids: Vec<String> = rooms.iter().map(|r| r.id.clone()).collect();
    db.rooms().set_offer_rooms(&seed.offer.id, &ids).unwrap();
    let march = window(local(2, 0, 0), local(27, 0, 0));
    let batch = super::summons::batch(&seed.offer, "rooms-meanwhile", march, Strategy::EarliestFirst);
    let list: Vec<_> = (0..220)
        .map(|i| SummonsCitizen { line: i + 2, cpr: cpr(1000 + i as usize), contact: Default::default() })
        .collect();
    let taken = Cell::new(None);
    let report = db
        .run_summons_batch(&batch, &list, now(), |done, total| {
            if done < total && taken.get().is_none() {
                let start = free_starts(db, &seed.offer, march, now())[0];
                let held =
                    db.reserve(&request(&cpr(1), &seed.offer, &seed.counselors[1], start), now()).unwrap();
                let booking = db.confirm(&cpr(1), &held.id, originator(), now()).unwrap();
                assert_eq!(db.rooms().of_booking(&booking.id).unwrap().as_deref(), Some(ids[0].as_str()));
                taken.set(Some(start));
            }
        })
        .unwrap();
    let start = taken.get().expect("the batch ran in more than one chunk");
    assert!(report.items.iter().all(|item| item.status == ItemStatus::Placed), "every citizen placed");
    let at_start: Vec<_> = report.items.iter().filter(|item| item.start == Some(start)).collect();
    assert_eq!(at_start.len(), 1, "the other counselor's time at {start}");
    let booking = at_start[0].booking.clone().expect("a placed item names its booking");
    assert_eq!(db.rooms().of_booking(&booking).unwrap().as_deref(), Some(ids[1].as_str()), "the next room");
    let mut held = 0;
    for room in &ids {
        let holds = db.rooms().holds(room, march).unwrap();
        assert!(holds.windows(2).all(|pair| !pair[0].overlaps(&pair[1])), "a room held twice at once");
        held += holds.len();
    }
    assert_eq!(held, 221, "220 summoned and one self-booked, each holding a room");
}
