//! Inserting a batch's new calendar events and their busy blocks. On PostgreSQL as multi-row
//! INSERTs (one round trip per few hundred rows instead of two per event: 25,000 pushed events
//! would otherwise be 50,000 round trips); on SQLite row by row, which is as fast in-process
//! (diesel's multi-row insert is not available through the MultiConnection either way).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{busy_blocks, calendar_events};
use super::{AnyConnection, Error};

/// A new event: (id, counselor, external id, start, end).
pub(crate) type NewEvent = (String, String, String, NaiveDateTime, NaiveDateTime);

/// Rows per multi-row INSERT (8 columns: well under PostgreSQL's 65,535 parameters).
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
