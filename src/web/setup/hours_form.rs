//! The weekly template form of a counselor: one row per weekday with the working day's start
//! and end (both empty: a day off) and its breaks ("12:00-12:30, 14:00-14:15"), read field by
//! field into `WeeklyHours` (the day's period with the breaks taken out, as the admin API's
//! `breaks` are), and a stored template shown the same way (the gaps between a day's periods
//! are its breaks). Fields are named `hours-{mon..sun}-{start, end, breaks}`.

use chrono::NaiveTime;

use super::fields::Fields;
use crate::domain::{LocalPeriod, WeeklyHours};
use crate::web::calendar::weekday_name;
use crate::web::lang::t;
use crate::web::page::FieldError;

/// The weekdays and the field names' key.
pub use crate::domain::calendar::WEEKDAY_KEYS as DAYS;

/// One weekday's row as typed or stored.
#[derive(Debug, Clone)]
pub struct DayRow {
    /// The field names' key (`mon`).
    pub key: &'static str,
    /// The weekday's name in the request's language.
    pub name: &'static str,
    /// The start, `HH:MM`, or empty.
    pub start: String,
    /// The end, `HH:MM`, or empty.
    pub end: String,
    /// The breaks, `HH:MM-HH:MM` separated by commas.
    pub breaks: String,
}

impl DayRow {
    /// The id of this row's field `part` (`start`, `end`, `breaks`).
    pub fn field(&self, part: &str) -> String {
        format!("hours-{}-{part}", self.key)
    }
}

fn hm(time: NaiveTime) -> String {
    time.format("%H:%M").to_string()
}

/// The rows of a stored template.
pub fn rows_of(week: &WeeklyHours) -> Vec<DayRow> {
    let breaks = week.breaks();
    DAYS.iter()
        .map(|(day, key)| {
            let name = weekday_name(*day);
            let periods = week.periods(*day);
            let (start, end) = match (periods.first(), periods.last()) {
                (Some(first), Some(last)) => (hm(first.start()), hm(last.end())),
                _ => (String::new(), String::new()),
            };
            let breaks = breaks
                .iter()
                .filter(|(of, _)| of == day)
                .map(|(_, gap)| format!("{}-{}", hm(gap.start()), hm(gap.end())))
                .collect::<Vec<_>>()
                .join(", ");
            DayRow { key, name, start, end, breaks }
        })
        .collect()
}

/// The rows as posted.
pub fn rows_posted(form: &Fields) -> Vec<DayRow> {
    DAYS.iter()
        .map(|(day, key)| {
            let value = |part: &str| form.one(&format!("hours-{key}-{part}")).trim().to_owned();
            let name = weekday_name(*day);
            DayRow { key, name, start: value("start"), end: value("end"), breaks: value("breaks") }
        })
        .collect()
}

/// A time `HH:MM` (also `H:MM` and `HH.MM`).
pub fn time(text: &str) -> Option<NaiveTime> {
    let text = text.trim().replace('.', ":");
    NaiveTime::parse_from_str(&text, "%H:%M").ok()
}

/// Breaks "12:00-12:30, 14:00-14:15" (a dash or an en dash), each a period; `None` when one
/// is not.
fn periods(text: &str) -> Option<Vec<LocalPeriod>> {
    text.split([',', ';'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (start, end) = part.split_once(['-', '–'])?;
            LocalPeriod::new(time(start)?, time(end)?).ok()
        })
        .collect()
}

/// One row's working period and breaks, or its errors.
fn read_row(row: &DayRow, errors: &mut Vec<FieldError>) -> Option<(LocalPeriod, Vec<LocalPeriod>)> {
    let when = t("Angiv klokkeslættet som tt:mm, fx 08:00, eller lad både start og slut stå tomme.");
    let (start, end) = (time(&row.start), time(&row.end));
    if row.start.is_empty() && row.end.is_empty() {
        if !row.breaks.is_empty() {
            errors.push(FieldError::of(row.field("breaks"), t("En fridag har ingen pauser.")));
        }
        return None;
    }
    if start.is_none() {
        errors.push(FieldError::of(row.field("start"), when));
    }
    if end.is_none() {
        errors.push(FieldError::of(row.field("end"), when));
    }
    let period = LocalPeriod::new(start?, end?)
        .map_err(|_| errors.push(FieldError::of(row.field("end"), t("Slut skal ligge efter start."))))
        .ok()?;
    let breaks =
        t("Skriv pauserne som tt:mm-tt:mm adskilt af komma, inden for arbejdsdagen og uden overlap.");
    let Some(mut pauses) = periods(&row.breaks) else {
        errors.push(FieldError::of(row.field("breaks"), breaks));
        return None;
    };
    pauses.sort();
    let inside = pauses.iter().all(|p| period.start() < p.start() && p.end() < period.end());
    let apart = pauses.windows(2).all(|pair| pair[0].end() < pair[1].start());
    if !inside || !apart {
        errors.push(FieldError::of(row.field("breaks"), breaks));
        return None;
    }
    Some((period, pauses))
}

/// The template the rows describe, or the errors naming each bad field.
pub fn read_week(rows: &[DayRow]) -> Result<WeeklyHours, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut periods = Vec::new();
    let mut breaks = Vec::new();
    for ((day, ..), row) in DAYS.iter().zip(rows) {
        if let Some((period, pauses)) = read_row(row, &mut errors) {
            periods.push((*day, period));
            breaks.extend(pauses.into_iter().map(|pause| (*day, pause)));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let whole = |_| vec![FieldError::new("hours-mon-start", t("Arbejdstiderne kunne ikke gemmes."))];
    let week = WeeklyHours::new(periods).map_err(whole)?;
    week.without_breaks(&breaks).map_err(|index| {
        let key = DAYS.iter().find(|(day, _)| Some(day) == breaks.get(index).map(|(d, _)| d));
        let field = format!("hours-{}-breaks", key.map_or("mon", |(_, key)| key));
        vec![FieldError::of(field, t("Pausen skal ligge inden for arbejdsdagen."))]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(day: usize, start: &str, end: &str, breaks: &str) -> DayRow {
        let (weekday, key) = DAYS[day];
        DayRow {
            key,
            name: weekday_name(weekday),
            start: start.into(),
            end: end.into(),
            breaks: breaks.into(),
        }
    }

    #[test]
    fn a_week_round_trips_and_bad_fields_are_named() {
        let mut rows: Vec<DayRow> = (0..7).map(|day| row(day, "", "", "")).collect();
        rows[0] = row(0, "08:00", "16:00", "12:00-12:30");
        rows[4] = row(4, "8.00", "12:00", "");
        let week = read_week(&rows).unwrap();
        let shown = rows_of(&week);
        assert_eq!((shown[0].start.as_str(), shown[0].breaks.as_str()), ("08:00", "12:00-12:30"));
        assert_eq!((shown[4].start.as_str(), shown[4].end.as_str()), ("08:00", "12:00"));
        assert!(shown[6].start.is_empty());
        rows[0] = row(0, "16:00", "08:00", "");
        rows[1] = row(1, "08:00", "", "");
        rows[2] = row(2, "08:00", "16:00", "17:00-17:30");
        rows[3] = row(3, "", "", "12:00-12:30");
        let fields: Vec<String> = read_week(&rows).unwrap_err().into_iter().map(|e| e.field.into()).collect();
        assert_eq!(fields, ["hours-mon-end", "hours-tue-end", "hours-wed-breaks", "hours-thu-breaks"]);
    }
}
