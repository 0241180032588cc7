//! The stored batches of some offers, newest first, with how far each got: what the staff web
//! app lists so that a summoner finds a batch again (one a restart interrupted too).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::dsl::count_star;
use diesel::prelude::*;

use super::report::{BatchStatus, ItemStatus};
use crate::domain::{CounselorId, OfferId};
use crate::store::db::schema::{summons_batches as batches, summons_items as items};
use crate::store::db::{corrupt, from_db};
use crate::store::{Error, Store};

/// One stored batch in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchSummary {
    /// The batch key.
    pub key: String,
    /// The offer it fills.
    pub offer: OfferId,
    /// The counselors it fills, as stored.
    pub pool: Vec<CounselorId>,
    /// Where it is.
    pub status: BatchStatus,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// Citizens in it.
    pub total: usize,
    /// Citizens placed.
    pub placed: usize,
    /// Citizens not placed yet (Pending).
    pub pending: usize,
}

impl Store {
    /// The newest `limit` batches of `offers`, newest first.
    pub fn summons_batches_of(&self, offers: &[OfferId], limit: i64) -> Result<Vec<BatchSummary>, Error> {
        let ids: Vec<&str> = offers.iter().map(OfferId::as_str).collect();
        let mut conn = self.conn()?;
        let rows: Vec<(String, String, String, BatchStatus, NaiveDateTime, i32)> = batches::table
            .filter(batches::offer_id.eq_any(&ids))
            .order((batches::created_at.desc(), batches::batch_key))
            .limit(limit)
            .select((
                batches::batch_key,
                batches::offer_id,
                batches::pool,
                batches::status,
                batches::created_at,
                batches::total,
            ))
            .load(&mut conn)?;
        let keys: Vec<&str> = rows.iter().map(|row| row.0.as_str()).collect();
        let counts: Vec<(String, ItemStatus, i64)> = items::table
            .filter(items::batch_key.eq_any(&keys))
            .group_by((items::batch_key, items::status))
            .select((items::batch_key, items::status, count_star()))
            .load(&mut conn)?;
        let mut counted: HashMap<(String, ItemStatus), usize> = HashMap::new();
        for (key, status, count) in counts {
            counted.insert((key, status), usize::try_from(count).unwrap_or(0));
        }
        rows.into_iter()
            .map(|(key, offer, pool, status, created_at, total)| {
                let count = |status| counted.get(&(key.clone(), status)).copied().unwrap_or(0);
                let pool = pool
                    .split_whitespace()
                    .map(|id| CounselorId::parse(id).map_err(|_| corrupt("batch pool")))
                    .collect::<Result<Vec<_>, Error>>()?;
                Ok(BatchSummary {
                    offer: OfferId::parse(&offer).map_err(|_| corrupt("offer id"))?,
                    pool,
                    status,
                    created_at: from_db(created_at),
                    total: usize::try_from(total).unwrap_or(0),
                    placed: count(ItemStatus::Placed),
                    pending: count(ItemStatus::Pending),
                    key,
                })
            })
            .collect()
    }
}
