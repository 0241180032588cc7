//! The delivery log per recipient and the manual redeliver.
//!
//! Redeliver queues a delivered or given-up delivery again: it becomes pending, due now, and
//! starts a new retry round (the full table again) while its attempt count keeps growing, so the
//! log shows every attempt ever made. Its order per booking still holds: newer open deliveries
//! of the same booking to the same recipient wait behind it.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::store::db::schema::{webhook_deliveries, webhook_recipients};
use crate::store::db::{from_db, to_db};
use crate::store::outbox::webhooks::DeliveryStatus;
use crate::store::{Error, Store};

/// One line of a recipient's delivery log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryLogEntry {
    /// Delivery id.
    pub id: i64,
    /// The recipient.
    pub recipient_id: i64,
    /// Outbox event id.
    pub event_id: i64,
    /// Event topic.
    pub topic: String,
    /// Pending, delivered, failed (will retry) or given up.
    pub status: DeliveryStatus,
    /// The last HTTP status, if any answer came.
    pub http_status: Option<i32>,
    /// Attempts made, over every round.
    pub attempts: i32,
    /// When the delivery was created (the event fanned out).
    pub created_at: DateTime<Utc>,
    /// When the row last changed.
    pub updated_at: DateTime<Utc>,
    /// The first attempt of the current round, if any.
    pub first_attempt_at: Option<DateTime<Utc>>,
    /// The latest attempt, if any.
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// When the next attempt is due (meaningless once delivered or given up).
    pub next_attempt_at: DateTime<Utc>,
    /// The last error, if any.
    pub last_error: Option<String>,
    /// The JSON body sent.
    pub body: String,
}

/// What a redeliver did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redelivery {
    /// Queued again, due now.
    Queued,
    /// No delivery has that id.
    NotFound,
    /// It is still pending or failed-and-retrying; nothing changed.
    StillOpen,
    /// Its recipient is disabled or removed; nothing changed.
    RecipientDisabled,
}

/// A delivery row as the log reads it.
#[derive(Queryable, Selectable)]
#[diesel(table_name = webhook_deliveries)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct LogRow {
    id: i64,
    recipient_id: i64,
    event_id: i64,
    topic: String,
    status: DeliveryStatus,
    http_status: Option<i32>,
    attempts: i32,
    created_at: chrono::NaiveDateTime,
    updated_at: chrono::NaiveDateTime,
    first_attempt_at: Option<chrono::NaiveDateTime>,
    last_attempt_at: Option<chrono::NaiveDateTime>,
    next_attempt_at: chrono::NaiveDateTime,
    last_error: Option<String>,
    body: String,
}

impl From<LogRow> for DeliveryLogEntry {
    fn from(row: LogRow) -> Self {
        DeliveryLogEntry {
            id: row.id,
            recipient_id: row.recipient_id,
            event_id: row.event_id,
            topic: row.topic,
            status: row.status,
            http_status: row.http_status,
            attempts: row.attempts,
            created_at: from_db(row.created_at),
            updated_at: from_db(row.updated_at),
            first_attempt_at: row.first_attempt_at.map(from_db),
            last_attempt_at: row.last_attempt_at.map(from_db),
            next_attempt_at: from_db(row.next_attempt_at),
            last_error: row.last_error,
            body: row.body,
        }
    }
}

impl Store {
    /// A recipient's delivery log, newest first; `None` when no recipient has that name.
    pub fn webhook_log(&self, name: &str, limit: i64) -> Result<Option<Vec<DeliveryLogEntry>>, Error> {
        match self.webhook_recipient_named(name)? {
            Some(recipient) => self.webhook_log_of(recipient.id, limit, None).map(Some),
            None => Ok(None),
        }
    }

    /// Up to `limit` deliveries of recipient `id`, newest first, older than `before` when given
    /// (for paging).
    pub fn webhook_log_of(
        &self,
        recipient: i64,
        limit: i64,
        before: Option<i64>,
    ) -> Result<Vec<DeliveryLogEntry>, Error> {
        let mut conn = self.conn()?;
        let mut query = webhook_deliveries::table
            .filter(webhook_deliveries::recipient_id.eq(recipient))
            .order(webhook_deliveries::id.desc())
            .limit(limit)
            .select(LogRow::as_select())
            .into_boxed();
        if let Some(before) = before {
            query = query.filter(webhook_deliveries::id.lt(before));
        }
        let rows: Vec<LogRow> = query.load(&mut conn)?;
        Ok(rows.into_iter().map(DeliveryLogEntry::from).collect())
    }

    /// One delivery by id.
    pub fn webhook_delivery(&self, id: i64) -> Result<Option<DeliveryLogEntry>, Error> {
        let mut conn = self.conn()?;
        let row: Option<LogRow> =
            webhook_deliveries::table.find(id).select(LogRow::as_select()).first(&mut conn).optional()?;
        Ok(row.map(DeliveryLogEntry::from))
    }

    /// Queues a delivered or given-up delivery again (see the module comment).
    pub fn redeliver_webhook(&self, id: i64, now: DateTime<Utc>) -> Result<Redelivery, Error> {
        self.write(|conn| {
            let found: Option<(DeliveryStatus, i32, bool)> = webhook_deliveries::table
                .inner_join(webhook_recipients::table)
                .filter(webhook_deliveries::id.eq(id))
                .select((
                    webhook_deliveries::status,
                    webhook_deliveries::attempts,
                    webhook_recipients::enabled,
                ))
                .first(conn)
                .optional()?;
            let Some((status, attempts, enabled)) = found else { return Ok(Redelivery::NotFound) };
            if status != DeliveryStatus::Delivered && status != DeliveryStatus::GivenUp {
                return Ok(Redelivery::StillOpen);
            }
            if !enabled {
                return Ok(Redelivery::RecipientDisabled);
            }
            diesel::update(webhook_deliveries::table.find(id).filter(
                webhook_deliveries::status.eq_any([DeliveryStatus::Delivered, DeliveryStatus::GivenUp]),
            ))
            .set((
                webhook_deliveries::status.eq(DeliveryStatus::Pending),
                webhook_deliveries::next_attempt_at.eq(to_db(now)),
                webhook_deliveries::retry_base.eq(attempts),
                webhook_deliveries::first_attempt_at.eq(None::<chrono::NaiveDateTime>),
                webhook_deliveries::updated_at.eq(to_db(now)),
            ))
            .execute(conn)?;
            Ok(Redelivery::Queued)
        })
    }

    /// How many deliveries are in each state (`pending`, `failed`, `delivered`, `given_up`), for
    /// operators and benchmarks.
    pub fn webhook_delivery_counts(&self) -> Result<Vec<(String, i64)>, Error> {
        let mut conn = self.conn()?;
        let counts = webhook_deliveries::table
            .group_by(webhook_deliveries::status)
            .select((webhook_deliveries::status, diesel::dsl::count_star()))
            .order(webhook_deliveries::status)
            .load(&mut conn)?;
        Ok(counts)
    }
}
