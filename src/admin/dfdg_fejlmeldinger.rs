//! `GET /admin/v1/dfdg/fejlmeldinger?limit=`: the error reports DFDG and Jobnet sent about our
//! answers (CreateFejlmelding), newest first; `planner dfdg fejlmeldinger` prints the same.
//!
//! Scoping, like the WSRM log: a report is shown to callers acting for the jobcenter of the
//! booking (or, without one, the offer) it names; a report naming neither is shown only to
//! callers acting for every jobcenter of the planner. Fejltekst is DFDG's free text: it is shown
//! with anything shaped like a CPR number masked.

use actix_web::HttpResponse;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::call::AdminCall;
use crate::domain::{mask_cpr, BookingId, OfferId};
use crate::edge::input::{row_limit, Query};
use crate::edge::Problem;
use crate::store::{ErrorReportQuery, ErrorReportRecord};

/// Largest `limit`.
const MAX_ROWS: i64 = 1000;

/// Query of the error report list.
#[derive(Debug, Deserialize)]
pub struct FejlmeldingerQuery {
    /// At most this many reports (1-1000, default 100).
    pub limit: Option<i64>,
}

/// One error report on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FejlmeldingResponse {
    /// The report's id.
    pub id: String,
    /// When the planner received it (RFC 3339, UTC).
    pub received_at: String,
    /// FejlTidspunkt: when DFDG or Jobnet saw the error (RFC 3339, UTC).
    pub reported_at: String,
    /// The certificate identity that sent it.
    pub caller: String,
    /// The jobcenter of its booking or offer.
    pub jobcenter: Option<String>,
    /// InterviewOptionIdentifier, if named.
    pub offer_id: Option<String>,
    /// BookingIdentifier, if named.
    pub booking_id: Option<String>,
    /// Fejlkode.
    pub error_code: i32,
    /// Fejltekst, CPR-shaped numbers masked.
    pub error_text: Option<String>,
    /// FejlOphav: 30 DFDG, 32 Jobnet.
    pub origin: i32,
}

impl From<ErrorReportRecord> for FejlmeldingResponse {
    fn from(record: ErrorReportRecord) -> Self {
        let time = |t: chrono::DateTime<chrono::Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        FejlmeldingResponse {
            id: record.id,
            received_at: time(record.received_at),
            reported_at: time(record.report.reported_at),
            caller: mask_cpr(&record.caller),
            jobcenter: record.jobcenter,
            offer_id: record.report.offer.as_ref().map(OfferId::as_str).map(str::to_owned),
            booking_id: record.report.booking.as_ref().map(BookingId::as_str).map(str::to_owned),
            error_code: record.report.code,
            error_text: record.report.text.as_deref().map(mask_cpr),
            origin: record.report.origin,
        }
    }
}

/// `GET /dfdg/fejlmeldinger`.
pub async fn list(call: AdminCall, query: Query<FejlmeldingerQuery>) -> Result<HttpResponse, Problem> {
    let limit = query.into_inner().limit;
    let rows = call
        .run("admin.dfdg.fejlmeldinger", move |ctx| {
            let limit = row_limit(limit, 100, MAX_ROWS)?;
            let include_unbound = ctx.acts_for_every_jobcenter()?;
            let query = ErrorReportQuery { limit, jobcenters: ctx.jobcenters().to_vec(), include_unbound };
            Ok(ctx
                .store
                .error_reports(&query)?
                .into_iter()
                .map(FejlmeldingResponse::from)
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(rows))
}
