//! Webhook recipients and their deliveries: fan-out of outbox events into one delivery row per
//! (event, matching recipient), claiming one due delivery for sending, and recording its outcome.
//!
//! Claiming moves `next_attempt_at` forward by a lease in the same transaction that picks the
//! row (on PostgreSQL with `FOR UPDATE SKIP LOCKED`; on SQLite under the in-process write turn),
//! so two workers never send the same attempt at once, and a worker that dies mid-send only
//! delays the delivery by the lease: delivery is at least once. A delivery is never claimed while
//! an older delivery of the same aggregate to the same recipient is still open: order per booking.
//! This module sends nothing; `adapters/outbox.rs` does.

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Timestamp};

mod attempts;
mod audience;
mod log;
mod pg;
mod recipients;

pub use attempts::RetryFrom;
use audience::Audience;
pub use log::{DeliveryLogEntry, Redelivery};
pub use recipients::{AddRecipientRefusal, NewRecipient, WebhookRecipient};

use crate::store::db::schema::{outbox, webhook_deliveries, webhook_recipients};
use crate::store::db::text_enum::text_enum;
use crate::store::db::{from_db, to_db};
use crate::store::outbox::enqueue_event;
use crate::store::{AnyConnection, Error, Store, Topic};

text_enum! {
    /// Where a delivery is, as stored in `webhook_deliveries.status`.
    pub enum DeliveryStatus ("delivery status") {
        /// Waiting for its first attempt (or queued again by a redeliver).
        Pending = "pending",
        /// The recipient answered 2xx.
        Delivered = "delivered",
        /// The last attempt failed; it will be retried.
        Failed = "failed",
        /// Every retry failed; nothing more is tried until an operator redelivers it.
        GivenUp = "given_up",
    }
}

text_enum! {
    /// Which sender delivers to a recipient, as stored in `webhook_recipients.kind`.
    pub enum RecipientKind ("recipient kind") {
        /// Plain webhooks signed with `X-Hub-Signature`.
        WebSub = "websub",
        /// Webhooks with an OAuth2 client-credentials token.
        OAuth2 = "oauth2",
        /// The Xpert Suite adapter's appointment sync.
        Xpert = "xpert",
        /// DFDG registration of summoned bookings.
        Dfdg = "dfdg",
        /// The planner's own mail (`store/mail`), sent by the mail worker only.
        Mail = "mail",
    }
}

impl DeliveryStatus {
    /// Still to be attempted (pending or failed).
    pub fn is_open(&self) -> bool {
        matches!(self, DeliveryStatus::Pending | DeliveryStatus::Failed)
    }
}

/// The PostgreSQL advisory lock key serialising fan-out ("webhook" in ASCII).
const FAN_OUT_LOCK: i64 = 0x0077_6562_686f_6f6b;

/// Events fanned out per transaction.
const FAN_OUT_BATCH: i64 = 200;

/// A delivery claimed for one attempt: everything needed to send it.
#[derive(Clone)]
pub struct ClaimedDelivery {
    /// Delivery row id (stable across retries; receivers may dedupe on it).
    pub id: i64,
    /// The outbox event delivered.
    pub event_id: i64,
    /// The event topic.
    pub topic: String,
    /// The booking (or batch) the event is about.
    pub aggregate_id: String,
    /// The recipient's name.
    pub recipient: String,
    /// The recipient's kind: which sender delivers it.
    pub kind: RecipientKind,
    /// The kind's non-secret settings (JSON).
    pub settings: String,
    /// The recipient's URL.
    pub url: String,
    /// The recipient's HMAC secret; never logged.
    pub secret: String,
    /// The exact JSON body to send and sign.
    pub body: String,
    /// Attempts made before this one.
    pub attempts: i32,
}

impl std::fmt::Debug for ClaimedDelivery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClaimedDelivery")
            .field("id", &self.id)
            .field("event_id", &self.event_id)
            .field("topic", &self.topic)
            .field("aggregate_id", &self.aggregate_id)
            .field("recipient", &self.recipient)
            .field("kind", &self.kind)
            .field("url", &self.url)
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

/// How one attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttemptOutcome {
    /// The recipient answered 2xx.
    Success {
        /// The status code.
        http_status: i32,
    },
    /// No answer, or a non-2xx answer.
    Failure {
        /// The status code, when there was an answer.
        http_status: Option<i32>,
        /// What went wrong, without secrets.
        error: String,
    },
}

#[derive(QueryableByName)]
struct IdRow {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

/// Which deliveries a claim takes: the webhook and adapter recipients', or mail's. Mail is
/// claimed only by the mail worker, which keeps the sending limits (`adapters/mail`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    /// Every recipient kind but mail.
    Webhooks,
    /// The `mail` recipient only.
    Mail,
}

/// Due, open deliveries of `lane` to enabled recipients without an older open delivery of the
/// same aggregate to the same recipient; `$1` is now, `$2` the most to pick. Two deliveries of
/// one aggregate to one recipient are never picked together: the later one waits for the earlier.
pub(super) fn due_sql(lane: Lane) -> String {
    let kind = match lane {
        Lane::Webhooks => "r.kind <> 'mail'",
        Lane::Mail => "r.kind = 'mail'",
    };
    format!(
        "SELECT d.id AS id FROM webhook_deliveries d \
         JOIN webhook_recipients r ON r.id = d.recipient_id AND r.enabled = TRUE AND {kind} \
         WHERE d.status IN ('pending', 'failed') AND d.next_attempt_at <= $1 \
         AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d2 \
           WHERE d2.recipient_id = d.recipient_id AND d2.aggregate_id = d.aggregate_id \
           AND d2.event_id < d.event_id AND d2.status IN ('pending', 'failed')) \
         ORDER BY d.next_attempt_at, d.id LIMIT $2"
    )
}

fn lease_end(now: DateTime<Utc>, lease: Duration) -> Result<DateTime<Utc>, Error> {
    chrono::Duration::from_std(lease)
        .ok()
        .and_then(|lease| now.checked_add_signed(lease))
        .ok_or_else(|| Error::Config("webhook lease or retry delay out of range".into()))
}

impl Store {
    /// Writes an event into the outbox in its own transaction (operators' test events and
    /// tests; use-case methods write theirs inside their own transaction).
    pub fn enqueue_event(
        &self,
        topic: Topic,
        aggregate_id: &str,
        payload: &serde_json::Value,
        now: DateTime<Utc>,
    ) -> Result<(), Error> {
        self.write(|conn| enqueue_event(conn, topic, aggregate_id, payload, now))
    }

    /// Turns up to one batch of undelivered outbox events into delivery rows, one per enabled
    /// recipient whose topics match, and marks those events handed over, in one transaction.
    /// Returns how many events were fanned out.
    pub fn fan_out_pending(&self, now: DateTime<Utc>) -> Result<usize, Error> {
        self.write(|conn| {
            type EventRow = (i64, String, String, String, chrono::NaiveDateTime);
            let query = outbox::table
                .filter(outbox::delivered_at.is_null())
                .filter(outbox::available_at.le(to_db(now)))
                .order(outbox::id)
                .limit(FAN_OUT_BATCH)
                .select((
                    outbox::id,
                    outbox::topic,
                    outbox::aggregate_id,
                    outbox::payload,
                    outbox::created_at,
                ));
            // Fan-out runs one at a time across PostgreSQL workers (SQLite has its write turn):
            // were two to fan out in parallel, a later event of a booking could get its delivery
            // row before an earlier one and be claimed first.
            if let AnyConnection::Postgresql(pg) = conn {
                diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
                    .bind::<BigInt, _>(FAN_OUT_LOCK)
                    .execute(pg)?;
            }
            let events: Vec<EventRow> = query.load(conn)?;
            if events.is_empty() {
                return Ok(0);
            }
            let recipients: Vec<Audience> = webhook_recipients::table
                .filter(webhook_recipients::enabled.eq(true))
                .select((
                    webhook_recipients::id,
                    webhook_recipients::topics,
                    webhook_recipients::jobcenters,
                    webhook_recipients::settings,
                ))
                .load::<(i64, String, String, String)>(conn)?
                .into_iter()
                .map(|(id, topics, jobcenters, settings)| {
                    Audience::parse(id, &topics, &jobcenters, &settings)
                })
                .collect();
            let mut rows = Vec::new();
            for (event_id, topic, aggregate_id, payload, created_at) in &events {
                let data: serde_json::Value = serde_json::from_str(payload)
                    .map_err(|e| Error::Corrupt(format!("outbox event {event_id} is not JSON: {e}")))?;
                let body = serde_json::json!({
                    "id": event_id,
                    "topic": topic,
                    "aggregate_id": aggregate_id,
                    "created_at": from_db(*created_at).to_rfc3339(),
                    "data": data,
                })
                .to_string();
                let jobcenter = data.get("jobcenter").and_then(serde_json::Value::as_str);
                let channel = data.get("channel").and_then(serde_json::Value::as_str);
                for recipient in recipients.iter().filter(|r| r.wants(topic, jobcenter, channel)) {
                    rows.push(pg::NewDelivery {
                        recipient_id: recipient.id,
                        event_id: *event_id,
                        topic: topic.clone(),
                        body: body.clone(),
                        aggregate_id: aggregate_id.clone(),
                    });
                }
            }
            match conn {
                // One statement for the whole batch: on PostgreSQL each statement is a round trip.
                AnyConnection::Postgresql(pg) => {
                    pg::insert_deliveries(pg, &rows, to_db(now))?;
                }
                AnyConnection::Sqlite(_) => {
                    for row in &rows {
                        diesel::insert_into(webhook_deliveries::table)
                            .values((
                                webhook_deliveries::recipient_id.eq(row.recipient_id),
                                webhook_deliveries::event_id.eq(row.event_id),
                                webhook_deliveries::topic.eq(&row.topic),
                                webhook_deliveries::status.eq(DeliveryStatus::Pending),
                                webhook_deliveries::attempts.eq(0),
                                webhook_deliveries::next_attempt_at.eq(to_db(now)),
                                webhook_deliveries::body.eq(&row.body),
                                webhook_deliveries::aggregate_id.eq(&row.aggregate_id),
                                webhook_deliveries::created_at.eq(to_db(now)),
                                webhook_deliveries::updated_at.eq(to_db(now)),
                            ))
                            .execute(conn)?;
                    }
                }
            }
            let ids: Vec<i64> = events.iter().map(|event| event.0).collect();
            diesel::update(outbox::table.filter(outbox::id.eq_any(&ids)))
                .set(outbox::delivered_at.eq(to_db(now)))
                .execute(conn)?;
            Ok(events.len())
        })
    }

    /// Claims one due delivery for an attempt and pushes its `next_attempt_at` to `now + lease`
    /// in the same transaction, so no other worker claims it until the lease ends.
    pub fn claim_due_delivery(
        &self,
        now: DateTime<Utc>,
        lease: Duration,
    ) -> Result<Option<ClaimedDelivery>, Error> {
        Ok(self.claim_due_deliveries(now, lease, 1)?.pop())
    }

    /// Claims up to `limit` due deliveries in one transaction (see [`Store::claim_due_delivery`]);
    /// at most one per aggregate and recipient, oldest due first. Mail is never claimed here.
    pub fn claim_due_deliveries(
        &self,
        now: DateTime<Utc>,
        lease: Duration,
        limit: usize,
    ) -> Result<Vec<ClaimedDelivery>, Error> {
        self.claim_lane(Lane::Webhooks, now, lease, limit)
    }

    /// [`Store::claim_due_deliveries`] of one lane.
    pub fn claim_lane(
        &self,
        lane: Lane,
        now: DateTime<Utc>,
        lease: Duration,
        limit: usize,
    ) -> Result<Vec<ClaimedDelivery>, Error> {
        let until = lease_end(now, lease)?;
        let limit = i64::try_from(limit.max(1)).unwrap_or(1);
        self.write(|conn| {
            let rows = match conn {
                // One statement: pick (skipping rows other workers hold), lease and read.
                AnyConnection::Postgresql(pg) => pg::claim(pg, lane, to_db(now), to_db(until), limit)?,
                AnyConnection::Sqlite(_) => claim_sqlite(conn, lane, now, until, limit)?,
            };
            rows.into_iter()
                .map(|row| {
                    let secret = recipients::open_secret(&self.vault, &row.recipient, &row.secret)?;
                    Ok(ClaimedDelivery {
                        id: row.id,
                        event_id: row.event_id,
                        topic: row.topic,
                        aggregate_id: row.aggregate_id,
                        recipient: row.recipient,
                        kind: row.kind,
                        settings: row.settings,
                        url: row.url,
                        secret,
                        body: row.body,
                        attempts: row.attempts,
                    })
                })
                .collect()
        })
    }
}

/// The SQLite claim (under the write turn): pick, lease, then read the picked rows.
fn claim_sqlite(
    conn: &mut AnyConnection,
    lane: Lane,
    now: DateTime<Utc>,
    until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<pg::ClaimRow>, Error> {
    let picked: Vec<IdRow> = match conn {
        AnyConnection::Sqlite(lite) => diesel::sql_query(due_sql(lane))
            .bind::<Timestamp, _>(to_db(now))
            .bind::<BigInt, _>(limit)
            .load(lite)?,
        AnyConnection::Postgresql(_) => return Err(Error::Config("SQLite claim on PostgreSQL".into())),
    };
    let ids: Vec<i64> = picked.into_iter().map(|row| row.id).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    diesel::update(webhook_deliveries::table.filter(webhook_deliveries::id.eq_any(&ids)))
        .set(webhook_deliveries::next_attempt_at.eq(to_db(until)))
        .execute(conn)?;
    let rows: Vec<pg::ClaimRow> = webhook_deliveries::table
        .inner_join(webhook_recipients::table)
        .inner_join(outbox::table)
        .filter(webhook_deliveries::id.eq_any(&ids))
        .order(webhook_deliveries::id)
        .select((
            webhook_deliveries::id,
            webhook_deliveries::event_id,
            webhook_deliveries::topic,
            webhook_deliveries::body,
            webhook_deliveries::attempts,
            outbox::aggregate_id,
            webhook_recipients::name,
            webhook_recipients::kind,
            webhook_recipients::settings,
            webhook_recipients::url,
            webhook_recipients::secret,
        ))
        .load(conn)?;
    Ok(rows)
}
