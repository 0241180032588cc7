//! Recurrence expansion: DST-correct wall-clock recurrence, COUNT, UNTIL, INTERVAL, BYDAY,
//! monthly ordinals, BYMONTHDAY, BYMONTH, BYSETPOS, yearly rules, EXDATE, RDATE, all-day
//! events, rules the old hand-written expander lacked, and unreadable rules as errors.

use chrono::{Datelike, NaiveDate, Timelike};

use super::*;
use crate::domain::ZONE;

fn wall(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, min, 0).unwrap()
}

fn window(from: NaiveDateTime, to: NaiveDateTime) -> Interval {
    Interval::new(instant(ZONE, from).unwrap(), instant(ZONE, to).unwrap()).unwrap()
}

/// An hour-long event from `start` in Copenhagen, recurring by `rule` ("" = once).
fn event(start: NaiveDateTime, rule: &str) -> Recurring {
    Recurring {
        zone: ZONE,
        start,
        length: Length::Exact(Duration::hours(1)),
        rules: if rule.is_empty() { vec![] } else { vec![rule.to_owned()] },
        rdates: vec![],
        exdates: vec![],
    }
}

fn expand(event: &Recurring, within: Interval) -> Vec<Interval> {
    event.expand(within).unwrap()
}

fn local_hours(occurrences: &[Interval]) -> Vec<(u32, u32)> {
    occurrences
        .iter()
        .map(|o| (o.start().with_timezone(&ZONE).hour(), o.start().with_timezone(&ZONE).minute()))
        .collect()
}

fn dates(occurrences: &[Interval]) -> Vec<(i32, u32, u32)> {
    occurrences
        .iter()
        .map(|o| o.start().with_timezone(&ZONE).date_naive())
        .map(|d| (d.year(), d.month(), d.day()))
        .collect()
}

fn days(occurrences: &[Interval]) -> Vec<u32> {
    dates(occurrences).iter().map(|d| d.2).collect()
}

fn index_on(all: &[Interval], y: i32, m: u32, d: u32) -> usize {
    let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
    all.iter().position(|o| o.start().with_timezone(&ZONE).date_naive() == date).unwrap()
}

#[test]
fn weekly_event_keeps_its_local_time_across_both_2027_dst_changes() {
    // Mondays 09:00 from 2027-03-01; summer time starts 2027-03-28 and ends 2027-10-31.
    let event = event(wall(2027, 3, 1, 9, 0), "FREQ=WEEKLY");
    let all = expand(&event, window(wall(2027, 3, 1, 0, 0), wall(2027, 11, 30, 0, 0)));
    assert_eq!(all.len(), 40);
    assert!(local_hours(&all).iter().all(|h| *h == (9, 0)));
    let utc_hours: Vec<u32> = all.iter().map(|o| o.start().hour()).collect();
    assert_eq!(utc_hours[3], 8, "22 March: CET, 08:00 UTC");
    assert_eq!(utc_hours[4], 7, "29 March: CEST, 07:00 UTC");
    assert_eq!(utc_hours[index_on(&all, 2027, 11, 1)], 8, "1 November: CET again");
}

#[test]
fn exdate_removes_one_occurrence_and_count_until_interval_limit() {
    let mut event = event(wall(2027, 3, 1, 9, 0), "FREQ=WEEKLY;BYDAY=MO,WE");
    event.exdates = vec![wall(2027, 3, 3, 9, 0)];
    let march = window(wall(2027, 3, 1, 0, 0), wall(2027, 3, 15, 0, 0));
    assert_eq!(days(&expand(&event, march)), [1, 8, 10]);
    event.rules = vec!["FREQ=WEEKLY;BYDAY=MO,WE;COUNT=3".into()];
    assert_eq!(days(&expand(&event, march)), [1, 8], "COUNT counts the excluded occurrence too");
    // UNTIL in UTC (11:00Z = 12:00 Copenhagen) is inclusive.
    let daily = Recurring { exdates: vec![], ..event.clone() };
    let daily = Recurring {
        start: wall(2027, 3, 1, 12, 0),
        rules: vec!["FREQ=DAILY;INTERVAL=2;UNTIL=20270307T110000Z".into()],
        ..daily
    };
    assert_eq!(days(&expand(&daily, march)), [1, 3, 5, 7], "UNTIL is inclusive");
}

#[test]
fn monthly_by_ordinal_weekday_and_by_month_day() {
    let year = window(wall(2027, 1, 1, 0, 0), wall(2028, 1, 1, 0, 0));
    let last_friday = event(wall(2027, 1, 29, 14, 0), "FREQ=MONTHLY;COUNT=4;BYDAY=-1FR");
    let found: Vec<(u32, u32)> = dates(&expand(&last_friday, year)).iter().map(|d| (d.1, d.2)).collect();
    assert_eq!(found, [(1, 29), (2, 26), (3, 26), (4, 30)]);
    let the_31st = event(wall(2027, 1, 31, 8, 0), "FREQ=MONTHLY;COUNT=3");
    let months: Vec<u32> = dates(&expand(&the_31st, year)).iter().map(|d| d.1).collect();
    assert_eq!(months, [1, 3, 5], "months without a 31st are skipped");
}

#[test]
fn all_day_events_span_local_midnights_and_gap_times_move_forward() {
    let day = Recurring { length: Length::Days(1), ..event(wall(2027, 3, 28, 0, 0), "") };
    let only = expand(&day, window(wall(2027, 3, 1, 0, 0), wall(2027, 4, 1, 0, 0)));
    assert_eq!(only.len(), 1);
    assert_eq!(only[0].end() - only[0].start(), Duration::hours(23), "the spring day is 23 hours");
    let gap = instant(ZONE, wall(2027, 3, 28, 2, 30)).unwrap();
    assert_eq!(gap.with_timezone(&ZONE).hour(), 3);
}

#[test]
fn yearly_holidays_and_leap_days() {
    // Christmas Eve off every year (an all-day event), and a 29 February that exists only in
    // leap years.
    let christmas = Recurring { length: Length::Days(1), ..event(wall(2026, 12, 24, 0, 0), "FREQ=YEARLY") };
    let years = window(wall(2026, 1, 1, 0, 0), wall(2030, 1, 1, 0, 0));
    assert_eq!(
        dates(&expand(&christmas, years)),
        [(2026, 12, 24), (2027, 12, 24), (2028, 12, 24), (2029, 12, 24)]
    );
    let leap = Recurring { start: wall(2028, 2, 29, 0, 0), ..christmas.clone() };
    let decade = window(wall(2028, 1, 1, 0, 0), wall(2037, 1, 1, 0, 0));
    assert_eq!(dates(&expand(&leap, decade)), [(2028, 2, 29), (2032, 2, 29), (2036, 2, 29)]);
}

#[test]
fn yearly_by_month_and_weekday_follows_the_dst_sunday_at_local_time() {
    // The last Sunday of March at 09:00 is the day summer time starts: still 09:00 local.
    let event = event(wall(2027, 3, 28, 9, 0), "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU");
    let years = window(wall(2027, 1, 1, 0, 0), wall(2030, 1, 1, 0, 0));
    assert_eq!(dates(&expand(&event, years)), [(2027, 3, 28), (2028, 3, 26), (2029, 3, 25)]);
    assert!(local_hours(&expand(&event, years)).iter().all(|h| *h == (9, 0)));
}

#[test]
fn monthly_by_month_day_from_either_end_and_by_set_pos() {
    let half = window(wall(2027, 1, 1, 0, 0), wall(2027, 7, 1, 0, 0));
    let last_day = event(wall(2027, 1, 31, 15, 0), "FREQ=MONTHLY;BYMONTHDAY=-1");
    assert_eq!(days(&expand(&last_day, half)), [31, 28, 31, 30, 31, 30], "-1 is each month's last day");
    let fifteenth = event(wall(2027, 2, 15, 10, 0), "FREQ=MONTHLY;BYMONTHDAY=15;BYMONTH=2,5");
    assert_eq!(dates(&expand(&fifteenth, half)), [(2027, 2, 15), (2027, 5, 15)], "BYMONTH filters");
    // Outlook's "last working day of the month".
    let last_workday = event(wall(2027, 1, 29, 13, 0), "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1");
    assert_eq!(days(&expand(&last_workday, half)), [29, 26, 31, 30, 31, 30]);
}

#[test]
fn a_rule_whose_dates_never_exist_blocks_nothing_and_stops_at_the_window() {
    // 30 February never comes.
    let never = event(wall(2027, 1, 30, 9, 0), "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30");
    assert!(never
        .expand(window(wall(2027, 1, 1, 0, 0), wall(2029, 1, 1, 0, 0)))
        .unwrap_or_default()
        .is_empty());
    // The window's last day still counts.
    let daily = event(wall(2027, 3, 1, 9, 0), "FREQ=DAILY");
    assert_eq!(expand(&daily, window(wall(2027, 3, 1, 0, 0), wall(2027, 3, 3, 9, 30))).len(), 3);
}

#[test]
fn rules_the_hand_written_expander_lacked_block_every_occurrence() {
    let year = window(wall(2027, 1, 1, 0, 0), wall(2028, 1, 1, 0, 0));
    // Every other week on Monday and Wednesday, with a Sunday week start (WKST).
    let fortnightly = event(wall(2027, 1, 4, 9, 0), "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;WKST=SU");
    assert_eq!(expand(&fortnightly, year).len(), 52);
    // 09:00 and 14:00 every weekday (BYHOUR): the old expander counted it once.
    let twice = event(wall(2027, 3, 1, 9, 0), "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9,14;COUNT=10");
    assert_eq!(local_hours(&expand(&twice, year)), [(9, 0), (14, 0)].repeat(5));
    // Every third hour on 28 March (the spring change) and 31 October (the autumn change).
    let hourly = event(wall(2027, 3, 28, 0, 0), "FREQ=HOURLY;INTERVAL=3;UNTIL=20270328T220000Z");
    let spring = expand(&hourly, year);
    assert_eq!(local_hours(&spring).iter().map(|h| h.0).collect::<Vec<_>>(), [0, 3, 6, 9, 12, 15, 18, 21, 0]);
    // The 20th Monday of the year (YEARLY with an ordinal BYDAY, no BYMONTH) and week 20 (BYWEEKNO).
    let twentieth = event(wall(2027, 5, 17, 9, 0), "FREQ=YEARLY;BYDAY=20MO");
    assert_eq!(dates(&expand(&twentieth, year)), [(2027, 5, 17)]);
    let week_20 = event(wall(2027, 5, 17, 9, 0), "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO,FR");
    assert_eq!(dates(&expand(&week_20, year)), [(2027, 5, 17), (2027, 5, 21)]);
    // The 2nd Tuesday of each month in the autumn, 10:00 local before and after 31 October.
    let second_tuesday = event(wall(2027, 9, 14, 10, 0), "FREQ=MONTHLY;BYDAY=2TU;COUNT=3");
    let autumn = expand(&second_tuesday, year);
    assert_eq!(days(&autumn), [14, 12, 9]);
    assert_eq!(
        autumn.iter().map(|o| o.start().hour()).collect::<Vec<_>>(),
        [8, 8, 9],
        "UTC: CEST, CEST, CET"
    );
}

#[test]
fn unreadable_rules_are_errors_not_one_occurrence() {
    let year = window(wall(2027, 1, 1, 0, 0), wall(2028, 1, 1, 0, 0));
    for unreadable in [
        "FREQ=FORTNIGHTLY",
        "FREQ=MONTHLY;BYMONTHDAY=32",
        "FREQ=YEARLY;BYMONTH=13",
        "FREQ=WEEKLY;BYDAY=XX",
        "FREQ=WEEKLY;UNTIL=tomorrow",
        "BYDAY=MO",
        "FREQ=MINUTELY",
        "FREQ=SECONDLY;COUNT=5",
    ] {
        let error = event(wall(2027, 3, 1, 9, 0), unreadable).expand(year);
        assert!(error.is_err(), "{unreadable}: {error:?}");
    }
}

#[test]
fn rdates_add_occurrences_and_exdates_match_the_instant() {
    let mut event = event(wall(2027, 10, 25, 9, 0), "FREQ=DAILY;COUNT=10");
    event.rdates = vec![wall(2027, 12, 24, 9, 0)];
    event.exdates = vec![wall(2027, 10, 31, 9, 0)];
    let found = expand(&event, window(wall(2027, 10, 1, 0, 0), wall(2028, 1, 1, 0, 0)));
    assert_eq!(found.len(), 10, "ten, minus the excluded 31 October, plus the RDATE");
    assert!(local_hours(&found).iter().all(|h| *h == (9, 0)));
}
