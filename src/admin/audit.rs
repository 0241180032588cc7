//! `GET /admin/v1/audit?limit=`: the newest audit rows of the caller's jobcenters (and the
//! caller's own calls), oldest first. Audit rows hold ids, never a CPR.

use actix_web::HttpResponse;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::call::AdminCall;
use crate::edge::input::Query;
use crate::edge::Problem;

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
                .map(|r| AuditRow {
                    id: r.id,
                    at: r.at.to_rfc3339(),
                    correlation_id: r.entry.correlation_id,
                    caller: r.entry.caller,
                    operation: r.entry.operation,
                    jobcenter: r.entry.jobcenter,
                    outcome: r.entry.outcome,
                    detail: r.entry.detail,
                })
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(rows))
}
