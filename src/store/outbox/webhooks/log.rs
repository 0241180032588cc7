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
use crate::store::outbox::webhooks::{DELIVERED, GIVEN_UP, PENDING};
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
    /// pending, delivered, failed (will retry) or given_up.
    pub status: String,
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

type LogRow = (
    (i64, i64, i64, String, String, Option<i32>, i32),
    (chrono::NaiveDateTime, chrono::NaiveDateTime),
    (Option<chrono::NaiveDateTime>, Option<chrono::NaiveDateTime>, chrono::NaiveDateTime),
    (Option<String>, String),
);

macro_rules! log_columns {
    () => {
        (
            (
                webhook_deliveries::id,
                webhook_deliveries::recipient_id,
                webhook_deliveries::event_id,
                webhook_deliveries::topic,
                webhook_deliveries::status,
                webhook_deliveries::http_status,
                webhook_deliveries::attempts,
            ),
            (webhook_deliveries::created_at, webhook_deliveries::updated_at),
            (
                webhook_deliveries::first_attempt_at,
                webhook_deliveries::last_attempt_at,
                webhook_deliveries::next_attempt_at,
            ),
            (webhook_deliveries::last_error, webhook_deliveries::body),
        )
    };
}

fn entry(row: LogRow) -> DeliveryLogEntry {
    let ((id, recipient_id, event_id, topic, status, http_status, attempts), (created, updated), times, rest) =
        row;
    let (first, last, next) = times;
    let (last_error, body) = rest;
    DeliveryLogEntry {
        id,
        recipient_id,
        event_id,
        topic,
        status,
        http_status,
        attempts,
        created_at: from_db(created),
        updated_at: from_db(updated),
        first_attempt_at: first.map(from_db),
        last_attempt_at: last.map(from_db),
        next_attempt_at: from_db(next),
        last_error,
        body,
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
            .select(log_columns!())
            .into_boxed();
        if let Some(before) = before {
            query = query.filter(webhook_deliveries::id.lt(before));
        }
        let rows: Vec<LogRow> = query.load(&mut conn)?;
        Ok(rows.into_iter().map(entry).collect())
    }

    /// One delivery by id.
    pub fn webhook_delivery(&self, id: i64) -> Result<Option<DeliveryLogEntry>, Error> {
        let mut conn = self.conn()?;
        let row: Option<LogRow> =
            webhook_deliveries::table.find(id).select(log_columns!()).first(&mut conn).optional()?;
        Ok(row.map(entry))
    }

    /// Queues a delivered or given-up delivery again (see the module comment).
    pub fn redeliver_webhook(&self, id: i64, now: DateTime<Utc>) -> Result<Redelivery, Error> {
        self.write(|conn| {
            let found: Option<(String, i32, bool)> = webhook_deliveries::table
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
            if status != DELIVERED && status != GIVEN_UP {
                return Ok(Redelivery::StillOpen);
            }
            if !enabled {
                return Ok(Redelivery::RecipientDisabled);
            }
            diesel::update(
                webhook_deliveries::table
                    .find(id)
                    .filter(webhook_deliveries::status.eq_any([DELIVERED, GIVEN_UP])),
            )
            .set((
                webhook_deliveries::status.eq(PENDING),
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
