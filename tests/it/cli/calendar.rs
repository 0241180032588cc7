//! `planner calendar import`: busy time from an ICS file into a demo database, a refused empty
//! calendar that keeps the blocks, and one-line errors on bad input.

use std::path::Path;
use std::process::Output;

use crate::support::binary::{self, one_line_error, stdout};

fn planner(directory: &Path, args: &[&str]) -> Output {
    binary::run(directory, args)
}

#[test]
fn import_creates_blocks_refuses_an_empty_calendar_and_clears_on_request() {
    let directory = tempfile::tempdir().unwrap();
    let dir = directory.path();
    stdout(&planner(dir, &["demo-data"]));
    let list = stdout(&planner(dir, &["counselors", "list", "--jobcenter", "00101"]));
    let counselor = list.split_whitespace().next().expect("a demo counselor").to_owned();
    let start = (chrono::Utc::now() + chrono::Duration::days(2)).format("%Y%m%dT090000");
    let ics = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:x\r\n\
         DTSTART;TZID=Europe/Copenhagen:{start}\r\nDURATION:PT1H\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    );
    std::fs::write(dir.join("busy.ics"), ics).unwrap();
    std::fs::write(dir.join("empty.ics"), "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n").unwrap();
    let imported = stdout(&planner(dir, &["calendar", "import", "--counselor", &counselor, "busy.ics"]));
    assert!(imported.starts_with("imported: 4 created"), "{imported}");
    let again = stdout(&planner(dir, &["calendar", "import", "--counselor", &counselor, "busy.ics"]));
    assert!(again.contains("4 unchanged"), "{again}");
    let refused =
        one_line_error(&planner(dir, &["calendar", "import", "--counselor", &counselor, "empty.ics"]));
    assert!(refused.contains("no busy events") && refused.contains("4 imported blocks"), "{refused}");
    let cleared = stdout(&planner(
        dir,
        &["calendar", "import", "--counselor", &counselor, "empty.ics", "--allow-empty"],
    ));
    assert!(cleared.contains("4 removed"), "{cleared}");
    let missing =
        one_line_error(&planner(dir, &["calendar", "import", "--counselor", &counselor, "nope.ics"]));
    assert!(missing.contains("nope.ics"), "{missing}");
    let bad = one_line_error(&planner(dir, &["calendar", "import", "--counselor", "x", "busy.ics"]));
    assert!(bad.contains("invalid counselor id 'x'"), "{bad}");
}
