//! `GET /admin/v1/dfdg/messages?limit=&outcome=`: the WSRM log (the DFDG queue messages the
//! planner applied or rejected, with the reason), newest first; `planner dfdg log` over JSON.
//!
//! Scoping: a message that touched a booking is shown to callers acting for the booking's
//! jobcenter. A rejected message without a booking (unreadable, or refused before a booking
//! existed) cannot be placed in a jobcenter, since the planner pulls one queue for all of them;
//! it is shown only to callers acting for every jobcenter of the planner (the installation's
//! operators). Rows name message and booking ids and a reason, never a CPR.

use actix_web::HttpResponse;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::call::AdminCall;
use crate::edge::input::{row_limit, Query};
use crate::edge::Problem;
use crate::store::DfdgLogQuery;

/// Largest `limit`.
const MAX_ROWS: i64 = 1000;

/// Query of the WSRM log.
#[derive(Debug, Deserialize)]
pub struct MessagesQuery {
    /// At most this many rows (1-1000, default 100).
    pub limit: Option<i64>,
    /// `applied` or `rejected`; absent: both.
    pub outcome: Option<String>,
}

/// One WSRM log row on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub struct MessageResponse {
    /// MessageIdentifier.
    pub message_id: String,
    /// The message service it came from.
    pub service: String,
    /// `create`, `update`, `delete` or `unreadable`.
    pub change_type: String,
    /// The booking it touched.
    pub booking_id: Option<String>,
    /// `applied` or `rejected`.
    pub outcome: String,
    /// Why it was rejected.
    pub reason: Option<String>,
}

/// `GET /dfdg/messages`.
pub async fn list(call: AdminCall, query: Query<MessagesQuery>) -> Result<HttpResponse, Problem> {
    let MessagesQuery { limit, outcome } = query.into_inner();
    let rows = call
        .run("admin.dfdg.messages", move |ctx| {
            let limit = row_limit(limit, 100, MAX_ROWS)?;
            if outcome.as_deref().is_some_and(|o| o != "applied" && o != "rejected") {
                return Err(Problem::invalid("outcome", "must be 'applied' or 'rejected'"));
            }
            let include_unbound = ctx.acts_for_every_jobcenter()?;
            let query =
                DfdgLogQuery { limit, outcome, jobcenters: ctx.jobcenters().to_vec(), include_unbound };
            Ok(ctx
                .store
                .dfdg_message_log(&query)?
                .into_iter()
                .map(|m| MessageResponse {
                    message_id: m.message_id,
                    service: m.service,
                    change_type: m.change_type.to_string(),
                    booking_id: m.booking_id,
                    outcome: m.outcome.to_string(),
                    reason: m.detail,
                })
                .collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(rows))
}
