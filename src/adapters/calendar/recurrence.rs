//! Recurring busy time: an event's RRULEs (RFC 5545, the whole grammar: BYDAY with ordinals,
//! BYSETPOS, BYWEEKNO, BYYEARDAY, BYHOUR, HOURLY, COUNT, UNTIL, ...) expanded by the `rrule`
//! crate, plus RDATEs, minus EXDATEs, over a window.
//!
//! Occurrences recur in wall-clock time of the event's zone (Europe/Copenhagen for floating
//! times and unknown TZIDs, UTC for `Z` times): the rule is expanded on the wall clock and each
//! wall-clock start is then placed in the zone, so a weekly 09:00 meeting stays at 09:00 across
//! the DST changes. A wall-clock time in the spring gap moves forward an hour (RFC 5545 §3.3.5);
//! an ambiguous autumn time takes the first (summer time) instant.
//!
//! A rule that cannot be read or expanded is an error naming why, never one occurrence: the
//! caller reports the event instead of under-blocking the counselor. MINUTELY and SECONDLY
//! rules are refused (no calendar sends them for appointments; they would cost millions of
//! steps per event).
//!
//! This lives in the adapter, not in `domain`: the input is RFC 5545 text (a wire format) and
//! what to do with an unreadable rule is an import decision; the domain only sees `Interval`s.

use std::str::FromStr;

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use rrule::{Frequency, RRule, RRuleSet, Unvalidated};

use crate::domain::Interval;

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
    /// The RRULE values (without `RRULE:`); none for a single event.
    pub rules: Vec<String>,
    /// Extra occurrence starts (RDATE, wall-clock time in `zone`).
    pub rdates: Vec<NaiveDateTime>,
    /// Excluded occurrence starts (EXDATE and moved occurrences, wall-clock time in `zone`).
    pub exdates: Vec<NaiveDateTime>,
}

/// Most occurrences generated per event, from DTSTART to the window's end.
const MAX_GENERATED: usize = 1_000_000;

/// The instant of a wall-clock time in `zone` (gap: an hour later; overlap: the first).
pub fn instant(zone: Tz, wall: NaiveDateTime) -> Option<DateTime<Utc>> {
    zone.from_local_datetime(&wall)
        .earliest()
        .or_else(|| zone.from_local_datetime(&(wall + Duration::hours(1))).earliest())
        .map(|t| t.with_timezone(&Utc))
}

/// The wall clock of `zone` at `at`.
fn wall_of(zone: Tz, at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&zone).naive_local()
}

/// A wall-clock time as the `rrule` crate's UTC (the rule is expanded on the wall clock).
fn floating(wall: NaiveDateTime) -> DateTime<rrule::Tz> {
    rrule::Tz::UTC.from_utc_datetime(&wall)
}

/// An UNTIL value as wall-clock time in `zone` (a DATE means the end of that day).
fn until_wall(value: &str, zone: Tz) -> Result<NaiveDateTime, String> {
    let bad = || format!("UNTIL '{value}' is not a date or date-time");
    if value.len() == 8 {
        let date = chrono::NaiveDate::parse_from_str(value, "%Y%m%d").map_err(|_| bad())?;
        return date.and_hms_opt(23, 59, 59).ok_or_else(bad);
    }
    if let Some(utc) = value.strip_suffix('Z') {
        let at = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").map_err(|_| bad())?;
        return Ok(wall_of(zone, Utc.from_utc_datetime(&at)));
    }
    NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").map_err(|_| bad())
}

/// One RRULE value, validated against DTSTART (UNTIL is read here, in the event's zone).
fn rule(text: &str, zone: Tz, start: NaiveDateTime) -> Result<RRule, String> {
    let mut until = None;
    let mut rest = Vec::new();
    for part in text.split(';').filter(|p| !p.trim().is_empty()) {
        match part.split_once('=') {
            Some((key, value)) if key.trim().eq_ignore_ascii_case("UNTIL") => {
                until = Some(until_wall(value.trim(), zone)?)
            }
            _ => rest.push(part),
        }
    }
    let mut parsed = RRule::<Unvalidated>::from_str(&rest.join(";")).map_err(|e| e.to_string())?;
    if matches!(parsed.get_freq(), Frequency::Minutely | Frequency::Secondly) {
        return Err(format!("FREQ={} is not supported for busy time", parsed.get_freq()));
    }
    if let Some(until) = until {
        parsed = parsed.until(floating(until));
    }
    parsed.validate(floating(start)).map_err(|e| e.to_string())
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

    /// The longest an occurrence can last (all-day events: a day may have 25 hours).
    fn longest(&self) -> Duration {
        match self.length {
            Length::Exact(duration) => duration,
            Length::Days(days) => Duration::days(days) + Duration::hours(1),
        }
    }

    /// The wall-clock starts the rules name from `first` to `last` (without rules: DTSTART).
    fn starts(&self, first: NaiveDateTime, last: NaiveDateTime) -> Result<Vec<NaiveDateTime>, String> {
        if self.rules.is_empty() {
            return Ok(vec![self.start]);
        }
        let rules =
            self.rules.iter().map(|r| rule(r, self.zone, self.start)).collect::<Result<Vec<_>, _>>()?;
        let set = RRuleSet::new(floating(self.start)).set_rrules(rules).limit();
        let mut out = Vec::new();
        // The crate is pure; a panic in it refuses the event instead of the whole import.
        let walked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            for (n, at) in set.into_iter().enumerate() {
                let wall = at.naive_utc();
                if wall > last {
                    return Ok(());
                }
                if n >= MAX_GENERATED {
                    return Err(format!("the rule names more than {MAX_GENERATED} occurrences"));
                }
                if wall >= first {
                    out.push(wall);
                }
            }
            Ok(())
        }));
        walked.map_err(|_| "the rule could not be expanded".to_owned())??;
        Ok(out)
    }

    /// The occurrences overlapping `window`, by start; an error says why the event's rule
    /// cannot be read (the event then blocks nothing and must be reported).
    pub fn expand(&self, window: Interval) -> Result<Vec<Interval>, String> {
        let last = wall_of(self.zone, window.end()) + Duration::hours(1);
        let first = wall_of(self.zone, window.start() - self.longest()) - Duration::hours(1);
        let excluded: Vec<DateTime<Utc>> =
            self.exdates.iter().filter_map(|wall| instant(self.zone, *wall)).collect();
        let mut starts = self.starts(first, last)?;
        starts.extend(self.rdates.iter().copied());
        let mut out: Vec<Interval> = starts
            .into_iter()
            .filter_map(|wall| self.occurrence(wall))
            .filter(|o| !excluded.contains(&o.start()) && o.overlaps(&window))
            .collect();
        out.sort_by_key(|o| o.start());
        out.dedup();
        Ok(out)
    }
}

#[cfg(test)]
#[path = "recurrence_tests.rs"]
mod tests;
