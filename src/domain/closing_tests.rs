//! Tests of the closing calendar: the holiday lists of 2026-2030, Easter, customary and local
//! days, and the UTC intervals across both DST changes.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};

use super::*;

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

fn time(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

/// The official lists (Easter Sunday 2026-04-05, 2027-03-28, 2028-04-16, 2029-04-01,
/// 2030-04-21), written out by hand, not computed.
const HOLIDAYS_2026_2030: [(i32, [&str; 10]); 5] = [
    (2026, ["01-01", "04-02", "04-03", "04-05", "04-06", "05-14", "05-24", "05-25", "12-25", "12-26"]),
    (2027, ["01-01", "03-25", "03-26", "03-28", "03-29", "05-06", "05-16", "05-17", "12-25", "12-26"]),
    (2028, ["01-01", "04-13", "04-14", "04-16", "04-17", "05-25", "06-04", "06-05", "12-25", "12-26"]),
    (2029, ["01-01", "03-29", "03-30", "04-01", "04-02", "05-10", "05-20", "05-21", "12-25", "12-26"]),
    (2030, ["01-01", "04-18", "04-19", "04-21", "04-22", "05-30", "06-09", "06-10", "12-25", "12-26"]),
];

#[test]
fn public_holidays_of_2026_to_2030_match_the_official_lists() {
    for (year, days) in HOLIDAYS_2026_2030 {
        let computed: Vec<String> =
            public_holidays(year).iter().map(|(d, _)| d.format("%m-%d").to_string()).collect();
        assert_eq!(computed, days, "{year}");
    }
}

#[test]
fn store_bededag_is_a_holiday_up_to_2023_only() {
    let names = public_holidays;
    assert!(names(2023).contains(&(date("2023-05-05"), "Store bededag")));
    assert_eq!(names(2023).len(), 11);
    assert!(names(2024).iter().all(|(_, n)| *n != "Store bededag"));
}

#[test]
fn closed_covers_whole_local_days_across_both_dst_changes() {
    let calendar = ClosingCalendar::default();
    // Påskedag 2027 is 28 March, the spring-forward day (23 hours long). Skærtorsdag and
    // Langfredag merge into one interval, Påskedag and 2. påskedag into another; Saturday is
    // open. Thursday starts at 00:00 CET, Tuesday at 00:00 CEST.
    let window = Interval::new(utc("2027-03-25T00:00:00Z"), utc("2027-03-30T00:00:00Z")).unwrap();
    assert_eq!(
        calendar.closed(window),
        vec![
            Interval::new(utc("2027-03-24T23:00:00Z"), utc("2027-03-26T23:00:00Z")).unwrap(),
            Interval::new(utc("2027-03-27T23:00:00Z"), utc("2027-03-29T22:00:00Z")).unwrap(),
        ]
    );
    // Juledag 2027 to 2. juledag in winter time, and the autumn change (31 October 2027) is a
    // 25-hour day: a closing day on it covers all of it.
    let autumn = ClosingCalendar {
        local: vec![ClosingDay {
            id: "x".into(),
            name: "Lukket".into(),
            recurrence: Recurrence::Once(date("2027-10-31")),
            part: ClosedPart::WHOLE_DAY,
        }],
        ..Default::default()
    };
    let window = Interval::new(utc("2027-10-30T00:00:00Z"), utc("2027-11-02T00:00:00Z")).unwrap();
    assert_eq!(
        autumn.closed(window),
        vec![Interval::new(utc("2027-10-30T22:00:00Z"), utc("2027-10-31T23:00:00Z")).unwrap()]
    );
}

#[test]
fn customary_days_are_closed_by_default_and_can_be_switched_off() {
    let window = Interval::new(utc("2026-06-05T00:00:00Z"), utc("2026-06-06T00:00:00Z")).unwrap();
    let closed = ClosingCalendar::default().closed(window);
    // Grundlovsdag from noon (CEST) until midnight.
    assert_eq!(
        closed,
        vec![Interval::new(utc("2026-06-05T10:00:00Z"), utc("2026-06-05T22:00:00Z")).unwrap()]
    );
    let open = ClosingCalendar { customary_off: ["grundlovsdag".to_owned()].into(), ..Default::default() };
    assert!(open.closed(window).is_empty());
    let friday = ClosingCalendar::default().closures(date("2026-05-15"), date("2026-05-15"));
    assert_eq!(friday.len(), 1, "the Friday after Ascension");
    assert_eq!(friday[0].source, ClosureSource::Customary);
}

#[test]
fn local_days_once_yearly_and_from_easter() {
    let calendar = ClosingCalendar {
        customary_off: BTreeSet::new(),
        local: vec![
            ClosingDay {
                id: "a".into(),
                name: "Personaledag".into(),
                recurrence: Recurrence::Once(date("2026-09-18")),
                part: ClosedPart::new(Some(time(13, 0)), None).unwrap(),
            },
            ClosingDay {
                id: "b".into(),
                name: "Kommunens fødselsdag".into(),
                recurrence: Recurrence::Yearly { month: 10, day: 2 },
                part: ClosedPart::new(None, Some(time(10, 30))).unwrap(),
            },
            ClosingDay {
                id: "c".into(),
                name: "Tirsdag efter påske".into(),
                recurrence: Recurrence::FromEaster(2),
                part: ClosedPart::WHOLE_DAY,
            },
        ],
    };
    let found = calendar.closures(date("2026-01-01"), date("2027-12-31"));
    let local: Vec<(String, &str)> = found
        .iter()
        .filter(|c| c.source == ClosureSource::Local)
        .map(|c| (c.date.to_string(), c.key.as_str()))
        .collect();
    assert_eq!(
        local,
        [
            ("2026-04-07", "c"),
            ("2026-09-18", "a"),
            ("2026-10-02", "b"),
            ("2027-03-30", "c"),
            ("2027-10-02", "b")
        ]
        .map(|(d, k)| (d.to_owned(), k))
    );
    let morning = Interval::new(utc("2026-10-02T00:00:00Z"), utc("2026-10-03T00:00:00Z")).unwrap();
    assert_eq!(
        calendar.closed(morning),
        vec![Interval::new(utc("2026-10-01T22:00:00Z"), utc("2026-10-02T08:30:00Z")).unwrap()]
    );
}

#[test]
fn bad_rules_are_refused() {
    assert!(ClosedPart::new(Some(time(12, 0)), Some(time(11, 0))).is_err());
    assert!(Recurrence::Yearly { month: 2, day: 30 }.validate().is_err());
    assert!(Recurrence::Yearly { month: 2, day: 29 }.validate().is_ok());
    assert!(Recurrence::FromEaster(400).validate().is_err());
    let day = |name: &str| ClosingDay {
        id: "x".into(),
        name: name.into(),
        recurrence: Recurrence::Once(date("2026-01-02")),
        part: ClosedPart::WHOLE_DAY,
    };
    assert!(day("").validate().is_err());
    assert!(day("a\u{1}b").validate().is_err());
    assert!(day(&"x".repeat(101)).validate().is_err());
    assert!(day("Personaledag").validate().is_ok());
}

#[test]
fn far_years_do_not_panic() {
    for year in [-10_000, 0, 1582, 9999, 262_000] {
        let _ = public_holidays(year);
        let _ = ClosingCalendar::default().closures(
            NaiveDate::from_ymd_opt(year.clamp(-200_000, 200_000), 1, 1).unwrap_or(NaiveDate::MIN),
            NaiveDate::from_ymd_opt(year.clamp(-200_000, 200_000), 12, 31).unwrap_or(NaiveDate::MIN),
        );
    }
    let _ = Utc.timestamp_opt(0, 0);
}
