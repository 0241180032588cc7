//! Moving a booking from its counselor's calendar (staff reschedule):
//!
//! 1. `GET /calendar/{counselor}/bookings/{booking}/move?week=YYYY-MM-DD` lists the free times
//!    of the booking's offer with the same counselor in that week (the offer's own listing,
//!    `Store::offer_times`), each a button, and a form for another time (date and time);
//! 2. `POST .../move/confirm` shows the old and the new time and asks to confirm;
//! 3. `POST .../move` moves it with `Store::reschedule_by_staff`, the admin API's: the time must
//!    be free, inside working hours, not closed and not past; a refusal is a 409 page saying
//!    why, and nothing changes. The audit row is `web.booking.move`.
//!
//! Only who may move bookings is offered the way here (`CalendarAccess::may`, 403 otherwise),
//! and only a booking whose state allows it (409 otherwise).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use serde::Deserialize;

use super::{
    audit_booking, conflict, day_name, forbidden, local_days, monday, monday_of, not_found, refusal, shown,
    time_range, visible_booking, week_path, Refusal, Visible,
};
use crate::domain::availability::local::{Edge, LocalDay};
use crate::domain::{Action, Booking, Interval, ZONE};
use crate::store::{StaffMove, Store};
use crate::web::lang::{fill, t};
use crate::web::page::{self, FieldError};
use crate::web::session::{self, Context, SignedIn};

/// One free time as a button.
struct Slot {
    /// The start, RFC 3339 (the form's value).
    start: String,
    /// "10:00–10:45".
    time: String,
    /// Free seats of a group session.
    seats_left: Option<u32>,
}

/// The free times of one day.
struct SlotDay {
    label: String,
    slots: Vec<Slot>,
}

/// `GET .../move`.
#[derive(Template)]
#[template(path = "web/move.html")]
struct ChoosePage<'a> {
    csrf: &'a str,
    counselor_id: &'a str,
    booking_id: &'a str,
    current: String,
    week: u32,
    monday: String,
    previous: String,
    next: String,
    days: Vec<SlotDay>,
    has_offer: bool,
    /// No free time is listed.
    empty: bool,
    errors: Vec<FieldError>,
    date: String,
    time: String,
}

/// `POST .../move/confirm`.
#[derive(Template)]
#[template(path = "web/move_confirm.html")]
struct ConfirmPage<'a> {
    csrf: &'a str,
    counselor_id: &'a str,
    booking_id: &'a str,
    current: String,
    new: String,
    start: String,
    monday: String,
}

/// The query of the move page.
#[derive(Debug, Deserialize)]
pub struct MoveQuery {
    /// Any day of the week to list, `YYYY-MM-DD`; default the booking's week, or today's when
    /// that has passed.
    pub week: Option<String>,
}

/// The form choosing a time.
#[derive(Debug, Deserialize)]
pub struct ChooseForm {
    /// The anti-forgery token.
    pub csrf: String,
    /// A listed free time's start, RFC 3339.
    #[serde(default)]
    pub start: Option<String>,
    /// Or another local date, `YYYY-MM-DD` ...
    #[serde(default)]
    pub date: Option<String>,
    /// ... and local time, `HH:MM`.
    #[serde(default)]
    pub time: Option<String>,
    /// The week the form was on.
    #[serde(default)]
    pub week: Option<String>,
}

/// The form confirming the move.
#[derive(Debug, Deserialize)]
pub struct MoveForm {
    /// The anti-forgery token.
    pub csrf: String,
    /// The new start, RFC 3339.
    pub start: String,
}

/// Today in Copenhagen.
fn today(context: &Context) -> NaiveDate {
    context.clock.now().with_timezone(&ZONE).date_naive()
}

/// "onsdag 10.03.2027 kl. 10:00–10:45".
fn when(interval: &Interval) -> String {
    let day = interval.start().with_timezone(&ZONE).date_naive();
    fill(t("{} kl. {}"), [day_name(day).to_lowercase(), time_range(interval)])
}

/// The path of the move page of `booking` in `counselor`'s calendar for the week of `monday`.
fn move_path(counselor: &str, booking: &str, monday: NaiveDate) -> String {
    format!("/calendar/{counselor}/bookings/{booking}/move?week={monday}")
}

/// The booking the path names, visible to the person, that they may move and that may move;
/// otherwise the page saying why (404, 403, 409).
async fn movable(
    context: &Context,
    request: &HttpRequest,
    person: &SignedIn,
    (counselor, booking): (&str, &str),
    audit: bool,
) -> actix_web::Result<Result<Visible, HttpResponse>> {
    let (checked, now) = (person.clone(), context.clock.now());
    let (wanted, booking) = (counselor.to_owned(), booking.to_owned());
    let found =
        context.blocking(move |store| visible_booking(store, &checked, (&wanted, &booking), now)).await?;
    // Only the move itself is audited; its pages answer without a row.
    let visible = if audit {
        shown(found, (context, request), person, "web.booking.move", ("counselor", counselor)).await?
    } else {
        found.map_err(|unseen| unseen.page())?
    };
    let day = visible.booking.interval.start().with_timezone(&ZONE).date_naive();
    let back = week_path(visible.counselor.id.as_str(), day, None);
    if !visible.access.may(Action::Reschedule) {
        if audit {
            audit_booking(context, request, person, ("web.booking.move", "forbidden"), &visible.booking)
                .await;
        }
        return Ok(Err(forbidden(t("flytte møder"), &back)));
    }
    if let Err(rule) = visible.booking.transition(Action::Reschedule) {
        if audit {
            audit_booking(context, request, person, ("web.booking.move", "conflict"), &visible.booking).await;
        }
        return Ok(Err(conflict(&rule, &back)));
    }
    Ok(Ok(visible))
}

/// The free times of `booking`'s offer with its counselor in the week from `monday`, by day.
fn free_days(
    store: &Store,
    booking: &Booking,
    monday: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<SlotDay>, crate::store::Error> {
    let week = local_days(monday, monday + Duration::days(7))?;
    let mut days: Vec<SlotDay> =
        (0..7).map(|n| SlotDay { label: day_name(monday + Duration::days(n)), slots: Vec::new() }).collect();
    let (Some(offer), Ok(window)) = (&booking.offer, Interval::new(week.start().max(now), week.end())) else {
        return Ok(days);
    };
    let counselor = store.counselor(&booking.counselor)?;
    let Ok(listed) = refusal(store.offer_times(offer, window, Some(&counselor.caseworker), now))? else {
        return Ok(days);
    };
    for time in listed.times.into_iter().filter(|time| time.counselor == booking.counselor) {
        let day = time.interval.start().with_timezone(&ZONE).date_naive();
        let index = (day - monday).num_days();
        if let Some(slot_day) = usize::try_from(index).ok().and_then(|i| days.get_mut(i)) {
            slot_day.slots.push(Slot {
                start: time.interval.start().to_rfc3339(),
                time: time_range(&time.interval),
                seats_left: time.seats_left,
            });
        }
    }
    Ok(days)
}

/// The move page for `visible` in the week from `monday`.
async fn choose_page(
    context: &Context,
    person: &SignedIn,
    visible: Visible,
    monday: NaiveDate,
    status: StatusCode,
    (errors, date, time): (Vec<FieldError>, String, String),
) -> actix_web::Result<HttpResponse> {
    let (booking, now) = (visible.booking.clone(), context.clock.now());
    let mut days = context.blocking(move |store| free_days(store, &booking, monday, now)).await?;
    // The days' names in the request's language (the blocking pool answers in Danish).
    for (day, n) in days.iter_mut().zip(0..) {
        day.label = day_name(monday + Duration::days(n));
    }
    let page = ChoosePage {
        csrf: &person.csrf,
        counselor_id: visible.counselor.id.as_str(),
        booking_id: visible.booking.id.as_str(),
        current: when(&visible.booking.interval),
        week: chrono::Datelike::iso_week(&monday).week(),
        monday: monday.to_string(),
        previous: (monday - Duration::days(7)).to_string(),
        next: (monday + Duration::days(7)).to_string(),
        empty: days.iter().all(|day| day.slots.is_empty()),
        days,
        has_offer: visible.booking.offer.is_some(),
        errors,
        date,
        time,
    };
    Ok(page::html(status, &page))
}

/// `GET /calendar/{counselor}/bookings/{booking}/move?week=`.
pub async fn choose(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    query: web::Query<MoveQuery>,
) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = session::signed_in(&request, &context).await?;
    let (counselor, booking) = path.into_inner();
    let visible = match movable(&context, &request, &person, (&counselor, &booking), false).await? {
        Ok(visible) => visible,
        Err(refused) => return Ok(refused),
    };
    let now = context.clock.now();
    let monday = match query.week.as_deref() {
        Some(week) => monday(Some(week), now)?,
        None => monday_of(visible.booking.interval.start().max(now).with_timezone(&ZONE).date_naive()),
    };
    choose_page(&context, &person, visible, monday, StatusCode::OK, Default::default()).await
}

/// The start `form` chose, or what to fix.
fn chosen(form: &ChooseForm) -> Result<DateTime<Utc>, Vec<FieldError>> {
    if let Some(start) = form.start.as_deref().filter(|s| !s.is_empty()) {
        return DateTime::parse_from_rfc3339(start).map(|at| at.with_timezone(&Utc)).map_err(|_| {
            vec![FieldError::new("flyt-dato", t("Vælg en af de ledige tider, eller angiv en anden tid."))]
        });
    }
    let mut errors = Vec::new();
    let date = form.date.as_deref().and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok());
    if date.is_none() {
        errors.push(FieldError::new("flyt-dato", t("Angiv datoen som åååå-mm-dd, fx 2027-03-10.")));
    }
    let time = form.time.as_deref().and_then(|t| NaiveTime::parse_from_str(t.trim(), "%H:%M").ok());
    if time.is_none() {
        errors.push(FieldError::new("flyt-tid", t("Angiv klokkeslættet som tt:mm, fx 09:00.")));
    }
    let (Some(date), Some(time)) = (date, time) else { return Err(errors) };
    LocalDay::new(date)
        .instant(time, Edge::Start)
        .ok_or_else(|| vec![FieldError::new("flyt-dato", t("Datoen ligger uden for kalenderen."))])
}

/// `POST /calendar/{counselor}/bookings/{booking}/move/confirm`.
pub async fn confirm(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<ChooseForm>,
) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = session::posted_by(&request, &context, &form.csrf).await?;
    let (counselor, booking) = path.into_inner();
    let visible = match movable(&context, &request, &person, (&counselor, &booking), false).await? {
        Ok(visible) => visible,
        Err(refused) => return Ok(refused),
    };
    let now = context.clock.now();
    let start = match chosen(&form) {
        Ok(start) => start,
        Err(errors) => {
            let monday = match form.week.as_deref() {
                Some(week) => monday(Some(week), now)?,
                None => monday_of(today(&context)),
            };
            let values =
                (errors, form.date.clone().unwrap_or_default(), form.time.clone().unwrap_or_default());
            return choose_page(&context, &person, visible, monday, StatusCode::UNPROCESSABLE_ENTITY, values)
                .await;
        }
    };
    let length = visible.booking.interval.end() - visible.booking.interval.start();
    let new = Interval::new(start, start + length).map_err(|_| not_found())?;
    let monday = monday_of(start.with_timezone(&ZONE).date_naive());
    let page = ConfirmPage {
        csrf: &person.csrf,
        counselor_id: visible.counselor.id.as_str(),
        booking_id: visible.booking.id.as_str(),
        current: when(&visible.booking.interval),
        new: when(&new),
        start: start.to_rfc3339(),
        monday: monday.to_string(),
    };
    Ok(page::html(StatusCode::OK, &page))
}

/// `POST /calendar/{counselor}/bookings/{booking}/move`.
pub async fn perform(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<MoveForm>,
) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = session::posted_by(&request, &context, &form.csrf).await?;
    let (counselor, booking) = path.into_inner();
    let visible = match movable(&context, &request, &person, (&counselor, &booking), true).await? {
        Ok(visible) => visible,
        Err(refused) => return Ok(refused),
    };
    let Ok(start) = DateTime::parse_from_rfc3339(form.start.trim()).map(|at| at.with_timezone(&Utc)) else {
        return Ok(page::message(
            StatusCode::BAD_REQUEST,
            t("Tiden kunne ikke læses"),
            t("Vælg tiden igen på siden for at flytte mødet."),
            Some((&move_path(&counselor, &booking, monday_of(today(&context))), t("Vælg en tid"))),
        ));
    };
    let (id, now) = (visible.booking.id.clone(), context.clock.now());
    let to = StaffMove { start, counselor: None };
    let moved = context.blocking(move |store| refusal(store.reschedule_by_staff(&id, &to, now))).await?;
    let back = move_path(&counselor, &booking, monday_of(start.with_timezone(&ZONE).date_naive()));
    match moved {
        Ok(moved) => {
            audit_booking(&context, &request, &person, ("web.booking.move", "ok"), &moved).await;
            let day = moved.interval.start().with_timezone(&ZONE).date_naive();
            Ok(page::see_other(&week_path(&counselor, day, Some("moved"))))
        }
        Err(Refusal::Conflict(rule)) => {
            audit_booking(&context, &request, &person, ("web.booking.move", "conflict"), &visible.booking)
                .await;
            Ok(conflict(&rule, &back))
        }
        Err(Refusal::NotFound) => Err(not_found()),
    }
}
