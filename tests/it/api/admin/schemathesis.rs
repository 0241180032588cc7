//! schemathesis (PyPI) against the served `/admin/v1/openapi.json`: generated requests to every
//! operation, and each answer checked against the document (no 5xx, a documented status and
//! content type, a body that matches its schema; errors are problem+json by the `default`
//! answer). Path ids and the `jobcenter` query point at seeded rows, so success answers are
//! validated too, not only 404s.
//!
//! schemathesis comes from the interop venv (`PLANNER_ZEEP_PYTHON`, installed by `.ci/run`); on
//! a machine without it the test says it skipped, and `PLANNER_REQUIRE_INTEROP=1` (CI) turns that
//! into a failure. `PLANNER_SCHEMATHESIS_EXAMPLES` sets the examples per operation (default 10).

use std::ffi::OsString;
use std::fmt::Write as _;
use std::process::Command;

use chrono::{TimeZone, Utc};

use super::support::{booking, seed, ADMIN};
use crate::support::app::spawn_app_at;

/// The checks that decide the run.
const CHECKS: &str =
    "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance";

/// The interop venv's Python, if schemathesis is importable there.
fn python_with_schemathesis() -> Option<OsString> {
    let python = std::env::var_os("PLANNER_ZEEP_PYTHON")?;
    let found = Command::new(&python)
        .args(["-c", "import schemathesis"])
        .output()
        .is_ok_and(|output| output.status.success());
    found.then_some(python)
}

/// A TOML string (the values here are ids and codes, but quote them properly anyway).
fn toml(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Operations whose path parameters name seeded rows: (operation id regex, parameter, value).
fn config(overrides: &[(&str, &str, String)]) -> String {
    let mut out = String::from("[parameters]\n\"query.jobcenter\" = \"00101\"\n");
    for (operations, parameter, value) in overrides {
        let _ = write!(
            out,
            "\n[[operations]]\ninclude-operation-id-regex = {}\nparameters = {{ \"path.{parameter}\" = {} }}\n",
            toml(operations),
            toml(value)
        );
    }
    out
}

#[test]
fn schemathesis_finds_no_failure_in_the_admin_api() {
    let Some(python) = python_with_schemathesis() else {
        if std::env::var_os("PLANNER_REQUIRE_INTEROP").is_some() {
            panic!("schemathesis is required (PLANNER_REQUIRE_INTEROP is set)");
        }
        eprintln!("skipped: schemathesis (set PLANNER_ZEEP_PYTHON to a python with schemathesis installed)");
        return;
    };
    // A Monday with working days ahead, so the seeded booking and summons find free time.
    let app = spawn_app_at(Utc.with_ymd_and_hms(2027, 3, 1, 7, 0, 0).unwrap());
    let seeded = seed(&app);
    let counselor = &seeded.counselors[0];
    let booked = booking(&app, 1, &counselor.caseworker, &seeded.jobcenter, 2);
    let overrides = [
        (
            r"^admin\.(counselors|hours|exceptions|blocks|calendar\.(feeds|import))\.",
            "id",
            counselor.id.as_str().to_owned(),
        ),
        (r"^admin\.offers\.", "id", seeded.offer.id.as_str().to_owned()),
        (r"^admin\.bookings\.", "id", booked.as_str().to_owned()),
        (r"^admin\.closing_days\.customary$", "key", "juleaftensdag".to_owned()),
    ];
    let dir = tempfile::tempdir().unwrap();
    let config_path = dir.path().join("schemathesis.toml");
    std::fs::write(&config_path, config(&overrides)).unwrap();
    let examples = std::env::var("PLANNER_SCHEMATHESIS_EXAMPLES").unwrap_or_else(|_| "10".to_owned());
    let url = format!("http://{}/admin/v1/openapi.json", app.address);
    let mut command = Command::new(python);
    command
        .current_dir(dir.path())
        .args(["-m", "schemathesis.cli", "--no-color", "--config-file"])
        .arg(&config_path)
        .args(["run", &url, "--checks", CHECKS, "--max-examples", &examples])
        .args(["--phases", "examples,coverage,fuzzing", "--seed", "1", "--workers", "1"])
        .args(["--generation-database", "none", "--request-timeout", "20"])
        .args(["--header", &format!("X-Planner-Caller: {ADMIN}")]);
    // A HAR of every exchange, for a failure's investigation.
    if let Some(report) = std::env::var_os("PLANNER_SCHEMATHESIS_REPORT") {
        command.args(["--report", "har", "--report-dir"]).arg(report);
    }
    let output = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "schemathesis found failures:\n{stdout}\n{stderr}");
}
