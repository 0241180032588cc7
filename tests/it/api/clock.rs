//! The clock runs of `.ci/run` (issue 14): the suite runs again with the clock starting at a
//! Sunday morning, at both DST changes and at New Year's Eve. This test makes such a run prove
//! that the clock really was moved, in this process and in the real `planner` binary it starts,
//! so a broken runner cannot pass silently.

use std::process::Command;

use chrono::{DateTime, Duration, NaiveDateTime, Utc};

/// The instant a clock run starts at (`PLANNER_FAKE_START`, UTC), if this is one.
fn fake_start() -> Option<DateTime<Utc>> {
    let text = std::env::var("PLANNER_FAKE_START").ok()?;
    let start = NaiveDateTime::parse_from_str(&text, "%Y-%m-%d %H:%M:%S")
        .unwrap_or_else(|e| panic!("PLANNER_FAKE_START '{text}': {e}"));
    Some(start.and_utc())
}

#[test]
fn a_clock_run_runs_at_its_instant() {
    let Some(start) = fake_start() else {
        eprintln!("skipped: not a clock run (PLANNER_FAKE_START not set)");
        return;
    };
    let now = Utc::now();
    assert!(
        now >= start && now < start + Duration::hours(2),
        "this process's clock reads {now}, not {start}"
    );
    // The binary's own clock: `certs dev` writes certificates valid from its "now".
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_planner"))
        .args(["certs", "dev", "--dir"])
        .arg(dir.path())
        .env("PLANNER_DATABASE_URL", dir.path().join("clock.db"))
        .status()
        .unwrap();
    assert!(status.success());
    let pem = std::fs::read(dir.path().join("ca.pem")).unwrap();
    let certificate = openssl::x509::X509::from_pem(&pem).unwrap();
    let not_before = certificate.not_before();
    let expected = openssl::asn1::Asn1Time::from_unix(start.timestamp()).unwrap();
    let skew = not_before.diff(&expected).unwrap();
    assert!(skew.days.abs() <= 1, "the binary's clock did not run at {start}: notBefore {not_before}");
}
