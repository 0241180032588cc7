//! Counselors' calendars in the staff web app: `GET /calendar` lists the calendars a person
//! may see, `GET /calendar/{counselor}?week=YYYY-MM-DD` shows one week of one counselor (the
//! bookings by day with their status and channel, and busy time, manual or from calendar sync),
//! and `POST /calendar/{counselor}/bookings/{booking}/cpr` shows one booking's CPR.
//!
//! Binding is seeing: a calendar outside what the person's roles are bound to answers exactly
//! as a counselor that does not exist (404), so its existence is not told either. The rule
//! itself is the domain's (`Account::calendar_access`), with the counselor's teams of today.
//! The CPR is hidden on every page; showing it takes a POST with the page's token, to a role
//! that needs it, and writes an audit row `web.cpr.reveal` naming the booking.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use serde::Deserialize;

use super::page::{self, stop};
use super::session::{self, account_caller, Context, SignedIn};
use super::sign_in::TokenForm;
use crate::domain::people::{CalendarAccess, Capability, Target};
use crate::domain::{BlockSource, BookingId, BookingStatus, Channel, Counselor, CounselorId, Interval, ZONE};
use crate::store::{Entity, Error, Store};

/// The routes of the calendars.
pub fn routes(config: &mut web::ServiceConfig) {
    config
        .route("/calendar", web::get().to(calendars))
        .route("/calendar/{counselor}", web::get().to(week))
        .route("/calendar/{counselor}/bookings/{booking}/cpr", web::post().to(reveal_cpr));
}

/// One calendar in the list.
struct CalendarLink {
    id: String,
    name: String,
}

/// `GET /calendar`.
#[derive(Template)]
#[template(path = "web/calendars.html")]
struct CalendarsPage<'a> {
    csrf: &'a str,
    calendars: Vec<CalendarLink>,
}

/// One line of a day.
struct Entry {
    time: String,
    what: String,
    status: &'static str,
    channel: &'static str,
    booking: Option<String>,
}

/// One day of the week.
struct Day {
    label: String,
    entries: Vec<Entry>,
}

/// `GET /calendar/{counselor}`.
#[derive(Template)]
#[template(path = "web/calendar.html")]
struct WeekPage<'a> {
    csrf: &'a str,
    counselor_id: &'a str,
    name: String,
    week: u32,
    previous: String,
    next: String,
    days: Vec<Day>,
    reveal: bool,
}

/// The CPR page.
#[derive(Template)]
#[template(path = "web/cpr.html")]
struct CprPage<'a> {
    csrf: &'a str,
    counselor_id: &'a str,
    when: String,
    cpr: String,
}

/// The query of a week.
#[derive(Debug, Deserialize)]
pub struct WeekQuery {
    /// Any day of the week, `YYYY-MM-DD`; default today.
    week: Option<String>,
}

/// The counselor's full name.
fn full_name(counselor: &Counselor) -> String {
    let middle = counselor.middle_name.as_deref().map(|m| format!(" {m}")).unwrap_or_default();
    format!("{}{middle} {}", counselor.given_name, counselor.surname)
}

/// The page for a calendar that does not exist or is not the person's to see.
fn not_found() -> actix_web::Error {
    stop(page::message(
        StatusCode::NOT_FOUND,
        "Kalenderen findes ikke",
        "Den findes ikke, eller den hører ikke til de teams og jobcentre, dine roller gælder for.",
        Some(("/calendar", "Til kalenderne")),
    ))
}

/// The counselor `id` and what `person` may do with their calendar at `now`.
fn counselor_access(
    store: &Store,
    person: &SignedIn,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Option<(Counselor, CalendarAccess)>, Error> {
    let Ok(id) = CounselorId::parse(id) else { return Ok(None) };
    let counselor = match store.counselor(&id) {
        Ok(counselor) => counselor,
        Err(Error::NotFound(_)) => return Ok(None),
        Err(error) => return Err(error),
    };
    let teams = store.teams().of_counselor(&counselor.id, now.with_timezone(&ZONE).date_naive())?;
    let target = Target { jobcenter: counselor.jobcenter.clone(), teams };
    let access = person.account.calendar_access(&counselor.email, &target);
    Ok(access.view.then_some((counselor, access)))
}

/// `GET /calendar`: the calendars the person may see.
async fn calendars(request: HttpRequest) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = session::signed_in(&request, &context).await?;
    let (account, now) = (person.account.clone(), context.clock.now());
    let mut jobcenters = account.jobcenters_for(Capability::ViewCalendars);
    jobcenters.extend(account.jobcenters_for(Capability::OwnCalendar));
    jobcenters.sort();
    jobcenters.dedup();
    let visible = context
        .blocking(move |store| {
            let date = now.with_timezone(&ZONE).date_naive();
            let mut visible = Vec::new();
            for jobcenter in &jobcenters {
                // The jobcenter's teams once, rather than one query per counselor.
                let teams = store.teams().of_jobcenter(jobcenter)?;
                for counselor in store.counselors_of_jobcenter(jobcenter)? {
                    let teams = teams
                        .iter()
                        .filter(|(_, members)| {
                            members.iter().any(|m| m.counselor == counselor.id && m.covers(date))
                        })
                        .map(|(team, _)| team.id.clone())
                        .collect();
                    let target = Target { jobcenter: jobcenter.clone(), teams };
                    if account.calendar_access(&counselor.email, &target).view {
                        visible.push(CalendarLink {
                            id: counselor.id.as_str().to_owned(),
                            name: full_name(&counselor),
                        });
                    }
                }
            }
            Ok(visible)
        })
        .await?;
    Ok(page::html(StatusCode::OK, &CalendarsPage { csrf: &person.csrf, calendars: visible }))
}

/// The Monday of the week `week` names (or of today's week at `now`).
fn monday(week: Option<&str>, now: DateTime<Utc>) -> actix_web::Result<NaiveDate> {
    let day = match week {
        None => now.with_timezone(&ZONE).date_naive(),
        Some(text) => NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
            stop(page::message(
                StatusCode::BAD_REQUEST,
                "Ugen kunne ikke læses",
                "Angiv ugen med en dato i den, fx 2027-03-08.",
                Some(("/calendar", "Til kalenderne")),
            ))
        })?,
    };
    Ok(day - Duration::days(i64::from(day.weekday().num_days_from_monday())))
}

/// The instant local midnight begins `date` in Copenhagen.
fn midnight(date: NaiveDate) -> Option<DateTime<Utc>> {
    ZONE.from_local_datetime(&date.and_hms_opt(0, 0, 0)?).earliest().map(|at| at.with_timezone(&Utc))
}

/// Danish names on screens.
fn status_name(status: BookingStatus) -> &'static str {
    match status {
        BookingStatus::Booked => "Booket",
        BookingStatus::Cancelled => "Aflyst",
        BookingStatus::Completed => "Afholdt",
        BookingStatus::NoShow => "Udeblevet",
        BookingStatus::Lapsed => "Bortfaldet",
    }
}

fn channel_name(channel: Channel) -> &'static str {
    match channel {
        Channel::SelfBooking => "Selvbooket",
        Channel::CaseworkerSystem => "Sagsbehandlersystem",
        Channel::Summons => "Indkaldelse",
    }
}

fn time_range(interval: &Interval) -> String {
    let (start, end) = (interval.start().with_timezone(&ZONE), interval.end().with_timezone(&ZONE));
    format!("{}–{}", start.format("%H:%M"), end.format("%H:%M"))
}

/// The week of `counselor` from `monday`, by day.
fn week_days(store: &Store, counselor: &Counselor, monday: NaiveDate) -> Result<Vec<Day>, Error> {
    let corrupt = || Error::Corrupt("a week outside the calendar".into());
    let start = midnight(monday).ok_or_else(corrupt)?;
    let end = midnight(monday + Duration::days(7)).ok_or_else(corrupt)?;
    let within = Interval::new(start, end).map_err(|_| corrupt())?;
    let mut offers = BTreeMap::new();
    let mut by_day: BTreeMap<NaiveDate, Vec<(DateTime<Utc>, Entry)>> = BTreeMap::new();
    for booking in store.counselor_calendar(&counselor.id, within)? {
        let what = match &booking.offer {
            Some(offer) => match offers.get(offer) {
                Some(name) => String::clone(name),
                None => {
                    let name =
                        store.offer(offer).map(|offer| offer.name).unwrap_or_else(|_| "Samtale".into());
                    offers.insert(offer.clone(), name.clone());
                    name
                }
            },
            None => "Samtale".into(),
        };
        let entry = Entry {
            time: time_range(&booking.interval),
            what,
            status: status_name(booking.status),
            channel: channel_name(booking.channel),
            booking: Some(booking.id.as_str().to_owned()),
        };
        let day = booking.interval.start().with_timezone(&ZONE).date_naive();
        by_day.entry(day).or_default().push((booking.interval.start(), entry));
    }
    for block in store.counselor_blocks(&counselor.id, within, None)?.into_iter().filter(|b| !b.deleted) {
        let what = match block.source {
            BlockSource::CalendarSync => "Optaget (fra kalender)",
            _ => "Optaget",
        };
        let entry = Entry {
            time: time_range(&block.interval),
            what: what.into(),
            status: "",
            channel: "",
            booking: None,
        };
        let day = block.interval.start().with_timezone(&ZONE).date_naive();
        by_day.entry(day).or_default().push((block.interval.start(), entry));
    }
    const NAMES: [&str; 7] = ["Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag"];
    Ok((0..7)
        .map(|n| {
            let date = monday + Duration::days(n);
            let mut entries = by_day.remove(&date).unwrap_or_default();
            entries.sort_by_key(|(at, _)| *at);
            Day {
                label: format!("{} {}", NAMES[n as usize], date.format("%d.%m.%Y")),
                entries: entries.into_iter().map(|(_, entry)| entry).collect(),
            }
        })
        .collect())
}

/// `GET /calendar/{counselor}`.
async fn week(
    request: HttpRequest,
    path: web::Path<String>,
    query: web::Query<WeekQuery>,
) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = session::signed_in(&request, &context).await?;
    let now = context.clock.now();
    let monday = monday(query.week.as_deref(), now)?;
    let (id, checked) = (path.into_inner(), person.clone());
    let found = context
        .blocking(move |store| {
            let Some((counselor, access)) = counselor_access(store, &checked, &id, now)? else {
                return Ok(None);
            };
            let days = week_days(store, &counselor, monday)?;
            Ok(Some((counselor, access, days)))
        })
        .await?;
    let (counselor, access, days) = found.ok_or_else(not_found)?;
    let page = WeekPage {
        csrf: &person.csrf,
        counselor_id: counselor.id.as_str(),
        name: full_name(&counselor),
        week: monday.iso_week().week(),
        previous: (monday - Duration::days(7)).to_string(),
        next: (monday + Duration::days(7)).to_string(),
        days,
        reveal: access.reveal_cpr,
    };
    Ok(page::html(StatusCode::OK, &page))
}

/// `POST /calendar/{counselor}/bookings/{booking}/cpr`.
async fn reveal_cpr(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<TokenForm>,
) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = session::signed_in(&request, &context).await?;
    session::check_forgery(&request, Some(&person.csrf), &form.csrf)?;
    let now = context.clock.now();
    let (counselor_id, booking_id) = path.into_inner();
    let (checked, wanted) = (person.clone(), counselor_id.clone());
    let found = context
        .blocking(move |store| {
            let Some((counselor, access)) = counselor_access(store, &checked, &wanted, now)? else {
                return Ok(None);
            };
            let Ok(id) = BookingId::parse(&booking_id) else { return Ok(None) };
            let booking = match store.booking(&id, None) {
                Ok(booking) if booking.counselor == counselor.id => booking,
                Ok(_) | Err(Error::NotFound(Entity::Booking)) => return Ok(None),
                Err(error) => return Err(error),
            };
            if !access.reveal_cpr {
                return Ok(Some(Err(booking.jobcenter)));
            }
            let cpr = store.booking_cpr_for_admin(&booking.id)?;
            Ok(Some(Ok((booking, cpr.expose_for_admin().to_owned()))))
        })
        .await?;
    let caller = account_caller(&person.account);
    match found.ok_or_else(not_found)? {
        Err(jobcenter) => {
            let outcome = ("web.cpr.reveal", "forbidden");
            context.audit_in(&request, caller, outcome, Some(jobcenter.as_str().to_owned()), None).await;
            Ok(page::message(
                StatusCode::FORBIDDEN,
                "CPR-nummeret kan ikke vises",
                "Din rolle giver ikke adgang til at se borgeres CPR-numre.",
                Some(("/calendar", "Til kalenderne")),
            ))
        }
        Ok((booking, cpr)) => {
            let jobcenter = Some(booking.jobcenter.as_str().to_owned());
            let detail = Some(booking.id.as_str().to_owned());
            context.audit_in(&request, caller, ("web.cpr.reveal", "ok"), jobcenter, detail).await;
            let start = booking.interval.start().with_timezone(&ZONE);
            let when = format!("{} kl. {}", start.format("%d.%m.%Y"), start.format("%H:%M"));
            Ok(page::html(
                StatusCode::OK,
                &CprPage { csrf: &person.csrf, counselor_id: &counselor_id, when, cpr },
            ))
        }
    }
}
