//! Races: many citizens at once on few times. The database, not only the code, must keep one
//! counselor's time from being booked twice, also with two instances (two pools) on one
//! PostgreSQL (contract §4). Only outcomes are asserted, never timings.

use std::collections::BTreeMap;
use std::sync::Barrier;

use chrono::{DateTime, Duration, Utc};
use planner::domain::summons::Strategy;
use planner::domain::{self, Booking, ChangeRules, Counselor, Offer, SlotRules};
use planner::store::{Error, ItemStatus, Store, SummonsBatch, SummonsCitizen};

use crate::support::both_backends;
use crate::support::store::{
    conflict, cpr, free_starts, local, now, originator, request, seed, window, TestDb,
};

both_backends!(
    two_hundred_citizens_on_twenty_times,
    two_instances_on_one_database,
    group_seats_under_contention,
    group_seats_all_granted_when_enough,
    one_citizen_many_requests_at_once,
    confirm_of_one_reservation_at_once,
    bulk_summons_and_self_bookings_of_one_counselor_at_once,
    two_hundred_citizens_on_twenty_times_of_one_room,
);

/// Threads per race and distinct times they fight over.
const N_THREADS: usize = 200;
const N_TIMES: usize = 20;

/// Two instances (two pools) on one database, the threads split between them. This is the
/// PostgreSQL deployment of contract §4; on SQLite it stands for a second process on the file.
fn two_instances_on_one_database(db: &TestDb) {
    let second = db.second_instance();
    let seed = seed(db, 1);
    let times = twenty_times(db, &seed.offer);
    let stores = [db.store.clone(), second];
    let outcomes = race(&stores, &seed.offer, &seed.counselors[0], &times, N_THREADS, 0);
    check_individual(db, &seed.counselors[0], &seed.offer, &times, &outcomes);
}

fn two_hundred_citizens_on_twenty_times(db: &TestDb) {
    let seed = seed(db, 1);
    let times = twenty_times(db, &seed.offer);
    let outcomes =
        race(std::slice::from_ref(&db.store), &seed.offer, &seed.counselors[0], &times, N_THREADS, 0);
    check_individual(db, &seed.counselors[0], &seed.offer, &times, &outcomes);
}

fn group_seats_under_contention(db: &TestDb) {
    let seed = seed(db, 1);
    // Two meetings of 3 seats, 15 citizens on each: every seat taken exactly once.
    let times = [local(2, 10, 0), local(2, 13, 0)];
    let outcomes = race(std::slice::from_ref(&db.store), &seed.group, &seed.group_counselor, &times, 30, 0);
    let (winners, unexpected) = split(&outcomes);
    assert!(unexpected.is_empty(), "losers must get SlotTaken only: {}", summary(&unexpected));
    for (idx, start) in times.iter().enumerate() {
        let n = winners.iter().filter(|(t, _)| *t == idx).count();
        assert_eq!(n, 3, "seats booked at {start}: {n}, want 3");
    }
    let booked =
        db.counselor_bookings(&seed.group_counselor.id, window(local(2, 0, 0), local(3, 0, 0))).unwrap();
    assert_eq!(booked.len(), 6);
}

fn group_seats_all_granted_when_enough(db: &TestDb) {
    let seed = seed(db, 1);
    // Each round: five meetings of 3 seats and exactly 3 citizens on each, all at once. Nobody
    // may be refused, also not the citizens who race to open a meeting's session. Four rounds
    // (Tuesday to Friday) make a lost race likely to show.
    for (round, day) in (2..=5).enumerate() {
        let times: Vec<_> = (0..5).map(|h| local(day, 9 + h, 0)).collect();
        let outcomes =
            race(std::slice::from_ref(&db.store), &seed.group, &seed.group_counselor, &times, 15, round * 15);
        let refused: Vec<&Outcome> = outcomes.iter().filter(|o| o.result.is_err()).collect();
        assert!(refused.is_empty(), "free seats were refused on day {day}: {}", summary(&refused));
    }
    let week = window(local(1, 0, 0), local(8, 0, 0));
    assert_eq!(db.counselor_bookings(&seed.group_counselor.id, week).unwrap().len(), 60);
}

fn one_citizen_many_requests_at_once(db: &TestDb) {
    let seed = seed(db, 1);
    // A double-clicking citizen: ten reserve+confirm of ten times of one offer at once. Contract
    // §4: at most one future booking per offer, and each new reservation releases the last.
    let times = twenty_times(db, &seed.offer);
    let barrier = Barrier::new(10);
    let results: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..10)
            .map(|i| {
                let (barrier, store, seed, time) = (&barrier, &db.store, &seed, times[i]);
                scope.spawn(move || {
                    barrier.wait();
                    let held = crate::support::store::reserve(store, seed, &cpr(1), time, now())?;
                    store.confirm(&cpr(1), &held.id, originator(), now())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("thread panicked")).collect()
    });
    let expected = [domain::Error::ReservationExpired, domain::Error::AlreadyBooked];
    for result in &results {
        match result {
            Ok(_) => {}
            Err(Error::Conflict(rule)) if expected.contains(rule) => {}
            Err(other) => panic!("unexpected refusal {other:?}"),
        }
    }
    let bookings = db.bookings_of(&cpr(1), None, None).unwrap();
    assert_eq!(bookings.len(), 1, "one future booking per offer, got {}", bookings.len());
    let free = free_starts(db, &seed.offer, window(local(2, 0, 0), local(6, 0, 0)), now());
    let held: Vec<_> = times.iter().filter(|t| !free.contains(t)).collect();
    assert_eq!(held, vec![&bookings[0].interval.start()], "released reservations free their time");
}

fn confirm_of_one_reservation_at_once(db: &TestDb) {
    let seed = seed(db, 1);
    let held = crate::support::store::reserve(db, &seed, &cpr(1), local(2, 10, 0), now()).unwrap();
    let barrier = Barrier::new(10);
    let results: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..10)
            .map(|_| {
                let (barrier, store, held) = (&barrier, &db.store, &held);
                scope.spawn(move || {
                    barrier.wait();
                    store.confirm(&cpr(1), &held.id, originator(), now())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("thread panicked")).collect()
    });
    let first = results[0].as_ref().expect("confirm").clone();
    for result in &results {
        assert_eq!(result.as_ref().ok(), Some(&first), "every retry returns the same booking: {result:?}");
    }
    assert_eq!(db.bookings_of(&cpr(1), None, None).unwrap().len(), 1);
    assert_eq!(db.pending_events(100).unwrap().len(), 1, "one BookingCreated");
}

/// 200 citizens reserve at once, through two instances (two pools), 20 times that ten
/// counselors share one room for: the room is what they fight over. 20 bookings, one per time,
/// the room never held twice, every loser refused with SlotTaken.
fn two_hundred_citizens_on_twenty_times_of_one_room(db: &TestDb) {
    let seed = seed(db, 10);
    let room = planner::domain::room::Room {
        id: uuid::Uuid::new_v4().to_string(),
        jobcenter: seed.jobcenter.clone(),
        name: "Mødelokale 1".into(),
        address: "Kultorvet 2, 1175 København K".into(),
        capacity: 1,
        active: true,
    };
    db.rooms().create(&room, now()).unwrap();
    db.rooms().set_offer_rooms(&seed.offer.id, std::slice::from_ref(&room.id)).unwrap();
    let first = &seed.counselors[0];
    let times: Vec<DateTime<Utc>> =
        crate::support::store::free(db, &seed.offer, window(local(2, 0, 0), local(6, 0, 0)), now())
            .into_iter()
            .filter(|t| t.counselor == first.id)
            .map(|t| t.interval.start())
            .take(N_TIMES)
            .collect();
    assert_eq!(times.len(), N_TIMES);
    let stores = [db.store.clone(), db.second_instance()];
    let barrier = Barrier::new(N_THREADS);
    let outcomes: Vec<Outcome> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..N_THREADS)
            .map(|i| {
                let (barrier, store) = (&barrier, &stores[i % 2]);
                let time = i % N_TIMES;
                let counselor = &seed.counselors[(i / N_TIMES) % seed.counselors.len()];
                let request = request(&cpr(i), &seed.offer, counselor, times[time]);
                scope.spawn(move || {
                    barrier.wait();
                    let result =
                        store.reserve(&request, now()).map_err(|e| ("reserve", e)).and_then(|held| {
                            store
                                .confirm(&request.cpr, &held.id, originator(), now())
                                .map_err(|e| ("confirm", e))
                        });
                    Outcome { time, result }
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("race thread panicked")).collect()
    });
    let (winners, unexpected) = split(&outcomes);
    assert!(unexpected.is_empty(), "losers must get SlotTaken only: {}", summary(&unexpected));
    for idx in 0..N_TIMES {
        assert_eq!(winners.iter().filter(|(t, _)| *t == idx).count(), 1, "winners at time {idx}");
    }
    let holds = db.rooms().holds(&room.id, window(local(1, 0, 0), local(8, 0, 0))).unwrap();
    assert_eq!(holds.len(), N_TIMES, "one hold per booking");
    for pair in holds.windows(2) {
        assert!(!pair[0].overlaps(&pair[1]), "the room held twice: {:?} {:?}", pair[0], pair[1]);
    }
    for (_, booking) in &winners {
        assert_eq!(db.rooms().of_booking(&booking.id).unwrap().as_deref(), Some(room.id.as_str()));
    }
    // The times are no longer offered with any counselor: the room is taken.
    let left = crate::support::store::free(db, &seed.offer, window(local(2, 0, 0), local(6, 0, 0)), now());
    assert!(
        left.iter().all(|t| !times.contains(&t.interval.start())),
        "a time without a room is not offered"
    );
}

/// A bulk summons and ten self-bookings (every third time of a short offer) fill one counselor's
/// days at the same moment, on a grid that straddles the summons' grid (40+5 minutes against 45+15), so that one transaction
/// holding many new rows and short ones inserting between them meet in both orders. Every
/// self-booking is booked or refused with SlotTaken (on PostgreSQL two such writers once
/// deadlocked and the loser got a technical error), the batch completes, nothing overlaps.
fn bulk_summons_and_self_bookings_of_one_counselor_at_once(db: &TestDb) {
    let seed = seed(db, 1);
    let counselor = &seed.counselors[0];
    let short = Offer {
        id: domain::OfferId::parse(&uuid::Uuid::new_v4().to_string()).unwrap(),
        name: "Kort samtale".into(),
        slots: SlotRules::new(
            Duration::minutes(40),
            Duration::minutes(5),
            Duration::hours(24),
            Duration::weeks(8),
            None,
            None,
        )
        .unwrap(),
        ..seed.offer.clone()
    };
    db.create_offer(&short, now()).unwrap();
    let days = window(local(2, 0, 0), local(5, 0, 0));
    let short_times: Vec<_> = free_starts(db, &short, days, now()).into_iter().step_by(3).collect();
    let batch = SummonsBatch {
        key: "race-batch".into(),
        offer: seed.offer.id.clone(),
        pool: Vec::new(),
        window: days,
        strategy: Strategy::EarliestFirst,
        dry_run: false,
        changes: ChangeRules::default(),
        originator: originator(),
        summoner: None,
    };
    let list: Vec<_> = (0..60)
        .map(|i| SummonsCitizen { line: i + 2, cpr: cpr(1000 + i as usize), contact: Default::default() })
        .collect();
    let barrier = Barrier::new(short_times.len() + 1);
    let (report, outcomes) = std::thread::scope(|scope| {
        let bulk = scope.spawn(|| {
            barrier.wait();
            db.run_summons_batch(&batch, &list, now(), |_, _| {})
        });
        let handles: Vec<_> = short_times
            .iter()
            .enumerate()
            .map(|(i, start)| {
                let (barrier, short) = (&barrier, &short);
                let request = request(&cpr(2000 + i), short, counselor, *start);
                scope.spawn(move || {
                    barrier.wait();
                    let result = db.reserve(&request, now()).map_err(|e| ("reserve", e)).and_then(|held| {
                        db.confirm(&request.cpr, &held.id, originator(), now()).map_err(|e| ("confirm", e))
                    });
                    Outcome { time: i, result }
                })
            })
            .collect();
        let outcomes: Vec<_> = handles.into_iter().map(|h| h.join().expect("thread panicked")).collect();
        (bulk.join().expect("batch thread panicked"), outcomes)
    });
    let report = report.expect("the batch completes");
    let (winners, unexpected) = split(&outcomes);
    assert!(unexpected.is_empty(), "self-bookings must be booked or get SlotTaken: {}", summary(&unexpected));
    let placed = report.items.iter().filter(|item| item.status == ItemStatus::Placed).count();
    // Which side gets which time depends on who is scheduled first; only the outcome is checked.
    let booked = db.counselor_bookings(&counselor.id, window(local(1, 0, 0), local(8, 0, 0))).unwrap();
    assert_eq!(booked.len(), placed + winners.len(), "bookings in the database");
    for pair in booked.windows(2) {
        assert!(
            !pair[0].interval.overlaps(&pair[1].interval),
            "overlap: {:?} {:?}",
            pair[0].interval,
            pair[1].interval
        );
    }
}

/// The first 20 free times of the offer (Tuesday 08:00 to Thursday 11:00 for one counselor).
fn twenty_times(store: &Store, offer: &Offer) -> Vec<DateTime<Utc>> {
    let mut times = free_starts(store, offer, window(local(2, 0, 0), local(6, 0, 0)), now());
    assert!(times.len() >= N_TIMES, "the seed must give at least {N_TIMES} free times, got {}", times.len());
    times.truncate(N_TIMES);
    times
}

/// What one thread got: the index of its time, and a booking or the error of the failing step.
struct Outcome {
    time: usize,
    result: Result<Booking, (&'static str, Error)>,
}

/// Starts `n_threads` threads together; thread `i` reserves and confirms `times[i % len]` for
/// citizen `first_citizen + i`, through `stores[i % stores.len()]`.
fn race(
    stores: &[Store],
    offer: &Offer,
    counselor: &Counselor,
    times: &[DateTime<Utc>],
    n_threads: usize,
    first_citizen: usize,
) -> Vec<Outcome> {
    let barrier = Barrier::new(n_threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..n_threads)
            .map(|i| {
                let barrier = &barrier;
                let store = &stores[i % stores.len()];
                let time = i % times.len();
                let request = request(&cpr(first_citizen + i), offer, counselor, times[time]);
                scope.spawn(move || {
                    barrier.wait();
                    let result =
                        store.reserve(&request, now()).map_err(|e| ("reserve", e)).and_then(|held| {
                            store
                                .confirm(&request.cpr, &held.id, originator(), now())
                                .map_err(|e| ("confirm", e))
                        });
                    Outcome { time, result }
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("race thread panicked")).collect()
    })
}

/// Winners as (time index, booking) and every outcome that is neither a win nor a SlotTaken.
fn split(outcomes: &[Outcome]) -> (Vec<(usize, &Booking)>, Vec<&Outcome>) {
    let mut winners = Vec::new();
    let mut unexpected = Vec::new();
    for outcome in outcomes {
        match &outcome.result {
            Ok(booking) => winners.push((outcome.time, booking)),
            Err(("reserve", Error::Conflict(domain::Error::SlotTaken))) => {}
            Err(_) => unexpected.push(outcome),
        }
    }
    (winners, unexpected)
}

/// Counts unexpected outcomes by step and error, for a readable failure message.
fn summary(unexpected: &[&Outcome]) -> String {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for outcome in unexpected {
        if let Err((step, error)) = &outcome.result {
            *counts.entry(format!("{step}: {error:?}")).or_default() += 1;
        }
    }
    format!("{counts:?}")
}

/// Exactly one winner per time, losers refused with SlotTaken only, 20 bookings that do not
/// overlap, and the times no longer offered.
fn check_individual(
    db: &TestDb,
    counselor: &Counselor,
    offer: &Offer,
    times: &[DateTime<Utc>],
    outcomes: &[Outcome],
) {
    let (winners, unexpected) = split(outcomes);
    assert!(unexpected.is_empty(), "losers must get SlotTaken only: {}", summary(&unexpected));
    for (idx, start) in times.iter().enumerate() {
        let n = winners.iter().filter(|(t, _)| *t == idx).count();
        assert_eq!(n, 1, "winners at {start}: {n}");
    }
    assert_eq!(winners.len(), N_TIMES);

    let everything = window(local(1, 0, 0), local(8, 0, 0));
    let booked = db.counselor_bookings(&counselor.id, everything).unwrap();
    assert_eq!(booked.len(), N_TIMES, "bookings in the database");
    for pair in booked.windows(2) {
        assert!(
            !pair[0].interval.overlaps(&pair[1].interval),
            "overlapping bookings {:?} and {:?}",
            pair[0].interval,
            pair[1].interval
        );
    }
    let created = db.pending_events(1000).unwrap().iter().filter(|e| e.topic == "BookingCreated").count();
    assert_eq!(created, N_TIMES, "one BookingCreated per booking");
    let still_free = free_starts(db, offer, everything, now());
    assert!(times.iter().all(|t| !still_free.contains(t)), "a booked time is still offered");
    // Every loser can still see that the time is gone: a late reserve is refused the same way.
    assert_eq!(
        conflict(db.reserve(&request(&cpr(N_THREADS + 1), offer, counselor, times[0]), now())),
        domain::Error::SlotTaken
    );
}
