//! `GET /calendar`, the calendars and teams a person may see, and
//! `GET /calendar/{counselor}?week=YYYY-MM-DD`, one counselor's week: bookings by day with
//! their status, channel and the actions offered to the person (`CalendarAccess::offered`),
//! busy time (manual, with its note and a way to remove it, or from calendar sync) and the
//! form that adds manual busy time. Pages that refuse a form show the week again with the
//! error summary ([`render`]).

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::{
    calendar, channel_name, day_name, full_name, local_days, monday, shown, status_name, time_range,
    WeekQuery,
};
use crate::domain::people::{CalendarAccess, Capability, Target};
use crate::domain::{Action, BlockSource, Counselor, ZONE};
use crate::store::{Error, Store};
use crate::web::lang::{fill, t};
use crate::web::page::{self, FieldError};
use crate::web::session::{self, Context, SignedIn};

/// One calendar, or one team, in the list.
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
    teams: Vec<CalendarLink>,
    today: String,
}

/// A status action offered on a booking: where it posts and its button's text.
struct Offered {
    /// The last segment of the action's path.
    slug: &'static str,
    /// The button's text.
    label: &'static str,
}

/// One line of a day.
struct Entry {
    time: String,
    what: String,
    status: &'static str,
    channel: &'static str,
    /// The booking's id, for a booking.
    booking: Option<String>,
    /// The status actions offered on the booking (without lapse and move).
    offered: Vec<Offered>,
    /// Whether lapsing is offered (a form with a reason).
    lapse: bool,
    /// Whether moving is offered (a link to the move page).
    movable: bool,
    /// A manual block's id, when the person may remove it.
    removable: Option<String>,
    /// True for busy time from calendar sync.
    synced: bool,
    /// True for busy time entered by hand.
    manual: bool,
    /// The note of busy time entered by hand, if it has one.
    note: Option<String>,
}

/// One day of the week.
struct Day {
    label: String,
    entries: Vec<Entry>,
}

/// What the form for new busy time holds.
#[derive(Debug, Default, Clone)]
pub struct BlockValues {
    /// The date, `YYYY-MM-DD`.
    pub date: String,
    /// The start, `HH:MM`.
    pub start: String,
    /// The end, `HH:MM`.
    pub end: String,
    /// The note.
    pub note: String,
}

/// `GET /calendar/{counselor}`.
#[derive(Template)]
#[template(path = "web/calendar.html")]
struct WeekPage<'a> {
    csrf: &'a str,
    counselor_id: &'a str,
    name: String,
    week: u32,
    monday: String,
    previous: String,
    next: String,
    days: Vec<Day>,
    reveal: bool,
    busy_time: bool,
    notice: Option<&'static str>,
    errors: Vec<FieldError>,
    block: BlockValues,
    reasons: &'static [&'static str],
}

/// The reasons a booking can be marked lapsed for (the lapse form's choices).
pub const LAPSE_REASONS: [&str; 6] = [
    "Borgeren er kommet i arbejde eller uddannelse",
    "Borgeren er sygemeldt",
    "Borgeren er flyttet til en anden kommune",
    "Borgeren er ikke længere i målgruppen",
    "Sagen er afsluttet",
    "Andet",
];

/// The notice for what was just done, by the `done` query value, in the request's language.
pub fn notice(done: Option<&str>) -> Option<&'static str> {
    Some(match done? {
        "held" => t("Mødet er markeret som afholdt."),
        "no_show" => t("Borgeren er markeret som udeblevet."),
        "corrected" => t("Udeblivelsen er rettet. Mødet er booket igen."),
        "lapsed" => t("Mødet er markeret som bortfaldet."),
        "cancelled" => t("Mødet er aflyst."),
        "moved" => t("Mødet er flyttet."),
        "block_added" => t("Den optagede tid er tilføjet."),
        "block_removed" => t("Den optagede tid er fjernet."),
        _ => return None,
    })
}

/// The path segment and button text of a status action.
fn offered(action: Action) -> Option<Offered> {
    let (slug, label) = match action {
        Action::Complete => ("complete", t("Afholdt")),
        Action::NoShow => ("no-show", t("Udeblevet")),
        Action::CorrectNoShow => ("correct-no-show", t("Ret udeblivelse")),
        Action::Cancel => ("cancel", t("Aflys")),
        Action::MarkLapsed | Action::Reschedule => return None,
    };
    Some(Offered { slug, label })
}

/// `GET /calendar`: the calendars and teams the person may see.
pub async fn calendars(request: HttpRequest) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = session::signed_in(&request, &context).await?;
    let (account, now) = (person.account.clone(), context.clock.now());
    let mut jobcenters = account.jobcenters_for(Capability::ViewCalendars);
    jobcenters.extend(account.jobcenters_for(Capability::OwnCalendar));
    jobcenters.sort();
    jobcenters.dedup();
    let date = now.with_timezone(&ZONE).date_naive();
    let (calendars, teams) = context
        .blocking(move |store| {
            let (mut visible, mut teams_seen) = (Vec::new(), Vec::new());
            for jobcenter in &jobcenters {
                // The jobcenter's teams once, rather than one query per counselor.
                let teams = store.teams().of_jobcenter(jobcenter)?;
                for (team, _) in &teams {
                    let target = Target { jobcenter: jobcenter.clone(), teams: vec![team.id.clone()] };
                    if account.team_day_access(&target) {
                        teams_seen
                            .push(CalendarLink { id: team.id.as_str().to_owned(), name: team.name.clone() });
                    }
                }
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
            Ok((visible, teams_seen))
        })
        .await?;
    let page = CalendarsPage { csrf: &person.csrf, calendars, teams, today: date.to_string() };
    Ok(page::html(StatusCode::OK, &page))
}

/// The name of a booking's offer, looked up once per offer.
fn offer_name(
    store: &Store,
    names: &mut BTreeMap<String, String>,
    offer: Option<&crate::domain::OfferId>,
) -> String {
    let Some(offer) = offer else { return "Samtale".into() };
    names
        .entry(offer.as_str().to_owned())
        .or_insert_with(|| store.offer(offer).map(|offer| offer.name).unwrap_or_else(|_| "Samtale".into()))
        .clone()
}

/// The week of `counselor` from `monday`, by day, with what `access` offers at `now`.
fn week_days(
    store: &Store,
    counselor: &Counselor,
    access: &CalendarAccess,
    monday: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<Day>, Error> {
    let within = local_days(monday, monday + Duration::days(7))?;
    let mut offers = BTreeMap::new();
    let mut by_day: BTreeMap<NaiveDate, Vec<(DateTime<Utc>, Entry)>> = BTreeMap::new();
    for booking in store.counselor_calendar(&counselor.id, within)? {
        let actions = access.offered(&booking, now);
        let entry = Entry {
            time: time_range(&booking.interval),
            what: offer_name(store, &mut offers, booking.offer.as_ref()),
            status: status_name(booking.status),
            channel: channel_name(booking.channel),
            booking: Some(booking.id.as_str().to_owned()),
            offered: actions.iter().filter_map(|action| offered(*action)).collect(),
            lapse: actions.contains(&Action::MarkLapsed),
            movable: actions.contains(&Action::Reschedule),
            removable: None,
            synced: false,
            manual: false,
            note: None,
        };
        let day = booking.interval.start().with_timezone(&ZONE).date_naive();
        by_day.entry(day).or_default().push((booking.interval.start(), entry));
    }
    for block in store.counselor_blocks(&counselor.id, within, None)?.into_iter().filter(|b| !b.deleted) {
        let manual = block.source == BlockSource::Manual;
        let (what, note) = match block.source {
            BlockSource::CalendarSync => (t("Optaget (fra kalender)"), None),
            _ => (t("Optaget"), block.note.clone()),
        };
        let entry = Entry {
            time: time_range(&block.interval),
            what: what.to_owned(),
            status: "",
            channel: "",
            booking: None,
            offered: Vec::new(),
            lapse: false,
            movable: false,
            removable: (manual && access.busy_time).then(|| block.id.clone()),
            synced: block.source == BlockSource::CalendarSync,
            manual,
            note,
        };
        let day = block.interval.start().with_timezone(&ZONE).date_naive();
        by_day.entry(day).or_default().push((block.interval.start(), entry));
    }
    Ok((0..7)
        .map(|n| {
            let date = monday + Duration::days(n);
            let mut entries = by_day.remove(&date).unwrap_or_default();
            entries.sort_by_key(|(at, _)| *at);
            Day { label: day_name(date), entries: entries.into_iter().map(|(_, entry)| entry).collect() }
        })
        .collect())
}

/// `days` from `monday` with their words in the request's language (they are read on the
/// blocking pool, which answers in Danish): the days' names and what busy time is.
fn in_language(mut days: Vec<Day>, monday: NaiveDate) -> Vec<Day> {
    for (n, day) in (0..).zip(days.iter_mut()) {
        day.label = day_name(monday + Duration::days(n));
        for entry in day.entries.iter_mut().filter(|entry| entry.booking.is_none()) {
            entry.what = match &entry.note {
                Some(note) => fill(t("Optaget: {}"), [note]),
                None => t(&entry.what).to_owned(),
            };
        }
    }
    days
}

/// What a week page shows besides the week itself: a notice, or a refused form's errors and
/// values.
#[derive(Debug, Default)]
pub struct Extras {
    /// The notice of what was just done.
    pub notice: Option<&'static str>,
    /// The errors of a refused form.
    pub errors: Vec<FieldError>,
    /// The values of the busy-time form.
    pub block: BlockValues,
}

/// The week page of the calendar `counselor_id` from `monday` for `person`, answered with
/// `status`; the 403 or 404 page when the calendar is not theirs to see ([`Unseen`]).
pub async fn render(
    request: &HttpRequest,
    person: &SignedIn,
    counselor_id: String,
    monday: NaiveDate,
    status: StatusCode,
    extras: Extras,
) -> actix_web::Result<HttpResponse> {
    let context = Context::of(request)?;
    let now = context.clock.now();
    let (checked, wanted) = (person.clone(), counselor_id.clone());
    let found = context
        .blocking(move |store| {
            let (counselor, access) = match calendar(store, &checked, &wanted, now)? {
                Ok(found) => found,
                Err(unseen) => return Ok(Err(unseen)),
            };
            let days = week_days(store, &counselor, &access, monday, now)?;
            Ok(Ok((counselor, access, days)))
        })
        .await?;
    let (counselor, access, days) =
        shown(found, (&context, request), person, "web.calendar.view", ("counselor", &counselor_id)).await?;
    let page = WeekPage {
        csrf: &person.csrf,
        counselor_id: counselor.id.as_str(),
        name: full_name(&counselor),
        week: monday.iso_week().week(),
        monday: monday.to_string(),
        previous: (monday - Duration::days(7)).to_string(),
        next: (monday + Duration::days(7)).to_string(),
        days: in_language(days, monday),
        reveal: access.reveal_cpr,
        busy_time: access.busy_time,
        notice: extras.notice,
        errors: extras.errors,
        block: extras.block,
        reasons: &LAPSE_REASONS,
    };
    Ok(page::html(status, &page))
}

/// `GET /calendar/{counselor}`.
pub async fn week(
    request: HttpRequest,
    path: web::Path<String>,
    query: web::Query<WeekQuery>,
) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = session::signed_in(&request, &context).await?;
    let monday = monday(query.week.as_deref(), context.clock.now())?;
    let extras = Extras { notice: notice(query.done.as_deref()), ..Extras::default() };
    render(&request, &person, path.into_inner(), monday, StatusCode::OK, extras).await
}
