//! Each report as one table and its chart, made once from the loaded data, so the page's
//! table, its chart and the CSV export show the same numbers (the CSV is the table's cells).

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};

use super::chart::{self, Bar, Caption, Lines, Series};
use super::figures::{decimal, grouped, hours, percent, Counts};
use super::Kind;
use crate::domain::{Booking, ZONE};
use crate::store::TeamWeekUse;
use crate::web::calendar::channel_name;
use crate::web::lang::{fill, t};

/// What a report is made from.
#[derive(Debug, Clone, Default)]
pub struct Data {
    /// The first and last local date.
    pub period: (NaiveDate, NaiveDate),
    /// The bookings starting within the period (booking reports).
    pub bookings: Vec<Booking>,
    /// The teams' weeks (the utilisation report).
    pub utilisation: Vec<TeamWeekUse>,
    /// Offer names by id.
    pub offers: HashMap<String, String>,
    /// Counselor names by id.
    pub counselors: HashMap<String, String>,
}

/// A report: its table (header, rows, a totals row) and its chart.
#[derive(Debug, Clone)]
pub struct Report {
    /// The column names.
    pub head: Vec<&'static str>,
    /// The rows; the first cell names the row.
    pub rows: Vec<Vec<String>>,
    /// The totals, when the report has them.
    pub foot: Option<Vec<String>>,
    /// The chart as SVG markup.
    pub chart: String,
}

/// The columns of a report counting bookings by status.
const COUNT_COLUMNS: [&str; 8] =
    ["I alt", "Booket", "Afholdt", "Udeblevet", "Aflyst", "Bortfaldet", "Udeblevne (%)", "Selvbooket (%)"];

/// `kind`'s report of `data`; `caption` names the chart.
pub fn build(kind: Kind, data: &Data, caption: Caption) -> Report {
    match kind {
        Kind::Day => by_day(data, caption),
        Kind::Offer => by_name(data, caption, t("Mødetilbud"), |b| {
            b.offer
                .as_ref()
                .map(|id| data.offers.get(id.as_str()).cloned().unwrap_or_else(|| id.as_str().into()))
        }),
        Kind::Counselor => by_name(data, caption, t("Vejleder"), |b| {
            let id = b.counselor.as_str();
            Some(data.counselors.get(id).cloned().unwrap_or_else(|| id.to_owned()))
        }),
        Kind::Channel => by_name(data, caption, t("Kanal"), |b| Some(channel_name(b.channel).to_owned())),
        Kind::Weekly => weekly(data, caption),
        Kind::Utilisation => utilisation(data, caption),
    }
}

/// The cells of one group's counts.
fn count_cells(label: String, counts: &Counts) -> Vec<String> {
    let numbers =
        [counts.total, counts.booked, counts.completed, counts.no_show, counts.cancelled, counts.lapsed];
    std::iter::once(label)
        .chain(numbers.iter().map(ToString::to_string))
        .chain([decimal(counts.no_show_rate()), decimal(counts.self_booked_share())])
        .collect()
}

/// The totals row of `groups`.
fn totals<'a>(groups: impl Iterator<Item = &'a Counts>) -> Vec<String> {
    count_cells(t("I alt").to_owned(), &groups.fold(Counts::default(), |sum, counts| sum.plus(*counts)))
}

/// Bookings per group named by `name` (`None`: "Uden mødetilbud"), by name, as bars.
fn by_name(
    data: &Data,
    caption: Caption,
    first: &'static str,
    name: impl Fn(&Booking) -> Option<String>,
) -> Report {
    let groups =
        grouped(&data.bookings, |booking| name(booking).unwrap_or_else(|| t("Uden mødetilbud").into()));
    let bars: Vec<Bar> = groups
        .iter()
        .map(|(label, counts)| Bar {
            label: label.clone(),
            value: counts.total as f64,
            text: counts.total.to_string(),
        })
        .collect();
    Report {
        head: std::iter::once(first).chain(COUNT_COLUMNS).collect(),
        rows: groups.iter().map(|(label, counts)| count_cells(label.clone(), counts)).collect(),
        foot: Some(totals(groups.values())),
        chart: chart::bar_chart(&caption, &bars),
    }
}

/// The local dates of the period.
fn days((first, last): (NaiveDate, NaiveDate)) -> Vec<NaiveDate> {
    first.iter_days().take_while(|day| *day <= last).collect()
}

/// The Mondays of the weeks the period touches.
fn mondays((first, last): (NaiveDate, NaiveDate)) -> Vec<NaiveDate> {
    let monday = first - Duration::days(i64::from(first.weekday().num_days_from_monday()));
    monday.iter_weeks().take_while(|week| *week <= last).collect()
}

/// A week on screens: "Uge 10, 2027" (ISO week numbers, as Danish calendars count).
pub fn week_name(monday: NaiveDate) -> String {
    let week = monday.iso_week();
    fill(t("Uge {}, {}"), [week.week().to_string(), week.year().to_string()])
}

/// The local date a booking starts on.
fn start_day(booking: &Booking) -> NaiveDate {
    booking.interval.start().with_timezone(&ZONE).date_naive()
}

/// Bookings per day, every day of the period (none: zeros), as a line.
fn by_day(data: &Data, caption: Caption) -> Report {
    let groups = grouped(&data.bookings, |booking| start_day(booking).to_string());
    let all = days(data.period);
    let counts: Vec<Counts> =
        all.iter().map(|day| groups.get(&day.to_string()).copied().unwrap_or_default()).collect();
    let lines = Lines {
        categories: all.iter().map(|day| day.format("%d.%m").to_string()).collect(),
        series: vec![Series {
            name: t("Bookinger").into(),
            values: counts.iter().map(|c| Some(c.total as f64)).collect(),
        }],
        max: None,
        unit: "",
    };
    Report {
        head: std::iter::once(t("Dato")).chain(COUNT_COLUMNS).collect(),
        rows: all.iter().zip(&counts).map(|(day, counts)| count_cells(day.to_string(), counts)).collect(),
        foot: Some(totals(counts.iter())),
        chart: chart::line_chart(&caption, &lines),
    }
}

/// The no-show rate and the share self-booked per week, as two lines in per cent.
fn weekly(data: &Data, caption: Caption) -> Report {
    let monday = |booking: &Booking| {
        let day = start_day(booking);
        (day - Duration::days(i64::from(day.weekday().num_days_from_monday()))).to_string()
    };
    let groups = grouped(&data.bookings, monday);
    let weeks = mondays(data.period);
    let counts: Vec<Counts> =
        weeks.iter().map(|week| groups.get(&week.to_string()).copied().unwrap_or_default()).collect();
    let cells = |label: String, c: &Counts| {
        let numbers = [c.total, c.completed, c.no_show].map(|n| n.to_string());
        std::iter::once(label)
            .chain(numbers)
            .chain([decimal(c.no_show_rate()), c.self_booked.to_string(), decimal(c.self_booked_share())])
            .collect::<Vec<_>>()
    };
    let lines = Lines {
        categories: weeks
            .iter()
            .map(|week| fill(t("Uge {}"), [week.iso_week().week().to_string()]))
            .collect(),
        series: vec![
            Series {
                name: t("Udeblevne (%)").into(),
                values: counts.iter().map(Counts::no_show_rate).collect(),
            },
            Series {
                name: t("Selvbooket (%)").into(),
                values: counts.iter().map(Counts::self_booked_share).collect(),
            },
        ],
        max: Some(100.0),
        unit: " %",
    };
    let sum = counts.iter().fold(Counts::default(), |sum, c| sum.plus(*c));
    Report {
        head: vec![
            t("Uge"),
            t("I alt"),
            t("Afholdt"),
            t("Udeblevet"),
            t("Udeblevne (%)"),
            t("Selvbooket"),
            t("Selvbooket (%)"),
        ],
        rows: weeks.iter().zip(&counts).map(|(week, c)| cells(week_name(*week), c)).collect(),
        foot: Some(cells(t("I alt").into(), &sum)),
        chart: chart::line_chart(&caption, &lines),
    }
}

/// Booked against offered time per team and week, a line per team in per cent.
fn utilisation(data: &Data, caption: Caption) -> Report {
    let weeks = mondays(data.period);
    let mut teams: Vec<(&str, &str)> = Vec::new();
    for line in &data.utilisation {
        if !teams.iter().any(|(id, _)| *id == line.team.id.as_str()) {
            teams.push((line.team.id.as_str(), line.team.name.as_str()));
        }
    }
    let rate = |line: &TeamWeekUse| percent(line.booked_minutes, line.offered_minutes);
    let series = teams
        .iter()
        .map(|(id, name)| Series {
            name: (*name).to_owned(),
            values: weeks
                .iter()
                .map(|week| {
                    data.utilisation
                        .iter()
                        .find(|l| l.team.id.as_str() == *id && l.week == *week)
                        .and_then(rate)
                })
                .collect(),
        })
        .collect();
    let lines = Lines {
        categories: weeks
            .iter()
            .map(|week| fill(t("Uge {}"), [week.iso_week().week().to_string()]))
            .collect(),
        series,
        max: Some(100.0),
        unit: " %",
    };
    let rows = data
        .utilisation
        .iter()
        .map(|line| {
            vec![
                line.team.name.clone(),
                week_name(line.week),
                hours(line.offered_minutes),
                hours(line.booked_minutes),
                decimal(rate(line)),
            ]
        })
        .collect();
    Report {
        head: vec![
            t("Team"),
            t("Uge"),
            t("Tilbudt tid (timer)"),
            t("Booket tid (timer)"),
            t("Udnyttelse (%)"),
        ],
        rows,
        foot: None,
        chart: chart::line_chart(&caption, &lines),
    }
}
