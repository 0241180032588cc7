//! The stored batch and its per-citizen report: statuses, the batch row, and reading the
//! report back (lines, never CPRs; counselors by caseworker id).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::domain::summons::{NotPlacedReason, Strategy};
use crate::domain::{BookingId, CaseworkerId, ChangeRules, Counselor, CounselorId, Interval, Offer, OfferId};
use crate::store::db::schema::{counselors, summons_batches as batches, summons_items as items};
use crate::store::db::text_enum::text_enum;
use crate::store::db::{corrupt, from_db};
use crate::store::summons::resolve_pool;
use crate::store::{AnyConnection, Entity, Error};

text_enum! {
    /// Where a batch is (stored in `summons_batches.status`).
    pub enum BatchStatus ("batch status") {
        /// Its items are written; nobody placed yet (also the status of a dry-run report).
        Planned = "Planned",
        /// Some chunks are placed; running or interrupted (run the same key again to resume).
        Running = "Running",
        /// Every item is Placed or NotPlaced.
        Completed = "Completed",
    }
}

text_enum! {
    /// Where one citizen of a batch is (stored in `summons_items.status`).
    pub enum ItemStatus ("summons item status") {
        /// Not placed yet.
        Pending = "Pending",
        /// Booked.
        Placed = "Placed",
        /// Could not be placed (see the reason).
        NotPlaced = "NotPlaced",
    }
}

/// One citizen's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummonsItem {
    /// The line in the summoner's list.
    pub line: u32,
    /// Where it is.
    pub status: ItemStatus,
    /// The booking made (none in a dry run).
    pub booking: Option<BookingId>,
    /// With whom, when placed.
    pub caseworker: Option<CaseworkerId>,
    /// When, when placed.
    pub start: Option<DateTime<Utc>>,
    /// Why not, when not placed.
    pub reason: Option<NotPlacedReason>,
}

impl SummonsItem {
    pub(super) fn not_placed(line: u32, reason: NotPlacedReason) -> Self {
        Self {
            line,
            status: ItemStatus::NotPlaced,
            booking: None,
            caseworker: None,
            start: None,
            reason: Some(reason),
        }
    }
}

/// A batch's per-citizen report, in line order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummonsReport {
    /// The batch key.
    pub key: String,
    /// The offer the batch fills (its jobcenter owns the batch).
    pub offer: OfferId,
    /// Where the batch is.
    pub status: BatchStatus,
    /// True when nothing was written.
    pub dry_run: bool,
    /// The counselors the batch fills, in the order given (as they serve the offer now).
    pub pool: Vec<CounselorId>,
    /// One entry per citizen line.
    pub items: Vec<SummonsItem>,
}

/// The stored batch row.
#[derive(Queryable, Selectable)]
#[diesel(table_name = batches)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub(super) struct BatchRow {
    pub(super) offer_id: String,
    /// The pool's counselor ids joined by spaces (read with [`BatchRow::pool_ids`]).
    pool: String,
    window_start: NaiveDateTime,
    window_end: NaiveDateTime,
    strategy: String,
    rebook_possible: bool,
    rebook_before_minutes: Option<i64>,
    cancel_possible: bool,
    cancel_before_minutes: Option<i64>,
    pub(super) originator_code: i64,
    pub(super) originator_type: i32,
    pub(super) status: BatchStatus,
    pub(super) total: i32,
}

impl BatchRow {
    pub(super) fn offer(&self) -> Result<OfferId, Error> {
        OfferId::parse(&self.offer_id).map_err(|_| corrupt("offer id"))
    }

    pub(super) fn window(&self) -> Result<Interval, Error> {
        Interval::new(from_db(self.window_start), from_db(self.window_end))
            .map_err(|_| corrupt("batch window"))
    }

    /// The pool fixed when the batch was created, as it is now (a counselor who stopped
    /// serving the offer meanwhile is left out rather than failing the batch).
    pub(super) fn pool(&self, conn: &mut AnyConnection, offer: &Offer) -> Result<Vec<Counselor>, Error> {
        let serving = resolve_pool(conn, offer, &[])?;
        Ok(self.pool_ids()?.iter().filter_map(|id| serving.iter().find(|c| &c.id == id).cloned()).collect())
    }

    /// The pool as stored: counselor ids in the order given.
    pub(super) fn pool_ids(&self) -> Result<Vec<CounselorId>, Error> {
        self.pool
            .split_whitespace()
            .map(|id| CounselorId::parse(id).map_err(|_| corrupt("batch pool")))
            .collect()
    }

    /// The stored strategy.
    pub(super) fn strategy(&self) -> Result<Strategy, Error> {
        Strategy::parse(&self.strategy).map_err(|_| corrupt("strategy"))
    }

    pub(super) fn change_rules(&self) -> ChangeRules {
        ChangeRules {
            rebook_possible: self.rebook_possible,
            rebook_deadline_before: self.rebook_before_minutes.map(chrono::Duration::minutes),
            cancel_possible: self.cancel_possible,
            cancel_deadline_before: self.cancel_before_minutes.map(chrono::Duration::minutes),
        }
    }
}

pub(super) fn load_batch(conn: &mut AnyConnection, key: &str) -> Result<BatchRow, Error> {
    batches::table
        .find(key)
        .select(BatchRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound(Entity::SummonsBatch))
}

type ItemRow = (i32, ItemStatus, Option<String>, Option<String>, Option<NaiveDateTime>, Option<String>);

/// The stored report of batch `key`.
pub(super) fn load(conn: &mut AnyConnection, key: &str) -> Result<SummonsReport, Error> {
    let batch = load_batch(conn, key)?;
    let rows: Vec<ItemRow> = items::table
        .filter(items::batch_key.eq(key))
        .order(items::line_number)
        .select((
            items::line_number,
            items::status,
            items::booking_id,
            items::counselor_id,
            items::start_at,
            items::reason,
        ))
        .load(conn)?;
    let caseworkers: HashMap<String, String> = counselors::table
        .select((counselors::id, counselors::caseworker_id))
        .load(conn)?
        .into_iter()
        .collect();
    let items = rows
        .into_iter()
        .map(|(line, status, booking, counselor, start, reason)| {
            Ok(SummonsItem {
                line: u32::try_from(line).map_err(|_| corrupt("line number"))?,
                status,
                booking: booking
                    .as_deref()
                    .map(BookingId::parse)
                    .transpose()
                    .map_err(|_| corrupt("booking id"))?,
                caseworker: counselor
                    .and_then(|id| caseworkers.get(&id))
                    .map(|c| CaseworkerId::parse(c))
                    .transpose()
                    .map_err(|_| corrupt("caseworker id"))?,
                start: start.map(from_db),
                reason: reason
                    .as_deref()
                    .map(NotPlacedReason::parse)
                    .transpose()
                    .map_err(|_| corrupt("reason"))?,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(SummonsReport {
        key: key.to_owned(),
        offer: batch.offer()?,
        status: batch.status,
        dry_run: false,
        pool: batch.pool_ids()?,
        items,
    })
}
