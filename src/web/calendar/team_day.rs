//! `GET /calendar/team/{team}?day=YYYY-MM-DD`: one team's counselors side by side on one local
//! day, a column per counselor and a row per hour, with each counselor's working hours, the
//! jobcenter's closures, busy time (manual or synced, told apart in words), meetings with
//! their status and channel, group sessions with their seats, and rooms.
//!
//! The rows are the day's real hours in Copenhagen, stepped in UTC: the day summer time begins
//! has no 02:00, the day it ends has two (marked "sommertid" and "vintertid"). Only the hours
//! from the first thing of the day to the last are shown (08:00-16:00 when there is nothing).
//! Who may see it: `Account::team_day_access`; others who work in the team's jobcenter are
//! refused (403, audited as `web.team_day.view`), and to staff of other jobcenters it answers
//! as a team that does not exist (404). The team's members are those of that day.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use serde::Deserialize;

use super::{channel_name, clock, day_name, full_name, shown, status_name, week_path, Unseen};
use crate::domain::availability::local::{Edge, LocalDay};
use crate::domain::closing::{Closure, ClosureSource};
use crate::domain::people::Target;
use crate::domain::{BlockSource, BookingStatus, Interval, LocalPeriod, TeamId, ZONE};
use crate::store::{CounselorDay, Entity, Error, MeetingKind, TeamDay};
use crate::web::lang::{fill, t};
use crate::web::page::{self, stop};
use crate::web::session::{self, Context};
use crate::web::setup::closing::holiday_name;

/// The query of a team's day.
#[derive(Debug, Deserialize)]
pub struct DayQuery {
    /// The local date, `YYYY-MM-DD`; default today.
    pub day: Option<String>,
}

/// One counselor's column header.
struct Column {
    name: String,
    week: String,
    hours: String,
}

/// One thing in a cell.
struct Item {
    /// `booking`, `group`, `manual` or `synced` (the CSS class; the words say the same).
    kind: &'static str,
    time: String,
    title: String,
    details: Vec<String>,
}

/// One counselor's hour.
#[derive(Default)]
struct Cell {
    /// Outside the counselor's working hours.
    off: bool,
    /// The jobcenter is closed (some of) this hour.
    closed: bool,
    items: Vec<Item>,
}

/// One hour of the day.
struct Row {
    label: String,
    cells: Vec<Cell>,
}

/// The page.
#[derive(Template)]
#[template(path = "web/team_day.html")]
struct TeamDayPage<'a> {
    csrf: &'a str,
    team_id: &'a str,
    team: String,
    day: String,
    date: String,
    previous: String,
    next: String,
    closures: Vec<String>,
    columns: Vec<Column>,
    rows: Vec<Row>,
}

/// A closure on screens: "Påskedag (helligdag, hele dagen)".
fn closure_text(closure: &Closure) -> String {
    let kind = match closure.source {
        ClosureSource::Holiday => t("helligdag"),
        ClosureSource::Customary => t("lukkedag"),
        ClosureSource::Local => t("jobcentrets lukkedag"),
    };
    let part = match (closure.part.from(), closure.part.until()) {
        (None, None) => t("hele dagen").to_owned(),
        (Some(from), None) => fill(t("fra {}"), [from.format("%H:%M").to_string()]),
        (None, Some(until)) => fill(t("til {}"), [until.format("%H:%M").to_string()]),
        (Some(from), Some(until)) => format!("{}–{}", from.format("%H:%M"), until.format("%H:%M")),
    };
    let name = match closure.source {
        ClosureSource::Local => closure.name.as_str(),
        ClosureSource::Holiday | ClosureSource::Customary => holiday_name(&closure.name),
    };
    format!("{name} ({kind}, {part})")
}

/// A period's local times.
fn period_text(period: &LocalPeriod) -> String {
    format!("{}–{}", period.start().format("%H:%M"), period.end().format("%H:%M"))
}

/// The instants of a local working period on `date`.
fn period_on(date: NaiveDate, period: &LocalPeriod) -> Option<Interval> {
    let day = LocalDay::new(date);
    Interval::new(day.instant(period.start(), Edge::Start)?, day.instant(period.end(), Edge::End)?).ok()
}

/// An interval's local times as seen on a day spanning `span`: an end or start on another day
/// carries its date.
fn range_on(interval: &Interval, span: &Interval) -> String {
    let at = |instant: DateTime<Utc>| {
        if span.start() <= instant && instant <= span.end() {
            clock(instant)
        } else {
            format!("{} {}", instant.with_timezone(&ZONE).format("%d.%m."), clock(instant))
        }
    };
    format!("{}–{}", at(interval.start()), at(interval.end()))
}

/// What a counselor's day holds, as cell items with their start.
fn items(day: &CounselorDay, span: &Interval) -> Vec<(DateTime<Utc>, Interval, Item)> {
    let mut found = Vec::new();
    for meeting in &day.meetings {
        let (kind, title, mut details) = match &meeting.kind {
            MeetingKind::Single(booking) => (
                "booking",
                meeting.offer.clone().unwrap_or_else(|| t("Samtale").into()),
                vec![status_name(booking.status).to_owned(), channel_name(booking.channel).to_owned()],
            ),
            MeetingKind::Group { seats, taken, bookings } => {
                let seats = match seats {
                    Some(seats) => {
                        fill(t("Gruppemøde: {} af {} pladser taget"), [taken.to_string(), seats.to_string()])
                    }
                    None => fill(t("Gruppemøde: {} tilmeldt"), [taken.to_string()]),
                };
                let mut details = vec![seats];
                for status in [
                    BookingStatus::Booked,
                    BookingStatus::Completed,
                    BookingStatus::NoShow,
                    BookingStatus::Lapsed,
                ] {
                    let count = bookings.iter().filter(|booking| booking.status == status).count();
                    if count > 0 {
                        details.push(format!("{}: {count}", status_name(status)));
                    }
                }
                ("group", meeting.offer.clone().unwrap_or_else(|| t("Gruppemøde").into()), details)
            }
        };
        if let Some(room) = &meeting.room {
            details.push(fill(t("Lokale: {}"), [room]));
        }
        let item = Item { kind, time: range_on(&meeting.interval, span), title, details };
        found.push((meeting.interval.start(), meeting.interval, item));
    }
    for block in &day.blocks {
        let (kind, origin) = match block.source {
            BlockSource::CalendarSync => ("synced", t("Fra vejlederens kalender")),
            _ => ("manual", t("Indtastet i Planner")),
        };
        let mut details = vec![origin.to_owned()];
        details.extend(block.note.clone());
        let item = Item { kind, time: range_on(&block.interval, span), title: t("Optaget").into(), details };
        found.push((block.interval.start(), block.interval, item));
    }
    found.sort_by_key(|(start, ..)| *start);
    found
}

/// The hours of `day`'s rows: every hour of the local day (stepped in UTC) from the first
/// thing of the day to the last.
fn hours(
    team: &TeamDay,
    working: &[Vec<Interval>],
    things: &[Vec<(DateTime<Utc>, Interval, Item)>],
) -> Vec<Interval> {
    let span = team.span;
    let mut busy: Vec<Interval> = working.iter().flatten().copied().collect();
    busy.extend(things.iter().flatten().map(|(_, interval, _)| *interval));
    let clipped: Vec<(DateTime<Utc>, DateTime<Utc>)> = busy
        .iter()
        .filter(|i| i.overlaps(&span))
        .map(|i| (i.start().max(span.start()), i.end().min(span.end())))
        .collect();
    let default = || {
        let day = LocalDay::new(team.date);
        let at =
            |hour| day.instant(NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or(NaiveTime::MIN), Edge::Start);
        (at(8).unwrap_or(span.start()), at(16).unwrap_or(span.end()))
    };
    let (first, last) = match (clipped.iter().map(|c| c.0).min(), clipped.iter().map(|c| c.1).max()) {
        (Some(first), Some(last)) => (first, last),
        _ => default(),
    };
    let mut rows = Vec::new();
    let mut at = span.start();
    while at < span.end() {
        let end = (at + Duration::hours(1)).min(span.end());
        if end > first && at < last {
            if let Ok(hour) = Interval::new(at, end) {
                rows.push(hour);
            }
        }
        at = end;
    }
    rows
}

/// The table of `team`'s day.
fn table(team: &TeamDay) -> (Vec<Column>, Vec<Row>) {
    let span = team.span;
    let working: Vec<Vec<Interval>> = team
        .counselors
        .iter()
        .map(|day| day.hours.iter().filter_map(|period| period_on(team.date, period)).collect())
        .collect();
    let mut things: Vec<Vec<(DateTime<Utc>, Interval, Item)>> =
        team.counselors.iter().map(|day| items(day, &span)).collect();
    let hours = hours(team, &working, &things);
    let mut rows: Vec<Row> = hours
        .iter()
        .map(|hour| Row {
            label: clock(hour.start()),
            cells: working
                .iter()
                .map(|periods| Cell {
                    off: !periods.iter().any(|period| period.overlaps(hour)),
                    closed: team.closed.iter().any(|closed| closed.overlaps(hour)),
                    items: Vec::new(),
                })
                .collect(),
        })
        .collect();
    for (column, list) in things.iter_mut().enumerate() {
        for (start, _, item) in list.drain(..) {
            // In the row of its start; what starts before the first row or after the last goes
            // into that row.
            let row =
                hours.iter().position(|hour| start < hour.end()).unwrap_or(hours.len().saturating_sub(1));
            if let Some(cell) = rows.get_mut(row).and_then(|row| row.cells.get_mut(column)) {
                cell.items.push(item);
            }
        }
    }
    let columns = team
        .counselors
        .iter()
        .map(|day| Column {
            name: full_name(&day.counselor),
            week: week_path(day.counselor.id.as_str(), team.date, None),
            hours: if day.hours.is_empty() {
                t("Fri").into()
            } else {
                day.hours.iter().map(period_text).collect::<Vec<_>>().join(", ")
            },
        })
        .collect();
    (columns, rows)
}

/// `GET /calendar/team/{team}?day=YYYY-MM-DD`.
pub async fn team_day(
    request: HttpRequest,
    path: web::Path<String>,
    query: web::Query<DayQuery>,
) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = session::signed_in(&request, &context).await?;
    let date = match query.day.as_deref() {
        None => context.clock.now().with_timezone(&ZONE).date_naive(),
        Some(text) => NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
            stop(page::message(
                StatusCode::BAD_REQUEST,
                t("Dagen kunne ikke læses"),
                t("Angiv dagen som en dato, fx 2027-03-10."),
                Some(("/calendar", t("Til kalenderne"))),
            ))
        })?,
    };
    let wanted = path.into_inner();
    let Ok(team) = TeamId::parse(&wanted) else { return Err(Unseen::Missing.page()) };
    let account = person.account.clone();
    let found = context
        .blocking(move |store| {
            let (team, _) = match store.teams().get(&team) {
                Ok(found) => found,
                Err(Error::NotFound(Entity::Team)) => return Ok(Err(Unseen::Missing)),
                Err(error) => return Err(error),
            };
            let target = Target { jobcenter: team.jobcenter.clone(), teams: vec![team.id.clone()] };
            if account.team_day_access(&target) {
                store.team_day(&team.id, date).map(Ok)
            } else {
                Ok(Err(Unseen::of(&account, team.jobcenter)))
            }
        })
        .await?;
    let day = shown(found, (&context, &request), &person, "web.team_day.view", ("team", &wanted)).await?;
    let (columns, rows) = table(&day);
    let page = TeamDayPage {
        csrf: &person.csrf,
        team_id: day.team.id.as_str(),
        team: day.team.name.clone(),
        day: day_name(date),
        date: date.to_string(),
        previous: date.pred_opt().unwrap_or(date).to_string(),
        next: date.succ_opt().unwrap_or(date).to_string(),
        closures: day.closures.iter().map(closure_text).collect(),
        columns,
        rows,
    };
    Ok(page::html(StatusCode::OK, &page))
}
