//! Benchmark of the availability engine on a realistic jobcenter: free times of one offer over
//! eight weeks for 50 counselors who already hold 5,000 bookings (contract §4; target < 2 ms).
//!
//! The scenario is built deterministically with a small linear congruential generator, so every
//! run measures the same input; no `rand` crate. The window spans the 28 March 2027 change to
//! summer time, so the daylight-saving path is part of what is measured. Building the input is
//! not measured, only `free_times`.

use std::hint::black_box;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use criterion::{criterion_group, criterion_main, Criterion};

use planner::domain::availability::{free_times, CounselorCalendar, Occupied};
use planner::domain::{
    CounselorId, DayException, Interval, JobCenterCode, LocalPeriod, Offer, OfferId, WeeklyHours, ZONE,
};

// Shared with the tests (`tests/it/support`); a benchmark uses only part of it.
#[allow(dead_code)]
#[path = "../tests/it/support/fixtures.rs"]
mod fixtures;

const COUNSELORS: usize = 50;
const BOOKINGS: usize = 5_000;
const BLOCKS_PER_COUNSELOR: usize = 6;
const WEEKS: i64 = 8;
/// Grid starts (local) of a 45 + 15 minute offer in 08:00-12:00 and 12:30-16:00.
const SLOT_STARTS: [(u32, u32); 7] = [(8, 0), (9, 0), (10, 0), (11, 0), (12, 30), (13, 30), (14, 30)];

/// A linear congruential generator (Knuth's MMIX constants): deterministic variety.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, bound: usize) -> usize {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % bound as u64) as usize
    }
}

fn local(date: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let time = NaiveTime::from_hms_opt(hour, minute, 0).expect("valid time");
    let instant = ZONE.from_local_datetime(&date.and_time(time)).earliest();
    instant.expect("working hours avoid the DST gap").with_timezone(&Utc)
}

fn offer() -> Offer {
    let jobcenter = JobCenterCode::parse("00851").expect("code");
    Offer {
        id: OfferId::parse("0f8fad5b-d9cb-469f-a165-70867728950e").expect("guid"),
        compulsory: false,
        ..fixtures::offer(&jobcenter, Duration::days(1), Duration::weeks(10), Vec::new())
    }
}

/// 50 counselors working Monday to Friday with a lunch gap, each with a few busy blocks and one
/// day off, and 5,000 bookings on distinct grid slots spread over the window.
fn calendars(first_day: NaiveDate, days: i64) -> Vec<CounselorCalendar> {
    let time = |h, m| NaiveTime::from_hms_opt(h, m, 0).expect("valid time");
    let periods = [
        LocalPeriod::new(time(8, 0), time(12, 0)).expect("period"),
        LocalPeriod::new(time(12, 30), time(16, 0)).expect("period"),
    ];
    let workdays = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri];
    let weekly = WeeklyHours::new(workdays.iter().flat_map(|d| periods.map(|p| (*d, p)))).expect("hours");
    let mut random = Lcg(20_270_301);
    let day = |offset: usize| first_day + Duration::days(offset as i64);
    let mut calendars: Vec<CounselorCalendar> = (0..COUNSELORS)
        .map(|idx| {
            let blocks = (0..BLOCKS_PER_COUNSELOR)
                .map(|_| {
                    let start = local(
                        day(random.below(days as usize)),
                        8 + random.below(7) as u32,
                        15 * random.below(4) as u32,
                    );
                    Interval::new(start, start + Duration::minutes(30 * (1 + random.below(6) as i64)))
                        .expect("block")
                })
                .collect();
            let day_off = DayException::new(day(random.below(days as usize)), Vec::new()).expect("exception");
            CounselorCalendar {
                counselor: CounselorId::parse(&format!("00000000-0000-0000-0000-{idx:012}")).expect("guid"),
                weekly: weekly.clone(),
                exceptions: vec![day_off],
                blocks,
                occupied: Vec::new(),
            }
        })
        .collect();
    let mut taken = vec![false; COUNSELORS * days as usize * SLOT_STARTS.len()];
    let mut placed = 0;
    while placed < BOOKINGS {
        let (who, offset, slot) =
            (random.below(COUNSELORS), random.below(days as usize), random.below(SLOT_STARTS.len()));
        let key = (who * days as usize + offset) * SLOT_STARTS.len() + slot;
        let date = day(offset);
        if taken[key] || matches!(chrono::Datelike::weekday(&date), Weekday::Sat | Weekday::Sun) {
            continue;
        }
        taken[key] = true;
        placed += 1;
        let (hour, minute) = SLOT_STARTS[slot];
        let start = local(date, hour, minute);
        let interval = Interval::new(start, start + Duration::minutes(60)).expect("booking");
        calendars[who].occupied.push(Occupied { interval, group: None });
    }
    calendars
}

fn bench_free_times(c: &mut Criterion) {
    let now = Utc.with_ymd_and_hms(2027, 3, 15, 6, 0, 0).single().expect("now");
    let window = Interval::new(now, now + Duration::weeks(WEEKS)).expect("window");
    let first_day = now.date_naive();
    let (offer, calendars) = (offer(), calendars(first_day, WEEKS * 7));
    let found = free_times(&offer, &calendars, window, now).len();
    println!("scenario: {COUNSELORS} counselors, {BOOKINGS} bookings, {found} free times over {WEEKS} weeks");
    c.bench_function("free_times 50 counselors x 8 weeks, 5000 bookings", |b| {
        b.iter(|| free_times(black_box(&offer), black_box(&calendars), black_box(window), black_box(now)))
    });
}

criterion_group!(benches, bench_free_times);
criterion_main!(benches);
