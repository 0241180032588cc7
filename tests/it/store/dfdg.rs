//! DFDG queue messages applied to the store: once per MessageIdentifier, in one transaction with
//! the change; updates move and deletes free a KSS booking; refused messages are logged, not lost.

use planner::domain::{BookingStatus, Channel};
use planner::store::{ApplyOutcome, DfdgChange, DfdgMessage, DfdgRegistration};

use crate::support::both_backends;
use crate::support::store::{cpr, free_starts, local, now, registration, seed, window, TestDb};

both_backends!(
    a_duplicate_message_changes_nothing,
    update_and_delete_move_and_remove_a_kss_booking,
    a_refused_message_is_recorded_and_changes_nothing,
    registration_of_a_booking_is_remembered,
);

fn message(change: DfdgChange) -> DfdgMessage {
    DfdgMessage { id: uuid::Uuid::new_v4().to_string(), service: "IndkaldelseMessageService".into(), change }
}

fn a_duplicate_message_changes_nothing(db: &TestDb) {
    let seed = seed(db, 1);
    let request = registration(&seed, &cpr(1), local(4, 10, 0));
    let create = message(DfdgChange::Create(request.clone()));
    assert_eq!(db.apply_dfdg_message(&create, now()).unwrap(), ApplyOutcome::Applied(request.id.clone()));
    let events = db.pending_events(1000).unwrap().len();
    assert_eq!(db.apply_dfdg_message(&create, now()).unwrap(), ApplyOutcome::AlreadySeen);
    // The same booking under a new message id (DFDG sent it twice) is not a second booking.
    let again = message(DfdgChange::Create(request.clone()));
    assert_eq!(db.apply_dfdg_message(&again, now()).unwrap(), ApplyOutcome::Applied(request.id.clone()));
    assert_eq!(db.pending_events(1000).unwrap().len(), events, "no new outbox event");
    let bookings = db.bookings_of(&cpr(1), None, None).unwrap();
    assert_eq!(bookings.len(), 1);
    assert_eq!(bookings[0].channel, Channel::CaseworkerSystem);
    assert!(!bookings[0].changes.rebook_possible, "not rebookable unless the message says so");
    assert_eq!(db.dfdg_messages(10).unwrap().len(), 2);
}

fn update_and_delete_move_and_remove_a_kss_booking(db: &TestDb) {
    let seed = seed(db, 1);
    let day = window(local(4, 0, 0), local(5, 0, 0));
    let request = registration(&seed, &cpr(1), local(4, 10, 0));
    db.apply_dfdg_message(&message(DfdgChange::Create(request.clone())), now()).unwrap();
    assert!(!free_starts(db, &seed.offer, day, now()).contains(&local(4, 10, 0)));

    let mut moved = request.clone();
    moved.interval = window(local(4, 13, 0), local(4, 13, 45));
    let outcome = db.apply_dfdg_message(&message(DfdgChange::Update(moved)), now()).unwrap();
    assert_eq!(outcome, ApplyOutcome::Applied(request.id.clone()));
    let booking = db.booking(&request.id, None).unwrap();
    assert_eq!(booking.interval.start(), local(4, 13, 0));
    assert_eq!(booking.version, 2);
    let free = free_starts(db, &seed.offer, day, now());
    assert!(free.contains(&local(4, 10, 0)), "the old time is free again");
    assert!(!free.contains(&local(4, 13, 0)), "the new time is taken");

    let outcome = db.apply_dfdg_message(&message(DfdgChange::Delete(request.id.clone())), now()).unwrap();
    assert_eq!(outcome, ApplyOutcome::Applied(request.id.clone()));
    assert_eq!(db.booking(&request.id, None).unwrap().status, BookingStatus::Cancelled);
    assert!(free_starts(db, &seed.offer, day, now()).contains(&local(4, 13, 0)));
    assert!(db.dfdg_registration(&request.id).unwrap().unwrap().deleted);
}

fn a_refused_message_is_recorded_and_changes_nothing(db: &TestDb) {
    let seed = seed(db, 1);
    let first = registration(&seed, &cpr(1), local(4, 10, 0));
    db.apply_dfdg_message(&message(DfdgChange::Create(first)), now()).unwrap();
    let clash = registration(&seed, &cpr(2), local(4, 10, 15));
    let outcome = db.apply_dfdg_message(&message(DfdgChange::Create(clash.clone())), now()).unwrap();
    assert!(matches!(outcome, ApplyOutcome::Rejected(_)), "{outcome:?}");
    assert!(db.bookings_of(&cpr(2), None, None).unwrap().is_empty());
    let unreadable = message(DfdgChange::Unreadable("StartTime is missing".into()));
    assert!(matches!(db.apply_dfdg_message(&unreadable, now()).unwrap(), ApplyOutcome::Rejected(_)));
    assert_eq!(db.apply_dfdg_message(&unreadable, now()).unwrap(), ApplyOutcome::AlreadySeen);
    let log = db.dfdg_messages(10).unwrap();
    assert_eq!(log.iter().filter(|m| m.outcome == "rejected").count(), 2);
}

fn registration_of_a_booking_is_remembered(db: &TestDb) {
    let seed = seed(db, 1);
    let request = registration(&seed, &cpr(1), local(4, 10, 0));
    let booking = db.register_booking(&request, now()).unwrap();
    assert_eq!(db.dfdg_registration(&booking.id).unwrap(), None);
    let registered =
        DfdgRegistration { dfdg_id: "abc".into(), source: "registration".into(), version: 1, deleted: false };
    db.record_dfdg_registration(&booking.id, &registered, now()).unwrap();
    db.record_dfdg_registration(&booking.id, &DfdgRegistration { version: 2, ..registered.clone() }, now())
        .unwrap();
    assert_eq!(db.dfdg_registration(&booking.id).unwrap().unwrap().version, 2);
}
