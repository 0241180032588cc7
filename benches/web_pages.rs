//! Render time of the staff web app (issue 18): the team day view (20 counselors, 5,000
//! bookings in the database) and one counselor's week view must render in under 30 ms server
//! time (median), and every page must weigh under 250 KB on the wire.
//!
//! The real server runs in this process (`Server::build`, the people listener on TLS with the
//! development PKI) on the data of `web_pages/seed.rs`, with its clock fixed. A summoner of the
//! team asks over HTTPS with kept-alive connections (the crate's ureq client): each timed page
//! `WEB_BENCH_WARM_UP` times (default 20), then `WEB_BENCH_RUNS` times (default 200). Printed
//! per page: the median and p95 of the time the client waited (request sent to last body byte,
//! over loopback: an upper bound of the server's time), of the server's own time from its
//! request log (whole milliseconds, truncated), the body's size and whether it came compressed.
//! Then every other page once, with its size, as a table (`web_pages/pages.rs`).
//! SQLite in a temporary directory; PostgreSQL too when `PLANNER_BENCH_DATABASE_URL` (or
//! `PLANNER_TEST_DATABASE_URL`) names a database.
//! Run: `cargo bench --bench web_pages`.

// Shared with the tests (`tests/it/support`); a benchmark uses only part of it.
#[allow(dead_code)]
#[path = "../tests/it/support/db.rs"]
mod db;
// Shared with the tests (`tests/it/support`); a benchmark uses only part of it.
#[allow(dead_code)]
#[path = "../tests/it/support/fixtures.rs"]
mod fixtures;
#[path = "web_pages/pages.rs"]
mod pages;
#[path = "web_pages/seed.rs"]
mod seed;
#[path = "web_pages/serve.rs"]
mod serve;

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use planner::domain::people::{Cluster, Role};
use planner::store::{DataKey, DatabaseUrl, Store, StoreConfig};

use serve::{Client, Running};

/// The target of the timed pages' median server time.
const TARGET: Duration = Duration::from_millis(30);

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|n| n.parse().ok()).unwrap_or(default)
}

fn open(url: &str) -> Store {
    let config = StoreConfig {
        url: DatabaseUrl::parse(url).expect("database URL"),
        data_key: DataKey::from_hex(db::TEST_DATA_KEY).expect("key"),
        pool_size: 8,
        reservation_ttl: chrono::Duration::minutes(10),
    };
    let store = Store::open(&config).expect("open");
    store.migrate().expect("migrate");
    store
}

/// The value at fraction `at` (0.5: the median) of sorted `values`.
fn quantile<T: Copy>(sorted: &[T], at: f64) -> T {
    sorted[((sorted.len() - 1) as f64 * at).round() as usize]
}

fn ms(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1e3)
}

/// Asks for `path` repeatedly and prints one line; answers whether the median met the target.
fn timed(client: &Client, name: &str, path: &str, route: &str) -> bool {
    for _ in 0..env_number("WEB_BENCH_WARM_UP", 20) {
        assert_eq!(client.get(path).answer.status, 200, "{path}");
    }
    serve::logged(route);
    let runs = env_number("WEB_BENCH_RUNS", 200).max(1);
    let (mut waited, mut size, mut encoding) = (Vec::with_capacity(runs), 0, String::new());
    for _ in 0..runs {
        let got = client.get(path);
        assert_eq!(got.answer.status, 200, "{path}");
        waited.push(got.took);
        size = got.answer.body.len();
        encoding = got.answer.header("content-encoding").unwrap_or("none").to_owned();
    }
    waited.sort();
    let mut server = serve::logged(route);
    server.sort();
    let (median, p95) = (quantile(&waited, 0.5), quantile(&waited, 0.95));
    let logged = match server.is_empty() {
        true => "no request log".to_owned(),
        false => format!("{} / {} ms", quantile(&server, 0.5), quantile(&server, 0.95)),
    };
    let met = median < TARGET;
    println!(
        "| {name} | {runs} | {} | {} | {logged} | {size} | {encoding} | {} |",
        ms(median),
        ms(p95),
        if met { "yes" } else { "**no**" }
    );
    met
}

/// Seeds a fresh database at `url`, serves it and measures; answers what missed a target.
fn run(backend: &str, url: &str) -> Vec<String> {
    let store = open(url);
    let started = Instant::now();
    let world = seed::seed(&store);
    let day = NaiveDate::parse_from_str(seed::DAY, "%Y-%m-%d").expect("day");
    let team_day = store.team_day(&world.team, day).expect("team day");
    let meetings: usize = team_day.counselors.iter().map(|c| c.meetings.len()).sum();
    let in_week = store.counselor_calendar(&world.counselors[0].id, seed::week()).expect("calendar").len();
    println!(
        "\n{backend}: {} bookings placed for {} counselors in {:.1} s; the team's day {} holds {meetings} meetings, \
         the first counselor's week {} holds {in_week}",
        world.placed,
        world.counselors.len(),
        started.elapsed().as_secs_f64(),
        seed::DAY,
        seed::WEEK
    );
    let certs = tempfile::tempdir().expect("a directory");
    planner::tls::create_dev_pki(certs.path(), false).expect("development certificates");
    let running = Running::start(url, db::TEST_DATA_KEY, store.clone(), seed::now(), certs.path());
    let summoner = seed::session(
        &store,
        "indkalder@kk.dk",
        Role::Summoner,
        Cluster::Team(world.jobcenter.clone(), world.team.clone()),
    );
    let administrator = seed::session(
        &store,
        "admin@kk.dk",
        Role::Administrator,
        Cluster::Jobcenter(world.jobcenter.clone()),
    );
    let (secret, csrf) = summoner;
    let summoner = Client::new(running.web, certs.path(), &secret);
    let administrator = Client::new(running.web, certs.path(), &administrator.0);
    let anonymous = Client::new(running.web, certs.path(), "");

    println!("\n| Page ({backend}) | Runs | Client median | Client p95 | Server (request log) median / p95 | Body bytes | Encoding | Median < 30 ms |");
    println!("|---|---|---|---|---|---|---|---|");
    let mut missed = Vec::new();
    let team_path = format!("/calendar/team/{}?day={}", world.team.as_str(), seed::DAY);
    if !timed(&summoner, "team day view", &team_path, "/calendar/team/{team}") {
        missed.push(format!("{backend}: team day view over {} median", ms(TARGET)));
    }
    let week_path = format!("/calendar/{}?week={}", world.counselors[0].id.as_str(), seed::WEEK);
    if !timed(&summoner, "week view", &week_path, "/calendar/{counselor}") {
        missed.push(format!("{backend}: week view over {} median", ms(TARGET)));
    }
    println!();
    let all = pages::all(&world, &csrf);
    missed.extend(
        pages::check(&all, &summoner, &administrator, &anonymous)
            .into_iter()
            .map(|m| format!("{backend}: {m}")),
    );
    drop(running);
    missed
}

fn main() {
    // `cargo test --benches` runs bench binaries with `--test`: nothing to check here.
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    serve::keep_request_log();
    let postgres = ["PLANNER_BENCH_DATABASE_URL", "PLANNER_TEST_DATABASE_URL"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|url| !url.trim().is_empty()));
    let mut missed = Vec::new();
    let sqlite = db::fresh_sqlite();
    missed.extend(run("sqlite", &sqlite.url));
    if let Some(admin_url) = postgres {
        let database = db::fresh_postgres(&admin_url);
        missed.extend(run("postgres", &database.url));
    }
    if missed.is_empty() {
        println!("\nevery target met");
    } else {
        println!("\nmissed:\n{}", missed.join("\n"));
    }
}
