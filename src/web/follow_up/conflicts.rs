//! The calendar conflict queue: `GET /follow-up/conflicts?all=&page=` lists external calendar
//! events that overlap bookings (the calendar never moves a booking; a person decides), open
//! ones first or all, newest first, [`PAGE`] a page; `POST /follow-up/conflicts/{id}/resolve`
//! marks one resolved with a note of what was done.
//!
//! Read and resolved through the admin API's store functions (`Store::calendar_conflicts`,
//! `Store::resolve_calendar_conflict`). A conflict is shown when its counselor's calendar is
//! the person's to see, and may be resolved by whoever may change busy time in that calendar
//! (summoners and administrators of the cluster); anything else is 404, or 403 for the role.
//! A note that is empty or too long is the list again with the field's error (422). The list
//! writes `web.conflicts.list`, a resolution `web.conflict.resolve` (ids only, never the note).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::{forbidden, searchable};
use crate::domain::{Interval, ZONE};
use crate::store::{CalendarConflict, Error, Store};
use crate::web::calendar::{clock, counselor_access, day_name, full_name, not_found, time_range, week_path};
use crate::web::lang::{fill, t};
use crate::web::page::{self, FieldError};
use crate::web::session::{self, account_caller, Context, SignedIn};

/// Conflicts a page shows.
pub const PAGE: usize = 50;

/// The most conflicts the queue reads (the admin API's largest `limit`).
const MOST: i64 = 1000;

/// The query of the list.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    /// `1` to show resolved conflicts too.
    pub all: Option<String>,
    /// The page, from 1.
    pub page: Option<usize>,
    /// What was just done.
    pub done: Option<String>,
}

/// The form of a resolution.
#[derive(Debug, Deserialize)]
pub struct ResolveForm {
    /// The anti-forgery token.
    pub csrf: String,
    /// What was done.
    #[serde(default)]
    pub note: String,
}

/// One conflict as listed.
pub struct Listed {
    /// Its id.
    pub id: String,
    /// The counselor's name.
    pub counselor: String,
    /// Their week of the event.
    pub week: String,
    /// The booking's page.
    pub booking: String,
    /// The event's day and times.
    pub event: String,
    /// Who sent the event.
    pub source: String,
    /// True when the event was deleted since.
    pub deleted: bool,
    /// When it was found.
    pub detected: String,
    /// When and how it was resolved.
    pub resolved: Option<String>,
    /// True when the person may resolve it.
    pub may_resolve: bool,
}

/// The queue page.
#[derive(Template)]
#[template(path = "web/followup_conflicts.html")]
struct QueuePage {
    csrf: String,
    all: bool,
    listed: Vec<Listed>,
    page: usize,
    more: bool,
    errors: Vec<FieldError>,
    notice: Option<&'static str>,
}

/// The id of the note field of conflict `id`.
pub fn note_field(id: &str) -> String {
    format!("note-{id}")
}

/// An instant on screens, "09.03.2027 10:15".
fn moment(at: DateTime<Utc>) -> String {
    format!("{} {}", at.with_timezone(&ZONE).format("%d.%m.%Y"), clock(at))
}

/// The conflicts of the person's jobcenters whose calendars they see, each with whether they
/// may resolve it, newest first.
fn visible(
    store: &Store,
    person: &SignedIn,
    all: bool,
    now: DateTime<Utc>,
) -> Result<Vec<(CalendarConflict, Listed)>, Error> {
    let mut found = Vec::new();
    for conflict in store.calendar_conflicts(&searchable(&person.account), all, MOST)? {
        let Some((counselor, access)) = counselor_access(store, person, &conflict.counselor, now)? else {
            continue;
        };
        let start = conflict.event_start.with_timezone(&ZONE).date_naive();
        let listed = Listed {
            id: conflict.id.clone(),
            counselor: full_name(&counselor),
            week: week_path(counselor.id.as_str(), start, None),
            booking: format!("/follow-up/bookings/{}", conflict.booking),
            event: String::new(),
            source: conflict.source.clone(),
            deleted: conflict.event_deleted,
            detected: moment(conflict.detected_at),
            resolved: None,
            may_resolve: access.busy_time && conflict.resolved_at.is_none(),
        };
        found.push((conflict, listed));
    }
    Ok(found)
}

/// `listed` with the words of `conflict` in the request's language (it is read on the blocking
/// pool, which answers in Danish): the event's day and times, and when and how it was resolved.
fn in_language(conflict: &CalendarConflict, mut listed: Listed) -> Listed {
    let start = conflict.event_start.with_timezone(&ZONE).date_naive();
    listed.event = match Interval::new(conflict.event_start, conflict.event_end) {
        Ok(interval) => fill(t("{} kl. {}"), [day_name(start), time_range(&interval)]),
        Err(_) => moment(conflict.event_start),
    };
    listed.detected = moment(conflict.detected_at);
    listed.resolved = conflict
        .resolved_at
        .map(|at| fill(t("Løst {}: {}"), [moment(at), conflict.resolution.clone().unwrap_or_default()]));
    listed
}

/// The page `page` of the queue for `person`, with `errors` and a `notice`.
async fn render(
    context: &Context,
    person: &SignedIn,
    (all, page): (bool, usize),
    (status, errors, notice): (StatusCode, Vec<FieldError>, Option<&'static str>),
) -> actix_web::Result<HttpResponse> {
    let now = context.clock.now();
    let checked = person.clone();
    let mut found = context.blocking(move |store| visible(store, &checked, all, now)).await?;
    let page = page.max(1);
    let more = found.len() > page * PAGE;
    let listed: Vec<Listed> = found
        .drain(..)
        .skip((page - 1) * PAGE)
        .take(PAGE)
        .map(|(conflict, listed)| in_language(&conflict, listed))
        .collect();
    let queue = QueuePage { csrf: person.csrf.clone(), all, listed, page, more, errors, notice };
    Ok(page::html(status, &queue))
}

/// The person, when their roles see calendars somewhere (the 403 page otherwise).
fn viewer(person: SignedIn) -> actix_web::Result<SignedIn> {
    if searchable(&person.account).is_empty() {
        return Err(page::stop(forbidden(t("Dine roller giver ikke adgang til kalenderkonflikter."))));
    }
    Ok(person)
}

/// `GET /follow-up/conflicts`.
pub async fn list(request: HttpRequest, query: web::Query<ListQuery>) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = viewer(session::signed_in(&request, &context).await?)?;
    let all = query.all.as_deref() == Some("1");
    let notice = (query.done.as_deref() == Some("resolved")).then_some(t("Konflikten er markeret som løst."));
    context.audit(&request, account_caller(&person.account), "web.conflicts.list", "ok", None).await;
    render(&context, &person, (all, query.page.unwrap_or(1)), (StatusCode::OK, Vec::new(), notice)).await
}

/// `POST /follow-up/conflicts/{id}/resolve`.
pub async fn resolve(
    request: HttpRequest,
    path: web::Path<String>,
    form: web::Form<ResolveForm>,
) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = viewer(session::posted_by(&request, &context, &form.csrf).await?)?;
    let id = path.into_inner();
    let now = context.clock.now();
    let (checked, wanted) = (person.clone(), id.clone());
    let found = context
        .blocking(move |store| {
            let all = visible(store, &checked, false, now)?;
            Ok(all.into_iter().find(|(conflict, _)| conflict.id == wanted))
        })
        .await?;
    let (conflict, listed) = found.ok_or_else(not_found)?;
    let caller = account_caller(&person.account);
    let detail = Some(format!("conflict.id={} booking.id={}", conflict.id, conflict.booking));
    let operation = "web.conflict.resolve";
    if !listed.may_resolve {
        context.audit(&request, caller, operation, "forbidden", detail).await;
        return Ok(forbidden(t("Din rolle giver ikke adgang til at løse konflikter i denne kalender.")));
    }
    let note = form.note.trim().to_owned();
    if note.is_empty() || note.chars().count() > 500 || note.chars().any(char::is_control) {
        context.audit(&request, caller, operation, "invalid", detail).await;
        let message = t("Skriv kort (højst 500 tegn), hvad der er gjort ved konflikten.");
        let errors = vec![FieldError::of(note_field(&id), message)];
        return render(&context, &person, (false, 1), (StatusCode::UNPROCESSABLE_ENTITY, errors, None)).await;
    }
    let counselor = crate::domain::CounselorId::parse(&conflict.counselor).map_err(|_| not_found())?;
    let resolved = context
        .blocking(move |store| {
            let jobcenter = store.counselor(&counselor)?.jobcenter;
            Ok((
                store.resolve_calendar_conflict(std::slice::from_ref(&jobcenter), &id, &note, now)?,
                jobcenter,
            ))
        })
        .await?;
    let (done, jobcenter) = resolved;
    let jobcenter = Some(jobcenter.as_str().to_owned());
    if !done {
        context.audit_in(&request, caller, (operation, "not_found"), jobcenter, detail).await;
        return Err(not_found());
    }
    context.audit_in(&request, caller, (operation, "ok"), jobcenter, detail).await;
    Ok(page::see_other("/follow-up/conflicts?done=resolved"))
}
