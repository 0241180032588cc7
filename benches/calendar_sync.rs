//! Benchmark of calendar sync (issue 8): 50 counselors x 500 pushed events each, through the
//! store API the ExternalCalendarService operations call (one CreateEvents batch per counselor),
//! then the same sync again (every event unchanged: a connector's retry), then moving every
//! event (UpdateEvents). Target: the first sync under 5 s.
//!
//! SQLite file by default; PostgreSQL too when `PLANNER_BENCH_DATABASE_URL` (or
//! `PLANNER_TEST_DATABASE_URL`) names a database. Run: `cargo bench --bench calendar_sync`.

use std::time::{Duration as StdDuration, Instant};

use chrono::{Duration, TimeZone, Utc};
use planner::domain::calendar_sync::{EventKey, ExternalEvent};
use planner::domain::{CounselorId, Interval, JobCenterCode, ZONE};
use planner::store::{DataKey, DatabaseUrl, PushMode, Store, StoreConfig};

// Shared with the tests (`tests/it/support`); a benchmark uses only part of it.
#[allow(dead_code)]
#[path = "../tests/it/support/db.rs"]
mod db;
// Shared with the tests (`tests/it/support`); a benchmark uses only part of it.
#[allow(dead_code)]
#[path = "../tests/it/support/fixtures.rs"]
mod fixtures;

const COUNSELORS: usize = 50;
const EVENTS: usize = 500;

fn seed(store: &Store) -> Vec<String> {
    let jobcenter = JobCenterCode::parse("00101").expect("code");
    store.upsert_jobcenter(&jobcenter, "Jobcenter Bench").expect("jobcenter");
    let week = fixtures::weekdays(8, 16);
    let mut emails = Vec::new();
    for n in 0..COUNSELORS {
        let counselor = fixtures::counselor(&jobcenter, "29189846", &n.to_string(), &format!("Rådgiver{n}"));
        let counselor = planner::domain::Counselor {
            id: CounselorId::parse(&format!("5e1c0000-0000-4000-8000-{n:012}")).expect("id"),
            email: format!("counselor{n}@jobcenter.example"),
            ..counselor
        };
        store.create_counselor(&counselor).expect("counselor");
        store.set_working_hours(&counselor.id, &week).expect("hours");
        emails.push(counselor.email);
    }
    emails
}

/// 500 events of 30 minutes per counselor, four a working day from 2 March 2027, `shift` later.
fn batch(email: &str, shift: Duration) -> Vec<ExternalEvent> {
    let first = ZONE.with_ymd_and_hms(2027, 3, 2, 8, 0, 0).unwrap().with_timezone(&Utc);
    (0..EVENTS)
        .map(|i| {
            let day = i64::try_from(i / 4).unwrap_or(0);
            let start = first + Duration::days(day) + Duration::hours(2 * (i % 4) as i64) + shift;
            ExternalEvent {
                key: EventKey::parse(&format!("AAMkAGI2-{email}-{i}")).expect("key"),
                resource: email.to_owned(),
                interval: Interval::new(start, start + Duration::minutes(30)).expect("interval"),
            }
        })
        .collect()
}

fn sync(store: &Store, emails: &[String], mode: PushMode, shift: Duration) -> StdDuration {
    let scope = [JobCenterCode::parse("00101").expect("code")];
    let now = Utc.with_ymd_and_hms(2027, 3, 1, 7, 0, 0).unwrap();
    let batches: Vec<Vec<ExternalEvent>> = emails.iter().map(|e| batch(e, shift)).collect();
    let started = Instant::now();
    for events in &batches {
        let receipts = store.push_events("CVR:12345678-FID:bench", &scope, mode, events, now).expect("push");
        assert!(receipts.iter().all(|r| r.result.is_ok()), "every event accepted");
    }
    started.elapsed()
}

fn run(backend: &str, database: db::TestDb) {
    let config = StoreConfig {
        url: DatabaseUrl::parse(&database.url).expect("url"),
        data_key: DataKey::from_hex(&"ab".repeat(32)).expect("key"),
        pool_size: 4,
        reservation_ttl: Duration::minutes(10),
    };
    let store = Store::open(&config).expect("open");
    store.migrate().expect("migrate");
    let emails = seed(&store);
    let create = sync(&store, &emails, PushMode::Create, Duration::zero());
    let retry = sync(&store, &emails, PushMode::Create, Duration::zero());
    let update = sync(&store, &emails, PushMode::Update, Duration::minutes(15));
    println!(
        "{backend}: {COUNSELORS} counselors x {EVENTS} events: create {:.2} s, unchanged retry {:.2} s, update all {:.2} s",
        create.as_secs_f64(),
        retry.as_secs_f64(),
        update.as_secs_f64()
    );
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    for _ in 0..3 {
        run("sqlite", db::fresh_sqlite());
    }
    let url =
        std::env::var("PLANNER_BENCH_DATABASE_URL").or_else(|_| std::env::var("PLANNER_TEST_DATABASE_URL"));
    if let Ok(url) = url {
        run("postgres", db::fresh_postgres(&url));
    }
}
