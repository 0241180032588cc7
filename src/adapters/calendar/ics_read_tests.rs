//! The ICS reader against calendars shaped like Outlook and Google exports.

use chrono::{Datelike, TimeZone, Timelike};

use super::*;

fn window() -> Interval {
    Interval::new(
        Utc.with_ymd_and_hms(2027, 3, 1, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2027, 12, 1, 0, 0, 0).unwrap(),
    )
    .unwrap()
}

const CALENDAR: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n\
BEGIN:VTIMEZONE\r\nTZID:Romance Standard Time\r\nBEGIN:STANDARD\r\nDTSTART:16010101T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n\
BEGIN:VEVENT\r\nUID:weekly-1\r\nDTSTART;TZID=Romance Standard Time:20270308T090000\r\nDTEND;TZID=Romance Standard Time:20270308T100000\r\n\
RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20271108T235959Z\r\nEXDATE;TZID=Romance Standard Time:20270412T090000\r\n\
BEGIN:VALARM\r\nTRIGGER:-PT15M\r\nACTION:DISPLAY\r\nEND:VALARM\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:weekly-1\r\nRECURRENCE-ID;TZID=Romance Standard Time:20270315T090000\r\n\
DTSTART;TZID=Romance Standard Time:20270315T130000\r\nDTEND;TZID=Romance Standard Time:20270315T140000\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:all-day\r\nDTSTART;VALUE=DATE:20270401\r\nDTEND;VALUE=DATE:20270403\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:utc-with-dura\r\n tion\r\nDTSTART:20270501T080000Z\r\nDURATION:PT1H30M\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:floating\r\nDTSTART:20270601T120000\r\nDTEND:20270601T123000\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:cancelled\r\nSTATUS:CANCELLED\r\nDTSTART:20270601T120000Z\r\nDTEND:20270601T130000Z\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:free\r\nTRANSP:TRANSPARENT\r\nDTSTART:20270601T120000Z\r\nDTEND:20270601T130000Z\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";

#[test]
fn reads_outlook_shaped_calendars() {
    let parsed = parse(CALENDAR, window()).unwrap();
    assert_eq!(parsed.events, 7);
    let of =
        |uid: &str| parsed.busy.iter().filter(|b| b.key.starts_with(&format!("{uid}/"))).collect::<Vec<_>>();
    let weekly = of("weekly-1");
    // 8 March to 8 November: 36 Mondays, minus the EXDATE and the moved 15 March, plus the moved one.
    assert_eq!(weekly.len(), 35);
    let local: Vec<u32> = weekly.iter().map(|b| b.interval.start().with_timezone(&ZONE).hour()).collect();
    assert_eq!(local.iter().filter(|h| **h == 9).count(), 34, "09:00 local, summer and winter");
    assert_eq!(local.iter().filter(|h| **h == 13).count(), 1, "the moved occurrence");
    assert!(!weekly.iter().any(|b| b.interval.start().with_timezone(&ZONE).date_naive()
        == NaiveDate::from_ymd_opt(2027, 4, 12).unwrap()));
    let all_day = of("all-day");
    assert_eq!(all_day.len(), 1);
    assert_eq!(all_day[0].interval.end() - all_day[0].interval.start(), Duration::days(2));
    assert_eq!(all_day[0].interval.start().with_timezone(&ZONE).hour(), 0);
    let utc = of("utc-with-duration");
    assert_eq!((utc[0].interval.start().hour(), utc[0].interval.end().minute()), (8, 30));
    let floating = of("floating");
    assert_eq!(floating[0].interval.start().with_timezone(&ZONE).hour(), 12, "floating = Copenhagen");
    assert!(of("cancelled").is_empty() && of("free").is_empty());
}

#[test]
fn yearly_and_set_position_rules_block_every_occurrence() {
    // Outlook's yearly all-day holiday and its "last weekday of the month" staff meeting.
    let calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n\
BEGIN:VEVENT\r\nUID:grundlovsdag\r\nDTSTART;VALUE=DATE:20260605\r\nDTEND;VALUE=DATE:20260606\r\n\
RRULE:FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=5\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:staff\r\nDTSTART:20270129T140000\r\nDTEND:20270129T150000\r\n\
RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let parsed = parse(calendar, window()).unwrap();
    let dates = |uid: &str| -> Vec<NaiveDate> {
        let prefix = format!("{uid}/");
        let busy = parsed.busy.iter().filter(|b| b.key.starts_with(&prefix));
        busy.map(|b| b.interval.start().with_timezone(&ZONE).date_naive()).collect()
    };
    assert_eq!(dates("grundlovsdag"), [NaiveDate::from_ymd_opt(2027, 6, 5).unwrap()]);
    let staff: Vec<u32> = dates("staff").iter().map(|d| d.day()).collect();
    // March to November 2027: the last weekday of each month.
    assert_eq!(staff, [31, 30, 31, 30, 30, 31, 30, 29, 30]);
}

#[test]
fn garbage_and_cut_off_bodies_are_errors_not_empty_calendars() {
    assert!(parse("", window()).is_err());
    assert!(parse("<html>502 Bad Gateway</html>", window()).is_err());
    assert!(parse("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n", window()).is_err());
    let empty = parse("BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n", window()).unwrap();
    assert_eq!((empty.events, empty.busy.len()), (0, 0));
}

#[test]
fn durations() {
    assert_eq!(duration("PT1H30M"), Some(Duration::minutes(90)));
    assert_eq!(duration("P1W"), Some(Duration::weeks(1)));
    assert_eq!(duration("P1DT2H"), Some(Duration::hours(26)));
    assert_eq!(duration("1H"), None);
}

#[test]
fn unreadable_busy_events_are_refused_by_name_never_counted_once() {
    let calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n\
BEGIN:VEVENT\r\nUID:odd-rule\r\nDTSTART:20270302T090000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=WEEKLY;BYDAY=XX\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:free-odd-rule\r\nTRANSP:TRANSPARENT\r\nDTSTART:20270302T090000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=NEVER\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nDTSTART:20270303T090000Z\r\nDURATION:PT1H\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:bad-start\r\nDTSTART:2027-03-04\r\nDURATION:PT1H\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:hourly\r\nDTSTART;TZID=Europe/Copenhagen:20271031T000000\r\nDURATION:PT30M\r\n\
RRULE:FREQ=HOURLY;COUNT=5\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let parsed = parse(calendar, window()).unwrap();
    let refused: Vec<&str> = parsed.refused.iter().map(|r| r.uid.as_str()).collect();
    assert_eq!(refused, ["odd-rule", "", "bad-start"], "{:?}", parsed.refused);
    assert!(parsed.refused[1].reason.contains("UID") && parsed.refused[2].reason.contains("DTSTART"));
    assert!(!parsed.busy.iter().any(|b| b.key.starts_with("odd-rule/")), "not one occurrence");
    // On the autumn change, wall-clock hours 00-04 are five occurrences (02:00 the first one).
    let hourly: Vec<DateTime<Utc>> = parsed.busy.iter().map(|b| b.interval.start()).collect();
    assert_eq!(hourly.len(), 5);
    assert_eq!(hourly[2], Utc.with_ymd_and_hms(2027, 10, 31, 0, 0, 0).unwrap(), "02:00 CEST");
}
