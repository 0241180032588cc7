//! `/admin/v1/webhooks/{id}/deliveries`: a recipient's delivery log (newest first, paged with
//! `before`), and redeliver of one delivered or given-up delivery. The same jobcenter rule as
//! `webhooks.rs` applies; removed and disabled recipients keep their log.

use actix_web::{web, HttpResponse};
use chrono::SecondsFormat;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::call::AdminCall;
use super::webhooks::{authorized, path_id};
use crate::edge::input::Query;
use crate::edge::Problem;
use crate::store::{DeliveryLogEntry, Redelivery};

/// Largest `limit`.
const MAX_ROWS: i64 = 500;

/// One delivery on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DeliveryResponse {
    /// Delivery id (stable across attempts).
    pub id: i64,
    /// The recipient.
    pub recipient_id: i64,
    /// The outbox event (the `id` in the body).
    pub event_id: i64,
    /// Event topic.
    pub topic: String,
    /// `pending`, `failed` (will retry), `delivered` or `given_up`.
    pub status: String,
    /// The last HTTP status code, if an answer came.
    pub http_status: Option<i32>,
    /// Attempts made, over every redeliver.
    pub attempts: i32,
    /// When the event was fanned out to the recipient.
    pub created_at: String,
    /// The latest attempt.
    pub last_attempt_at: Option<String>,
    /// When the next attempt is due, while pending or failed.
    pub next_attempt_at: Option<String>,
    /// The last error, if any.
    pub last_error: Option<String>,
    /// The exact request body sent (and signed).
    pub request_body: String,
}

/// Query of `GET /webhooks/{id}/deliveries`.
#[derive(Debug, Deserialize)]
pub struct LogQuery {
    /// At most this many (1-500, default 50).
    pub limit: Option<i64>,
    /// Only deliveries with a smaller id (the last id of the previous page).
    pub before: Option<i64>,
}

fn time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn response(entry: DeliveryLogEntry) -> DeliveryResponse {
    let open = entry.status.is_open();
    DeliveryResponse {
        id: entry.id,
        recipient_id: entry.recipient_id,
        event_id: entry.event_id,
        topic: entry.topic,
        status: entry.status.to_string(),
        http_status: entry.http_status,
        attempts: entry.attempts,
        created_at: time(entry.created_at),
        last_attempt_at: entry.last_attempt_at.map(time),
        next_attempt_at: open.then(|| time(entry.next_attempt_at)),
        last_error: entry.last_error,
        request_body: entry.body,
    }
}

/// `GET /webhooks/{id}/deliveries?limit=&before=`.
pub async fn list(
    call: AdminCall,
    path: web::Path<String>,
    query: Query<LogQuery>,
) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    let LogQuery { limit, before } = query.into_inner();
    let log = call
        .run("admin.webhooks.deliveries", move |ctx| {
            let limit = crate::edge::input::row_limit(limit, 50, MAX_ROWS)?;
            let recipient = authorized(ctx, path_id(&id, "webhook recipient")?)?;
            let entries = ctx.store.webhook_log_of(recipient.id, limit, before)?;
            Ok(entries.into_iter().map(response).collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(log))
}

/// `POST /webhooks/{id}/deliveries/{delivery_id}/redeliver`: queues a delivered or given-up
/// delivery again (200 with the delivery, due now); 409 while it is still queued or the recipient is
/// disabled or removed.
pub async fn redeliver(call: AdminCall, path: web::Path<(String, String)>) -> Result<HttpResponse, Problem> {
    let (id, delivery) = path.into_inner();
    let queued = call
        .run("admin.webhooks.redeliver", move |ctx| {
            let recipient = authorized(ctx, path_id(&id, "webhook recipient")?)?;
            let delivery = path_id(&delivery, "webhook delivery")?;
            ctx.note("delivery", &delivery.to_string());
            let entry = ctx.store.webhook_delivery(delivery)?;
            if entry.is_none_or(|entry| entry.recipient_id != recipient.id) {
                return Err(Problem::not_found("webhook delivery"));
            }
            match ctx.store.redeliver_webhook(delivery, ctx.now)? {
                Redelivery::Queued => {}
                Redelivery::NotFound => return Err(Problem::not_found("webhook delivery")),
                Redelivery::StillOpen => {
                    return Err(Problem::conflict("the delivery is still queued; it is retried by the table"))
                }
                Redelivery::RecipientDisabled => {
                    return Err(Problem::conflict("the recipient is disabled or removed; enable it first"))
                }
            }
            let entry = ctx
                .store
                .webhook_delivery(delivery)?
                .ok_or_else(|| Problem::not_found("webhook delivery"))?;
            Ok(response(entry))
        })
        .await?;
    Ok(HttpResponse::Ok().json(queued))
}
