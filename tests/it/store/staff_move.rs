//! Staff reschedule (`Store::reschedule_by_staff`): a planned, unbilled booking moves inside the
//! counselor's working hours to a free time; everything else is refused and changes nothing.

use std::sync::Barrier;

use chrono::Duration;
use planner::domain::{self, Action, BookingStatus};
use planner::store::{Error, StaffMove, Store};

use crate::support::both_backends;
use crate::support::store::{
    self as support, book, conflict, cpr, day, free, free_starts, local, now, originator, seed, topics,
    TestDb,
};

both_backends!(
    staff_move_keeps_the_id_and_frees_the_old_time,
    staff_move_is_refused_when_completed_billed_or_cancelled,
    staff_move_is_refused_on_a_taken_time_or_in_the_past,
    staff_move_is_refused_outside_working_hours,
    concurrent_staff_moves_to_one_time_have_one_winner,
    a_group_booking_moves_its_seat,
    one_xs_move_from_many_threads_is_applied_once,
);

fn to(start: chrono::DateTime<chrono::Utc>) -> StaffMove {
    StaffMove { start, counselor: None }
}

fn staff_move_keeps_the_id_and_frees_the_old_time(db: &TestDb) {
    let seed = seed(db, 2);
    let booking = book(db, &seed, &cpr(1), local(3, 10, 0), now());
    // Staff are bound by neither the 24 h notice nor the grid.
    let soon = local(1, 13, 7);
    let moved = db.reschedule_by_staff(&booking.id, &to(soon), now()).unwrap();
    assert_eq!(moved.id, booking.id);
    assert_eq!(moved.interval.start(), soon);
    assert_eq!(moved.interval.end(), soon + Duration::minutes(45));
    assert_eq!(moved.status, BookingStatus::Booked);
    assert_eq!(moved.version, booking.version + 1);
    assert_eq!(moved.changes.rebook_deadline, Some(soon - Duration::hours(24)));
    assert_eq!(db.booking(&booking.id, None).unwrap(), moved);
    assert!(free_starts(db, &seed.offer, day(3), now()).contains(&local(3, 10, 0)), "old time freed");
    let topics_now: Vec<String> = topics(db).into_iter().map(|(topic, _)| topic).collect();
    assert_eq!(topics_now, ["BookingCreated", "BookingRescheduled"]);

    // To another counselor of the offer, at a time the first one is busy.
    let other = StaffMove { start: local(1, 13, 7), counselor: Some(seed.counselors[1].id.clone()) };
    let moved = db.reschedule_by_staff(&booking.id, &other, now()).unwrap();
    assert_eq!(moved.counselor, seed.counselors[1].id);
    assert_eq!(db.counselor_bookings(&seed.counselors[1].id, day(1)).unwrap(), vec![moved.clone()]);
    assert!(db.counselor_bookings(&seed.counselors[0].id, day(1)).unwrap().is_empty());
    // A counselor who does not serve the offer is not found.
    let outsider = StaffMove { start: local(4, 10, 0), counselor: Some(seed.group_counselor.id.clone()) };
    assert!(matches!(
        db.reschedule_by_staff(&booking.id, &outsider, now()),
        Err(Error::NotFound(planner::store::Entity::Counselor))
    ));
}

fn staff_move_is_refused_when_completed_billed_or_cancelled(db: &TestDb) {
    let seed = seed(db, 1);
    let completed = book(db, &seed, &cpr(1), local(2, 10, 0), now());
    let billed = book(db, &seed, &cpr(2), local(2, 12, 0), now());
    let cancelled = book(db, &seed, &cpr(3), local(2, 14, 0), now());
    db.staff_action(&completed.id, Action::Complete, None, local(2, 11, 0)).unwrap();
    let billed = db.mark_billed(&billed.id, now()).unwrap();
    db.staff_action(&cancelled.id, Action::Cancel, None, now()).unwrap();
    let before = topics(db);
    let target = to(local(4, 10, 0));
    let refused = conflict(db.reschedule_by_staff(&completed.id, &target, now()));
    assert!(matches!(refused, domain::Error::InvalidTransition { from: "Completed", .. }), "{refused:?}");
    assert_eq!(conflict(db.reschedule_by_staff(&billed.id, &target, now())), domain::Error::BilledOnlyLapse);
    let refused = conflict(db.reschedule_by_staff(&cancelled.id, &target, now()));
    assert!(matches!(refused, domain::Error::InvalidTransition { from: "Cancelled", .. }), "{refused:?}");
    assert_eq!(topics(db), before, "nothing was written");
    assert_eq!(db.booking(&billed.id, None).unwrap(), billed);
    assert!(free_starts(db, &seed.offer, day(4), now()).contains(&local(4, 10, 0)));
}

fn staff_move_is_refused_on_a_taken_time_or_in_the_past(db: &TestDb) {
    let seed = seed(db, 1);
    let first = book(db, &seed, &cpr(1), local(3, 10, 0), now());
    let second = book(db, &seed, &cpr(2), local(3, 13, 0), now());
    let before = topics(db);
    // 10:30 overlaps the first meeting (10:00-10:45 plus 15 min buffer).
    assert_eq!(
        conflict(db.reschedule_by_staff(&second.id, &to(local(3, 10, 30)), now())),
        domain::Error::SlotTaken
    );
    // Its buffer would run into the first meeting.
    assert_eq!(
        conflict(db.reschedule_by_staff(&second.id, &to(local(3, 9, 15)), now())),
        domain::Error::SlotTaken
    );
    assert_eq!(
        conflict(db.reschedule_by_staff(&second.id, &to(now() - Duration::minutes(1)), now())),
        domain::Error::StartTooSoon
    );
    assert_eq!(topics(db), before, "nothing was written");
    assert_eq!(db.booking(&second.id, None).unwrap(), second);
    // Moving a booking onto part of its own time is fine.
    let later = db.reschedule_by_staff(&first.id, &to(local(3, 10, 30)), now()).unwrap();
    assert_eq!(later.interval.start(), local(3, 10, 30));
}

fn staff_move_is_refused_outside_working_hours(db: &TestDb) {
    let seed = seed(db, 1);
    let booking = book(db, &seed, &cpr(1), local(3, 10, 0), now());
    // Hours are 08:00-16:00 Monday-Friday; 6 March 2027 is a Saturday.
    for start in [local(3, 15, 30), local(3, 7, 30), local(6, 10, 0)] {
        assert_eq!(
            conflict(db.reschedule_by_staff(&booking.id, &to(start), now())),
            domain::Error::OutsideWorkingHours,
            "{start}"
        );
    }
    assert_eq!(db.booking(&booking.id, None).unwrap(), booking);
    let last = db.reschedule_by_staff(&booking.id, &to(local(3, 15, 15)), now()).unwrap();
    assert_eq!(last.interval.end(), local(3, 16, 0));
}

fn concurrent_staff_moves_to_one_time_have_one_winner(db: &TestDb) {
    let seed = seed(db, 1);
    let bookings: Vec<_> = (0..6)
        .map(|i| book(db, &seed, &cpr(i + 1), local(3, 8, 0) + Duration::hours(i as i64), now()))
        .collect();
    let second = db.second_instance();
    let target = to(local(4, 10, 0));
    let barrier = Barrier::new(bookings.len());
    let results: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = bookings
            .iter()
            .enumerate()
            .map(|(i, booking)| {
                let store: &Store = if i % 2 == 0 { &db.store } else { &second };
                let (barrier, target) = (&barrier, &target);
                scope.spawn(move || {
                    barrier.wait();
                    store.reschedule_by_staff(&booking.id, target, now())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("thread panicked")).collect()
    });
    let winners = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(winners, 1, "{results:?}");
    for result in results.into_iter().filter(Result::is_err) {
        assert_eq!(conflict(result), domain::Error::SlotTaken);
    }
    let on_thursday = db.counselor_bookings(&seed.counselors[0].id, day(4)).unwrap();
    assert_eq!(on_thursday.len(), 1);
    let moved = topics(db).into_iter().filter(|(topic, _)| topic == "BookingRescheduled").count();
    assert_eq!(moved, 1);
}

fn a_group_booking_moves_its_seat(db: &TestDb) {
    let seed = seed(db, 1);
    let seats_left = |start| {
        free(db, &seed.group, day(3), now())
            .into_iter()
            .find(|t| t.interval.start() == start)
            .and_then(|t| t.seats_left)
    };
    let (a, b) = (local(3, 10, 0), local(3, 13, 0));
    let request = |n| support::request(&cpr(n), &seed.group, &seed.group_counselor, a);
    let mut seated = Vec::new();
    for n in 1..=2 {
        let held = db.reserve(&request(n), now()).unwrap();
        seated.push(db.confirm(&cpr(n), &held.id, originator(), now()).unwrap());
    }
    assert_eq!(seats_left(a), Some(1));
    let moved = db.reschedule_by_staff(&seated[0].id, &to(b), now()).unwrap();
    assert_eq!(moved.interval.start(), b);
    assert_eq!(seats_left(a), Some(2), "the old session gave a seat back");
    assert_eq!(seats_left(b), Some(2), "the new session has one seat taken");
    assert_ne!(moved.group_meeting, seated[1].group_meeting);
}

fn one_xs_move_from_many_threads_is_applied_once(db: &TestDb) {
    let seed = seed(db, 1);
    let booking = book(db, &seed, &cpr(1), local(3, 10, 0), now());
    let other = book(db, &seed, &cpr(2), local(3, 13, 0), now());
    let second = db.second_instance();
    let answers: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|i| {
                let store: &Store = if i % 2 == 0 { &db.store } else { &second };
                let id = &booking.id;
                scope.spawn(move || store.apply_xpert_move("move-1", id, local(4, 9, 0), now()).unwrap())
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(answers.iter().all(|a| a == &answers[0]), "{answers:?}");
    assert_eq!(answers[0].status, 200, "{answers:?}");
    let moved = topics(db).into_iter().filter(|(topic, _)| topic == "BookingRescheduled").count();
    assert_eq!(moved, 1);
    // Onto the other booking's time: refused with the reason (even though the occupancy
    // constraint refused it inside the transaction), remembered, and nothing moved.
    let refused = db.apply_xpert_move("move-2", &booking.id, local(3, 13, 0), now()).unwrap();
    assert_eq!((refused.status, refused.body.as_str()), (409, "the time is no longer available"));
    assert_eq!(db.apply_xpert_move("move-2", &booking.id, local(4, 12, 0), now()).unwrap(), refused);
    assert_eq!(db.booking(&booking.id, None).unwrap().interval.start(), local(4, 9, 0));
    assert_eq!(db.booking(&other.id, None).unwrap(), other);
}
