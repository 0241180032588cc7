//! A counselor's calendar as the availability engine sees it: weekly working hours in
//! Europe/Copenhagen wall-clock time, dated exceptions that replace a day's hours, and busy blocks.
//!
//! Working hours are local times plus the zone, never UTC offsets, so that 09:00 stays 09:00
//! on both sides of a daylight-saving change (contract §4).

use chrono::{NaiveDate, NaiveTime, Weekday};

use super::{Error, Interval};

/// The weekdays from Monday with the short keys the admin API and the web app's forms name them
/// by (`mon` ... `sun`).
pub const WEEKDAY_KEYS: [(Weekday, &str); 7] = [
    (Weekday::Mon, "mon"),
    (Weekday::Tue, "tue"),
    (Weekday::Wed, "wed"),
    (Weekday::Thu, "thu"),
    (Weekday::Fri, "fri"),
    (Weekday::Sat, "sat"),
    (Weekday::Sun, "sun"),
];

/// The zone every local time in `planner` is computed in.
pub const ZONE: chrono_tz::Tz = chrono_tz::Europe::Copenhagen;

/// One period of a working day in local wall-clock time, `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LocalPeriod {
    start: NaiveTime,
    end: NaiveTime,
}

impl LocalPeriod {
    /// Builds a period; fails with [`Error::InvalidWorkingHours`] unless `start < end`.
    pub fn new(start: NaiveTime, end: NaiveTime) -> Result<Self, Error> {
        if start < end {
            Ok(Self { start, end })
        } else {
            Err(Error::InvalidWorkingHours)
        }
    }

    /// Local start time.
    pub fn start(&self) -> NaiveTime {
        self.start
    }

    /// Local end time.
    pub fn end(&self) -> NaiveTime {
        self.end
    }
}

/// Sorts periods and refuses overlapping ones.
fn sorted_without_overlap(mut periods: Vec<LocalPeriod>) -> Result<Vec<LocalPeriod>, Error> {
    periods.sort();
    if periods.windows(2).any(|pair| pair[1].start < pair[0].end) {
        return Err(Error::InvalidWorkingHours);
    }
    Ok(periods)
}

/// A counselor's weekly template: for each weekday, the working periods (possibly none).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WeeklyHours {
    /// Index 0 = Monday ... 6 = Sunday; each list sorted and without overlap.
    days: [Vec<LocalPeriod>; 7],
}

impl WeeklyHours {
    /// Builds the template from `(weekday, period)` pairs; refuses overlaps within a day.
    pub fn new(entries: impl IntoIterator<Item = (Weekday, LocalPeriod)>) -> Result<Self, Error> {
        let mut days: [Vec<LocalPeriod>; 7] = Default::default();
        for (weekday, period) in entries {
            days[weekday.num_days_from_monday() as usize].push(period);
        }
        let mut checked: [Vec<LocalPeriod>; 7] = Default::default();
        for (idx, periods) in days.into_iter().enumerate() {
            checked[idx] = sorted_without_overlap(periods)?;
        }
        Ok(Self { days: checked })
    }

    /// The periods of a weekday, sorted.
    pub fn periods(&self, weekday: Weekday) -> &[LocalPeriod] {
        &self.days[weekday.num_days_from_monday() as usize]
    }

    /// The breaks (pauser): the gaps between a weekday's working periods, Monday first. A break
    /// is not stored apart: the template holds the day as periods split around it.
    pub fn breaks(&self) -> Vec<(Weekday, LocalPeriod)> {
        let mut found = Vec::new();
        for (idx, periods) in self.days.iter().enumerate() {
            let weekday = WEEK[idx];
            for pair in periods.windows(2) {
                if let Ok(gap) = LocalPeriod::new(pair[0].end, pair[1].start) {
                    found.push((weekday, gap));
                }
            }
        }
        found
    }

    /// The template with `breaks` taken out of its periods. A break must lie within its
    /// weekday's working day (from the first period's start to the last one's end); one that
    /// already falls in a gap changes nothing, so the same week and breaks can be given again.
    /// Answers the index of the first break outside its day.
    pub fn without_breaks(&self, breaks: &[(Weekday, LocalPeriod)]) -> Result<Self, usize> {
        let mut days = self.days.clone();
        for (index, (weekday, pause)) in breaks.iter().enumerate() {
            let periods = &mut days[weekday.num_days_from_monday() as usize];
            let inside = periods.first().is_some_and(|first| first.start <= pause.start)
                && periods.last().is_some_and(|last| pause.end <= last.end);
            if !inside {
                return Err(index);
            }
            *periods = periods
                .iter()
                .flat_map(|p| {
                    let before = LocalPeriod::new(p.start, pause.start.min(p.end)).ok();
                    let after = LocalPeriod::new(pause.end.max(p.start), p.end).ok();
                    [before, after].into_iter().flatten()
                })
                .collect();
        }
        Ok(Self { days })
    }
}

const WEEK: [Weekday; 7] =
    [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];

/// A dated exception that replaces the weekly template for one local date; no periods = day off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayException {
    date: NaiveDate,
    periods: Vec<LocalPeriod>,
}

impl DayException {
    /// Builds an exception; refuses overlapping periods.
    pub fn new(date: NaiveDate, periods: Vec<LocalPeriod>) -> Result<Self, Error> {
        Ok(Self { date, periods: sorted_without_overlap(periods)? })
    }

    /// The local date it applies to.
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// The periods worked that day, sorted; empty when the counselor is off.
    pub fn periods(&self) -> &[LocalPeriod] {
        &self.periods
    }
}

/// Where a busy block came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockSource {
    /// Entered by a summoner or operator.
    Manual,
    /// Pushed or imported from the municipality's calendar.
    CalendarSync,
    /// Anything else (an adapter, an import).
    Other,
}

impl BlockSource {
    /// Stable text form used in storage and APIs.
    pub fn as_str(&self) -> &'static str {
        match self {
            BlockSource::Manual => "manual",
            BlockSource::CalendarSync => "calendar_sync",
            BlockSource::Other => "other",
        }
    }

    /// Parses the stable text form.
    pub fn parse(text: &str) -> Result<Self, Error> {
        match text {
            "manual" => Ok(BlockSource::Manual),
            "calendar_sync" => Ok(BlockSource::CalendarSync),
            "other" => Ok(BlockSource::Other),
            _ => Err(Error::InvalidText { field: "source", max: 13 }),
        }
    }
}

/// Time a counselor is not available, whatever working hours say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BusyBlock {
    /// When.
    pub interval: Interval,
    /// Where it came from.
    pub source: BlockSource,
}

/// The longest note of a manual busy block, in characters.
pub const BLOCK_NOTE_MAX: usize = 200;

/// Checks the note of a manual busy block ("Kursus", "Tandlæge"): trimmed, at most
/// [`BLOCK_NOTE_MAX`] characters, no control characters; an empty note is none.
pub fn block_note(text: &str) -> Result<Option<String>, Error> {
    let text = text.trim();
    if text.chars().count() > BLOCK_NOTE_MAX || text.chars().any(char::is_control) {
        return Err(Error::InvalidText { field: "note", max: BLOCK_NOTE_MAX });
    }
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

/// The working periods of a counselor on local `date`: the dated exception's when there is
/// one (none at all = a day off), else the weekly template's for the weekday.
pub fn working_periods<'a>(
    weekly: &'a WeeklyHours,
    exceptions: &'a [DayException],
    date: NaiveDate,
) -> &'a [LocalPeriod] {
    match exceptions.iter().find(|exception| exception.date() == date) {
        Some(exception) => exception.periods(),
        None => weekly.periods(chrono::Datelike::weekday(&date)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn refuses_overlapping_and_reversed_periods() {
        assert_eq!(LocalPeriod::new(t(9, 0), t(9, 0)), Err(Error::InvalidWorkingHours));
        let a = LocalPeriod::new(t(8, 0), t(12, 0)).unwrap();
        let b = LocalPeriod::new(t(11, 0), t(15, 0)).unwrap();
        let c = LocalPeriod::new(t(12, 0), t(15, 0)).unwrap();
        assert_eq!(WeeklyHours::new([(Weekday::Mon, a), (Weekday::Mon, b)]), Err(Error::InvalidWorkingHours));
        let week = WeeklyHours::new([(Weekday::Mon, c), (Weekday::Mon, a), (Weekday::Tue, b)]).unwrap();
        assert_eq!(week.periods(Weekday::Mon), &[a, c]);
        assert!(week.periods(Weekday::Sun).is_empty());
    }

    #[test]
    fn breaks_split_periods_and_read_back_as_gaps() {
        let day = LocalPeriod::new(t(8, 0), t(16, 0)).unwrap();
        let lunch = LocalPeriod::new(t(12, 0), t(12, 30)).unwrap();
        let week = WeeklyHours::new([(Weekday::Mon, day), (Weekday::Fri, day)]).unwrap();
        let split = week.without_breaks(&[(Weekday::Mon, lunch)]).unwrap();
        assert_eq!(
            split.periods(Weekday::Mon),
            &[LocalPeriod::new(t(8, 0), t(12, 0)).unwrap(), LocalPeriod::new(t(12, 30), t(16, 0)).unwrap()]
        );
        assert_eq!(split.periods(Weekday::Fri), &[day]);
        assert_eq!(split.breaks(), vec![(Weekday::Mon, lunch)]);
        // Giving the same break again changes nothing; a break outside the day is refused.
        assert_eq!(split.without_breaks(&split.breaks()).unwrap(), split);
        let evening = LocalPeriod::new(t(17, 0), t(18, 0)).unwrap();
        assert_eq!(split.without_breaks(&[(Weekday::Mon, lunch), (Weekday::Mon, evening)]), Err(1));
        assert_eq!(split.without_breaks(&[(Weekday::Sun, lunch)]), Err(0));
    }

    #[test]
    fn a_block_note_is_trimmed_bounded_and_optional() {
        assert_eq!(block_note("  Kursus "), Ok(Some("Kursus".into())));
        assert_eq!(block_note("   "), Ok(None));
        assert!(block_note(&"x".repeat(BLOCK_NOTE_MAX + 1)).is_err());
        assert!(block_note("a\u{7}b").is_err());
    }

    #[test]
    fn an_exception_replaces_the_weekday_of_its_date_only() {
        let week = WeeklyHours::new([(Weekday::Mon, LocalPeriod::new(t(8, 0), t(16, 0)).unwrap())]).unwrap();
        let monday = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        let off = [DayException::new(monday, Vec::new()).unwrap()];
        assert!(working_periods(&week, &off, monday).is_empty());
        let next = monday + chrono::Duration::days(7);
        assert_eq!(working_periods(&week, &off, next), week.periods(Weekday::Mon));
    }
}
