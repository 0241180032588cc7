//! Table tests of the placement planner: both strategies, seats, refusals, and a timing guard.

use chrono::{TimeZone, Utc};

use super::*;

fn counselor(n: usize) -> CounselorId {
    CounselorId::parse(&format!("00000000-0000-4000-8000-{n:012}")).unwrap()
}

fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 2, hour, 0, 0).unwrap()
}

/// Free hour-long times `(counselor, start hour)`, individual, with a one-hour step.
fn times(list: &[(usize, u32)], seats: Option<u32>) -> Vec<FreeTime> {
    list.iter()
        .map(|&(c, h)| FreeTime {
            counselor: counselor(c),
            interval: Interval::new(at(h), at(h) + Duration::minutes(45)).unwrap(),
            seats,
            seats_left: seats,
        })
        .collect()
}

/// Plans `n` citizens (those in `booked` already booked) and renders each outcome as
/// `c<counselor>@<hour>` or the reason.
fn check(strategy: Strategy, pool: usize, free: Vec<FreeTime>, n: usize, booked: &[usize], expected: &str) {
    let pool: Vec<CounselorId> = (0..pool).map(counselor).collect();
    let already: Vec<bool> = (0..n).map(|i| booked.contains(&i)).collect();
    let outcome = plan(strategy, &pool, free, Duration::hours(1), &already);
    let rendered: Vec<String> = outcome
        .iter()
        .map(|placement| match placement {
            Placement::Placed { counselor, interval } => {
                let idx = pool.iter().position(|c| c == counselor).unwrap();
                format!("c{idx}@{}", (interval.start() - at(0)).num_hours())
            }
            Placement::NotPlaced { reason: NotPlacedReason::NoFreeTime } => "none".into(),
            Placement::NotPlaced { reason: NotPlacedReason::AlreadyBooked } => "booked".into(),
            Placement::NotPlaced { reason: NotPlacedReason::OfferInactive } => "inactive".into(),
            Placement::NotPlaced { reason: NotPlacedReason::ContactMissing } => "contact".into(),
        })
        .collect();
    assert_eq!(rendered.join(" "), expected);
}

#[test]
fn earliest_first_takes_the_earliest_time_of_any_counselor() {
    let free = times(&[(0, 10), (0, 11), (1, 9), (1, 12), (2, 10)], None);
    check(Strategy::EarliestFirst, 3, free.clone(), 6, &[], "c1@9 c0@10 c2@10 c0@11 c1@12 none");
    check(Strategy::EarliestFirst, 3, free.clone(), 3, &[1], "c1@9 booked c0@10");
    check(Strategy::EarliestFirst, 3, Vec::new(), 2, &[], "none none");
    // Times of counselors outside the pool are ignored.
    check(Strategy::EarliestFirst, 1, free, 3, &[], "c0@10 c0@11 none");
}

#[test]
fn spread_evenly_rotates_by_fewest_placements() {
    let free = times(&[(0, 9), (0, 10), (0, 11), (1, 12), (1, 13), (2, 9)], None);
    check(Strategy::SpreadEvenly, 3, free.clone(), 4, &[], "c0@9 c1@12 c2@9 c0@10");
    check(Strategy::SpreadEvenly, 3, free, 7, &[], "c0@9 c1@12 c2@9 c0@10 c1@13 c0@11 none");
}

#[test]
fn group_sessions_fill_their_seats_first() {
    let free = times(&[(0, 9), (0, 10), (1, 9)], Some(3));
    check(Strategy::EarliestFirst, 2, free.clone(), 7, &[], "c0@9 c0@9 c0@9 c1@9 c1@9 c1@9 c0@10");
    check(Strategy::SpreadEvenly, 2, free, 5, &[], "c0@9 c1@9 c0@9 c1@9 c0@9");
    // A session with two seats left takes two more.
    let mut partly = times(&[(0, 9), (0, 10)], Some(3));
    partly[0].seats_left = Some(2);
    check(Strategy::EarliestFirst, 1, partly, 4, &[], "c0@9 c0@9 c0@10 c0@10");
}

#[test]
fn overlapping_times_of_one_counselor_are_never_both_used() {
    // 09:00 and 09:30 overlap with a one-hour step; only one of them may be used.
    let mut free = times(&[(0, 9), (0, 11)], None);
    free.insert(
        1,
        FreeTime {
            interval: Interval::new(at(9) + Duration::minutes(30), at(10)).unwrap(),
            ..free[0].clone()
        },
    );
    check(Strategy::EarliestFirst, 1, free, 3, &[], "c0@9 c0@11 none");
}

#[test]
fn a_rejected_time_is_dropped_and_the_next_one_offered() {
    let pool = [counselor(0), counselor(1)];
    let mut planner = Planner::new(
        Strategy::EarliestFirst,
        &pool,
        times(&[(0, 9), (0, 10), (1, 11)], Some(2)),
        Duration::hours(1),
        &[],
    );
    let first = planner.propose().unwrap();
    assert_eq!(first.interval.start(), at(9));
    planner.reject(&first);
    assert_eq!(planner.propose().unwrap().interval.start(), at(10));
    assert_eq!(planner.placed(), vec![1, 0]);
}

#[test]
fn spread_counts_prior_placements() {
    let pool = [counselor(0), counselor(1)];
    let mut planner = Planner::new(
        Strategy::SpreadEvenly,
        &pool,
        times(&[(0, 9), (1, 9), (1, 10)], None),
        Duration::hours(1),
        &[3, 1],
    );
    assert_eq!(planner.propose().unwrap().counselor_idx, 1);
    assert_eq!(planner.propose().unwrap().counselor_idx, 1);
    assert_eq!(planner.propose().unwrap().counselor_idx, 0);
}

#[test]
fn ten_thousand_citizens_over_a_hundred_counselors_and_eight_weeks_is_fast() {
    let pool: Vec<CounselorId> = (0..100).map(counselor).collect();
    let mut free = Vec::new();
    for (c, id) in pool.iter().enumerate() {
        for day in 0..40 {
            for slot in 0..8 {
                let start =
                    at(8) + Duration::days(day) + Duration::hours(slot) + Duration::minutes(c as i64 % 7);
                free.push(FreeTime {
                    counselor: id.clone(),
                    interval: Interval::new(start, start + Duration::minutes(45)).unwrap(),
                    seats: None,
                    seats_left: None,
                });
            }
        }
    }
    for strategy in [Strategy::EarliestFirst, Strategy::SpreadEvenly] {
        let started = std::time::Instant::now();
        let outcome = plan(strategy, &pool, free.clone(), Duration::hours(1), &[false; 10_000]);
        assert!(outcome.iter().all(|p| matches!(p, Placement::Placed { .. })));
        // Generous for debug builds on a shared machine; the release figure is in BENCHMARKS.md.
        assert!(started.elapsed() < std::time::Duration::from_secs(2), "{:?}", started.elapsed());
    }
}
