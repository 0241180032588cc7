//! PostgreSQL: a chunk of individual placements written with five set-based statements instead
//! of about six round trips per citizen (savepoint, occupancy, booking, event, item, release).
//!
//! The chunk is planned in memory on a clone of the planner, then written in one savepoint. When
//! the database refuses any of it (a time taken by a self-booking since the chunk read the
//! calendars, an expired reservation still in the way, the citizen's own meeting at that start),
//! the savepoint is rolled back and the caller places the chunk one citizen at a time, which
//! handles each refusal; the outcome is the same either way, only the number of round trips
//! differs. Group offers (seats) always go one at a time.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, Integer, Text, Timestamp};
use diesel::PgConnection;

use crate::domain::summons::{NotPlacedReason, Planner};
use crate::domain::{self, ChangeFlags, InterviewForm};
use crate::store::booking::occupancy::OccupancyKind;
use crate::store::booking::BookingRow;
use crate::store::db::schema::{bookings, occupancy, outbox};
use crate::store::db::to_db;
use crate::store::outbox::{booking_payload, Topic};
use crate::store::summons::batch::report::ItemStatus;
use crate::store::summons::batch::Chunk;
use crate::store::summons::{summoned_row, time_ordered_id, Placement};
use crate::store::Error;

/// What one chunk plans before anything is written. The placed items' columns (booking id,
/// counselor, start) are read off the booking rows when written.
#[derive(Default)]
struct Plan {
    /// Occupancy rows: id, counselor, start and end of the span (meeting + buffer).
    occupancy: Vec<(String, String, NaiveDateTime, NaiveDateTime)>,
    bookings: Vec<BookingRow>,
    /// The BookingCreated payload of each booking, in the same order.
    payloads: Vec<String>,
    /// The item line of each booking, in the same order.
    placed_lines: Vec<i32>,
    not_placed: NotPlacedItems,
}

#[derive(Default)]
struct NotPlacedItems {
    lines: Vec<i32>,
    reasons: Vec<String>,
}

/// Places `pending` (line, citizen hash) at once. `Ok(true)`: every item of the chunk is Placed
/// or NotPlaced and `planner` and `booked` moved on; `Ok(false)`: the database refused the
/// chunk, nothing was written and `planner` and `booked` are as they were.
pub(super) fn place_at_once(
    pg: &mut PgConnection,
    chunk: &Chunk<'_>,
    pending: &[(i32, String)],
    planner: &mut Planner,
    booked: &mut HashSet<String>,
) -> Result<bool, Error> {
    if chunk.offer.form != InterviewForm::Individual {
        return Ok(false);
    }
    let mut trial = planner.clone();
    let mut holders = booked.clone();
    let plan = plan(chunk, pending, &mut trial, &mut holders)?;
    match pg.transaction(|pg| write(pg, chunk.key, &plan, chunk.now)) {
        Ok(()) => {
            *planner = trial;
            *booked = holders;
            Ok(true)
        }
        Err(Error::Conflict(domain::Error::SlotTaken)) => Ok(false),
        Err(other) => Err(other),
    }
}

fn plan(
    chunk: &Chunk<'_>,
    pending: &[(i32, String)],
    planner: &mut Planner,
    booked: &mut HashSet<String>,
) -> Result<Plan, Error> {
    let Chunk { offer, rules, by, now, .. } = *chunk;
    let mut plan = Plan::default();
    for (line, citizen) in pending {
        let slot = if booked.contains(citizen) {
            Err(NotPlacedReason::AlreadyBooked)
        } else {
            planner.propose().ok_or(NotPlacedReason::NoFreeTime)
        };
        let slot = match slot {
            Ok(slot) => slot,
            Err(reason) => {
                plan.not_placed.lines.push(*line);
                plan.not_placed.reasons.push(reason.as_str().to_owned());
                continue;
            }
        };
        booked.insert(citizen.clone());
        let span = offer.occupied_span(slot.interval)?;
        let occupancy_id = time_ordered_id();
        plan.occupancy.push((
            occupancy_id.clone(),
            slot.counselor.as_str().to_owned(),
            to_db(span.start()),
            to_db(span.end()),
        ));
        let changes = ChangeFlags::from_offer(rules, slot.interval.start());
        let placement = Placement { offer, citizen, by, now, rooms: None };
        let (booking, row) = summoned_row(&placement, &slot, changes, occupancy_id)?;
        plan.payloads.push(booking_payload(&booking, None).to_string());
        plan.placed_lines.push(*line);
        plan.bookings.push(row);
    }
    Ok(plan)
}

fn write(pg: &mut PgConnection, key: &str, plan: &Plan, now: DateTime<Utc>) -> Result<(), Error> {
    if !plan.bookings.is_empty() {
        let rows: Vec<_> = plan
            .occupancy
            .iter()
            .map(|(id, counselor, start, end)| {
                (
                    occupancy::id.eq(id),
                    occupancy::counselor_id.eq(counselor),
                    occupancy::start_at.eq(start),
                    occupancy::end_at.eq(end),
                    occupancy::kind.eq(OccupancyKind::Booking),
                )
            })
            .collect();
        diesel::insert_into(occupancy::table).values(&rows).execute(pg)?;
        diesel::insert_into(bookings::table).values(&plan.bookings).execute(pg)?;
        let events: Vec<_> = plan
            .bookings
            .iter()
            .zip(&plan.payloads)
            .map(|(booking, payload)| {
                (
                    outbox::created_at.eq(to_db(now)),
                    outbox::topic.eq(Topic::BookingCreated),
                    outbox::aggregate_id.eq(&booking.id),
                    outbox::payload.eq(payload),
                    outbox::available_at.eq(to_db(now)),
                )
            })
            .collect();
        diesel::insert_into(outbox::table).values(&events).execute(pg)?;
        let lines = &plan.placed_lines;
        let booking_ids: Vec<&str> = plan.bookings.iter().map(|b| b.id.as_str()).collect();
        let counselors: Vec<&str> = plan.bookings.iter().map(|b| b.counselor_id.as_str()).collect();
        let starts: Vec<NaiveDateTime> = plan.bookings.iter().map(|b| b.start_at).collect();
        // The line range keeps the join to the chunk's items: without statistics on a fresh
        // table, PostgreSQL would otherwise read every item of the batch for each chunk.
        diesel::sql_query(
            "UPDATE summons_items AS i SET status = $4, booking_id = v.booking, counselor_id = v.counselor, \
             start_at = v.start FROM unnest($5, $6, $7, $8) AS v(line, booking, counselor, start) \
             WHERE i.batch_key = $1 AND i.line_number BETWEEN $2 AND $3 AND i.line_number = v.line",
        )
        .bind::<Text, _>(key)
        .bind::<Integer, _>(lines.first().copied().unwrap_or(0))
        .bind::<Integer, _>(lines.last().copied().unwrap_or(0))
        .bind::<Text, _>(ItemStatus::Placed.as_str())
        .bind::<Array<Integer>, _>(lines)
        .bind::<Array<Text>, _>(&booking_ids)
        .bind::<Array<Text>, _>(&counselors)
        .bind::<Array<Timestamp>, _>(&starts)
        .execute(pg)?;
    }
    if !plan.not_placed.lines.is_empty() {
        let lines = &plan.not_placed.lines;
        diesel::sql_query(
            "UPDATE summons_items AS i SET status = $4, reason = v.reason FROM unnest($5, $6) AS v(line, reason) \
             WHERE i.batch_key = $1 AND i.line_number BETWEEN $2 AND $3 AND i.line_number = v.line",
        )
        .bind::<Text, _>(key)
        .bind::<Integer, _>(lines.first().copied().unwrap_or(0))
        .bind::<Integer, _>(lines.last().copied().unwrap_or(0))
        .bind::<Text, _>(ItemStatus::NotPlaced.as_str())
        .bind::<Array<Integer>, _>(lines)
        .bind::<Array<Text>, _>(&plan.not_placed.reasons)
        .execute(pg)?;
    }
    Ok(())
}
