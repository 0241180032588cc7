//! Closing days: when a jobcenter takes no meetings, whatever its counselors' hours say.
//!
//! Three kinds, all computed from rules and never typed in per year:
//! - the Danish public holidays (helligdage), the same for every jobcenter and always closed;
//!   Easter Sunday comes from the Gregorian computus (the `computus` crate) and the moveable
//!   feasts are counted from it; Store bededag is a holiday up to and including 2023 only;
//! - customary closing days of public offices that are not holidays by law (Grundlovsdag from
//!   noon, 24 and 31 December, the Friday after Ascension): closed by default, and each
//!   jobcenter can switch any of them off;
//! - the jobcenter's own closing days: one-off or yearly (on a date, or a number of days from
//!   Easter), the whole day or part of it.
//!
//! [`ClosingCalendar::closed`] turns them into UTC intervals for a window; the calendar loader
//! treats those like busy time of every counselor of the jobcenter, so free times, reservations,
//! summons and staff moves all respect them. Closing a day never cancels a booking on it.

use std::collections::BTreeSet;

use chrono::{Datelike, Duration, NaiveDate, NaiveTime};

use super::availability::local::{Edge, LocalDay};
use super::{Error, Interval, ZONE};

/// Which days a closing rule falls on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recurrence {
    /// One date only.
    Once(NaiveDate),
    /// The same date every year (a 29 February only in leap years).
    Yearly {
        /// 1-12.
        month: u32,
        /// 1-31.
        day: u32,
    },
    /// Every year, this many days after Easter Sunday (negative: before).
    FromEaster(i32),
}

impl Recurrence {
    /// The rule's date in `year`, if it has one then.
    pub fn date_in(&self, year: i32) -> Option<NaiveDate> {
        match *self {
            Recurrence::Once(date) => (date.year() == year).then_some(date),
            Recurrence::Yearly { month, day } => NaiveDate::from_ymd_opt(year, month, day),
            Recurrence::FromEaster(days) => easter(year)?.checked_add_signed(Duration::days(i64::from(days))),
        }
    }

    /// Checks the parts: a real month and day (29 February allowed), an Easter offset within a
    /// year.
    pub fn validate(&self) -> Result<(), Error> {
        let valid = match *self {
            Recurrence::Once(_) => true,
            Recurrence::Yearly { month, day } => NaiveDate::from_ymd_opt(2024, month, day).is_some(),
            Recurrence::FromEaster(days) => (-120..=240).contains(&days),
        };
        if valid {
            Ok(())
        } else {
            Err(Error::InvalidClosingDay("the date does not exist"))
        }
    }
}

/// Easter Sunday of `year` (Gregorian), if the computus covers the year.
pub fn easter(year: i32) -> Option<NaiveDate> {
    computus::gregorian_naive(year).ok()
}

/// The closed part of a day in local Copenhagen time: the whole day, from a time until midnight,
/// from midnight until a time, or a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClosedPart {
    from: Option<NaiveTime>,
    until: Option<NaiveTime>,
}

impl ClosedPart {
    /// The whole day.
    pub const WHOLE_DAY: ClosedPart = ClosedPart { from: None, until: None };

    /// A part of the day; `from` must come before `until` when both are given.
    pub fn new(from: Option<NaiveTime>, until: Option<NaiveTime>) -> Result<Self, Error> {
        match (from, until) {
            (Some(from), Some(until)) if from >= until => {
                Err(Error::InvalidClosingDay("the closed part must end after it starts"))
            }
            (Some(from), None) if from == NaiveTime::MIN => Ok(Self::WHOLE_DAY),
            _ => Ok(Self { from, until }),
        }
    }

    /// Local start, `None` from midnight.
    pub fn from(&self) -> Option<NaiveTime> {
        self.from
    }

    /// Local end, `None` until midnight.
    pub fn until(&self) -> Option<NaiveTime> {
        self.until
    }

    /// True for the whole day.
    pub fn is_whole_day(&self) -> bool {
        self.from.is_none() && self.until.is_none()
    }

    /// The closed part of local `date` in UTC (daylight-saving changes respected).
    fn interval_on(&self, date: NaiveDate) -> Option<Interval> {
        let day = LocalDay::new(date);
        let start = day.instant(self.from.unwrap_or(NaiveTime::MIN), Edge::Start)?;
        let end = match self.until {
            Some(until) => day.instant(until, Edge::End)?,
            None => LocalDay::new(date.succ_opt()?).instant(NaiveTime::MIN, Edge::Start)?,
        };
        Interval::new(start, end).ok()
    }
}

/// Where a closure comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClosureSource {
    /// A public holiday by law.
    Holiday,
    /// A customary closing day the jobcenter has not switched off.
    Customary,
    /// One of the jobcenter's own closing days.
    Local,
}

impl ClosureSource {
    /// The wire name: `holiday`, `customary`, `local`.
    pub fn as_str(&self) -> &'static str {
        match self {
            ClosureSource::Holiday => "holiday",
            ClosureSource::Customary => "customary",
            ClosureSource::Local => "local",
        }
    }
}

/// A built-in closing day: a public holiday or a customary one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuiltIn {
    /// Stable key (`juledag`, `grundlovsdag`, ...), used to switch a customary day off.
    pub key: &'static str,
    /// Danish name.
    pub name: &'static str,
    /// When.
    pub recurrence: Recurrence,
    /// Which part of the day.
    pub part: ClosedPart,
    /// The last year it applies (Store bededag: 2023).
    pub until_year: Option<i32>,
}

const fn whole(key: &'static str, name: &'static str, recurrence: Recurrence) -> BuiltIn {
    BuiltIn { key, name, recurrence, part: ClosedPart::WHOLE_DAY, until_year: None }
}

const fn yearly(month: u32, day: u32) -> Recurrence {
    Recurrence::Yearly { month, day }
}

/// The Danish public holidays (helligdage).
pub const PUBLIC_HOLIDAYS: [BuiltIn; 11] = [
    whole("nytaarsdag", "Nytårsdag", yearly(1, 1)),
    whole("skaertorsdag", "Skærtorsdag", Recurrence::FromEaster(-3)),
    whole("langfredag", "Langfredag", Recurrence::FromEaster(-2)),
    whole("paaskedag", "Påskedag", Recurrence::FromEaster(0)),
    whole("anden-paaskedag", "2. påskedag", Recurrence::FromEaster(1)),
    BuiltIn { until_year: Some(2023), ..whole("store-bededag", "Store bededag", Recurrence::FromEaster(26)) },
    whole("kristi-himmelfartsdag", "Kristi himmelfartsdag", Recurrence::FromEaster(39)),
    whole("pinsedag", "Pinsedag", Recurrence::FromEaster(49)),
    whole("anden-pinsedag", "2. pinsedag", Recurrence::FromEaster(50)),
    whole("juledag", "Juledag", yearly(12, 25)),
    whole("anden-juledag", "2. juledag", yearly(12, 26)),
];

/// Customary closing days of public offices (closed unless the jobcenter switches them off).
pub const CUSTOMARY: [BuiltIn; 4] = [
    BuiltIn {
        part: ClosedPart { from: NaiveTime::from_hms_opt(12, 0, 0), until: None },
        ..whole("grundlovsdag", "Grundlovsdag (fra kl. 12)", yearly(6, 5))
    },
    whole("juleaftensdag", "Juleaftensdag", yearly(12, 24)),
    whole("nytaarsaftensdag", "Nytårsaftensdag", yearly(12, 31)),
    whole("fredag-efter-kristi-himmelfart", "Fredag efter Kristi himmelfartsdag", Recurrence::FromEaster(40)),
];

impl BuiltIn {
    fn date_in(&self, year: i32) -> Option<NaiveDate> {
        if self.until_year.is_some_and(|last| year > last) {
            return None;
        }
        self.recurrence.date_in(year)
    }
}

/// The public holidays of `year`, in date order, as `(date, name)`.
pub fn public_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let mut days: Vec<_> = PUBLIC_HOLIDAYS.iter().filter_map(|h| Some((h.date_in(year)?, h.name))).collect();
    days.sort();
    days
}

/// A jobcenter's own closing day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosingDay {
    /// Its id.
    pub id: String,
    /// What staff see (1-100 characters).
    pub name: String,
    /// When.
    pub recurrence: Recurrence,
    /// Which part of the day.
    pub part: ClosedPart,
}

impl ClosingDay {
    /// Checks the name and the rule.
    pub fn validate(&self) -> Result<(), Error> {
        let length = self.name.trim().chars().count();
        if length == 0 || length > 100 || self.name.chars().any(char::is_control) {
            return Err(Error::InvalidClosingDay(
                "the name must be 1-100 characters without control characters",
            ));
        }
        self.recurrence.validate()
    }
}

/// One closed day (or part of it) as staff see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closure {
    /// The local date.
    pub date: NaiveDate,
    /// The name.
    pub name: String,
    /// Which kind.
    pub source: ClosureSource,
    /// The key of a built-in day, the id of a local one.
    pub key: String,
    /// Which part of the day.
    pub part: ClosedPart,
}

/// Everything that closes one jobcenter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClosingCalendar {
    /// Keys of the customary days this jobcenter has switched off.
    pub customary_off: BTreeSet<String>,
    /// The jobcenter's own closing days.
    pub local: Vec<ClosingDay>,
}

impl ClosingCalendar {
    /// Every closure on a local date from `first` to `last` (inclusive), by date.
    pub fn closures(&self, first: NaiveDate, last: NaiveDate) -> Vec<Closure> {
        let mut found = Vec::new();
        for year in first.year()..=last.year() {
            let built_in = PUBLIC_HOLIDAYS.iter().map(|b| (b, ClosureSource::Holiday)).chain(
                CUSTOMARY
                    .iter()
                    .filter(|c| !self.customary_off.contains(c.key))
                    .map(|c| (c, ClosureSource::Customary)),
            );
            for (day, source) in built_in {
                if let Some(date) = day.date_in(year) {
                    found.push(Closure {
                        date,
                        name: day.name.to_owned(),
                        source,
                        key: day.key.to_owned(),
                        part: day.part,
                    });
                }
            }
            for day in &self.local {
                if let Some(date) = day.recurrence.date_in(year) {
                    let (name, key) = (day.name.clone(), day.id.clone());
                    found.push(Closure { date, name, source: ClosureSource::Local, key, part: day.part });
                }
            }
        }
        found.retain(|c| first <= c.date && c.date <= last);
        found.sort_by(|a, b| (a.date, a.part.from, &a.key).cmp(&(b.date, b.part.from, &b.key)));
        found
    }

    /// Refuses `span` when any part of it is closed ([`Error::Closed`]).
    pub fn check_open(&self, span: Interval) -> Result<(), Error> {
        if self.closed(span).is_empty() {
            Ok(())
        } else {
            Err(Error::Closed)
        }
    }

    /// The closed instants that touch `window`, in UTC, sorted and merged.
    pub fn closed(&self, window: Interval) -> Vec<Interval> {
        // Local dates can differ from UTC dates; a day on each side covers that.
        let first = (window.start().with_timezone(&ZONE) - Duration::days(1)).date_naive();
        let last = (window.end().with_timezone(&ZONE) + Duration::days(1)).date_naive();
        let mut intervals: Vec<Interval> = self
            .closures(first, last)
            .iter()
            .filter_map(|c| c.part.interval_on(c.date))
            .filter(|i| i.overlaps(&window))
            .collect();
        intervals.sort_by_key(|i| (i.start(), i.end()));
        merge(intervals)
    }
}

/// Merges sorted intervals that overlap or touch.
fn merge(sorted: Vec<Interval>) -> Vec<Interval> {
    let mut merged: Vec<Interval> = Vec::with_capacity(sorted.len());
    for interval in sorted {
        match merged.last_mut() {
            Some(last) if interval.start() <= last.end() => {
                if interval.end() > last.end() {
                    *last = Interval::new(last.start(), interval.end()).unwrap_or(*last);
                }
            }
            _ => merged.push(interval),
        }
    }
    merged
}

#[cfg(test)]
#[path = "closing_tests.rs"]
mod tests;
