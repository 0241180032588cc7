//! The jobcenter's closing days: `GET /setup/{jobcenter}/closing-days?year=` shows the year's
//! Danish public holidays (computed by `domain::closing`, never typed in), the customary closing
//! days with a button each that keeps one closed or opens it, and the jobcenter's own closing
//! days with a button that removes one and the form that adds one (a date, once or every year,
//! the whole day or a part of it). The changes are in [`closing_changes`](super::closing_changes).
//!
//! Administrators of the whole jobcenter change them; administrators of a team read them;
//! everyone else is refused (the rule of `Subject::Settings`).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::{Datelike, NaiveDate, NaiveTime};
use serde::Deserialize;

use super::{not_found, Subject, Visit};
use crate::domain::closing::{public_holidays, ClosedPart, ClosingDay, Recurrence, CUSTOMARY};
use crate::domain::{Booking, ZONE};
use crate::store::Error;
use crate::web::calendar::{day_name, full_name, status_name, time_range};
use crate::web::lang::{fill, t};
use crate::web::page::{self, FieldError};

/// What the form for a new closing day holds, as typed.
#[derive(Debug, Clone, Default)]
pub struct ClosingValues {
    /// The name.
    pub name: String,
    /// The date, `YYYY-MM-DD`.
    pub date: String,
    /// Every year on that date.
    pub yearly: bool,
    /// Closed from, `HH:MM` (empty: from midnight).
    pub from: String,
    /// Closed until, `HH:MM` (empty: until midnight).
    pub until: String,
}

/// A public holiday of the year.
struct Holiday {
    date: String,
    name: &'static str,
}

/// A customary day and whether the jobcenter keeps it closed.
struct Customary {
    key: &'static str,
    name: &'static str,
    date: String,
    closed: bool,
}

/// One of the jobcenter's own closing days.
struct Local {
    id: String,
    name: String,
    when: String,
    part: String,
}

/// A booking on closed time, as the store reported it.
pub struct OnClosed {
    id: String,
    when: String,
    counselor: String,
    status: &'static str,
}

/// `GET /setup/{jobcenter}/closing-days`.
#[derive(Template)]
#[template(path = "web/setup_closing.html")]
struct ClosingPage<'a> {
    csrf: &'a str,
    jobcenter: &'a str,
    change: bool,
    notice: Option<&'static str>,
    year: i32,
    holidays: Vec<Holiday>,
    customary: Vec<Customary>,
    local: Vec<Local>,
    values: ClosingValues,
    errors: Vec<FieldError>,
    affected: Option<Vec<OnClosed>>,
}

/// The query of the page.
#[derive(Debug, Deserialize)]
pub struct ClosingQuery {
    /// The year shown (this year by default).
    pub year: Option<String>,
    /// What was just done (`added`, `removed`, `customary`).
    pub done: Option<String>,
}

/// The closed part of a day in words.
fn part_text(part: &ClosedPart) -> String {
    let hm = |time: NaiveTime| time.format("%H:%M").to_string();
    match (part.from(), part.until()) {
        (None, None) => t("Hele dagen").to_owned(),
        (Some(from), None) => fill(t("Fra kl. {}"), [hm(from)]),
        (None, Some(until)) => fill(t("Indtil kl. {}"), [hm(until)]),
        (Some(from), Some(until)) => fill(t("Kl. {}–{}"), [hm(from), hm(until)]),
    }
}

/// When a rule falls, in words.
fn when_text(recurrence: &Recurrence) -> String {
    match *recurrence {
        Recurrence::Once(date) => day_name(date),
        Recurrence::Yearly { month, day } => {
            fill(t("Hvert år den {}.{}."), [day.to_string(), format!("{month:02}")])
        }
        Recurrence::FromEaster(days) => fill(t("Hvert år {} dage fra påskedag"), [days.to_string()]),
    }
}

/// A public holiday's or customary closing day's name (as `domain::closing` has it in Danish)
/// in the request's language; any other name as it is.
pub fn holiday_name(name: &str) -> &str {
    match name {
        "Nytårsdag" => t("Nytårsdag"),
        "Skærtorsdag" => t("Skærtorsdag"),
        "Langfredag" => t("Langfredag"),
        "Påskedag" => t("Påskedag"),
        "2. påskedag" => t("2. påskedag"),
        "Store bededag" => t("Store bededag"),
        "Kristi himmelfartsdag" => t("Kristi himmelfartsdag"),
        "Pinsedag" => t("Pinsedag"),
        "2. pinsedag" => t("2. pinsedag"),
        "Juledag" => t("Juledag"),
        "2. juledag" => t("2. juledag"),
        "Grundlovsdag (fra kl. 12)" => t("Grundlovsdag (fra kl. 12)"),
        "Juleaftensdag" => t("Juleaftensdag"),
        "Nytårsaftensdag" => t("Nytårsaftensdag"),
        "Fredag efter Kristi himmelfartsdag" => t("Fredag efter Kristi himmelfartsdag"),
        other => other,
    }
}

/// The bookings `found` as the page lists them.
pub fn on_closed(found: &[Booking], counselors: &[crate::domain::Counselor]) -> Vec<OnClosed> {
    found
        .iter()
        .map(|booking| OnClosed {
            id: booking.id.as_str().to_owned(),
            when: format!(
                "{} {}",
                day_name(booking.interval.start().with_timezone(&ZONE).date_naive()),
                time_range(&booking.interval)
            ),
            counselor: counselors
                .iter()
                .find(|c| c.id == booking.counselor)
                .map_or_else(|| t("Ukendt vejleder").to_owned(), full_name),
            status: status_name(booking.status),
        })
        .collect()
}

/// The year of the query (2000-2100), or this year.
fn year_of(visit: &Visit, asked: Option<&str>) -> i32 {
    asked
        .and_then(|y| y.trim().parse::<i32>().ok())
        .filter(|y| (2000..=2100).contains(y))
        .unwrap_or_else(|| visit.context.clock.now().with_timezone(&ZONE).year())
}

/// Renders the page of `year` with `status`.
pub async fn render(
    visit: &Visit,
    (status, year): (StatusCode, i32),
    notice: Option<&'static str>,
    (values, errors): (ClosingValues, Vec<FieldError>),
    affected: Option<Vec<OnClosed>>,
) -> actix_web::Result<HttpResponse> {
    let jobcenter = visit.jobcenter.clone();
    let found = visit
        .context
        .blocking(move |store| match store.closing().calendar(&jobcenter) {
            Ok(calendar) => Ok(Some(calendar)),
            Err(Error::NotFound(_)) => Ok(None),
            Err(error) => Err(error),
        })
        .await?;
    let calendar = found.ok_or_else(|| not_found(&visit.path("")))?;
    let holidays = public_holidays(year)
        .into_iter()
        .map(|(date, name)| Holiday { date: day_name(date), name: holiday_name(name) })
        .collect();
    let customary = CUSTOMARY
        .iter()
        .map(|day| Customary {
            key: day.key,
            name: holiday_name(day.name),
            date: day.recurrence.date_in(year).map(day_name).unwrap_or_default(),
            closed: !calendar.customary_off.contains(day.key),
        })
        .collect();
    let local = calendar
        .local
        .iter()
        .map(|day: &ClosingDay| Local {
            id: day.id.clone(),
            name: day.name.clone(),
            when: when_text(&day.recurrence),
            part: part_text(&day.part),
        })
        .collect();
    let page = ClosingPage {
        csrf: &visit.person.csrf,
        jobcenter: visit.jobcenter.as_str(),
        change: visit.access.change,
        notice,
        year,
        holidays,
        customary,
        local,
        values,
        errors,
        affected,
    };
    Ok(page::html(status, &page))
}

/// `GET /setup/{jobcenter}/closing-days`.
pub async fn list(
    request: HttpRequest,
    path: web::Path<String>,
    query: web::Query<ClosingQuery>,
) -> actix_web::Result<HttpResponse> {
    let visit = Visit::reading(&request, &path, Subject::Settings).await?;
    let notice = match query.done.as_deref() {
        Some("added") => Some(t("Lukkedagen er tilføjet. Der er ingen bookede møder på den.")),
        Some("removed") => Some(t("Lukkedagen er fjernet.")),
        Some("customary") => Some(t("Ændringen er gemt. Der er ingen bookede møder på lukkede dage.")),
        _ => None,
    };
    let year = year_of(&visit, query.year.as_deref());
    render(&visit, (StatusCode::OK, year), notice, (ClosingValues::default(), Vec::new()), None).await
}

/// The first day of the year `year` shown on a page after a change (today's year).
pub fn this_year(visit: &Visit) -> i32 {
    year_of(visit, None)
}

/// A local date `YYYY-MM-DD` in the years 2000-2100.
pub fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok().filter(|d| (2000..=2100).contains(&d.year()))
}

/// An optional local time `HH:MM`: `Some(None)` when empty, `None` when not a time.
pub fn optional_time(text: &str) -> Option<Option<NaiveTime>> {
    let text = text.trim();
    if text.is_empty() {
        return Some(None);
    }
    NaiveTime::parse_from_str(text, "%H:%M").ok().map(Some)
}
