//! Writes to a batch's items and the batch row: one citizen not placed, the placements per
//! counselor so far, and completing the batch with its `SummonsBatchCompleted` event.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::domain::summons::NotPlacedReason;
use crate::store::db::schema::{summons_batches as batches, summons_items as items};
use crate::store::db::to_db;
use crate::store::outbox::{enqueue_event, Topic};
use crate::store::summons::batch::report;
use crate::store::summons::batch::report::{BatchStatus, ItemStatus};
use crate::store::{AnyConnection, Error};

/// Marks one item not placed, with its reason.
pub(super) fn not_placed(
    conn: &mut AnyConnection,
    key: &str,
    line: i32,
    reason: NotPlacedReason,
) -> Result<(), Error> {
    diesel::update(items::table.find((key, line)))
        .set((items::status.eq(ItemStatus::NotPlaced), items::reason.eq(Some(reason.as_str()))))
        .execute(conn)?;
    Ok(())
}

/// How many items each counselor (by id) holds so far.
pub(super) fn placed_per_counselor(
    conn: &mut AnyConnection,
    key: &str,
) -> Result<HashMap<String, usize>, Error> {
    let placed: Vec<Option<String>> = items::table
        .filter(items::batch_key.eq(key))
        .filter(items::status.eq(ItemStatus::Placed))
        .select(items::counselor_id)
        .load(conn)?;
    let mut counts = HashMap::new();
    for counselor in placed.into_iter().flatten() {
        *counts.entry(counselor).or_default() += 1;
    }
    Ok(counts)
}

/// Marks the batch Completed and announces it, once.
pub(super) fn complete(conn: &mut AnyConnection, key: &str, now: DateTime<Utc>) -> Result<(), Error> {
    let stored = report::load_batch(conn, key)?;
    let count = |status: ItemStatus| {
        items::table.filter(items::batch_key.eq(key)).filter(items::status.eq(status)).count()
    };
    let placed: i64 = count(ItemStatus::Placed).get_result(conn)?;
    let not_placed: i64 = count(ItemStatus::NotPlaced).get_result(conn)?;
    diesel::update(batches::table.find(key))
        .set((batches::status.eq(BatchStatus::Completed), batches::completed_at.eq(Some(to_db(now)))))
        .execute(conn)?;
    let payload = serde_json::json!({
        "batch_key": key,
        "offer_id": stored.offer_id,
        "placed": placed,
        "not_placed": not_placed,
        "completed_at": now.to_rfc3339(),
    });
    enqueue_event(conn, Topic::SummonsBatchCompleted, key, &payload, now)?;
    Ok(())
}
