//! `GET /admin/v1/audit?limit=`: the newest audit rows of the caller's jobcenters (and the
//! caller's own calls), oldest first; `POST /admin/v1/audit/search`: the audit trail searched by
//! time, caller, request user, operation, jobcenter, booking, outcome and citizen (the CPR goes
//! in the body, is matched through the keyed hash of the citizen's bookings, and is never kept or
//! logged). Audit rows hold ids, never a CPR.

use actix_web::{web, HttpResponse};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::call::{json, AdminCall};
use super::hours::instant;
use crate::domain::{BookingId, Cpr, JobCenterCode};
use crate::edge::input::Query;
use crate::edge::Problem;
use crate::store::AuditSearch;

/// Largest `limit`.
const MAX_ROWS: i64 = 1000;

/// Query of the audit tail.
#[derive(Debug, Deserialize)]
pub struct AuditQuery {
    /// How many of the newest rows to look at (default 100, at most 1000).
    pub limit: Option<i64>,
}

/// One audit row on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub struct AuditRow {
    /// Position in the log.
    pub id: i64,
    /// When, RFC 3339 UTC.
    pub at: String,
    /// Correlation id.
    pub correlation_id: String,
    /// Caller identity.
    pub caller: String,
    /// Operation name.
    pub operation: String,
    /// Jobcenter acted for.
    pub jobcenter: Option<String>,
    /// `ok` or the error code or status.
    pub outcome: String,
    /// Ids involved.
    pub detail: Option<String>,
}

/// `GET /audit?limit=`.
pub async fn tail(call: AdminCall, query: Query<AuditQuery>) -> Result<HttpResponse, Problem> {
    let limit = query.into_inner().limit;
    let rows = call
        .run("admin.audit.tail", move |ctx| {
            let limit = crate::edge::input::row_limit(limit, 100, MAX_ROWS)?;
            let codes: Vec<&str> = ctx.jobcenters().iter().map(|j| j.as_str()).collect();
            let rows = ctx.store.audit_tail(limit)?;
            Ok(rows
                .into_iter()
                .filter(|r| {
                    r.entry.caller == ctx.caller.identity
                        || r.entry.jobcenter.as_deref().is_some_and(|j| codes.contains(&j))
                })
                .map(row)
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(rows))
}

/// Body of `POST /audit/search`; every field given must match.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchBody {
    /// From this instant (RFC 3339, inclusive).
    #[serde(default)]
    pub from: Option<String>,
    /// Before this instant (RFC 3339).
    #[serde(default)]
    pub to: Option<String>,
    /// The caller identity.
    #[serde(default)]
    pub caller: Option<String>,
    /// The person the caller acted for.
    #[serde(default)]
    pub request_user: Option<String>,
    /// The operation; a trailing `*` matches a prefix (`admin.bookings.*`).
    #[serde(default)]
    pub operation: Option<String>,
    /// One of the caller's jobcenters.
    #[serde(default)]
    pub jobcenter: Option<String>,
    /// Rows naming this booking.
    #[serde(default)]
    pub booking: Option<String>,
    /// `ok`, or an error code or status.
    #[serde(default)]
    pub outcome: Option<String>,
    /// Rows naming a booking of this citizen (10 digits); never answered, kept or logged.
    #[serde(default)]
    pub cpr: Option<String>,
    /// At most this many rows, newest first (default 100, at most 1000).
    #[serde(default)]
    pub limit: Option<i64>,
}

/// `POST /audit/search`: matching rows of the caller's jobcenters and its own calls, newest first.
pub async fn search(call: AdminCall, body: web::Bytes) -> Result<HttpResponse, Problem> {
    let rows = call
        .run("admin.audit.search", move |ctx| {
            let body: SearchBody = json(&body)?;
            let limit = crate::edge::input::row_limit(body.limit, 100, MAX_ROWS)?;
            let at = |field, text: &Option<String>| text.as_deref().map(|t| instant(field, t)).transpose();
            if let Some(jobcenter) = &body.jobcenter {
                let code = JobCenterCode::parse(jobcenter).map_err(|e| Problem::field("jobcenter", &e))?;
                ctx.jobcenter(&code)?;
            }
            let search = AuditSearch {
                from: at("from", &body.from)?,
                to: at("to", &body.to)?,
                caller: body.caller,
                request_user: body.request_user,
                operation: body.operation,
                jobcenter: body.jobcenter,
                booking: body
                    .booking
                    .as_deref()
                    .map(|b| BookingId::parse(b).map_err(|e| Problem::field("booking", &e)))
                    .transpose()?,
                outcome: body.outcome,
                citizen: body
                    .cpr
                    .as_deref()
                    .map(|c| Cpr::parse(c).map_err(|e| Problem::field("cpr", &e)))
                    .transpose()?,
                scope: ctx.jobcenters().iter().map(|j| j.as_str().to_owned()).collect(),
                own: Some(ctx.caller.identity.clone()),
                before: None,
            };
            Ok(ctx.store.audit_search(&search, limit)?.into_iter().map(row).collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(rows))
}

fn row(r: crate::store::AuditRecord) -> AuditRow {
    AuditRow {
        id: r.id,
        at: r.at.to_rfc3339(),
        correlation_id: r.entry.correlation_id,
        caller: r.entry.caller,
        operation: r.entry.operation,
        jobcenter: r.entry.jobcenter,
        outcome: r.entry.outcome,
        detail: r.entry.detail,
    }
}
