//! Benchmark of bulk summons (issue 6): 10,000 citizens over 100 counselors and 8 weeks, and
//! 20,000 citizens to check the scaling (target: under 10 s on SQLite, and 20,000 no more than
//! 2.2 times as long as 10,000), with wall time and peak memory (VmHWM).
//!
//! Each case runs in a child process of its own (this binary again, with `SUMMONS_BENCH_CASE`),
//! so the peak memory read from `/proc/self/status` belongs to that case alone. PostgreSQL runs
//! too when `PLANNER_BENCH_DATABASE_URL` (or `PLANNER_TEST_DATABASE_URL`) names a database.
//! The 8 weeks hold Easter 2027, whose public holidays are closed. `SUMMONS_BENCH_ROOMS=100` makes
//! the offer draw on 100 rooms of one seat, so every booking also holds a room.
//! Run: `cargo bench --bench summons`; `SUMMONS_BENCH_ROUNDS=5` repeats the pair and prints the
//! median ratio.

use std::time::Instant;

use chrono::{Duration, TimeZone, Utc};
use planner::domain::room::Room;
use planner::domain::summons::Strategy;
use planner::domain::{
    ChangeRules, Counselor, CounselorId, Cpr, Interval, JobCenterCode, Offer, OfferId, Originator, ZONE,
};
use planner::store::{DataKey, DatabaseUrl, ItemStatus, Store, StoreConfig, SummonsBatch, SummonsCitizen};

// Shared with the tests (`tests/it/support`); a benchmark uses only part of it.
#[allow(dead_code)]
#[path = "../tests/it/support/db.rs"]
mod db;
// Shared with the tests (`tests/it/support`); a benchmark uses only part of it.
#[allow(dead_code)]
#[path = "../tests/it/support/fixtures.rs"]
mod fixtures;

const COUNSELORS: usize = 100;
const WEEKS: i64 = 8;
const CASE_ENV: &str = "SUMMONS_BENCH_CASE";

fn guid(n: usize, prefix: &str) -> String {
    format!("{prefix}-0000-4000-8000-{n:012}")
}

fn seed(store: &Store, now: chrono::DateTime<Utc>) -> Offer {
    let jobcenter = JobCenterCode::parse("00101").expect("code");
    store.upsert_jobcenter(&jobcenter, "Jobcenter Bench").expect("jobcenter");
    let week = fixtures::weekdays(8, 16);
    let mut ids = Vec::new();
    for n in 0..COUNSELORS {
        let counselor = fixtures::counselor(&jobcenter, "29189846", &n.to_string(), &format!("Rådgiver{n}"));
        let counselor = Counselor { id: CounselorId::parse(&guid(n, "5e1c0000")).expect("id"), ..counselor };
        store.create_counselor(&counselor).expect("counselor");
        store.set_working_hours(&counselor.id, &week).expect("hours");
        ids.push(counselor.id);
    }
    let offer = Offer {
        id: OfferId::parse(&guid(1, "0ffe0000")).expect("offer id"),
        ..fixtures::offer(&jobcenter, Duration::days(1), Duration::weeks(10), ids)
    };
    store.create_offer(&offer, now).expect("offer");
    // `SUMMONS_BENCH_ROOMS=N`: the offer draws on N rooms of one seat, so every booking holds one.
    let rooms: usize = std::env::var("SUMMONS_BENCH_ROOMS").ok().and_then(|n| n.parse().ok()).unwrap_or(0);
    let mut room_ids = Vec::new();
    for n in 0..rooms {
        let room = Room {
            id: guid(n, "500a0000"),
            jobcenter: jobcenter.clone(),
            name: format!("Mødelokale {n}"),
            address: "Kultorvet 2".into(),
            capacity: 1,
            active: true,
        };
        store.rooms().create(&room, now).expect("room");
        room_ids.push(room.id);
    }
    if !room_ids.is_empty() {
        store.rooms().set_offer_rooms(&offer.id, &room_ids).expect("offer rooms");
    }
    offer
}

fn peak_memory_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Runs one case in this process and prints one result line.
fn run_case(backend: &str, citizens: usize) {
    let database = match backend {
        "postgres" => db::fresh_postgres(&postgres_url().expect("a PostgreSQL URL")),
        _ => db::fresh_sqlite(),
    };
    let config = StoreConfig {
        url: DatabaseUrl::parse(&database.url).expect("url"),
        data_key: DataKey::from_hex(&"ab".repeat(32)).expect("key"),
        pool_size: 4,
        reservation_ttl: Duration::minutes(10),
    };
    let store = Store::open(&config).expect("open");
    store.migrate().expect("migrate");
    let now = Utc.with_ymd_and_hms(2027, 3, 1, 7, 0, 0).unwrap();
    let offer = seed(&store, now);
    let start = ZONE.with_ymd_and_hms(2027, 3, 2, 0, 0, 0).unwrap().with_timezone(&Utc);
    let batch = SummonsBatch {
        key: format!("bench-{citizens}"),
        offer: offer.id.clone(),
        pool: Vec::new(),
        window: Interval::new(start, start + Duration::weeks(WEEKS)).expect("window"),
        strategy: Strategy::SpreadEvenly,
        dry_run: false,
        changes: ChangeRules::default(),
        originator: Originator { code: 101, type_id: 8 },
        summoner: None,
    };
    let list: Vec<SummonsCitizen> = (0..citizens)
        .map(|n| SummonsCitizen {
            line: n as u32 + 2,
            cpr: Cpr::parse(&format!("{:02}{:02}90{:04}", 1 + n % 28, 1 + n / 10_000, n % 10_000))
                .expect("cpr"),
            contact: Default::default(),
        })
        .collect();
    let started = Instant::now();
    let report = store.run_summons_batch(&batch, &list, now, |_, _| {}).expect("batch");
    let elapsed = started.elapsed();
    let placed = report.items.iter().filter(|item| item.status == ItemStatus::Placed).count();
    println!(
        "{backend:<8} {citizens:>6} citizens x {COUNSELORS} counselors x {WEEKS} weeks: {:>7.2} s, placed {placed}, peak memory {} MiB",
        elapsed.as_secs_f64(),
        peak_memory_kib() / 1024
    );
}

fn postgres_url() -> Option<String> {
    ["PLANNER_BENCH_DATABASE_URL", "PLANNER_TEST_DATABASE_URL"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|url| !url.trim().is_empty()))
}

fn main() {
    if let Ok(case) = std::env::var(CASE_ENV) {
        let (backend, citizens) = case.split_once(':').expect("backend:citizens");
        run_case(backend, citizens.parse().expect("a number"));
        return;
    }
    // `cargo test --benches` runs bench binaries with `--test`: nothing to check here.
    if std::env::args().any(|arg| arg == "--test") {
        return;
    }
    let mut backends = vec!["sqlite"];
    if postgres_url().is_some() {
        backends.push("postgres");
    }
    let exe = std::env::current_exe().expect("this benchmark's path");
    // Rounds alternate 10,000 and 20,000 so that each ratio compares runs made side by side.
    let rounds: usize = std::env::var("SUMMONS_BENCH_ROUNDS").ok().and_then(|n| n.parse().ok()).unwrap_or(1);
    for backend in backends {
        let mut ratios = Vec::new();
        for _ in 0..rounds.max(1) {
            let seconds: Vec<f64> =
                [10_000, 20_000].iter().map(|citizens| run_child(&exe, backend, *citizens)).collect();
            ratios.push(seconds[1] / seconds[0]);
        }
        ratios.sort_by(f64::total_cmp);
        let shown: Vec<String> = ratios.iter().map(|r| format!("{r:.2}")).collect();
        println!(
            "{backend:<8} 20,000 / 10,000 time ratio: median {:.2} x ({})",
            ratios[ratios.len() / 2],
            shown.join(", ")
        );
    }
}

/// Runs one case in a child process and returns its measured seconds (from its result line).
fn run_child(exe: &std::path::Path, backend: &str, citizens: usize) -> f64 {
    let output = std::process::Command::new(exe)
        .env(CASE_ENV, format!("{backend}:{citizens}"))
        .output()
        .expect("run a benchmark case");
    assert!(output.status.success(), "case {backend}:{citizens} failed");
    let line = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    println!("{line}");
    line.split(": ")
        .nth(1)
        .and_then(|rest| rest.split(" s,").next())
        .and_then(|seconds| seconds.trim().parse().ok())
        .expect("a result line with seconds")
}
