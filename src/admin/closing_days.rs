//! `/admin/v1/closing-days`: a jobcenter's closing calendar (public holidays, customary closing
//! days it keeps or opens, its own closing days), and the bookings on closed time that staff must
//! move. Adding a closing day never cancels a booking; the answer lists the bookings on it.
//!
//! Dates are `YYYY-MM-DD`, yearly dates `MM-DD`, times of day `HH:MM` local Copenhagen time.

use actix_web::{web, HttpResponse};
use chrono::{Datelike, NaiveDate, NaiveTime};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::bookings::{booking_response, BookingResponse};
use super::call::{json, AdminCall};
use crate::domain::closing::{ClosedPart, ClosingDay, Closure, Recurrence, CUSTOMARY};
use crate::domain::{Booking, ZONE};
use crate::edge::input::Query;
use crate::edge::Problem;

/// Query of the list: the jobcenter and a year (this year by default).
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    /// The jobcenter, 5 digits.
    pub jobcenter: Option<String>,
    /// The year whose closures are listed, 2000-2100.
    pub year: Option<i32>,
}

/// Query naming the jobcenter.
#[derive(Debug, Deserialize)]
pub struct JobcenterQuery {
    /// The jobcenter, 5 digits.
    pub jobcenter: Option<String>,
}

/// Body of `POST /closing-days`: exactly one of `date`, `yearly` and `easter_offset`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateClosingDay {
    /// The jobcenter, 5 digits.
    pub jobcenter: String,
    /// What staff see, 1-100 characters.
    pub name: String,
    /// One date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Every year on `MM-DD`.
    pub yearly: Option<String>,
    /// Every year this many days after Easter Sunday (-120 to 240; negative before).
    pub easter_offset: Option<i32>,
    /// Closed from this local time (`HH:MM`); from midnight when left out.
    pub from: Option<String>,
    /// Closed until this local time (`HH:MM`); until midnight when left out.
    pub until: Option<String>,
}

/// Body of `PUT /closing-days/customary/{key}`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomaryBody {
    /// The jobcenter, 5 digits.
    pub jobcenter: String,
    /// True keeps the day closed (the default), false opens it.
    pub closed: bool,
}

/// One of the jobcenter's own closing days on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ClosingDayResponse {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// `YYYY-MM-DD` for a one-off day.
    pub date: Option<String>,
    /// `MM-DD` for a yearly day.
    pub yearly: Option<String>,
    /// Days from Easter Sunday for a day that moves with Easter.
    pub easter_offset: Option<i32>,
    /// Closed from (`HH:MM`), or null from midnight.
    pub from: Option<String>,
    /// Closed until (`HH:MM`), or null until midnight.
    pub until: Option<String>,
}

/// A customary closing day and whether this jobcenter keeps it closed.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CustomaryResponse {
    /// Its key.
    pub key: &'static str,
    /// Its Danish name.
    pub name: &'static str,
    /// Closed (the default) or opened by the jobcenter.
    pub closed: bool,
}

/// One closed day (or part of one) of the year.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ClosureResponse {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The name.
    pub name: String,
    /// `holiday`, `customary` or `local`.
    pub source: &'static str,
    /// The customary day's key or the local day's id (a holiday's key for holidays).
    pub key: String,
    /// Closed from (`HH:MM`), or null from midnight.
    pub from: Option<String>,
    /// Closed until (`HH:MM`), or null until midnight.
    pub until: Option<String>,
}

/// Answer of `GET /closing-days`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CalendarResponse {
    /// The jobcenter.
    pub jobcenter: String,
    /// The year listed.
    pub year: i32,
    /// The jobcenter's own closing days (the rules).
    pub closing_days: Vec<ClosingDayResponse>,
    /// The customary days and whether each is closed.
    pub customary: Vec<CustomaryResponse>,
    /// Every closure of the year, by date.
    pub closures: Vec<ClosureResponse>,
}

/// Answer of a change: what changed and the bookings on closed time now.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(rename = "{T}WithBookingsToMove")]
pub struct ChangeResponse<T: Serialize> {
    /// The closing day or customary day as it is now.
    #[serde(flatten)]
    pub changed: T,
    /// Bookings on the closed time: none was cancelled; staff move them.
    pub bookings_to_move: Vec<BookingResponse>,
}

/// Answer of `GET /closing-days/bookings-to-move`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct BookingsToMove {
    /// Bookings (status Booked, from now on) on a public holiday or a closing day.
    pub bookings: Vec<BookingResponse>,
}

fn hm(time: Option<NaiveTime>) -> Option<String> {
    time.map(|t| t.format("%H:%M").to_string())
}

fn day_response(day: &ClosingDay) -> ClosingDayResponse {
    let (date, yearly, easter_offset) = match day.recurrence {
        Recurrence::Once(date) => (Some(date.to_string()), None, None),
        Recurrence::Yearly { month, day } => (None, Some(format!("{month:02}-{day:02}")), None),
        Recurrence::FromEaster(days) => (None, None, Some(days)),
    };
    ClosingDayResponse {
        id: day.id.clone(),
        name: day.name.clone(),
        date,
        yearly,
        easter_offset,
        from: hm(day.part.from()),
        until: hm(day.part.until()),
    }
}

fn closure_response(closure: &Closure) -> ClosureResponse {
    ClosureResponse {
        date: closure.date.to_string(),
        name: closure.name.clone(),
        source: closure.source.as_str(),
        key: closure.key.clone(),
        from: hm(closure.part.from()),
        until: hm(closure.part.until()),
    }
}

fn bookings(found: &[Booking]) -> Vec<BookingResponse> {
    found.iter().map(|b| booking_response(b, None)).collect()
}

fn time(field: &str, text: Option<&str>) -> Result<Option<NaiveTime>, Problem> {
    text.map(|t| {
        NaiveTime::parse_from_str(t, "%H:%M").map_err(|_| Problem::invalid(field, "must be a time HH:MM"))
    })
    .transpose()
}

fn recurrence(body: &CreateClosingDay) -> Result<Recurrence, Problem> {
    let given = [body.date.is_some(), body.yearly.is_some(), body.easter_offset.is_some()];
    if given.iter().filter(|g| **g).count() != 1 {
        return Err(Problem::invalid("date", "give exactly one of 'date', 'yearly' and 'easter_offset'"));
    }
    let recurrence = if let Some(date) = &body.date {
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .map_err(|_| Problem::invalid("date", "must be a date YYYY-MM-DD"))?;
        if !(2000..=2100).contains(&date.year()) {
            return Err(Problem::invalid("date", "must lie in the years 2000-2100"));
        }
        Recurrence::Once(date)
    } else if let Some(yearly) = &body.yearly {
        let bad = || Problem::invalid("yearly", "must be a date of the year MM-DD");
        let (month, day) = yearly.split_once('-').ok_or_else(bad)?;
        let digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(month) || !digits(day) {
            return Err(bad());
        }
        Recurrence::Yearly { month: month.parse().map_err(|_| bad())?, day: day.parse().map_err(|_| bad())? }
    } else {
        Recurrence::FromEaster(body.easter_offset.unwrap_or_default())
    };
    let field = match recurrence {
        Recurrence::Once(_) => "date",
        Recurrence::Yearly { .. } => "yearly",
        Recurrence::FromEaster(_) => "easter_offset",
    };
    recurrence.validate().map_err(|e| Problem::invalid(field, e.to_string()))?;
    Ok(recurrence)
}

/// Parses and checks a new closing day (the CLI uses it too); a 422 names the field.
pub fn parse_day(body: &CreateClosingDay) -> Result<ClosingDay, Problem> {
    let recurrence = recurrence(body)?;
    let part = ClosedPart::new(time("from", body.from.as_deref())?, time("until", body.until.as_deref())?)
        .map_err(|_| Problem::invalid("until", "must be after 'from'"))?;
    let day = ClosingDay { id: String::new(), name: body.name.clone(), recurrence, part };
    day.validate().map_err(|e| Problem::invalid("name", e.to_string()))?;
    Ok(day)
}

/// `GET /closing-days?jobcenter=&year=`: the year's closures and the rules behind them.
pub async fn list(call: AdminCall, query: Query<ListQuery>) -> Result<HttpResponse, Problem> {
    let query = query.into_inner();
    let answer = call
        .run("admin.closing_days.list", move |ctx| {
            let code = ctx.required_jobcenter(query.jobcenter.as_deref())?;
            let year = query.year.unwrap_or_else(|| ctx.now.with_timezone(&ZONE).year());
            if !(2000..=2100).contains(&year) {
                return Err(Problem::invalid("year", "must be 2000-2100"));
            }
            let calendar = ctx.store.closing().calendar(&code)?;
            let (first, last) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31));
            let closures = match (first, last) {
                (Some(first), Some(last)) => calendar.closures(first, last),
                _ => Vec::new(),
            };
            Ok(CalendarResponse {
                jobcenter: code.as_str().to_owned(),
                year,
                closing_days: calendar.local.iter().map(day_response).collect(),
                customary: CUSTOMARY
                    .iter()
                    .map(|c| CustomaryResponse {
                        key: c.key,
                        name: c.name,
                        closed: !calendar.customary_off.contains(c.key),
                    })
                    .collect(),
                closures: closures.iter().map(closure_response).collect(),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// `POST /closing-days`: adds a closing day; 201 with the bookings on it (none cancelled).
pub async fn create(call: AdminCall, body: web::Bytes) -> Result<HttpResponse, Problem> {
    let answer = call
        .run("admin.closing_days.create", move |ctx| {
            let body: CreateClosingDay = json(&body)?;
            let code = ctx.required_jobcenter(Some(&body.jobcenter))?;
            let day = parse_day(&body)?;
            let (day, affected) = ctx.store.closing().add(&code, day, ctx.now)?;
            ctx.note("closing_day.id", &day.id);
            Ok(ChangeResponse { changed: day_response(&day), bookings_to_move: bookings(&affected) })
        })
        .await?;
    Ok(HttpResponse::Created().json(answer))
}

/// `DELETE /closing-days/{id}?jobcenter=`.
pub async fn delete(
    call: AdminCall,
    path: web::Path<String>,
    query: Query<JobcenterQuery>,
) -> Result<HttpResponse, Problem> {
    let (id, query) = (path.into_inner(), query.into_inner());
    call.run("admin.closing_days.delete", move |ctx| {
        let code = ctx.required_jobcenter(query.jobcenter.as_deref())?;
        ctx.note("closing_day.id", &id);
        Ok(ctx.store.closing().delete(&code, &id)?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// `PUT /closing-days/customary/{key}`: keeps a customary day closed or opens it.
pub async fn set_customary(
    call: AdminCall,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, Problem> {
    let key = path.into_inner();
    let answer = call
        .run("admin.closing_days.customary", move |ctx| {
            let body: CustomaryBody = json(&body)?;
            let code = ctx.required_jobcenter(Some(&body.jobcenter))?;
            let day =
                CUSTOMARY.iter().find(|c| c.key == key).ok_or_else(|| Problem::not_found("closing day"))?;
            ctx.note("closing_day.key", day.key);
            let affected = ctx.store.closing().set_customary(&code, day.key, body.closed, ctx.now)?;
            let changed = CustomaryResponse { key: day.key, name: day.name, closed: body.closed };
            Ok(ChangeResponse { changed, bookings_to_move: bookings(&affected) })
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// `GET /closing-days/bookings-to-move?jobcenter=`.
pub async fn bookings_to_move(
    call: AdminCall,
    query: Query<JobcenterQuery>,
) -> Result<HttpResponse, Problem> {
    let query = query.into_inner();
    let answer = call
        .run("admin.closing_days.bookings_to_move", move |ctx| {
            let code = ctx.required_jobcenter(query.jobcenter.as_deref())?;
            let found = ctx.store.closing().bookings_to_move(&code, ctx.now)?;
            Ok(BookingsToMove { bookings: bookings(&found) })
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}
