//! Inserting and moving a batch's calendar events and their busy blocks. On PostgreSQL as
//! multi-row INSERTs and `UPDATE ... FROM unnest(...)` (one round trip per few hundred rows
//! instead of two per event: 25,000 pushed events would otherwise be 50,000 round trips); on
//! SQLite row by row, which is as fast in-process (diesel's multi-row insert is not available
//! through the MultiConnection either way).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::store::db::schema::{busy_blocks, calendar_events};
use crate::store::{AnyConnection, Error};

/// A new event: (id, counselor, external id, start, end).
pub(crate) type NewEvent = (String, String, String, NaiveDateTime, NaiveDateTime);

/// Rows per multi-row INSERT (at most 8 columns: well under PostgreSQL's 65,535 parameters).
const ROWS: usize = 500;

/// Inserts `events` of `source` and one `block_source` busy block each (same id).
pub(crate) fn insert_new(
    conn: &mut AnyConnection,
    source: &str,
    block_source: &str,
    events: &[NewEvent],
    now: NaiveDateTime,
) -> Result<(), Error> {
    let event_row = |(id, counselor, key, start, end): &NewEvent| {
        (
            calendar_events::id.eq(id.clone()),
            calendar_events::source.eq(source.to_owned()),
            calendar_events::counselor_id.eq(counselor.clone()),
            calendar_events::external_id.eq(key.clone()),
            calendar_events::start_at.eq(*start),
            calendar_events::end_at.eq(*end),
            calendar_events::deleted.eq(false),
            calendar_events::updated_at.eq(now),
        )
    };
    let block_row = |(id, counselor, _, start, end): &NewEvent| {
        (
            busy_blocks::id.eq(id.clone()),
            busy_blocks::counselor_id.eq(counselor.clone()),
            busy_blocks::start_at.eq(*start),
            busy_blocks::end_at.eq(*end),
            busy_blocks::source.eq(block_source.to_owned()),
            busy_blocks::external_id.eq(Some(id.clone())),
            busy_blocks::updated_at.eq(now),
        )
    };
    match conn {
        AnyConnection::Postgresql(pg) => {
            for chunk in events.chunks(ROWS) {
                let rows: Vec<_> = chunk.iter().map(event_row).collect();
                diesel::insert_into(calendar_events::table).values(rows).execute(pg)?;
                let rows: Vec<_> = chunk.iter().map(block_row).collect();
                diesel::insert_into(busy_blocks::table).values(rows).execute(pg)?;
            }
        }
        AnyConnection::Sqlite(_) => {
            for event in events {
                diesel::insert_into(calendar_events::table).values(event_row(event)).execute(conn)?;
                diesel::insert_into(busy_blocks::table).values(block_row(event)).execute(conn)?;
            }
        }
    }
    Ok(())
}

/// Moves events (id, new start, new end) and their busy blocks: on PostgreSQL two
/// `UPDATE ... FROM unnest(...)` statements per few hundred events instead of two round trips
/// per event; on SQLite row by row.
pub(crate) fn move_events(
    conn: &mut AnyConnection,
    moved: &[(String, NaiveDateTime, NaiveDateTime)],
    now: NaiveDateTime,
) -> Result<(), Error> {
    use diesel::sql_types::{Array, Text, Timestamp};
    let AnyConnection::Postgresql(pg) = conn else {
        for (id, start, end) in moved {
            set_event(conn, id, *start, *end, now)?;
            diesel::update(busy_blocks::table.find(id))
                .set((
                    busy_blocks::start_at.eq(start),
                    busy_blocks::end_at.eq(end),
                    busy_blocks::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
        return Ok(());
    };
    for chunk in moved.chunks(ROWS) {
        let ids: Vec<&str> = chunk.iter().map(|(id, _, _)| id.as_str()).collect();
        let starts: Vec<NaiveDateTime> = chunk.iter().map(|(_, start, _)| *start).collect();
        let ends: Vec<NaiveDateTime> = chunk.iter().map(|(_, _, end)| *end).collect();
        diesel::sql_query(
            "UPDATE calendar_events AS e SET start_at = v.start_at, end_at = v.end_at, deleted = FALSE, \
             updated_at = $4 FROM unnest($1, $2, $3) AS v(id, start_at, end_at) WHERE e.id = v.id",
        )
        .bind::<Array<Text>, _>(&ids)
        .bind::<Array<Timestamp>, _>(&starts)
        .bind::<Array<Timestamp>, _>(&ends)
        .bind::<Timestamp, _>(now)
        .execute(pg)?;
        diesel::sql_query(
            "UPDATE busy_blocks AS b SET start_at = v.start_at, end_at = v.end_at, updated_at = $4 \
             FROM unnest($1, $2, $3) AS v(id, start_at, end_at) WHERE b.id = v.id",
        )
        .bind::<Array<Text>, _>(&ids)
        .bind::<Array<Timestamp>, _>(&starts)
        .bind::<Array<Timestamp>, _>(&ends)
        .bind::<Timestamp, _>(now)
        .execute(pg)?;
    }
    Ok(())
}

/// Sets one event's time and marks it live again (a moved or revived event).
pub(crate) fn set_event(
    conn: &mut AnyConnection,
    id: &str,
    start: NaiveDateTime,
    end: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<(), Error> {
    diesel::update(calendar_events::table.find(id))
        .set((
            calendar_events::start_at.eq(start),
            calendar_events::end_at.eq(end),
            calendar_events::deleted.eq(false),
            calendar_events::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}
