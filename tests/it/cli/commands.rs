//! The `planner` binary as operators and scripts use it (contract §8): exit codes, one-line
//! errors, migrations, and a clean exit after SIGTERM.
//!
//! Each test runs the built binary in its own temporary directory with the `PLANNER_*`
//! variables removed, so the defaults (a `planner.db` in the working directory) apply.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use crate::support::binary;

fn planner(directory: &Path) -> Command {
    binary::command(directory, "info")
}

fn run(command: &mut Command) -> Output {
    command.output().expect("run the planner binary")
}

/// Asserts a failure with exactly one line on stderr, starting with `error: `; returns it.
fn one_line_error(output: &Output) -> String {
    assert!(!output.status.success(), "expected failure, got {:?}", output.status);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "expected one line on stderr, got: {stderr}");
    assert!(lines[0].starts_with("error: "), "{stderr}");
    lines[0].to_owned()
}

#[test]
fn migrate_creates_the_database_and_can_run_twice() {
    let directory = tempfile::tempdir().unwrap();
    let first = run(planner(directory.path()).arg("migrate"));
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert!(directory.path().join("planner.db").is_file());
    assert!(directory.path().join("planner.db.key").is_file(), "a development data key is kept");
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert!(stderr.contains("development data key"), "the dev key is announced: {stderr}");
    let second = run(planner(directory.path()).arg("migrate"));
    assert!(second.status.success(), "{}", String::from_utf8_lossy(&second.stderr));
    assert!(String::from_utf8_lossy(&second.stderr).contains("0 migration(s) applied"));
}

#[test]
fn serve_without_insecure_http_refuses_in_one_line() {
    let directory = tempfile::tempdir().unwrap();
    let output = run(planner(directory.path()).args(["serve", "--listen", "127.0.0.1:0"]));
    let line = one_line_error(&output);
    assert!(line.contains("--insecure-http"), "{line}");
    assert!(!directory.path().join("planner.db").exists(), "nothing is touched before refusing");
}

#[test]
fn unknown_database_scheme_refuses_in_one_line() {
    let directory = tempfile::tempdir().unwrap();
    let output = run(planner(directory.path()).arg("migrate").env("PLANNER_DATABASE_URL", "mysql://x"));
    let line = one_line_error(&output);
    assert!(line.contains("'mysql'"), "{line}");
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn unknown_configuration_key_refuses_in_one_line() {
    let directory = tempfile::tempdir().unwrap();
    std::fs::write(directory.path().join("planner.toml"), "[tls]\ncertificate = \"x.pem\"\n").unwrap();
    let output = run(planner(directory.path()).args(["--config", "planner.toml", "migrate"]));
    let line = one_line_error(&output);
    assert!(line.contains("certificate") && line.contains("planner.toml"), "{line}");
}

#[test]
fn usage_errors_exit_2() {
    let directory = tempfile::tempdir().unwrap();
    let output = run(planner(directory.path()).arg("frobnicate"));
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn serve_answers_then_exits_0_on_sigterm() {
    let directory = tempfile::tempdir().unwrap();
    let mut child = planner(directory.path())
        .args(["serve", "--insecure-http", "--listen", "127.0.0.1:0"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    let address = loop {
        let mut line = String::new();
        if stderr.read_line(&mut line).unwrap() == 0 {
            panic!("planner serve ended before serving: {seen}");
        }
        seen.push_str(&line);
        if let Some((_, address)) = line.split_once("serving on http://") {
            break address.trim().to_owned();
        }
    };
    let mut stream = TcpStream::connect(&address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    stream.write_all(b"GET /health/ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");

    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    let mut rest = String::new();
    let _ = stderr.read_to_string(&mut rest);
    assert!(status.success(), "exit {status:?}; stderr: {seen}{rest}");
    assert!(rest.contains("server stopped"), "{rest}");
}

/// The README's first command: demo data loads on a fresh machine, prints what a client needs,
/// and a second run changes nothing.
#[test]
fn demo_data_prints_what_a_client_needs_and_can_run_twice() {
    let directory = tempfile::tempdir().unwrap();
    let first = run(planner(directory.path()).args(["demo-data", "--json"]));
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let summary: serde_json::Value = serde_json::from_slice(&first.stdout).expect("JSON on stdout");
    assert_eq!(summary["jobcenters"][0]["code"], "00101");
    let offers = summary["offers"].as_array().unwrap();
    assert_eq!(offers.len(), 5);
    for offer in offers {
        assert!(offer["id"].as_str().unwrap().len() == 36, "{offer}");
        assert!(!offer["caseworker_ids"].as_array().unwrap().is_empty(), "{offer}");
        assert!(!offer["contact_groups"].as_array().unwrap().is_empty(), "{offer}");
    }
    assert_eq!(summary["counselors"].as_array().unwrap().len(), 20);
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert!(!stderr.contains(summary["sample_citizen_cprs"][0].as_str().unwrap()), "no CPR in logs");

    let second = run(planner(directory.path()).args(["demo-data", "--json"]));
    assert!(second.status.success(), "{}", String::from_utf8_lossy(&second.stderr));
    let again: serde_json::Value = serde_json::from_slice(&second.stdout).unwrap();
    assert_eq!(again["offers"], summary["offers"]);
}
