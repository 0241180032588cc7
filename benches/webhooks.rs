//! Webhook throughput: events per second delivered by the outbox workers (the same `Worker`
//! threads `planner serve` starts) to a local HTTP receiver with 10 recipients, and the time to
//! drain a backlog after a receiver outage.
//!
//! Throughput: 1,000 events (one booking each) are written to the outbox, then the workers
//! start; the clock stops when every delivery (events x 10) is delivered. Outage: the receiver's
//! port is closed while 5,000 events are written and every first attempt fails (retry
//! scheduled after 1 h, the XS table); the receiver comes back on the same port and the workers
//! run one hour "later" (their `now` is shifted); the clock measures the drain.
//! SQLite in a temporary directory; PostgreSQL too when `PLANNER_BENCH_DATABASE_URL` (or
//! `PLANNER_TEST_DATABASE_URL`) names a database.
//! Run: `cargo bench --bench webhooks` (`WEBHOOK_BENCH_WORKERS=1,4` picks worker counts,
//! `WEBHOOK_BENCH_BATCH` the batch size, `WEBHOOK_BENCH_EVENTS`/`_BACKLOG` the sizes).

// Shared with the tests (`tests/it/support`); a benchmark uses only part of it.
#[allow(dead_code)]
#[path = "../tests/it/support/db.rs"]
mod db;
// Shared with the tests (`tests/it/support`); a benchmark uses only part of it.
#[allow(dead_code)]
#[path = "../tests/it/support/receiver.rs"]
mod receiver;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use planner::adapters::outbox::{deliver_batch, Dispatcher, Worker};
use planner::config::WebhookSettings;
use planner::store::{DataKey, DatabaseUrl, Store, StoreConfig, Topic};
use receiver::{Answer, Receiver};

const RECIPIENTS: usize = 10;
/// Events of the throughput run (`WEBHOOK_BENCH_EVENTS`).
fn events() -> usize {
    env_number("WEBHOOK_BENCH_EVENTS", 1_000)
}

/// Events queued during the outage (`WEBHOOK_BENCH_BACKLOG`).
fn backlog() -> usize {
    env_number("WEBHOOK_BENCH_BACKLOG", 5_000)
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|n| n.parse().ok()).unwrap_or(default)
}

fn open(url: &str, pool: u32) -> Store {
    let config = StoreConfig {
        url: DatabaseUrl::parse(url).expect("database URL"),
        data_key: DataKey::from_hex(&"ab".repeat(32)).expect("key"),
        pool_size: pool,
        reservation_ttl: chrono::Duration::minutes(10),
    };
    let store = Store::open(&config).expect("open");
    store.migrate().expect("migrate");
    store
}

fn settings(workers: usize) -> WebhookSettings {
    let batch = env_number("WEBHOOK_BENCH_BATCH", WebhookSettings::default().batch);
    WebhookSettings { workers, batch, timeout: Duration::from_secs(5), ..WebhookSettings::default() }
}

fn add_recipients(store: &Store, base: &str) {
    for n in 0..RECIPIENTS {
        let url = format!("{base}/hooks/{n}");
        store
            .add_webhook_recipient(&format!("r{n}"), &url, &["*".to_owned()], "bench-secret", Utc::now())
            .unwrap();
    }
}

fn enqueue(store: &Store, events: usize, prefix: &str) {
    for n in 0..events {
        let booking = format!("{prefix}-{n}");
        let payload = serde_json::json!({ "booking_id": booking, "n": n });
        store.enqueue_event(Topic::BookingCreated, &booking, &payload, Utc::now()).unwrap();
    }
}

fn count(store: &Store, status: &str) -> i64 {
    let counts = store.webhook_delivery_counts().unwrap();
    counts.iter().find(|(s, _)| s == status).map_or(0, |(_, n)| *n)
}

fn wait_for(store: &Store, status: &str, n: i64) {
    while count(store, status) < n {
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Events per second with `workers` worker threads.
fn throughput(url: &str, workers: usize) -> f64 {
    let store = open(url, (workers as u32 + 2).max(4));
    let receiver = Receiver::start(|_| Answer::status(204));
    add_recipients(&store, &receiver.base);
    let dispatcher = planner::adapters::webhooks::dispatcher(&settings(workers)).unwrap();
    enqueue(&store, events(), "t");
    let started = Instant::now();
    let threads: Vec<Worker> = (0..workers)
        .map(|_| Worker::start(store.clone(), dispatcher.clone(), Duration::from_millis(5)).unwrap())
        .collect();
    wait_for(&store, "delivered", (events() * RECIPIENTS) as i64);
    let elapsed = started.elapsed().as_secs_f64();
    threads.into_iter().for_each(Worker::stop);
    assert_eq!(receiver.received().len(), events() * RECIPIENTS);
    events() as f64 / elapsed
}

/// Runs `workers` threads of the outbox step with `now` shifted by `offset` until `stop`.
fn shifted_workers(
    store: &Store,
    dispatcher: &Dispatcher,
    workers: usize,
    offset: chrono::Duration,
    stop: &Arc<AtomicBool>,
) -> Vec<std::thread::JoinHandle<()>> {
    (0..workers)
        .map(|_| {
            let (store, dispatcher, stop) = (store.clone(), dispatcher.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let now = Utc::now() + offset;
                    if deliver_batch(&store, &dispatcher, now, dispatcher.batch).unwrap().is_empty() {
                        std::thread::sleep(Duration::from_millis(5));
                    }
                }
            })
        })
        .collect()
}

/// Seconds to fail the backlog during the outage, and to drain it once the receiver is back.
fn outage(url: &str, workers: usize) -> (f64, f64) {
    let store = open(url, (workers as u32 + 2).max(4));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    add_recipients(&store, &format!("http://{address}"));
    let dispatcher = planner::adapters::webhooks::dispatcher(&settings(workers)).unwrap();
    let total = (backlog() * RECIPIENTS) as i64;

    let down = Instant::now();
    let stop = Arc::new(AtomicBool::new(false));
    let threads = shifted_workers(&store, &dispatcher, workers, chrono::Duration::zero(), &stop);
    enqueue(&store, backlog(), "o");
    wait_for(&store, "failed", total);
    stop.store(true, Ordering::Relaxed);
    threads.into_iter().for_each(|t| t.join().unwrap());
    let failing = down.elapsed().as_secs_f64();

    let receiver = Receiver::start_at(address, |_| Answer::status(204));
    let back = Instant::now();
    let stop = Arc::new(AtomicBool::new(false));
    let threads = shifted_workers(&store, &dispatcher, workers, chrono::Duration::hours(1), &stop);
    wait_for(&store, "delivered", total);
    let drain = back.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    threads.into_iter().for_each(|t| t.join().unwrap());
    assert_eq!(receiver.received().len(), backlog() * RECIPIENTS);
    (failing, drain)
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    let workers: Vec<usize> = std::env::var("WEBHOOK_BENCH_WORKERS")
        .unwrap_or_else(|_| "1,4".into())
        .split(',')
        .filter_map(|n| n.trim().parse().ok())
        .collect();
    let postgres = ["PLANNER_BENCH_DATABASE_URL", "PLANNER_TEST_DATABASE_URL"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|url| !url.trim().is_empty()));
    let mut backends = vec![("sqlite", None)];
    if let Some(url) = postgres {
        backends.push(("postgres", Some(url)));
    }
    println!(
        "{} events x {RECIPIENTS} recipients; outage backlog {} events x {RECIPIENTS} recipients",
        events(),
        backlog()
    );
    for (backend, admin_url) in &backends {
        for &n in &workers {
            let fresh = || match admin_url {
                Some(url) => db::fresh_postgres(url),
                None => db::fresh_sqlite(),
            };
            let db = fresh();
            let rate = throughput(&db.url, n);
            println!(
                "{backend} workers={n}: {rate:.0} events/s ({:.0} deliveries/s)",
                rate * RECIPIENTS as f64
            );
            let db = fresh();
            let (failing, drain) = outage(&db.url, n);
            println!(
                "{backend} workers={n}: outage: {failing:.1} s to fail all first attempts; backlog drained in {drain:.1} s ({:.0} events/s)",
                backlog() as f64 / drain
            );
        }
    }
}
