//! `planner sivi import` and `planner planlink` as operators use them: the built binary in a
//! temporary directory with its own SQLite database.

use std::path::Path;
use std::process::{Command, Output};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sivi/sick-report.xml");

use crate::support::binary::{self, stdout};

fn planner(directory: &Path) -> Command {
    binary::command(directory, "warn")
}

/// The one-line error of a failed run.
fn error_line(output: &Output) -> String {
    assert!(!output.status.success(), "expected a failure");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let errors: Vec<&str> = stderr.lines().filter(|line| line.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    errors[0].to_owned()
}

#[test]
fn sivi_import_validates_every_file_first_and_is_idempotent() {
    let directory = tempfile::tempdir().unwrap();
    let valid = std::fs::read_to_string(FIXTURE).unwrap();
    let broken = directory.path().join("broken.xml");
    std::fs::write(&broken, valid.replace("<PrcVrzm>100.00</PrcVrzm>", "")).unwrap();
    let output = planner(directory.path()).args(["sivi", "import", FIXTURE]).arg(&broken).output().unwrap();
    let line = error_line(&output);
    assert!(line.contains("broken.xml"), "{line}");
    assert!(line.contains("Vrzm[1]/PrcVrzm: required element is missing"), "{line}");

    let first = stdout(&planner(directory.path()).args(["sivi", "import", FIXTURE]).output().unwrap());
    assert!(first.contains("recorded message 'XS-DEMO/ref-1'"), "nothing was stored before: {first}");
    assert!(first.contains("case V-1 #1: sick_report"), "{first}");
    assert!(!first.contains("111222333"), "the BSN is never printed: {first}");
    let second = stdout(&planner(directory.path()).args(["sivi", "import", FIXTURE]).output().unwrap());
    assert!(second.contains("already recorded message 'XS-DEMO/ref-1'"), "{second}");
}

#[test]
fn planlink_prints_a_signed_link_or_one_line_error() {
    let directory = tempfile::tempdir().unwrap();
    let args = ["planlink", "--person", "p-1", "--caseworker", "CVR:64942212-FID:cw"];
    let line = error_line(&planner(directory.path()).args(args).output().unwrap());
    assert!(line.contains("PLANNER_PLANLINK_TOKEN"), "{line}");
    let mut command = planner(directory.path());
    command.args(args).env("PLANNER_PLANLINK_TOKEN", "planlink-cli-token-0123456789");
    let link = stdout(&command.output().unwrap());
    assert!(
        link.starts_with(
            "https://127.0.0.1:8444/planlink?person=p-1&caseworker=CVR:64942212-FID:cw&expires="
        ),
        "{link}"
    );
    assert!(link.contains("&nonce=") && link.contains("&sig="), "{link}");
    let mut command = planner(directory.path());
    command
        .args(["planlink", "--person", "0101901234", "--caseworker", "cw"])
        .env("PLANNER_PLANLINK_TOKEN", "planlink-cli-token-0123456789");
    let line = error_line(&command.output().unwrap());
    assert!(line.contains("'person'") && !line.contains("0101901234"), "{line}");
}
