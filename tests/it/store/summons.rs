//! Bulk summons and summons of one citizen (issue 6): no overlap, the strategy honoured, who was
//! not placed, idempotency and resuming, dry runs, group seats, and outbox events.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use planner::domain::summons::{NotPlacedReason, Strategy};
use planner::domain::{ChangeFlags, ChangeRules, Interval, Offer};
use planner::store::{
    BatchStatus, ItemStatus, OfferChoice, SummonRequest, SummonsBatch, SummonsCitizen, SummonsReport,
};

use crate::support::both_backends;
use crate::support::store::{conflict, cpr, free, local, now, originator, reserve, seed, window, TestDb};

both_backends!(
    thousand_citizens_earliest_first,
    thousand_citizens_spread_evenly,
    a_full_window_reports_who_was_not_placed,
    the_same_key_twice_gives_the_same_report,
    an_interrupted_batch_resumes_without_duplicates,
    an_offer_deactivated_mid_batch_leaves_the_rest_not_placed,
    a_dry_run_writes_nothing,
    group_sessions_fill_their_seats,
    summon_one_takes_the_earliest_time_or_the_given_one,
    an_expired_reservation_in_the_way_is_released,
    a_citizen_busy_at_the_proposed_start_gets_another_time,
);

/// A real (not dry-run) batch of `offer` over `within`, no pool named, by the test originator.
pub(super) fn batch(offer: &Offer, key: &str, within: Interval, strategy: Strategy) -> SummonsBatch {
    SummonsBatch {
        key: key.into(),
        offer: offer.id.clone(),
        pool: Vec::new(),
        window: within,
        strategy,
        dry_run: false,
        changes: ChangeRules {
            rebook_possible: false,
            rebook_deadline_before: None,
            cancel_possible: true,
            cancel_deadline_before: Some(Duration::hours(24)),
        },
        originator: originator(),
        summoner: None,
    }
}

fn citizens(n: usize) -> Vec<SummonsCitizen> {
    (0..n).map(|i| SummonsCitizen { line: i as u32 + 2, cpr: cpr(i), contact: Default::default() }).collect()
}

fn two_weeks() -> Interval {
    window(local(2, 0, 0), local(16, 0, 0))
}

fn run(db: &TestDb, batch: &SummonsBatch, list: &[SummonsCitizen]) -> SummonsReport {
    db.run_summons_batch(batch, list, now(), |_, _| {}).expect("run the batch")
}

/// Every counselor's Booked bookings over the window, pairwise without overlap; returns the
/// number per counselor.
fn assert_no_overlap(db: &TestDb, counselors: &[planner::domain::Counselor], within: Interval) -> Vec<usize> {
    counselors
        .iter()
        .map(|counselor| {
            let bookings = db.counselor_bookings(&counselor.id, within).unwrap();
            for (i, a) in bookings.iter().enumerate() {
                for b in &bookings[i + 1..] {
                    assert!(!a.interval.overlaps(&b.interval), "overlap: {a:?} {b:?}");
                }
            }
            bookings.len()
        })
        .collect()
}

fn placed_starts(report: &SummonsReport) -> Vec<DateTime<Utc>> {
    let mut starts: Vec<_> = report.items.iter().filter_map(|item| item.start).collect();
    starts.sort();
    starts
}

fn thousand_citizens_earliest_first(db: &TestDb) {
    let seed = seed(db, 20);
    let mut earliest: Vec<_> =
        free(db, &seed.offer, two_weeks(), now()).iter().map(|t| t.interval.start()).collect();
    earliest.sort();
    earliest.truncate(1000);
    let report =
        run(db, &batch(&seed.offer, "k-earliest", two_weeks(), Strategy::EarliestFirst), &citizens(1000));
    assert_eq!(report.status, BatchStatus::Completed);
    assert!(report.items.iter().all(|item| item.status == ItemStatus::Placed && item.booking.is_some()));
    assert_eq!(assert_no_overlap(db, &seed.counselors, two_weeks()).iter().sum::<usize>(), 1000);
    assert_eq!(placed_starts(&report), earliest, "the placed times are the earliest free ones");
    let booking = db.booking(report.items[0].booking.as_ref().unwrap(), Some(&cpr(0))).unwrap();
    assert_eq!(booking.channel, planner::domain::Channel::Summons);
    assert!(!booking.changes.rebook_possible && booking.changes.cancel_possible);
    assert_eq!(booking.changes.cancel_deadline, Some(booking.interval.start() - Duration::hours(24)));
}

fn thousand_citizens_spread_evenly(db: &TestDb) {
    let seed = seed(db, 20);
    let report =
        run(db, &batch(&seed.offer, "k-spread", two_weeks(), Strategy::SpreadEvenly), &citizens(1000));
    assert!(report.items.iter().all(|item| item.status == ItemStatus::Placed));
    let counts = assert_no_overlap(db, &seed.counselors, two_weeks());
    let (min, max) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
    assert!(max - min <= 1, "{counts:?}");
    let mut per_caseworker: HashMap<_, usize> = HashMap::new();
    for item in &report.items {
        *per_caseworker.entry(item.caseworker.clone().unwrap()).or_default() += 1;
    }
    assert_eq!(per_caseworker.len(), 20);
}

fn a_full_window_reports_who_was_not_placed(db: &TestDb) {
    let seed = seed(db, 20);
    // One day: 20 counselors x 8 times. The first citizen is summoned already.
    let day = window(local(2, 0, 0), local(3, 0, 0));
    let list = citizens(200);
    let mut earlier =
        batch(&seed.offer, "k-earlier", window(local(3, 0, 0), local(4, 0, 0)), Strategy::EarliestFirst);
    earlier.pool = vec![seed.counselors[0].caseworker.clone()];
    run(db, &earlier, &list[..1]);
    let report = run(db, &batch(&seed.offer, "k-full", day, Strategy::EarliestFirst), &list);
    let not_placed: Vec<(u32, NotPlacedReason)> = report
        .items
        .iter()
        .filter(|item| item.status == ItemStatus::NotPlaced)
        .map(|item| (item.line, item.reason.unwrap()))
        .collect();
    let mut expected = vec![(2, NotPlacedReason::AlreadyBooked)];
    expected.extend((163..=201).map(|line| (line, NotPlacedReason::NoFreeTime)));
    assert_eq!(not_placed, expected);
    assert_eq!(assert_no_overlap(db, &seed.counselors, day).iter().sum::<usize>(), 160);
}

fn the_same_key_twice_gives_the_same_report(db: &TestDb) {
    let seed = seed(db, 5);
    let spec = batch(&seed.offer, "k-twice", two_weeks(), Strategy::SpreadEvenly);
    let first = run(db, &spec, &citizens(300));
    let events = db.pending_events(10_000).unwrap();
    let again = run(db, &spec, &citizens(300));
    assert_eq!(first, again);
    assert_eq!(db.summons_report("k-twice").unwrap(), first);
    assert!(matches!(db.summons_report("unknown"), Err(planner::store::Error::NotFound(_))));
    assert_eq!(db.pending_events(10_000).unwrap(), events, "nothing new written");
    let created = events.iter().filter(|e| e.topic == "BookingCreated").count();
    let completed: Vec<_> = events.iter().filter(|e| e.topic == "SummonsBatchCompleted").collect();
    assert_eq!(created, 300);
    assert_eq!(completed.len(), 1);
    assert_eq!(completed[0].aggregate_id, "k-twice");
    assert!(completed[0].payload.contains("\"placed\":300"), "{}", completed[0].payload);
}

fn an_interrupted_batch_resumes_without_duplicates(db: &TestDb) {
    let seed = seed(db, 5);
    let spec = batch(&seed.offer, "k-resume", two_weeks(), Strategy::SpreadEvenly);
    let list = citizens(250);
    // The progress callback runs after a chunk committed; panicking there is a crash between
    // two chunks.
    let crashed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        db.run_summons_batch(&spec, &list, now(), |_, _| panic!("crash after the first chunk"))
    }));
    assert!(crashed.is_err());
    let booked: usize = assert_no_overlap(db, &seed.counselors, two_weeks()).iter().sum();
    assert_eq!(booked, planner::store::CHUNK);
    let report = run(db, &spec, &list);
    assert!(report.items.iter().all(|item| item.status == ItemStatus::Placed));
    let counts = assert_no_overlap(db, &seed.counselors, two_weeks());
    assert_eq!(counts.iter().sum::<usize>(), 250, "no duplicates");
    assert!(counts.iter().max().unwrap() - counts.iter().min().unwrap() <= 1, "{counts:?}");
}

fn an_offer_deactivated_mid_batch_leaves_the_rest_not_placed(db: &TestDb) {
    let seed = seed(db, 5);
    let spec = batch(&seed.offer, "k-deactivated", two_weeks(), Strategy::EarliestFirst);
    let list = citizens(450);
    // The summoner deactivates the offer while the first chunk is being written.
    let mut deactivated = false;
    let report = db
        .run_summons_batch(&spec, &list, now(), |_, _| {
            if !deactivated {
                db.deactivate_offer(&seed.offer.id).expect("deactivate");
                deactivated = true;
            }
        })
        .expect("the batch finishes");
    assert_eq!(report.status, BatchStatus::Completed);
    let placed = report.items.iter().filter(|item| item.status == ItemStatus::Placed).count();
    assert_eq!(placed, planner::store::CHUNK);
    let inactive = NotPlacedReason::OfferInactive;
    assert!(report.items[planner::store::CHUNK..]
        .iter()
        .all(|item| item.status == ItemStatus::NotPlaced && item.reason == Some(inactive)));
    assert_eq!(assert_no_overlap(db, &seed.counselors, two_weeks()).iter().sum::<usize>(), placed);
    // A rerun with the same key answers the same report instead of failing.
    assert_eq!(run(db, &spec, &list).items, report.items);
}

fn a_dry_run_writes_nothing(db: &TestDb) {
    let seed = seed(db, 3);
    let mut spec =
        batch(&seed.offer, "k-dry", window(local(2, 0, 0), local(3, 0, 0)), Strategy::EarliestFirst);
    spec.dry_run = true;
    let mut list = citizens(30);
    list.push(SummonsCitizen { line: 99, cpr: cpr(0), contact: Default::default() });
    let report = run(db, &spec, &list);
    assert!(report.dry_run);
    let placed = report.items.iter().filter(|item| item.status == ItemStatus::Placed).count();
    assert_eq!(placed, 24);
    assert_eq!(report.items.last().unwrap().reason, Some(NotPlacedReason::AlreadyBooked), "a repeated CPR");
    assert_eq!(assert_no_overlap(db, &seed.counselors, two_weeks()).iter().sum::<usize>(), 0);
    assert!(db.pending_events(100).unwrap().is_empty());
    // The key is not taken: the real run places.
    spec.dry_run = false;
    let real = run(db, &spec, &list);
    assert_eq!(real.items.iter().filter(|i| i.status == ItemStatus::Placed).count(), 24);
    assert_eq!(real.items.last().unwrap().reason, Some(NotPlacedReason::AlreadyBooked), "a repeated CPR");
}

fn group_sessions_fill_their_seats(db: &TestDb) {
    let seed = seed(db, 1);
    let day = window(local(2, 0, 0), local(3, 0, 0));
    let report = run(db, &batch(&seed.group, "k-group", day, Strategy::EarliestFirst), &citizens(26));
    let starts: Vec<_> = report.items.iter().map(|item| item.start).collect();
    // Eight sessions of three seats: 24 placed, in session order, and two not placed.
    for (i, start) in starts.iter().take(24).enumerate() {
        assert_eq!(*start, Some(local(2, 8, 0) + Duration::hours(i as i64 / 3)), "item {i}");
    }
    assert_eq!(&starts[24..], &[None, None]);
    let bookings = db.counselor_bookings(&seed.group_counselor.id, day).unwrap();
    assert_eq!(bookings.len(), 24);
}

fn summon_one_takes_the_earliest_time_or_the_given_one(db: &TestDb) {
    let seed = seed(db, 2);
    let request = |n: usize, start: Option<DateTime<Utc>>| SummonRequest {
        cpr: cpr(n),
        offer: OfferChoice::Offer(seed.offer.id.clone()),
        pool: vec![seed.counselors[1].caseworker.clone()],
        window: two_weeks(),
        start,
        changes: ChangeFlags {
            rebook_possible: false,
            rebook_deadline: None,
            cancel_possible: false,
            cancel_deadline: None,
        },
        originator: originator(),
        summoner: None,
        contact: Default::default(),
    };
    let first = db.summon_one(&request(1, None), now()).unwrap();
    assert_eq!(first.interval.start(), local(2, 8, 0));
    assert_eq!(first.counselor, seed.counselors[1].id);
    assert_eq!(first.channel, planner::domain::Channel::Summons);
    let exact = db.summon_one(&request(2, Some(local(3, 10, 0))), now()).unwrap();
    assert_eq!(exact.interval.start(), local(3, 10, 0));
    let taken = conflict(db.summon_one(&request(3, Some(local(3, 10, 0))), now()));
    assert_eq!(taken, planner::domain::Error::SlotTaken);
    assert_eq!(conflict(db.summon_one(&request(1, None), now())), planner::domain::Error::AlreadyBooked);
    let mut bad = request(4, None);
    bad.changes.rebook_possible = true;
    assert_eq!(conflict(db.summon_one(&bad, now())), planner::domain::Error::RebookDeadlineMissing);
    let created = db.pending_events(100).unwrap().iter().filter(|e| e.topic == "BookingCreated").count();
    assert_eq!(created, 2);
    // By interview type: both seeded offers have type 7; the first by name is the group offer.
    let mut by_type = request(5, None);
    by_type.offer = OfferChoice::InterviewType { jobcenter: seed.jobcenter.clone(), interview_type: 7 };
    by_type.pool = Vec::new();
    assert_eq!(db.summon_one(&by_type, now()).unwrap().offer, Some(seed.group.id.clone()));
}

fn an_expired_reservation_in_the_way_is_released(db: &TestDb) {
    let seed = seed(db, 1);
    // Held an hour ago for ten minutes: expired, so the engine lists the time as free while its
    // occupancy row is still there. The first write is refused, the row released, and the
    // second write succeeds: the batch does not lose the time or the citizen.
    reserve(db, &seed, &cpr(500), local(2, 8, 0), now() - Duration::hours(1)).unwrap();
    let report =
        run(db, &batch(&seed.offer, "k-expired", two_weeks(), Strategy::EarliestFirst), &citizens(2));
    assert_eq!(report.items[0].start, Some(local(2, 8, 0)));
    assert_eq!(report.items[1].start, Some(local(2, 9, 0)));
}

/// The citizen's own meeting elsewhere at the start the planner proposes refuses the write (the
/// unique key on a citizen's Booked starts; on PostgreSQL the whole chunk's set-based write is
/// refused and the chunk is placed one by one): the citizen gets another time, nobody is lost.
fn a_citizen_busy_at_the_proposed_start_gets_another_time(db: &TestDb) {
    let seed = seed(db, 1);
    let mut elsewhere = crate::support::store::registration(&seed, &cpr(0), local(2, 8, 0));
    elsewhere.caseworker = seed.group_counselor.caseworker.clone();
    db.register_booking(&elsewhere, now()).unwrap();
    let report = run(db, &batch(&seed.offer, "k-busy", two_weeks(), Strategy::EarliestFirst), &citizens(3));
    assert!(report.items.iter().all(|item| item.status == ItemStatus::Placed), "{report:?}");
    assert_ne!(report.items[0].start, Some(local(2, 8, 0)));
    let starts: std::collections::HashSet<_> = report.items.iter().map(|item| item.start).collect();
    assert_eq!(starts.len(), 3, "three different times");
    assert_eq!(assert_no_overlap(db, &seed.counselors, two_weeks()).iter().sum::<usize>(), 3);
    assert_eq!(db.bookings_of(&cpr(0), None, None).unwrap().len(), 2, "the meeting elsewhere stays");
}
