//! `planner dfdg pull` as an operator runs it (the built binary), and the `[dfdg]` settings.

use std::process::Command;
use std::time::Duration;

use planner::config::Settings;

use crate::support::db::TEST_DATA_KEY;
use crate::support::dfdg::{kss_booking, message_xml, planner};
use crate::support::dfdg_sim::{dev_pki, DfdgSim};

fn planner_command(database: &str) -> Command {
    let mut command = crate::support::binary::clean();
    command.env("PLANNER_DATABASE_URL", database).env("PLANNER_DATA_KEY", TEST_DATA_KEY);
    command
}

#[test]
fn dfdg_pull_applies_the_queue_and_prints_what_it_did() {
    let (_dir, pki) = dev_pki();
    let sim = DfdgSim::start(&pki);
    let planner = planner();
    let messages: Vec<String> = (0..3)
        .map(|n| message_xml(&uuid::Uuid::new_v4().to_string(), 1, &kss_booking(&planner, n)))
        .collect();
    sim.enqueue("IndkaldelseMessageService", messages);
    let output = planner_command(&planner.db.url)
        .env("PLANNER_DFDG_URL", &sim.url)
        .env("PLANNER_DFDG_CERT", pki.join("admin.pem"))
        .env("PLANNER_DFDG_KEY", pki.join("admin-key.pem"))
        .env("PLANNER_DFDG_CA", pki.join("ca.pem"))
        .args(["dfdg", "pull"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout} {}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("applied: 3"), "{stdout}");
    assert_eq!(crate::support::dfdg::booked(&planner).len(), 3);
    assert_eq!(sim.pending(), 0);

    let log = planner_command(&planner.db.url).args(["dfdg", "log", "-n", "10"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&log.stdout);
    assert!(log.status.success(), "{:?} {}", log.status, String::from_utf8_lossy(&log.stderr));
    assert_eq!(stdout.lines().filter(|line| line.contains("applied")).count(), 3, "{stdout}");
    for n in 0..3 {
        assert!(!stdout.contains(&kss_booking(&planner, n).cpr), "no CPR in the WSRM log: {stdout}");
    }
}

#[test]
fn dfdg_pull_without_a_url_says_what_to_set() {
    let planner = planner();
    let output = planner_command(&planner.db.url).args(["dfdg", "pull"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("PLANNER_DFDG_URL"), "{stderr}");
}

#[test]
fn dfdg_settings_come_from_the_file_and_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("planner.toml");
    std::fs::write(
        &file,
        "[dfdg]\nurl = \"https://dfdg.example/\"\npull_interval_seconds = 60\nattempts = 5\n",
    )
    .unwrap();
    let settings = Settings::load(Some(&file), |_| None).unwrap();
    assert_eq!(settings.dfdg.url.as_deref(), Some("https://dfdg.example"));
    assert_eq!((settings.dfdg.pull_interval, settings.dfdg.attempts), (Duration::from_secs(60), 5));
    let env = |name: &str| (name == "PLANNER_DFDG_PULL_INTERVAL_SECONDS").then(|| "30".to_owned());
    assert_eq!(Settings::load(Some(&file), env).unwrap().dfdg.pull_interval, Duration::from_secs(30));
    assert_eq!(Settings::load(None, |_| None).unwrap().dfdg.url, None, "off by default");

    std::fs::write(&file, "[dfdg]\nurll = \"https://dfdg.example\"\n").unwrap();
    let error = format!("{:#}", Settings::load(Some(&file), |_| None).unwrap_err());
    assert!(error.contains("urll"), "{error}");
    std::fs::write(&file, "[dfdg]\nurl = \"dfdg.example\"\n").unwrap();
    let error = format!("{:#}", Settings::load(Some(&file), |_| None).unwrap_err());
    assert!(error.contains("dfdg.url"), "{error}");
}

/// A short command on PostgreSQL used to crash at exit now and then (SIGSEGV or SIGABRT in about
/// one run in six): the pool was still opening a spare TLS connection to PostgreSQL in the
/// background while the process tore OpenSSL down. Twenty-five runs in a row must all exit 0.
#[test]
fn short_commands_on_postgresql_exit_cleanly() {
    if crate::support::postgres::url().is_none() {
        return;
    }
    let planner = planner();
    assert_eq!(planner.db.backend, crate::support::db::Backend::Postgres);
    for run in 0..25 {
        let output = planner_command(&planner.db.url).args(["dfdg", "log", "-n", "1"]).output().unwrap();
        assert!(
            output.status.success(),
            "run {run}: {:?} {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn dfdg_fejlmeldinger_prints_the_newest_reports_with_cprs_masked() {
    let planner = planner();
    let now = chrono::Utc::now();
    for (n, code) in [101, 102, 103].into_iter().enumerate() {
        let report = planner::store::ErrorReport {
            offer: (n == 1).then(|| planner.seeded.offer.id.clone()),
            booking: None,
            code,
            text: Some(format!("borger 0101901234 nummer {n}")),
            origin: if n == 1 { 32 } else { 30 },
            reported_at: now,
        };
        let received = now + chrono::Duration::seconds(n as i64);
        planner.store.record_error_report("CVR:55568510-FID:dfdg", &report, received).unwrap();
    }
    let output =
        planner_command(&planner.db.url).args(["dfdg", "fejlmeldinger", "-n", "2"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout} {}", String::from_utf8_lossy(&output.stderr));
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "a header and the two newest: {stdout}");
    assert!(lines[1].contains(" 103 ") && lines[1].contains("DFDG"), "{stdout}");
    assert!(lines[2].contains(" 102 ") && lines[2].contains("Jobnet"), "{stdout}");
    assert!(lines[2].contains(&format!("offer={}", planner.seeded.offer.id)), "{stdout}");
    assert!(!stdout.contains("0101901234") && stdout.contains("borger ********** nummer 2"), "{stdout}");

    let refused =
        planner_command(&planner.db.url).args(["dfdg", "fejlmeldinger", "-n", "0"]).output().unwrap();
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("-n 0"));
}
