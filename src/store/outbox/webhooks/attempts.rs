//! Recording an attempt's outcome: delivered on a 2xx, otherwise the next try by the retry
//! table (counted from the previous or the first attempt of the round), or given up.

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::store::db::schema::webhook_deliveries;
use crate::store::db::{from_db, to_db};
use crate::store::outbox::webhooks::{lease_end, pg, AttemptOutcome, DeliveryStatus};
use crate::store::{AnyConnection, Error, Store};

impl Store {
    /// Records one attempt: 2xx marks it delivered; a failure counts the attempt and schedules
    /// the next one by the retry table (XS: 1 h, 2 h, 6 h, 24 h), counted from the previous or
    /// the first attempt of the round as `from` says, or gives up once the table is used up.
    pub fn record_attempt(
        &self,
        id: i64,
        outcome: &AttemptOutcome,
        now: DateTime<Utc>,
        schedule: &[Duration],
        from: RetryFrom,
    ) -> Result<(), Error> {
        self.record_attempts(&[(id, outcome.clone())], now, schedule, from)
    }

    /// Records the attempts of one claimed batch in one transaction (see
    /// [`Store::record_attempt`]). On PostgreSQL the batch costs two statements (read the
    /// counters, write every outcome); on SQLite two per delivery.
    pub fn record_attempts(
        &self,
        outcomes: &[(i64, AttemptOutcome)],
        now: DateTime<Utc>,
        schedule: &[Duration],
        from: RetryFrom,
    ) -> Result<(), Error> {
        self.write(|conn| match conn {
            AnyConnection::Postgresql(pg) => {
                let ids: Vec<i64> = outcomes.iter().map(|(id, _)| *id).collect();
                let counters: std::collections::HashMap<i64, _> =
                    pg::counters(pg, &ids)?.into_iter().map(|c| (c.id, c)).collect();
                let rows = outcomes
                    .iter()
                    .map(|(id, outcome)| {
                        let row = counters.get(id).ok_or(diesel::NotFound)?;
                        let read = (row.attempts, row.retry_base, row.first_attempt_at);
                        outcome_row(*id, read, outcome, now, schedule, from)
                    })
                    .collect::<Result<Vec<_>, Error>>()?;
                pg::record(pg, &rows, to_db(now))?;
                Ok(())
            }
            AnyConnection::Sqlite(_) => outcomes
                .iter()
                .try_for_each(|(id, outcome)| record_one(conn, *id, outcome, now, schedule, from)),
        })
    }
}

/// One delivery's row after an attempt, as computed from its counters before it.
pub(super) struct Recorded {
    /// Delivery row id.
    pub id: i64,
    /// The new status.
    pub status: DeliveryStatus,
    /// The answer's status code, if any.
    pub http_status: Option<i32>,
    /// Attempts made, this one included.
    pub attempts: i32,
    /// The next try (failures only; a success keeps its `next_attempt_at`).
    pub next_attempt_at: Option<chrono::NaiveDateTime>,
    /// What went wrong (failures only).
    pub last_error: Option<String>,
    /// The first attempt of the round.
    pub first_attempt_at: chrono::NaiveDateTime,
}

/// Computes the row after an attempt from `(attempts, retry_base, first_attempt_at)` before it.
fn outcome_row(
    id: i64,
    (attempts, retry_base, first): (i32, i32, Option<chrono::NaiveDateTime>),
    outcome: &AttemptOutcome,
    now: DateTime<Utc>,
    schedule: &[Duration],
    from: RetryFrom,
) -> Result<Recorded, Error> {
    let attempts = attempts + 1;
    let first = first.map_or(now, from_db);
    let (status, http_status, next, last_error) = match outcome {
        AttemptOutcome::Success { http_status } => {
            (DeliveryStatus::Delivered, Some(*http_status), None, None)
        }
        AttemptOutcome::Failure { http_status, error } => {
            let retry = usize::try_from(attempts - retry_base - 1).ok().and_then(|i| schedule.get(i));
            let (status, next) = match retry {
                Some(delay) => {
                    let base = match from {
                        RetryFrom::PreviousAttempt => now,
                        RetryFrom::FirstAttempt => first,
                    };
                    (DeliveryStatus::Failed, lease_end(base, *delay)?.max(now))
                }
                None => (DeliveryStatus::GivenUp, now),
            };
            (status, *http_status, Some(to_db(next)), Some(error.clone()))
        }
    };
    Ok(Recorded {
        id,
        status,
        http_status,
        attempts,
        next_attempt_at: next,
        last_error,
        first_attempt_at: to_db(first),
    })
}

fn record_one(
    conn: &mut AnyConnection,
    id: i64,
    outcome: &AttemptOutcome,
    now: DateTime<Utc>,
    schedule: &[Duration],
    from: RetryFrom,
) -> Result<(), Error> {
    let read: (i32, i32, Option<chrono::NaiveDateTime>) = webhook_deliveries::table
        .find(id)
        .select((
            webhook_deliveries::attempts,
            webhook_deliveries::retry_base,
            webhook_deliveries::first_attempt_at,
        ))
        .first(conn)?;
    let row = outcome_row(id, read, outcome, now, schedule, from)?;
    // A late record from a worker whose lease ran out must not reopen a finished delivery.
    let target = webhook_deliveries::table
        .find(id)
        .filter(webhook_deliveries::status.eq_any([DeliveryStatus::Pending, DeliveryStatus::Failed]));
    let common = (
        webhook_deliveries::status.eq(row.status),
        webhook_deliveries::http_status.eq(row.http_status),
        webhook_deliveries::attempts.eq(row.attempts),
        webhook_deliveries::last_error.eq(row.last_error),
        webhook_deliveries::updated_at.eq(to_db(now)),
        webhook_deliveries::first_attempt_at.eq(Some(row.first_attempt_at)),
        webhook_deliveries::last_attempt_at.eq(Some(to_db(now))),
    );
    match row.next_attempt_at {
        Some(next) => diesel::update(target)
            .set((common, webhook_deliveries::next_attempt_at.eq(next)))
            .execute(conn)?,
        None => diesel::update(target).set(common).execute(conn)?,
    };
    Ok(())
}

/// What a retry delay counts from. The Xpert Suite's table (1 h, 2 h, 6 h, 24 h) does not say;
/// from the previous attempt (the default) the four retries span 33 h, from the first 24 h.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RetryFrom {
    /// Each delay starts at the previous failed attempt (Svix, and the default).
    #[default]
    PreviousAttempt,
    /// Each delay starts at the first attempt of the round (a redeliver starts a new round).
    FirstAttempt,
}

impl RetryFrom {
    /// Parses `previous_attempt` or `first_attempt`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "previous_attempt" => Some(Self::PreviousAttempt),
            "first_attempt" => Some(Self::FirstAttempt),
            _ => None,
        }
    }
}
