//! A bulk summons after it started (the list of batches is [`super::batches`]):
//! `GET /summons/batches/{key}` (running: a `<progress>` bar and a link
//! that reloads the page, enhanced by `/static/progress.js`, which polls
//! `GET /summons/batches/{key}/status` and announces the count in an `aria-live` region;
//! interrupted: how far it got and a button to resume it; completed: the distribution per
//! counselor and a page of the per-citizen report, [`super::report`]).
//!
//! A batch belongs to its offer's jobcenter; a person sees it when they may summon into every
//! counselor of its pool (otherwise 404, as if it did not exist).

use std::collections::HashMap;

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::{DateTime, NaiveDate, Utc};

use super::report;
use super::runner::{self, Progress};
use super::scope::{covers_counselor, jobcenters};
use super::{not_found, summoner};
use crate::domain::people::{Account, Capability, Target};
use crate::domain::summons::NotPlacedReason;
use crate::domain::{CounselorId, JobCenterCode, Offer, ZONE};
use crate::store::{BatchStatus, Error, ItemStatus, Store, SummonsReport};
use crate::web::calendar::full_name;
use crate::web::lang::{fill, t};
use crate::web::page;
use crate::web::session::{self, Context};

/// The progress script, compiled into the binary.
const SCRIPT: &str = include_str!("progress.js");

/// A label and how many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    /// What is counted.
    pub label: String,
    /// How many.
    pub count: usize,
}

/// Where a batch is, as the page says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// This instance runs it now.
    Running,
    /// Its run stopped on a failure.
    Failed,
    /// Not completed and not running here (a restart interrupted it).
    Interrupted,
    /// Every citizen placed or not placed.
    Completed,
}

impl State {
    /// The status answer's name.
    fn as_str(self) -> &'static str {
        match self {
            State::Running => "running",
            State::Failed => "failed",
            State::Interrupted => "interrupted",
            State::Completed => "completed",
        }
    }
}

/// The batch page.
#[derive(Template)]
#[template(path = "web/summons_batch.html")]
struct BatchPage<'a> {
    csrf: &'a str,
    key: String,
    offer: String,
    state: State,
    done: usize,
    total: usize,
    text: String,
    placed: usize,
    reasons: Vec<Count>,
    counselors: Vec<Count>,
    /// The per-citizen report's page, once the batch is completed.
    report: Option<report::Shown>,
}

/// Why a citizen was not placed, in Danish.
pub fn reason_text(reason: NotPlacedReason) -> &'static str {
    match reason {
        NotPlacedReason::NoFreeTime => t("Ingen ledig tid i perioden"),
        NotPlacedReason::AlreadyBooked => t("Har allerede en kommende tid i tilbuddet"),
        NotPlacedReason::OfferInactive => t("Tilbuddet blev deaktiveret undervejs"),
        NotPlacedReason::ContactMissing => t("Mangler kontaktoplysninger, som mødetypen kræver"),
    }
}

/// The names of the offer's counselors by caseworker id.
fn names(store: &Store, report: &SummonsReport) -> Result<HashMap<String, String>, Error> {
    Ok(store
        .counselors_of_offer(&report.offer)?
        .iter()
        .map(|counselor| (counselor.caseworker.as_str().to_owned(), full_name(counselor)))
        .collect())
}

/// How many citizens each counselor gets (or got), by name, in the order of the pool.
pub fn distribution(store: &Store, report: &SummonsReport) -> Result<Vec<Count>, Error> {
    let names = names(store, report)?;
    let mut counts: Vec<Count> = Vec::new();
    for caseworker in report.items.iter().filter_map(|item| item.caseworker.as_ref()) {
        let label = names.get(caseworker.as_str()).cloned().unwrap_or_else(|| caseworker.as_str().to_owned());
        match counts.iter_mut().find(|count| count.label == label) {
            Some(count) => count.count += 1,
            None => counts.push(Count { label, count: 1 }),
        }
    }
    Ok(counts)
}

/// True when `account` may see a batch of `pool` in `jobcenter` on `today`.
pub(super) fn covers(
    store: &Store,
    account: &Account,
    jobcenter: &JobCenterCode,
    pool: &[CounselorId],
    today: NaiveDate,
) -> Result<bool, Error> {
    if !jobcenters(account).contains(jobcenter) {
        return Ok(false);
    }
    if account.may(Capability::Summon, &Target::jobcenter(jobcenter.clone())) {
        return Ok(true);
    }
    for id in pool {
        let counselor = store.counselor(id)?;
        if !covers_counselor(store, account, &counselor, today)? {
            return Ok(false);
        }
    }
    Ok(!pool.is_empty())
}

/// The batch `key` with its offer, when `account` may see it.
pub fn visible(
    store: &Store,
    account: &Account,
    key: &str,
    today: NaiveDate,
) -> Result<Option<(SummonsReport, Offer)>, Error> {
    let valid = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':');
    if !(1..=128).contains(&key.len()) || !key.chars().all(valid) {
        return Ok(None);
    }
    let report = match store.summons_report(key) {
        Ok(report) => report,
        Err(Error::NotFound(_)) => return Ok(None),
        Err(error) => return Err(error),
    };
    let offer = store.offer(&report.offer)?;
    Ok(covers(store, account, &offer.jobcenter, &report.pool, today)?.then_some((report, offer)))
}

/// Where the batch is and how far it got, from the store's report and what the runner said of
/// it **before** the report was read (read the other way round, a run that ended in between
/// would look interrupted).
pub fn state(report: &SummonsReport, running: Option<Progress>) -> (State, usize, usize) {
    let total = report.items.len();
    let done = report.items.iter().filter(|item| item.status != ItemStatus::Pending).count();
    match (report.status, running) {
        (BatchStatus::Completed, _) => (State::Completed, total, total),
        (_, Some(progress)) if progress.failed => (State::Failed, done, total),
        (_, Some(progress)) => (State::Running, progress.done.max(done), total),
        (_, None) => (State::Interrupted, done, total),
    }
}

/// "12 af 50 borgere er behandlet" and the like.
fn state_text(state: State, done: usize, total: usize) -> String {
    match state {
        State::Running => fill(t("{} af {} borgere er behandlet."), [done.to_string(), total.to_string()]),
        State::Failed => fill(
            t("Kørslen stoppede med en fejl efter {} af {} borgere."),
            [done.to_string(), total.to_string()],
        ),
        State::Interrupted => fill(
            t("Indkaldelsen blev afbrudt efter {} af {} borgere."),
            [done.to_string(), total.to_string()],
        ),
        State::Completed => fill(t("Alle {} borgere er behandlet."), [total.to_string()]),
    }
}

/// A local time on screens, "15.03.2027 08:00".
pub(super) fn local(at: DateTime<Utc>) -> String {
    at.with_timezone(&ZONE).format("%d.%m.%Y %H:%M").to_string()
}

/// The batch the path names as the person may see it, with the counselors' names; 404
/// otherwise.
pub(super) async fn load(
    request: &HttpRequest,
    context: &Context,
    key: String,
) -> actix_web::Result<(session::SignedIn, SummonsReport, Offer, HashMap<String, String>)> {
    let person = session::signed_in(request, context).await?;
    summoner(context, request, &person, None).await?;
    let (account, today) = (person.account.clone(), context.clock.now().with_timezone(&ZONE).date_naive());
    let found = context
        .blocking(move |store| match visible(store, &account, &key, today)? {
            Some((report, offer)) => {
                let names = names(store, &report)?;
                Ok(Some((report, offer, names)))
            }
            None => Ok(None),
        })
        .await?;
    let (report, offer, names) = found.ok_or_else(not_found)?;
    Ok((person, report, offer, names))
}

/// `GET /summons/batches/{key}?page=N` (the report's page `N`, from 1).
pub async fn page(
    request: HttpRequest,
    path: web::Path<String>,
    query: web::Query<report::PageQuery>,
) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let key = path.into_inner();
    // The runner's progress first, then the store: a run that ends in between has committed
    // its completion before it leaves the runner, so the store read then says Completed.
    let running = runner::progress(&key);
    let (person, report, offer, names) = load(&request, &context, key.clone()).await?;
    let (state, done, total) = state(&report, running);
    let mut counselors: Vec<Count> = Vec::new();
    let mut reasons: Vec<Count> = Vec::new();
    for item in &report.items {
        let (label, counts) = match (&item.caseworker, item.reason) {
            (Some(c), _) => {
                (names.get(c.as_str()).cloned().unwrap_or_else(|| c.as_str().to_owned()), &mut counselors)
            }
            (None, Some(reason)) => (reason_text(reason).to_owned(), &mut reasons),
            (None, None) => continue,
        };
        match counts.iter_mut().find(|count| count.label == label) {
            Some(count) => count.count += 1,
            None => counts.push(Count { label, count: 1 }),
        }
    }
    let page = BatchPage {
        csrf: &person.csrf,
        text: state_text(state, done, total),
        placed: counselors.iter().map(|count| count.count).sum(),
        report: (state == State::Completed).then(|| report::shown(&report, &names, query.page())),
        key,
        offer: offer.name,
        state,
        done,
        total,
        reasons,
        counselors,
    };
    Ok(page::html(StatusCode::OK, &page))
}

/// `GET /summons/batches/{key}/status`: `{"state", "done", "total", "text"}` for the script.
pub async fn status(request: HttpRequest, path: web::Path<String>) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let key = path.into_inner();
    let running = runner::progress(&key);
    let (_, report, _, _) = load(&request, &context, key.clone()).await?;
    let (state, done, total) = state(&report, running);
    let body = serde_json::json!({
        "state": state.as_str(), "done": done, "total": total, "text": state_text(state, done, total),
    });
    Ok(HttpResponse::Ok().json(body))
}

/// `GET /static/progress.js`.
pub async fn script() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(SCRIPT)
}
