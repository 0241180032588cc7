//! Status changes from the Xpert Suite (`Store::apply_xpert_change`): one delivery from many
//! threads and two instances is applied once and every copy gets the same answer.

use planner::domain::Action;

use crate::support::both_backends;
use crate::support::store::{book, cpr, day, free_starts, now, seed, topics, TestDb};

both_backends!(one_delivery_from_many_threads_is_applied_once);

fn one_delivery_from_many_threads_is_applied_once(db: &TestDb) {
    let seeded = seed(db, 1);
    let start = free_starts(db, &seeded.offer, day(3), now())[0];
    let booking = book(db, &seeded, &cpr(1), start, now());
    let second = db.second_instance();
    let answers: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|i| {
                let store = if i % 2 == 0 { &db.store } else { &second };
                let id = &booking.id;
                scope.spawn(move || {
                    store.apply_xpert_change("delivery-1", id, Action::Complete, None, now()).unwrap()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(answers.iter().all(|a| a == &answers[0]), "{answers:?}");
    assert_eq!(answers[0].status, 200, "{answers:?}");
    let completed = topics(db).into_iter().filter(|(topic, _)| topic == "BookingCompleted").count();
    assert_eq!(completed, 1);
    // Another delivery of the same change is refused by the rules, and changes nothing.
    let again = db.apply_xpert_change("delivery-2", &booking.id, Action::Complete, None, now()).unwrap();
    assert_eq!(again.status, 409, "{again:?}");
    let moved = db.apply_xpert_change("delivery-3", &booking.id, Action::Reschedule, None, now()).unwrap();
    assert_eq!(moved.status, 409, "{moved:?}");
    assert_eq!(topics(db).into_iter().filter(|(topic, _)| topic == "BookingCompleted").count(), 1);
}
