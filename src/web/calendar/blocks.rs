//! Manual busy time on a counselor's calendar: `POST /calendar/{counselor}/blocks` adds a block
//! (date, start, end, note in local Copenhagen time) and
//! `POST /calendar/{counselor}/blocks/{block}/delete` removes one. Busy time synced from the
//! counselor's own calendar is changed there, never here.
//!
//! Who may: `CalendarAccess::busy_time` (403 otherwise). A form with errors shows the week again
//! with an error summary naming each field (422). The store functions are the admin API's
//! (`Store::add_block` with a note, `Store::delete_block`); the audit rows are `web.block.add`
//! and `web.block.remove`, naming the counselor and the block, never the note.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::Deserialize;

use super::week::{self, BlockValues, Extras};
use super::{calendar, forbidden, monday_of, not_found, shown, week_path};
use crate::domain::availability::local::{Edge, LocalDay};
use crate::domain::calendar::{block_note, BLOCK_NOTE_MAX};
use crate::domain::people::CalendarAccess;
use crate::domain::{BlockSource, BusyBlock, Counselor, Interval};
use crate::web::lang::{fill, t};
use crate::web::page::{self, FieldError};
use crate::web::session::{self, account_caller, Context, SignedIn};

/// The form that adds busy time.
#[derive(Debug, Deserialize)]
pub struct BlockForm {
    /// The anti-forgery token.
    pub csrf: String,
    /// The week the form was on.
    #[serde(default)]
    pub week: Option<String>,
    /// The local date, `YYYY-MM-DD`.
    #[serde(default)]
    pub date: String,
    /// The local start, `HH:MM`.
    #[serde(default)]
    pub start: String,
    /// The local end, `HH:MM`.
    #[serde(default)]
    pub end: String,
    /// What the time is for.
    #[serde(default)]
    pub note: String,
}

/// The form that removes busy time.
#[derive(Debug, Deserialize)]
pub struct RemoveForm {
    /// The anti-forgery token.
    pub csrf: String,
    /// The week the form was on.
    #[serde(default)]
    pub week: Option<String>,
}

/// A checked new block: its local date, its instants and its note.
type Checked = (NaiveDate, Interval, Option<String>);

/// Reads `form`, or says what to fix, field by field.
fn check(form: &BlockForm) -> Result<Checked, Vec<FieldError>> {
    let mut errors = Vec::new();
    let date = NaiveDate::parse_from_str(form.date.trim(), "%Y-%m-%d").ok();
    if date.is_none() {
        errors.push(FieldError::new("blok-dato", t("Angiv datoen som åååå-mm-dd, fx 2027-03-10.")));
    }
    let time = |text: &str| NaiveTime::parse_from_str(text.trim(), "%H:%M").ok();
    let (start, end) = (time(&form.start), time(&form.end));
    if start.is_none() {
        errors.push(FieldError::new("blok-fra", t("Angiv starttidspunktet som tt:mm, fx 09:00.")));
    }
    if end.is_none() {
        errors.push(FieldError::new("blok-til", t("Angiv sluttidspunktet som tt:mm, fx 10:30.")));
    } else if start.is_some() && end <= start {
        errors.push(FieldError::new("blok-til", t("Sluttidspunktet skal ligge efter starttidspunktet.")));
    }
    let note = block_note(&form.note).map_err(|_| {
        let text = fill(t("Skriv højst {} tegn i noten, uden linjeskift."), [BLOCK_NOTE_MAX.to_string()]);
        FieldError::new("blok-note", text)
    });
    let note = match note {
        Ok(note) => note,
        Err(error) => {
            errors.push(error);
            None
        }
    };
    let (Some(date), Some(start), Some(end)) = (date, start, end) else { return Err(errors) };
    let day = LocalDay::new(date);
    // A time in the spring-forward gap moves to the first instant after it (contract §4).
    let instants: Option<(DateTime<Utc>, DateTime<Utc>)> =
        day.instant(start, Edge::Start).zip(day.instant(end, Edge::End));
    match instants.and_then(|(start, end)| Interval::new(start, end).ok()) {
        Some(interval) if errors.is_empty() => Ok((date, interval, note)),
        Some(_) => Err(errors),
        None => {
            errors.push(FieldError::new("blok-til", t("Sluttidspunktet skal ligge efter starttidspunktet.")));
            Err(errors)
        }
    }
}

/// The counselor of the path and the person's access, or the 403 or 404 page (a refusal
/// audited as `operation`).
async fn calendar_of(
    (context, request): (&Context, &HttpRequest),
    person: &SignedIn,
    counselor: String,
    operation: &str,
) -> actix_web::Result<(Counselor, CalendarAccess)> {
    let (checked, now, wanted) = (person.clone(), context.clock.now(), counselor.clone());
    let found = context.blocking(move |store| calendar(store, &checked, &wanted, now)).await?;
    shown(found, (context, request), person, operation, ("counselor", &counselor)).await
}

/// The Monday of the week a form was on (or of `fallback`).
fn form_week(week: Option<&str>, fallback: NaiveDate) -> NaiveDate {
    let day = week.and_then(|w| NaiveDate::parse_from_str(w.trim(), "%Y-%m-%d").ok());
    monday_of(day.unwrap_or(fallback))
}

/// Writes an audit row of busy time on `counselor`'s calendar.
async fn audit(
    context: &Context,
    request: &HttpRequest,
    person: &SignedIn,
    (operation, outcome): (&str, &str),
    counselor: &Counselor,
    block: Option<&str>,
) {
    let mut detail = format!("counselor.id={}", counselor.id.as_str());
    if let Some(block) = block {
        detail.push_str(&format!(" block.id={block}"));
    }
    let (caller, jobcenter) =
        (account_caller(&person.account), Some(counselor.jobcenter.as_str().to_owned()));
    context.audit_in(request, caller, (operation, outcome), jobcenter, Some(detail)).await;
}

/// `POST /calendar/{counselor}/blocks`.
pub async fn add(
    request: HttpRequest,
    path: web::Path<String>,
    form: web::Form<BlockForm>,
) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = session::posted_by(&request, &context, &form.csrf).await?;
    let (counselor, access) =
        calendar_of((&context, &request), &person, path.into_inner(), "web.block.add").await?;
    let today = context.clock.now().with_timezone(&crate::domain::ZONE).date_naive();
    let id = counselor.id.as_str().to_owned();
    if !access.busy_time {
        audit(&context, &request, &person, ("web.block.add", "forbidden"), &counselor, None).await;
        return Ok(forbidden(t("ændre optaget tid"), &week_path(&id, today, None)));
    }
    let (date, interval, note) = match check(&form) {
        Ok(checked) => checked,
        Err(errors) => {
            audit(&context, &request, &person, ("web.block.add", "invalid"), &counselor, None).await;
            let block = BlockValues {
                date: form.date.clone(),
                start: form.start.clone(),
                end: form.end.clone(),
                note: form.note.clone(),
            };
            let extras = Extras { errors, block, ..Extras::default() };
            let monday = form_week(form.week.as_deref(), today);
            return week::render(&request, &person, id, monday, StatusCode::UNPROCESSABLE_ENTITY, extras)
                .await;
        }
    };
    let (now, owner) = (context.clock.now(), counselor.id.clone());
    let block = BusyBlock { interval, source: BlockSource::Manual };
    let added = context
        .blocking(move |store| store.add_block_noted(&owner, &block, None, note.as_deref(), now))
        .await?;
    audit(&context, &request, &person, ("web.block.add", "ok"), &counselor, Some(&added)).await;
    Ok(page::see_other(&week_path(&id, date, Some("block_added"))))
}

/// `POST /calendar/{counselor}/blocks/{block}/delete`: a manual block only (404 for any other).
pub async fn remove(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<RemoveForm>,
) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = session::posted_by(&request, &context, &form.csrf).await?;
    let (counselor_id, block_id) = path.into_inner();
    let (counselor, access) =
        calendar_of((&context, &request), &person, counselor_id, "web.block.remove").await?;
    let today = context.clock.now().with_timezone(&crate::domain::ZONE).date_naive();
    let id = counselor.id.as_str().to_owned();
    let monday = form_week(form.week.as_deref(), today);
    if !access.busy_time {
        audit(&context, &request, &person, ("web.block.remove", "forbidden"), &counselor, Some(&block_id))
            .await;
        return Ok(forbidden(t("ændre optaget tid"), &week_path(&id, monday, None)));
    }
    let (owner, wanted) = (counselor.id.clone(), block_id.clone());
    let removed = context
        .blocking(move |store| {
            let manual = store.blocks_of(&owner, BlockSource::Manual, None)?;
            if !manual.iter().any(|block| block.id == wanted) {
                return Ok(false);
            }
            store.delete_block(&owner, &wanted)
        })
        .await?;
    if !removed {
        return Err(not_found());
    }
    audit(&context, &request, &person, ("web.block.remove", "ok"), &counselor, Some(&block_id)).await;
    Ok(page::see_other(&week_path(&id, monday, Some("block_removed"))))
}
