//! ICS import of busy time through the store: recurring events across the 2027 DST changes,
//! EXDATE, re-import after a deletion frees time, a failed or empty export never deletes
//! everything, and availability honours imported, pushed and manual blocks at once.

use chrono::{Datelike, Duration, Timelike};
use planner::adapters::calendar::import::{import_text, SOURCE};
use planner::domain::calendar_sync::{EventKey, ExternalEvent};
use planner::domain::{BlockSource, BusyBlock, Interval, JobCenterCode, ZONE};
use planner::store::PushMode;

use crate::support::both_backends;
use crate::support::store::*;

fn calendar(events: &str) -> String {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{events}END:VCALENDAR\r\n")
}

/// Tuesdays 10:00-11:00 Copenhagen time from 2 March 2027, 40 times, without 16 March.
const WEEKLY: &str = "BEGIN:VEVENT\r\nUID:team-meeting\r\nDTSTART;TZID=Europe/Copenhagen:20270302T100000\r\n\
DTEND;TZID=Europe/Copenhagen:20270302T110000\r\nRRULE:FREQ=WEEKLY;COUNT=40\r\n\
EXDATE;TZID=Europe/Copenhagen:20270316T100000\r\nEND:VEVENT\r\n";

/// Wednesday 3 March 13:00-14:00.
const DENTIST: &str =
    "BEGIN:VEVENT\r\nUID:dentist\r\nDTSTART:20270303T120000Z\r\nDTEND:20270303T130000Z\r\nEND:VEVENT\r\n";

fn imported(db: &TestDb, seed: &Seed) -> Vec<Interval> {
    let year = window(now(), now() + Duration::days(365));
    db.blocks_of(&seed.counselors[0].id, BlockSource::CalendarSync, Some(year))
        .unwrap()
        .into_iter()
        .map(|b| b.block.interval)
        .collect()
}

fn weekly_event_stays_at_local_time_across_dst_and_exdate_skips_one(db: &TestDb) {
    let seed = seed(db, 1);
    let counselor = &seed.counselors[0].id;
    let summary =
        import_text(db, counselor, &calendar(&format!("{WEEKLY}{DENTIST}")), false, now()).unwrap().summary;
    assert_eq!((summary.created, summary.deleted), (40, 0));
    let blocks = imported(db, &seed);
    let weekly: Vec<&Interval> =
        blocks.iter().filter(|b| b.start().weekday() == chrono::Weekday::Tue).collect();
    assert_eq!(weekly.len(), 39, "COUNT=40 with one EXDATE");
    assert!(weekly.iter().all(|b| b.start().with_timezone(&ZONE).hour() == 10));
    // 30 March (summer time, 08:00 UTC) and 2 November (winter time again, 09:00 UTC).
    let utc_hour = |m: u32, d: u32| {
        weekly.iter().find(|b| (b.start().month(), b.start().day()) == (m, d)).map(|b| b.start().hour())
    };
    assert_eq!((utc_hour(3, 23), utc_hour(3, 30), utc_hour(11, 2)), (Some(9), Some(8), Some(9)));
    assert_eq!(utc_hour(3, 16), None, "EXDATE");
    assert!(!free_starts(db, &seed.offer, day(2), now()).contains(&local(2, 10, 0)));
    assert!(!free_starts(db, &seed.offer, day(16), now()).is_empty());
    assert!(free_starts(db, &seed.offer, day(16), now()).contains(&local(16, 10, 0)));
}

fn reimport_after_a_deletion_frees_time_and_a_failed_export_keeps_blocks(db: &TestDb) {
    let seed = seed(db, 1);
    let counselor = &seed.counselors[0].id;
    import_text(db, counselor, &calendar(&format!("{WEEKLY}{DENTIST}")), false, now()).unwrap();
    assert!(!free_starts(db, &seed.offer, day(3), now()).contains(&local(3, 13, 0)));
    let again = import_text(db, counselor, &calendar(WEEKLY), false, now()).unwrap().summary;
    assert_eq!((again.created, again.unchanged, again.deleted), (0, 39, 1));
    assert!(free_starts(db, &seed.offer, day(3), now()).contains(&local(3, 13, 0)));
    // Garbage, a cut-off body and an empty calendar are refused; nothing is removed.
    for body in ["", "<html>502</html>", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n", &calendar("")] {
        assert!(import_text(db, counselor, body, false, now()).is_err(), "{body:?}");
        assert_eq!(db.imported_count(counselor, SOURCE).unwrap(), 39);
    }
    let cleared = import_text(db, counselor, &calendar(""), true, now()).unwrap().summary;
    assert_eq!(cleared.deleted, 39);
    assert!(free_starts(db, &seed.offer, day(2), now()).contains(&local(2, 10, 0)));
}

fn availability_honours_imported_pushed_and_manual_blocks_at_once(db: &TestDb) {
    let seed = seed(db, 1);
    let counselor = &seed.counselors[0];
    let before = free_starts(db, &seed.offer, day(3), now());
    for hour in [9, 11, 13] {
        assert!(before.contains(&local(3, hour, 0)));
    }
    let manual = BusyBlock { interval: window(local(3, 9, 0), local(3, 10, 0)), source: BlockSource::Manual };
    db.add_block(&counselor.id, &manual, None, now()).unwrap();
    let pushed = ExternalEvent {
        key: EventKey::parse("exchange-1").unwrap(),
        resource: counselor.email.clone(),
        interval: window(local(3, 11, 0), local(3, 12, 0)),
    };
    let scope = [JobCenterCode::parse("00101").unwrap()];
    db.push_events("connector", &scope, PushMode::Create, &[pushed], now()).unwrap();
    import_text(db, &counselor.id, &calendar(DENTIST), false, now()).unwrap();
    let after = free_starts(db, &seed.offer, day(3), now());
    for hour in [9, 11, 13] {
        assert!(!after.contains(&local(3, hour, 0)), "{hour}:00 is blocked");
    }
    assert!(after.contains(&local(3, 10, 0)) && after.contains(&local(3, 14, 0)));
}

/// The second Tuesday of each month 10:00-11:00 Copenhagen time plus one extra date (RDATE),
/// and every other week on Monday and Wednesday at 08:00 and 13:00 (BYHOUR), from March 2027:
/// the hand-written expander ignored RDATE and counted a BYHOUR rule once.
const MONTHLY_AND_FORTNIGHTLY: &str = "BEGIN:VEVENT\r\nUID:supervision\r\n\
DTSTART;TZID=Europe/Copenhagen:20270309T100000\r\nDTEND;TZID=Europe/Copenhagen:20270309T110000\r\n\
RRULE:FREQ=MONTHLY;BYDAY=2TU\r\nRDATE;TZID=Europe/Copenhagen:20270316T100000\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:fortnightly\r\nDTSTART;TZID=Europe/Copenhagen:20270301T080000\r\n\
DURATION:PT1H\r\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;BYHOUR=8,13\r\nEND:VEVENT\r\n";

fn local_starts(blocks: &[Interval]) -> Vec<(u32, u32, u32)> {
    let mut out: Vec<(u32, u32, u32)> = blocks
        .iter()
        .map(|b| b.start().with_timezone(&ZONE))
        .map(|t| (t.month(), t.day(), t.hour()))
        .collect();
    out.sort();
    out
}

fn rules_the_old_expander_lacked_block_every_occurrence_across_dst(db: &TestDb) {
    let seed = seed(db, 1);
    let counselor = &seed.counselors[0].id;
    let imported = import_text(db, counselor, &calendar(MONTHLY_AND_FORTNIGHTLY), false, now()).unwrap();
    assert!(imported.refused.is_empty(), "{:?}", imported.refused);
    let starts = local_starts(&imported_blocks(db, &seed));
    let supervision: Vec<(u32, u32)> = starts.iter().filter(|s| s.2 == 10).map(|s| (s.0, s.1)).collect();
    // From 9 March 2027 to the horizon (a year after 1 March 2027), and the extra 16 March.
    assert_eq!(supervision.len(), 13, "{supervision:?}");
    for date in [(3, 9), (3, 16), (4, 13), (11, 9)] {
        assert!(supervision.contains(&date), "{date:?}: {supervision:?}");
    }
    let fortnightly: Vec<(u32, u32)> = starts.iter().filter(|s| s.2 == 8).map(|s| (s.0, s.1)).collect();
    // 27 Mondays and 26 Wednesdays every other week up to 28 February 2028, at 08:00 local on
    // both sides of both changes (28 March, 31 October).
    assert_eq!(fortnightly.len(), 53, "{fortnightly:?}");
    for (month, day) in [(3, 15), (3, 29), (3, 31), (10, 25), (10, 27), (11, 8)] {
        assert!(fortnightly.contains(&(month, day)), "{month}-{day}: {fortnightly:?}");
    }
    assert!(!fortnightly.contains(&(3, 22)) && !fortnightly.contains(&(11, 1)), "every other week");
    assert_eq!(starts.iter().filter(|s| s.2 == 13).count(), 53, "and again at 13:00");
    assert!(!free_starts(db, &seed.offer, day(1), now()).contains(&local(1, 8, 0)));
    assert!(!free_starts(db, &seed.offer, day(9), now()).contains(&local(9, 10, 0)));
}

fn an_unreadable_rule_is_reported_and_keeps_the_stored_blocks(db: &TestDb) {
    let seed = seed(db, 1);
    let counselor = &seed.counselors[0].id;
    import_text(db, counselor, &calendar(MONTHLY_AND_FORTNIGHTLY), false, now()).unwrap();
    let before = imported_blocks(db, &seed).len();
    let broken = MONTHLY_AND_FORTNIGHTLY.replace("FREQ=MONTHLY;BYDAY=2TU", "FREQ=MONTHLY;BYDAY=2XX");
    let imported =
        import_text(db, counselor, &calendar(&format!("{broken}{DENTIST}")), false, now()).unwrap();
    assert_eq!(imported.refused.len(), 1, "{:?}", imported.refused);
    assert_eq!(imported.refused[0].uid, "supervision");
    let line = imported.refused_line().unwrap();
    assert!(line.contains("1 busy event(s) could not be read") && line.contains("'supervision'"), "{line}");
    assert_eq!((imported.summary.created, imported.summary.deleted), (1, 0), "the dentist; nothing removed");
    assert_eq!(imported_blocks(db, &seed).len(), before + 1, "the refused series keeps its blocks");
    // A new unreadable event blocks nothing, but is reported, never counted once.
    let fresh = "BEGIN:VEVENT\r\nUID:new-series\r\nDTSTART:20270302T120000Z\r\nDURATION:PT1H\r\n\
RRULE:FREQ=FORTNIGHTLY\r\nEND:VEVENT\r\n";
    let imported =
        import_text(db, counselor, &calendar(&format!("{broken}{DENTIST}{fresh}")), false, now()).unwrap();
    let uids: Vec<&str> = imported.refused.iter().map(|r| r.uid.as_str()).collect();
    assert_eq!(uids, ["supervision", "new-series"]);
    assert_eq!(imported_blocks(db, &seed).len(), before + 1);
}

fn imported_blocks(db: &TestDb, seed: &Seed) -> Vec<Interval> {
    imported(db, seed)
}

both_backends!(
    rules_the_old_expander_lacked_block_every_occurrence_across_dst,
    an_unreadable_rule_is_reported_and_keeps_the_stored_blocks,
    weekly_event_stays_at_local_time_across_dst_and_exdate_skips_one,
    reimport_after_a_deletion_frees_time_and_a_failed_export_keeps_blocks,
    availability_honours_imported_pushed_and_manual_blocks_at_once,
);
