//! Summons (indkaldelse) in the staff web app, by subject:
//!
//! - [`one`]: one citizen: `GET /summons` (the form: CPR, offer or template, team or
//!   counselor, window), `POST /summons/proposals` (the earliest fitting times, from
//!   `Store::summons_proposals`); [`book`]: `POST /summons/book` (the chosen time, booked by
//!   `Store::summon_one`, the admin API's own) and `GET /summons/done?booking=` (the booking);
//! - [`bulk`]: many citizens from a CSV file: the upload, its line-numbered errors and the dry
//!   run with the distribution per counselor ([`upload`]), the run in the background with a
//!   progress page, the per-citizen report on screen and as CSV, and resuming a batch that a
//!   restart interrupted ([`batch`], [`report`], [`runner`]);
//! - [`planlink`]: `GET /planlink?...`, the case system's signed plan-link, which signs the
//!   caseworker in (when the link maps to their account) and opens the summons form for the
//!   person it names;
//! - [`plan`], [`scope`], [`refusals`], [`citizen`]: what the forms share (the plan, who may
//!   summon into which calendars, refusals in Danish, the CPR carried sealed).
//!
//! Only summoners summon (`Capability::Summon`, the domain's rule): a person without the role
//! gets 403; an offer, template, team, counselor or batch outside their clusters answers 404 as
//! if it did not exist. The CPR is typed into a form (a POST body), carried to the next page
//! sealed with the data key for this session, shown masked, and never put in a URL, a log
//! line or an audit row. Every action writes one audit row `web.summons.*` naming ids only.

pub mod batch;
pub mod batches;
pub mod book;
pub mod bulk;
pub mod citizen;
pub mod multipart;
pub mod one;
pub mod plan;
pub mod planlink;
pub mod refusals;
pub mod report;
pub mod runner;
pub mod scope;
pub mod upload;

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

use super::page::{self, stop};
use super::session::{account_caller, Context, SignedIn};
use crate::web::lang::t;

/// The routes of summons.
pub fn routes(config: &mut web::ServiceConfig) {
    config
        .route("/summons", web::get().to(one::form))
        .route("/summons/proposals", web::post().to(one::proposals))
        .route("/summons/book", web::post().to(book::book))
        .route("/summons/done", web::get().to(book::done))
        .route("/summons/batches", web::get().to(batches::list))
        .route("/summons/batches/new", web::get().to(upload::form))
        .route("/summons/batches/check", web::post().to(upload::check))
        .route("/summons/batches", web::post().to(bulk::start))
        .route("/summons/batches/{key}", web::get().to(batch::page))
        .route("/summons/batches/{key}/status", web::get().to(batch::status))
        .route("/summons/batches/{key}/report.csv", web::get().to(report::csv))
        .route("/summons/batches/{key}/resume", web::post().to(bulk::resume))
        .route("/summons/planlink", web::get().to(planlink::land))
        .route("/planlink", web::get().to(planlink::open))
        .route("/static/progress.js", web::get().to(batch::script));
}

/// The 403 page for a person whose roles do not summon.
pub fn forbidden() -> HttpResponse {
    page::message(
        StatusCode::FORBIDDEN,
        t("Det har du ikke adgang til"),
        t("Din rolle giver ikke adgang til at indkalde borgere. Det kræver rollen indkalder."),
        Some(("/", t("Til forsiden"))),
    )
}

/// The 404 page for something named that is not the person's to use (or does not exist).
pub fn not_found() -> actix_web::Error {
    stop(page::message(
        StatusCode::NOT_FOUND,
        t("Findes ikke"),
        t("Det valgte findes ikke, eller det hører ikke til de teams og jobcentre, dine roller gælder for."),
        Some(("/summons", t("Til indkaldelse"))),
    ))
}

/// The person, or the 403 page (with an audit row `operation`/`forbidden`) when no role of
/// theirs summons.
pub async fn summoner(
    context: &Context,
    request: &HttpRequest,
    person: &SignedIn,
    operation: Option<&str>,
) -> actix_web::Result<()> {
    if !scope::jobcenters(&person.account).is_empty() {
        return Ok(());
    }
    if let Some(operation) = operation {
        context.audit(request, account_caller(&person.account), operation, "forbidden", None).await;
    }
    Err(stop(forbidden()))
}

/// Who summons from the web app, as recorded with each booking (and sent to DFDG): the caller
/// `planner-web` and the person's e-mail address, their user id here (left out in the rare
/// case it looks like a CPR number, which `Summoner` refuses).
pub fn web_summoner(person: &SignedIn) -> Option<crate::store::Summoner> {
    let identity = "planner-web";
    crate::store::Summoner::new(identity, Some(person.account.email.as_str()))
        .or_else(|_| crate::store::Summoner::new(identity, None))
        .ok()
}

/// A hash of the person's session, which what a page seals is bound to.
pub fn binding(person: &SignedIn) -> String {
    hex::encode(openssl::sha::sha256(person.secret.as_bytes()))
}
