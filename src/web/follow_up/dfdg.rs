//! DFDG's side of the follow-up, for administrators of whole jobcenters:
//! `GET /follow-up/dfdg/messages?outcome=&page=` is the WSRM log (the queue messages the planner
//! applied or rejected, with the reason), `GET /follow-up/dfdg/fejlmeldinger?page=` the error
//! reports DFDG and Jobnet sent about our answers (CreateFejlmelding); both newest first,
//! [`PAGE`](super::PAGE) rows a page.
//!
//! Read through the admin API's store functions (`Store::dfdg_message_log`,
//! `Store::error_reports`) with its scoping: a row belongs to the jobcenter of its booking (or a
//! report's offer); a row of no jobcenter only to administrators of every jobcenter
//! ([`every_jobcenter`]). The reason and Fejltekst are free text from outside and shown with
//! anything shaped like a CPR masked (`domain::mask_cpr`), as the admin API does. An outcome
//! that is neither `applied` nor `rejected` is the field's error (422). Each view writes one
//! audit row (`web.dfdg.messages`, `web.dfdg.fejlmeldinger`) without details.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use super::{administrator, every_jobcenter, moment, page_number, page_of};
use crate::domain::{mask_cpr, mask_message_id, BookingId, OfferId};
use crate::store::{
    ChangeType, DfdgLogQuery, DfdgMessageRecord, ErrorReportQuery, ErrorReportRecord, MessageOutcome,
};
use crate::web::lang::{fill, t};
use crate::web::page::{self, FieldError};
use crate::web::session::{self, account_caller, Context};

/// The most rows a log reads (the admin API's largest `limit`); pages lie within them.
const MOST: i64 = 1000;

/// The query of the WSRM log.
#[derive(Debug, Default, Deserialize)]
pub struct MessagesQuery {
    /// `applied`, `rejected` or empty for both.
    pub outcome: Option<String>,
    /// The page, from 1.
    pub page: Option<String>,
}

/// The query of the error reports.
#[derive(Debug, Default, Deserialize)]
pub struct ReportsQuery {
    /// The page, from 1.
    pub page: Option<String>,
}

/// One WSRM log row on screens.
pub struct MessageRow {
    /// When it was read from the queue.
    pub received: String,
    /// MessageIdentifier.
    pub id: String,
    /// The message service.
    pub service: String,
    /// What it asked for, in Danish.
    pub change: &'static str,
    /// The booking's page and id, when it touched one.
    pub booking: Option<(String, String)>,
    /// Applied or rejected, in Danish.
    pub outcome: &'static str,
    /// Why it was rejected, CPR-shaped numbers masked.
    pub reason: String,
}

/// One error report on screens.
pub struct ReportRow {
    /// When the planner received it.
    pub received: String,
    /// FejlTidspunkt.
    pub reported: String,
    /// Who sent it (DFDG or Jobnet by FejlOphav, with the certificate identity).
    pub origin: String,
    /// The jobcenter of its booking or offer.
    pub jobcenter: String,
    /// The booking's page and id, when it names one.
    pub booking: Option<(String, String)>,
    /// The offer it names.
    pub offer: String,
    /// Fejlkode.
    pub code: i32,
    /// Fejltekst, CPR-shaped numbers masked.
    pub text: String,
}

/// The WSRM log page.
#[derive(Template)]
#[template(path = "web/followup_dfdg_messages.html")]
struct MessagesPage {
    csrf: String,
    outcome: String,
    rows: Vec<MessageRow>,
    page: usize,
    more: bool,
    errors: Vec<FieldError>,
    unbound: bool,
}

/// The error reports page.
#[derive(Template)]
#[template(path = "web/followup_dfdg_reports.html")]
struct ReportsPage {
    csrf: String,
    rows: Vec<ReportRow>,
    page: usize,
    more: bool,
    unbound: bool,
}

/// A change type on screens.
fn change_name(change: ChangeType) -> &'static str {
    match change {
        ChangeType::Create => t("Oprettelse"),
        ChangeType::Update => t("Ændring"),
        ChangeType::Delete => t("Sletning"),
        ChangeType::Unreadable => t("Kunne ikke læses"),
    }
}

/// An outcome on screens.
fn outcome_name(outcome: MessageOutcome) -> &'static str {
    match outcome {
        MessageOutcome::Applied => t("Gennemført"),
        MessageOutcome::Rejected => t("Afvist"),
    }
}

/// FejlOphav on screens.
fn origin_name(origin: i32) -> String {
    match origin {
        30 => "DFDG".to_owned(),
        32 => "Jobnet".to_owned(),
        other => fill(t("Ophav {}"), [other.to_string()]),
    }
}

/// A booking's page and id.
fn booking_link(id: &str) -> (String, String) {
    (format!("/follow-up/bookings/{id}"), id.to_owned())
}

fn message_row(record: DfdgMessageRecord) -> MessageRow {
    MessageRow {
        received: moment(record.received_at),
        id: mask_message_id(&record.message_id),
        service: record.service,
        change: change_name(record.change_type),
        booking: record.booking_id.as_deref().map(booking_link),
        outcome: outcome_name(record.outcome),
        reason: record.detail.as_deref().map(mask_cpr).unwrap_or_default(),
    }
}

fn report_row(record: ErrorReportRecord) -> ReportRow {
    let report = record.report;
    ReportRow {
        received: moment(record.received_at),
        reported: moment(report.reported_at),
        origin: format!("{} ({})", origin_name(report.origin), mask_cpr(&record.caller)),
        jobcenter: record.jobcenter.unwrap_or_else(|| "–".to_owned()),
        booking: report.booking.as_ref().map(BookingId::as_str).map(booking_link),
        offer: report
            .offer
            .as_ref()
            .map_or_else(|| "–".to_owned(), |offer| OfferId::as_str(offer).to_owned()),
        code: report.code,
        text: report.text.as_deref().map(mask_cpr).unwrap_or_default(),
    }
}

/// The outcome asked for: `Ok(None)` for both, the field's error for anything else.
fn outcome(text: Option<&str>) -> Result<Option<String>, FieldError> {
    match text.map(str::trim).unwrap_or_default() {
        "" => Ok(None),
        chosen @ ("applied" | "rejected") => Ok(Some(chosen.to_owned())),
        _ => Err(FieldError::new("outcome", t("Vælg Gennemført, Afvist eller Alle."))),
    }
}

/// `GET /follow-up/dfdg/messages`.
pub async fn messages(
    request: HttpRequest,
    query: web::Query<MessagesQuery>,
) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let (person, jobcenters) =
        administrator(session::signed_in(&request, &context).await?, t("DFDG's beskedlog"))?;
    let caller = account_caller(&person.account);
    let operation = "web.dfdg.messages";
    let page = page_number(query.page.as_deref());
    let shown = query.outcome.clone().unwrap_or_default();
    let mut listing = MessagesPage {
        csrf: person.csrf.clone(),
        outcome: shown,
        rows: Vec::new(),
        page,
        more: false,
        errors: Vec::new(),
        unbound: false,
    };
    let outcome = match outcome(query.outcome.as_deref()) {
        Ok(outcome) => outcome,
        Err(error) => {
            context.audit(&request, caller, operation, "invalid", None).await;
            listing.errors.push(error);
            return Ok(page::html(StatusCode::UNPROCESSABLE_ENTITY, &listing));
        }
    };
    listing.outcome = outcome.clone().unwrap_or_default();
    let (rows, unbound) = context
        .blocking(move |store| {
            let include_unbound = every_jobcenter(store, &jobcenters)?;
            let query = DfdgLogQuery { limit: MOST, outcome, jobcenters, include_unbound };
            Ok((store.dfdg_message_log(&query)?, include_unbound))
        })
        .await?;
    let (rows, more) = page_of(rows, page);
    listing.rows = rows.into_iter().map(message_row).collect();
    (listing.more, listing.unbound) = (more, unbound);
    context.audit(&request, caller, operation, "ok", None).await;
    Ok(page::html(StatusCode::OK, &listing))
}

/// `GET /follow-up/dfdg/fejlmeldinger`.
pub async fn reports(
    request: HttpRequest,
    query: web::Query<ReportsQuery>,
) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let (person, jobcenters) =
        administrator(session::signed_in(&request, &context).await?, t("DFDG's fejlmeldinger"))?;
    let page = page_number(query.page.as_deref());
    let (rows, unbound) = context
        .blocking(move |store| {
            let include_unbound = every_jobcenter(store, &jobcenters)?;
            let query = ErrorReportQuery { limit: MOST, jobcenters, include_unbound };
            Ok((store.error_reports(&query)?, include_unbound))
        })
        .await?;
    let (rows, more) = page_of(rows, page);
    let rows = rows.into_iter().map(report_row).collect();
    let caller = account_caller(&person.account);
    context.audit(&request, caller, "web.dfdg.fejlmeldinger", "ok", None).await;
    let listing = ReportsPage { csrf: person.csrf.clone(), rows, page, more, unbound };
    Ok(page::html(StatusCode::OK, &listing))
}
