//! Recurrence expansion: DST-correct wall-clock recurrence, COUNT, UNTIL, INTERVAL, BYDAY,
//! monthly ordinals, BYMONTHDAY, BYMONTH, BYSETPOS, yearly rules, EXDATE and all-day events.

use chrono::{NaiveDate, TimeZone, Timelike};

use super::*;
use crate::domain::ZONE;

fn wall(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, min, 0).unwrap()
}

fn window(from: NaiveDateTime, to: NaiveDateTime) -> Interval {
    Interval::new(instant(ZONE, from).unwrap(), instant(ZONE, to).unwrap()).unwrap()
}

fn weekly(start: NaiveDateTime, by_day: Vec<Weekday>) -> Recurring {
    Recurring {
        zone: ZONE,
        start,
        length: Length::Exact(Duration::hours(1)),
        rule: Some(Rule {
            by_day: by_day.into_iter().map(|weekday| ByDay { nth: None, weekday }).collect(),
            ..Rule::new(Freq::Weekly)
        }),
        exdates: vec![],
    }
}

fn local_hours(occurrences: &[Interval]) -> Vec<(u32, u32)> {
    occurrences
        .iter()
        .map(|o| (o.start().with_timezone(&ZONE).hour(), o.start().with_timezone(&ZONE).minute()))
        .collect()
}

#[test]
fn weekly_event_keeps_its_local_time_across_both_2027_dst_changes() {
    // Mondays 09:00 from 2027-03-01; summer time starts 2027-03-28 and ends 2027-10-31.
    let event = weekly(wall(2027, 3, 1, 9, 0), vec![]);
    let all = event.expand(window(wall(2027, 3, 1, 0, 0), wall(2027, 11, 30, 0, 0)));
    assert_eq!(all.len(), 40);
    assert!(local_hours(&all).iter().all(|h| *h == (9, 0)));
    let utc_hours: Vec<u32> = all.iter().map(|o| o.start().hour()).collect();
    assert_eq!(utc_hours[3], 8, "22 March: CET, 08:00 UTC");
    assert_eq!(utc_hours[4], 7, "29 March: CEST, 07:00 UTC");
    assert_eq!(utc_hours[index_on(&all, 2027, 11, 1)], 8, "1 November: CET again");
}

fn index_on(all: &[Interval], y: i32, m: u32, d: u32) -> usize {
    let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
    all.iter().position(|o| o.start().with_timezone(&ZONE).date_naive() == date).unwrap()
}

#[test]
fn exdate_removes_one_occurrence_and_count_until_interval_limit() {
    let mut event = weekly(wall(2027, 3, 1, 9, 0), vec![Weekday::Mon, Weekday::Wed]);
    event.exdates = vec![wall(2027, 3, 3, 9, 0)];
    let march = window(wall(2027, 3, 1, 0, 0), wall(2027, 3, 15, 0, 0));
    let days: Vec<u32> = event.expand(march).iter().map(|o| o.start().with_timezone(&ZONE).day()).collect();
    assert_eq!(days, [1, 8, 10]);
    if let Some(rule) = event.rule.as_mut() {
        rule.count = Some(3);
    }
    let counted: Vec<u32> =
        event.expand(march).iter().map(|o| o.start().with_timezone(&ZONE).day()).collect();
    assert_eq!(counted, [1, 8], "COUNT counts the excluded occurrence too");
    let mut daily = weekly(wall(2027, 3, 1, 12, 0), vec![]);
    daily.rule = Some(Rule {
        interval: 2,
        until: Some(ZONE.with_ymd_and_hms(2027, 3, 7, 12, 0, 0).unwrap().with_timezone(&Utc)),
        ..Rule::new(Freq::Daily)
    });
    let days: Vec<u32> = daily.expand(march).iter().map(|o| o.start().with_timezone(&ZONE).day()).collect();
    assert_eq!(days, [1, 3, 5, 7], "UNTIL is inclusive");
}

#[test]
fn monthly_by_ordinal_weekday_and_by_month_day() {
    let mut last_friday = weekly(wall(2027, 1, 29, 14, 0), vec![]);
    last_friday.rule = Some(Rule {
        count: Some(4),
        by_day: vec![ByDay { nth: Some(-1), weekday: Weekday::Fri }],
        ..Rule::new(Freq::Monthly)
    });
    let year = window(wall(2027, 1, 1, 0, 0), wall(2028, 1, 1, 0, 0));
    let dates: Vec<(u32, u32)> = last_friday
        .expand(year)
        .iter()
        .map(|o| (o.start().with_timezone(&ZONE).month(), o.start().with_timezone(&ZONE).day()))
        .collect();
    assert_eq!(dates, [(1, 29), (2, 26), (3, 26), (4, 30)]);
    let mut the_31st = weekly(wall(2027, 1, 31, 8, 0), vec![]);
    the_31st.rule = Some(Rule { count: Some(3), ..Rule::new(Freq::Monthly) });
    let months: Vec<u32> =
        the_31st.expand(year).iter().map(|o| o.start().with_timezone(&ZONE).month()).collect();
    assert_eq!(months, [1, 3, 5], "months without a 31st are skipped");
}

#[test]
fn all_day_events_span_local_midnights_and_gap_times_move_forward() {
    let day = Recurring {
        zone: ZONE,
        start: wall(2027, 3, 28, 0, 0),
        length: Length::Days(1),
        rule: None,
        exdates: vec![],
    };
    let only = day.expand(window(wall(2027, 3, 1, 0, 0), wall(2027, 4, 1, 0, 0)));
    assert_eq!(only.len(), 1);
    assert_eq!(only[0].end() - only[0].start(), Duration::hours(23), "the spring day is 23 hours");
    let gap = instant(ZONE, wall(2027, 3, 28, 2, 30)).unwrap();
    assert_eq!(gap.with_timezone(&ZONE).hour(), 3);
}

fn month_days_of(event: &Recurring, within: Interval) -> Vec<(i32, u32, u32)> {
    event
        .expand(within)
        .iter()
        .map(|o| o.start().with_timezone(&ZONE).date_naive())
        .map(|d| (d.year(), d.month(), d.day()))
        .collect()
}

#[test]
fn yearly_holidays_and_leap_days() {
    // Christmas Eve off every year (an all-day event), and a 29 February that exists only in
    // leap years.
    let christmas = Recurring {
        zone: ZONE,
        start: wall(2026, 12, 24, 0, 0),
        length: Length::Days(1),
        rule: Some(Rule::new(Freq::Yearly)),
        exdates: vec![],
    };
    let years = window(wall(2026, 1, 1, 0, 0), wall(2030, 1, 1, 0, 0));
    assert_eq!(
        month_days_of(&christmas, years),
        [(2026, 12, 24), (2027, 12, 24), (2028, 12, 24), (2029, 12, 24)]
    );
    let leap = Recurring { start: wall(2028, 2, 29, 0, 0), ..christmas.clone() };
    let decade = window(wall(2028, 1, 1, 0, 0), wall(2037, 1, 1, 0, 0));
    assert_eq!(month_days_of(&leap, decade), [(2028, 2, 29), (2032, 2, 29), (2036, 2, 29)]);
}

#[test]
fn yearly_by_month_and_weekday_follows_the_dst_sunday_at_local_time() {
    // The last Sunday of March at 09:00 is the day summer time starts: still 09:00 local.
    let mut event = weekly(wall(2027, 3, 28, 9, 0), vec![]);
    event.rule = Some(Rule {
        by_month: vec![3],
        by_day: vec![ByDay { nth: Some(-1), weekday: Weekday::Sun }],
        ..Rule::new(Freq::Yearly)
    });
    let years = window(wall(2027, 1, 1, 0, 0), wall(2030, 1, 1, 0, 0));
    assert_eq!(month_days_of(&event, years), [(2027, 3, 28), (2028, 3, 26), (2029, 3, 25)]);
    assert!(local_hours(&event.expand(years)).iter().all(|h| *h == (9, 0)));
}

#[test]
fn monthly_by_month_day_from_either_end_and_by_set_pos() {
    let year = window(wall(2027, 1, 1, 0, 0), wall(2027, 7, 1, 0, 0));
    let mut last_day = weekly(wall(2027, 1, 31, 15, 0), vec![]);
    last_day.rule = Some(Rule { by_month_day: vec![-1], ..Rule::new(Freq::Monthly) });
    let days: Vec<u32> = month_days_of(&last_day, year).iter().map(|d| d.2).collect();
    assert_eq!(days, [31, 28, 31, 30, 31, 30], "-1 is each month's last day");
    let mut fifteenth = weekly(wall(2027, 1, 15, 10, 0), vec![]);
    fifteenth.rule = Some(Rule { by_month_day: vec![15], by_month: vec![2, 5], ..Rule::new(Freq::Monthly) });
    assert_eq!(month_days_of(&fifteenth, year), [(2027, 2, 15), (2027, 5, 15)], "BYMONTH filters");
    // Outlook's "last working day of the month".
    let workdays = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri];
    let mut last_workday = weekly(wall(2027, 1, 29, 13, 0), vec![]);
    last_workday.rule = Some(Rule {
        by_day: workdays.iter().map(|weekday| ByDay { nth: None, weekday: *weekday }).collect(),
        by_set_pos: vec![-1],
        ..Rule::new(Freq::Monthly)
    });
    let days: Vec<u32> = month_days_of(&last_workday, year).iter().map(|d| d.2).collect();
    assert_eq!(days, [29, 26, 31, 30, 31, 30]);
}

#[test]
fn a_rule_whose_dates_never_exist_yields_nothing_and_stops_at_the_window() {
    // 30 February never comes; without a window bound the expansion would walk 20,000 years.
    let mut never = weekly(wall(2027, 1, 30, 9, 0), vec![]);
    never.rule = Some(Rule { by_month: vec![2], by_month_day: vec![30], ..Rule::new(Freq::Yearly) });
    assert!(never.expand(window(wall(2027, 1, 1, 0, 0), wall(2029, 1, 1, 0, 0))).is_empty());
    // The bound does not cut a period short: the window's last day still counts.
    let mut daily = weekly(wall(2027, 3, 1, 9, 0), vec![]);
    daily.rule = Some(Rule::new(Freq::Daily));
    let days = daily.expand(window(wall(2027, 3, 1, 0, 0), wall(2027, 3, 3, 9, 30)));
    assert_eq!(days.len(), 3, "1, 2 and 3 March at 09:00");
}
