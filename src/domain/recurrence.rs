//! Recurring busy time (the part of RFC 5545 RRULE that calendars send for appointments):
//! FREQ DAILY/WEEKLY/MONTHLY/YEARLY with INTERVAL, COUNT, UNTIL, BYDAY (with an ordinal within
//! the month for MONTHLY and YEARLY, e.g. `-1FR`), BYMONTHDAY (`-1` = the last day), BYMONTH and
//! BYSETPOS (`BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1` = the last working day), minus EXDATEs,
//! expanded over a window. Dates a rule names that do not exist (31 February) are skipped.
//!
//! Occurrences recur in wall-clock time of the event's zone (Europe/Copenhagen for floating
//! times and unknown TZIDs, UTC for `Z` times), so a weekly 09:00 meeting stays at 09:00 across
//! the DST changes. A wall-clock time that falls into the spring gap is moved forward an hour
//! (RFC 5545 §3.3.5); an ambiguous autumn time takes the first (summer time) instant.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

use super::Interval;

/// How often.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freq {
    /// Every INTERVAL days.
    Daily,
    /// Every INTERVAL weeks (weeks start on Monday).
    Weekly,
    /// Every INTERVAL months.
    Monthly,
    /// Every INTERVAL years (holidays, anniversaries).
    Yearly,
}

/// A BYDAY entry: a weekday, with an ordinal for MONTHLY (`2TU` = second Tuesday, `-1FR` = last Friday).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByDay {
    /// The ordinal within the month (MONTHLY only); `None` = every such weekday.
    pub nth: Option<i32>,
    /// The weekday.
    pub weekday: Weekday,
}

/// A recurrence rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// FREQ.
    pub freq: Freq,
    /// INTERVAL (at least 1).
    pub interval: u32,
    /// COUNT: occurrences in all, the first included.
    pub count: Option<u32>,
    /// UNTIL (inclusive), as an instant.
    pub until: Option<DateTime<Utc>>,
    /// BYDAY.
    pub by_day: Vec<ByDay>,
    /// BYMONTHDAY: days of the month, negative from its end (MONTHLY and YEARLY).
    pub by_month_day: Vec<i32>,
    /// BYMONTH: months 1-12; the months of a YEARLY rule, a filter for the others.
    pub by_month: Vec<u32>,
    /// BYSETPOS: which of each period's dates count, negative from the period's last.
    pub by_set_pos: Vec<i32>,
}

impl Rule {
    /// A rule of `freq` every period, without limits or BY parts.
    pub fn new(freq: Freq) -> Self {
        Self {
            freq,
            interval: 1,
            count: None,
            until: None,
            by_day: Vec::new(),
            by_month_day: Vec::new(),
            by_month: Vec::new(),
            by_set_pos: Vec::new(),
        }
    }
}

/// How long each occurrence lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    /// An exact duration (timed events).
    Exact(Duration),
    /// Whole days, wall-clock midnight to midnight (all-day events).
    Days(i64),
}

/// A (possibly recurring) event in wall-clock time of `zone`.
#[derive(Debug, Clone, PartialEq)]
pub struct Recurring {
    /// The zone whose wall clock the event recurs in.
    pub zone: Tz,
    /// DTSTART as wall-clock time.
    pub start: NaiveDateTime,
    /// How long each occurrence lasts.
    pub length: Length,
    /// The rule, if it recurs.
    pub rule: Option<Rule>,
    /// Excluded occurrence starts (wall-clock time in `zone`).
    pub exdates: Vec<NaiveDateTime>,
}

/// The most periods (days, weeks, months) considered per event (a runaway rule stops here).
const MAX_STEPS: usize = 20_000;

/// The instant of a wall-clock time in `zone` (gap: an hour later; overlap: the first).
pub fn instant(zone: Tz, wall: NaiveDateTime) -> Option<DateTime<Utc>> {
    zone.from_local_datetime(&wall)
        .earliest()
        .or_else(|| zone.from_local_datetime(&(wall + Duration::hours(1))).earliest())
        .map(|t| t.with_timezone(&Utc))
}

fn add_months(date: NaiveDate, months: i64) -> Option<(i32, u32)> {
    let index = i64::from(date.year()) * 12 + i64::from(date.month0()) + months;
    Some((i32::try_from(index.div_euclid(12)).ok()?, u32::try_from(index.rem_euclid(12)).ok()? + 1))
}

/// Picks the `n`th of `items` (1-based; negative counts from the end).
fn nth<T: Copy>(items: &[T], n: i32) -> Option<T> {
    let index = if n > 0 {
        usize::try_from(n - 1).ok()?
    } else {
        items.len().checked_sub(usize::try_from(-n).ok()?)?
    };
    items.get(index).copied()
}

/// Dates of one month matching BYDAY entries (all of them, or the nth).
fn month_days(year: i32, month: u32, by_day: &[ByDay]) -> Vec<NaiveDate> {
    let days: Vec<NaiveDate> = (1..=31).filter_map(|d| NaiveDate::from_ymd_opt(year, month, d)).collect();
    let mut out = Vec::new();
    for entry in by_day {
        let matching: Vec<NaiveDate> =
            days.iter().copied().filter(|d| d.weekday() == entry.weekday).collect();
        match entry.nth {
            None => out.extend(matching),
            Some(n) => out.extend(nth(&matching, n)),
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The dates of one month a MONTHLY or YEARLY rule names: BYMONTHDAY (limited by BYDAY's
/// weekdays when both are given), else BYDAY, else DTSTART's day of the month.
fn month_candidates(rule: &Rule, year: i32, month: u32, first: NaiveDate) -> Vec<NaiveDate> {
    if rule.by_month_day.is_empty() {
        return if rule.by_day.is_empty() {
            NaiveDate::from_ymd_opt(year, month, first.day()).into_iter().collect()
        } else {
            month_days(year, month, &rule.by_day)
        };
    }
    let days: Vec<NaiveDate> = (1..=31).filter_map(|d| NaiveDate::from_ymd_opt(year, month, d)).collect();
    let mut out: Vec<NaiveDate> = rule
        .by_month_day
        .iter()
        .filter_map(|n| nth(&days, *n))
        .filter(|d| rule.by_day.is_empty() || rule.by_day.iter().any(|b| b.weekday == d.weekday()))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Candidate dates of the period that begins on `start` (see [`period_start`]), in order,
/// after BYMONTH (as a filter) and BYSETPOS.
fn period_dates(rule: &Rule, first: NaiveDate, start: NaiveDate) -> Vec<NaiveDate> {
    let mut dates = match rule.freq {
        Freq::Daily => vec![start],
        Freq::Weekly => week_dates(rule, first, start),
        Freq::Monthly => month_candidates(rule, start.year(), start.month(), first),
        Freq::Yearly => {
            let months = if rule.by_month.is_empty() { vec![first.month()] } else { rule.by_month.clone() };
            let mut dates: Vec<NaiveDate> =
                months.iter().flat_map(|m| month_candidates(rule, start.year(), *m, first)).collect();
            dates.sort();
            dates.dedup();
            dates
        }
    };
    if !rule.by_month.is_empty() {
        dates.retain(|d| rule.by_month.contains(&d.month()));
    }
    if rule.by_set_pos.is_empty() {
        return dates;
    }
    let mut picked: Vec<NaiveDate> = rule.by_set_pos.iter().filter_map(|n| nth(&dates, *n)).collect();
    picked.sort();
    picked.dedup();
    picked
}

/// The first day of the `period`th period (the day, the week's Monday, the month's or the
/// year's first day); no date of the period lies before it.
fn period_start(rule: &Rule, first: NaiveDate, period: i64) -> Option<NaiveDate> {
    let step = i64::from(rule.interval.max(1)).checked_mul(period)?;
    match rule.freq {
        Freq::Daily => first.checked_add_signed(Duration::try_days(step)?),
        Freq::Weekly => {
            let monday = first - Duration::days(i64::from(first.weekday().num_days_from_monday()));
            monday.checked_add_signed(Duration::try_weeks(step)?)
        }
        Freq::Monthly => {
            let (year, month) = add_months(first, step)?;
            NaiveDate::from_ymd_opt(year, month, 1)
        }
        Freq::Yearly => NaiveDate::from_ymd_opt(first.year().checked_add(i32::try_from(step).ok()?)?, 1, 1),
    }
}

/// The dates of the week that begins on Monday `week` (BYDAY, else DTSTART's weekday).
fn week_dates(rule: &Rule, first: NaiveDate, week: NaiveDate) -> Vec<NaiveDate> {
    let mut days: Vec<Weekday> = rule.by_day.iter().map(|b| b.weekday).collect();
    if days.is_empty() {
        days.push(first.weekday());
    }
    let mut out: Vec<NaiveDate> =
        days.iter().map(|d| week + Duration::days(i64::from(d.num_days_from_monday()))).collect();
    out.sort();
    out.dedup();
    out
}

impl Recurring {
    fn occurrence(&self, wall: NaiveDateTime) -> Option<Interval> {
        let start = instant(self.zone, wall)?;
        let end = match self.length {
            Length::Exact(duration) => start + duration,
            Length::Days(days) => instant(self.zone, wall + Duration::days(days))?,
        };
        Interval::new(start, end).ok()
    }

    /// The occurrences overlapping `window`, by start.
    pub fn expand(&self, window: Interval) -> Vec<Interval> {
        let Some(rule) = &self.rule else {
            return self.occurrence(self.start).filter(|o| o.overlaps(&window)).into_iter().collect();
        };
        let mut out = Vec::new();
        let mut seen = 0u32;
        let time = self.start.time();
        let first = self.start.date();
        let periods = i64::try_from(MAX_STEPS).unwrap_or(i64::MAX);
        // A rule whose dates never exist (BYMONTH=2;BYMONTHDAY=30) yields no occurrence to stop
        // at, so the periods stop at the window's end too, and an RRULE in a polled calendar
        // costs at most the window, not MAX_STEPS periods of candidate dates.
        let last_day = window.end().with_timezone(&self.zone).date_naive();
        for period in 0..periods {
            let Some(start) = period_start(rule, first, period).filter(|start| *start <= last_day) else {
                return out;
            };
            for date in period_dates(rule, first, start) {
                let wall = date.and_time(time);
                if wall < self.start {
                    continue;
                }
                let Some(occurrence) = self.occurrence(wall) else { continue };
                if rule.until.is_some_and(|until| occurrence.start() > until)
                    || rule.count.is_some_and(|count| seen >= count)
                    || occurrence.start() >= window.end()
                {
                    return out;
                }
                seen += 1;
                if !self.exdates.contains(&wall) && occurrence.overlaps(&window) {
                    out.push(occurrence);
                }
            }
        }
        out
    }
}

#[cfg(test)]
#[path = "recurrence_tests.rs"]
mod tests;
