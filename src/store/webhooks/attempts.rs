//! Recording an attempt's outcome: delivered on a 2xx, otherwise the next try by the retry
//! table (counted from the previous or the first attempt of the round), or given up.

use std::time::Duration;

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::super::rows::{from_db, to_db};
use super::super::schema::webhook_deliveries;
use super::super::{AnyConnection, Error, Store};
use super::{lease_end, AttemptOutcome, DELIVERED, FAILED, GIVEN_UP, PENDING};

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
    /// [`Store::record_attempt`]).
    pub fn record_attempts(
        &self,
        outcomes: &[(i64, AttemptOutcome)],
        now: DateTime<Utc>,
        schedule: &[Duration],
        from: RetryFrom,
    ) -> Result<(), Error> {
        self.write(|conn| {
            outcomes.iter().try_for_each(|(id, outcome)| record_one(conn, *id, outcome, now, schedule, from))
        })
    }
}

fn record_one(
    conn: &mut AnyConnection,
    id: i64,
    outcome: &AttemptOutcome,
    now: DateTime<Utc>,
    schedule: &[Duration],
    from: RetryFrom,
) -> Result<(), Error> {
    let (attempts, retry_base, first): (i32, i32, Option<chrono::NaiveDateTime>) = webhook_deliveries::table
        .find(id)
        .select((
            webhook_deliveries::attempts,
            webhook_deliveries::retry_base,
            webhook_deliveries::first_attempt_at,
        ))
        .first(conn)?;
    let attempts = attempts + 1;
    let first = first.map_or(now, from_db);
    // A late record from a worker whose lease ran out must not reopen a finished delivery.
    let target =
        webhook_deliveries::table.find(id).filter(webhook_deliveries::status.eq_any([PENDING, FAILED]));
    match outcome {
        AttemptOutcome::Success { http_status } => {
            diesel::update(target)
                .set((
                    webhook_deliveries::status.eq(DELIVERED),
                    webhook_deliveries::http_status.eq(Some(*http_status)),
                    webhook_deliveries::attempts.eq(attempts),
                    webhook_deliveries::last_error.eq(None::<String>),
                    webhook_deliveries::updated_at.eq(to_db(now)),
                    webhook_deliveries::first_attempt_at.eq(Some(to_db(first))),
                    webhook_deliveries::last_attempt_at.eq(Some(to_db(now))),
                ))
                .execute(conn)?;
        }
        AttemptOutcome::Failure { http_status, error } => {
            let retry = usize::try_from(attempts - retry_base - 1).ok().and_then(|i| schedule.get(i));
            let (status, next) = match retry {
                Some(delay) => {
                    let base = match from {
                        RetryFrom::PreviousAttempt => now,
                        RetryFrom::FirstAttempt => first,
                    };
                    (FAILED, lease_end(base, *delay)?.max(now))
                }
                None => (GIVEN_UP, now),
            };
            diesel::update(target)
                .set((
                    webhook_deliveries::status.eq(status),
                    webhook_deliveries::http_status.eq(*http_status),
                    webhook_deliveries::attempts.eq(attempts),
                    webhook_deliveries::next_attempt_at.eq(to_db(next)),
                    webhook_deliveries::last_error.eq(Some(error)),
                    webhook_deliveries::updated_at.eq(to_db(now)),
                    webhook_deliveries::first_attempt_at.eq(Some(to_db(first))),
                    webhook_deliveries::last_attempt_at.eq(Some(to_db(now))),
                ))
                .execute(conn)?;
        }
    }
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
