//! Local wall-clock times of one Copenhagen date turned into UTC instants, with the contract's
//! daylight-saving rules.
//!
//! A time in the spring-forward gap moves forward to the first instant after the gap; an
//! ambiguous (repeated autumn) time resolves to the earliest instant for a period start and the
//! latest for a period end, so a working period never loses the repeated hour.
//! Most dates have one UTC offset all day; for those the conversion is a subtraction, and only
//! the two change dates a year pay for a full zone lookup. Nothing here may panic: every
//! date and time operation is checked, and an unrepresentable instant is `None`.

use chrono::{
    DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc,
    Weekday,
};

use super::super::ZONE;

/// Which of two instants an ambiguous local time stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Edge {
    /// A period start: the earliest instant.
    Start,
    /// A period end: the latest instant.
    End,
}

/// One local date, with its UTC offset when that offset holds all day.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LocalDay {
    date: NaiveDate,
    /// `Some(seconds east of UTC)` when no offset change touches the date.
    uniform_offset: Option<i32>,
}

impl LocalDay {
    /// Looks up the zone once for `date`.
    pub(crate) fn new(date: NaiveDate) -> Self {
        Self { date, uniform_offset: uniform_offset(date) }
    }

    /// The local date.
    pub(super) fn date(&self) -> NaiveDate {
        self.date
    }

    /// Its weekday.
    pub(super) fn weekday(&self) -> Weekday {
        self.date.weekday()
    }

    /// The instant of local `time` on this date, following the DST rules in the module doc.
    pub(crate) fn instant(&self, time: NaiveTime, edge: Edge) -> Option<DateTime<Utc>> {
        let local = self.date.and_time(time);
        match self.uniform_offset {
            Some(offset) => {
                local.checked_sub_signed(Duration::seconds(i64::from(offset))).map(|naive| naive.and_utc())
            }
            None => resolve(&local, edge),
        }
    }
}

/// The full zone lookup for a date on which the offset changes (or at the edge of time).
fn resolve(local: &NaiveDateTime, edge: Edge) -> Option<DateTime<Utc>> {
    match ZONE.from_local_datetime(local) {
        LocalResult::Single(instant) => Some(instant.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, second) => {
            let (earliest, latest) = if first <= second { (first, second) } else { (second, first) };
            Some(match edge {
                Edge::Start => earliest.with_timezone(&Utc),
                Edge::End => latest.with_timezone(&Utc),
            })
        }
        // Contract §4 (DST): a time that does not exist moves forward to the first valid instant.
        LocalResult::None => chrono_tz::GapInfo::new(local, &ZONE)
            .and_then(|gap| gap.end)
            .map(|instant| instant.with_timezone(&Utc)),
    }
}

/// The offset of `date` when it is the same from well before local midnight to well after the
/// next one. Copenhagen never changes its offset twice within such a span, so equal offsets at
/// both ends and in the middle mean no change touches the date.
fn uniform_offset(date: NaiveDate) -> Option<i32> {
    let midnight = date.and_time(NaiveTime::MIN);
    let probe = |hours: i64| {
        midnight
            .checked_add_signed(Duration::hours(hours))
            .map(|naive| ZONE.offset_from_utc_datetime(&naive).fix().local_minus_utc())
    };
    let before = probe(-14)?;
    let middle = probe(12)?;
    let after = probe(38)?;
    (before == middle && middle == after).then_some(before)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instant(date: &str, time: &str, edge: Edge) -> String {
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
        let time = NaiveTime::parse_from_str(time, "%H:%M").unwrap();
        match LocalDay::new(date).instant(time, edge) {
            Some(at) => at.format("%Y-%m-%dT%H:%MZ").to_string(),
            None => "none".to_owned(),
        }
    }

    #[test]
    fn conversion_table() {
        let cases = [
            ("2027-03-26", "09:00", Edge::Start, "2027-03-26T08:00Z"),
            ("2027-03-29", "09:00", Edge::Start, "2027-03-29T07:00Z"),
            ("2027-03-28", "01:59", Edge::Start, "2027-03-28T00:59Z"),
            ("2027-03-28", "02:00", Edge::Start, "2027-03-28T01:00Z"),
            ("2027-03-28", "02:30", Edge::Start, "2027-03-28T01:00Z"),
            ("2027-03-28", "02:30", Edge::End, "2027-03-28T01:00Z"),
            ("2027-03-28", "03:00", Edge::Start, "2027-03-28T01:00Z"),
            ("2027-10-31", "02:30", Edge::Start, "2027-10-31T00:30Z"),
            ("2027-10-31", "02:30", Edge::End, "2027-10-31T01:30Z"),
            ("2027-10-31", "09:00", Edge::Start, "2027-10-31T08:00Z"),
            ("2027-10-30", "09:00", Edge::Start, "2027-10-30T07:00Z"),
        ];
        for (date, time, edge, expected) in cases {
            assert_eq!(instant(date, time, edge), expected, "{date} {time} {edge:?}");
        }
    }

    #[test]
    fn edge_of_time_is_none_not_panic() {
        let first = NaiveTime::MIN;
        assert_eq!(LocalDay::new(NaiveDate::MIN).instant(first, Edge::Start), None);
        let last = NaiveTime::from_hms_opt(23, 59, 0).unwrap();
        for edge in [Edge::Start, Edge::End] {
            assert!(LocalDay::new(NaiveDate::MAX).instant(last, edge).is_some());
        }
    }
}
