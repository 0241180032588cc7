//! The one gate of every PostgreSQL test: [`url`] (or [`database`]) either hands out the
//! database of `PLANNER_TEST_DATABASE_URL`, or records that the calling test was skipped.
//!
//! A skip is never silent: it writes a line naming the test to the real stderr (past libtest's
//! capture, so a plain `cargo test` shows it), and at process exit the total is printed once.
//! With `PLANNER_REQUIRE_POSTGRES=1` (set by `.ci/run`) a skip is a test failure instead.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Once;

use crate::support::db::{self, TestDb, POSTGRES_ENV};

/// The environment variable that turns a PostgreSQL skip into a failure (`1`).
pub const REQUIRE_ENV: &str = "PLANNER_REQUIRE_POSTGRES";

static SKIPPED: AtomicUsize = AtomicUsize::new(0);
static REPORT_AT_EXIT: Once = Once::new();

extern "C" {
    fn atexit(callback: extern "C" fn()) -> i32;
}

/// The PostgreSQL URL for this test, or `None` after recording the test as skipped (a panic
/// instead when PostgreSQL is required).
pub fn url() -> Option<String> {
    let url = db::postgres_url();
    if url.is_none() {
        skip();
    }
    url
}

/// A fresh PostgreSQL schema for this test, or `None` after recording the test as skipped.
pub fn database() -> Option<TestDb> {
    url().map(|url| db::fresh_postgres(&url))
}

fn skip() {
    let test = std::thread::current().name().unwrap_or("<unnamed test>").to_owned();
    if std::env::var(REQUIRE_ENV).is_ok_and(|value| value == "1") {
        panic!("{test} needs PostgreSQL: {REQUIRE_ENV}=1 is set but {POSTGRES_ENV} is not");
    }
    say(&format!("SKIPPED (no PostgreSQL): {test} (set {POSTGRES_ENV} to run it)\n"));
    SKIPPED.fetch_add(1, Ordering::SeqCst);
    REPORT_AT_EXIT.call_once(|| {
        // SAFETY: `atexit` is the C library's; `report` is a plain `extern "C" fn()` that stays
        // valid for the life of the process, does not unwind, and is registered only once.
        let registered = unsafe { atexit(report) };
        assert_eq!(registered, 0, "cannot register the PostgreSQL skip report");
    });
}

/// Runs at process exit (libtest ends with `process::exit`): the number of skipped tests.
extern "C" fn report() {
    let skipped = SKIPPED.load(Ordering::SeqCst);
    say(&format!("PostgreSQL: {skipped} tests skipped (set {POSTGRES_ENV} to run them)\n"));
}

/// Writes `line` to the process's stderr in one write, past libtest's output capture.
fn say(line: &str) {
    let _ = std::io::stderr().write_all(line.as_bytes());
}
