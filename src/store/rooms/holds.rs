//! The statements on the room an occupied-time row holds: its `room_id` column, which the
//! database keeps from overlapping another row's hold of the same room (an exclusion constraint
//! on PostgreSQL, triggers on SQLite over a partial index of the rows that hold a room).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::domain::Interval;
use crate::store::db::schema::occupancy;
use crate::store::db::to_db;
use crate::store::{AnyConnection, Error};

/// The holds of `rooms` touching `window`: room, start and end of each.
pub(super) fn touching(
    conn: &mut AnyConnection,
    rooms: &[&str],
    window: Interval,
) -> Result<Vec<(String, NaiveDateTime, NaiveDateTime)>, Error> {
    let rows: Vec<(Option<String>, NaiveDateTime, NaiveDateTime)> = occupancy::table
        .filter(occupancy::room_id.is_not_null())
        .filter(occupancy::room_id.eq_any(rooms))
        .filter(occupancy::start_at.lt(to_db(window.end())))
        .filter(occupancy::end_at.gt(to_db(window.start())))
        .select((occupancy::room_id, occupancy::start_at, occupancy::end_at))
        .load(conn)?;
    Ok(rows.into_iter().filter_map(|(room, start, end)| Some((room?, start, end))).collect())
}

/// The room occupied-time row `occupancy_id` holds, if any (none also when there is no row).
pub(crate) fn room_of(conn: &mut AnyConnection, occupancy_id: &str) -> Result<Option<String>, Error> {
    let room: Option<Option<String>> =
        occupancy::table.find(occupancy_id).select(occupancy::room_id).first(conn).optional()?;
    Ok(room.flatten())
}

/// Gives up the room row `occupancy_id` holds.
pub(super) fn release(conn: &mut AnyConnection, occupancy_id: &str) -> Result<(), Error> {
    diesel::update(occupancy::table.find(occupancy_id))
        .set(occupancy::room_id.eq(None::<&str>))
        .execute(conn)?;
    Ok(())
}

/// Makes row `occupancy_id` hold `room`; `SlotTaken` when the database finds the room held at
/// an overlapping time, with nothing changed (on PostgreSQL in a savepoint of its own, as a
/// refused statement spoils the transaction there; SQLite's trigger aborts only the statement).
pub(super) fn take(conn: &mut AnyConnection, occupancy_id: &str, room: &str) -> Result<(), Error> {
    let update = |conn: &mut AnyConnection| {
        diesel::update(occupancy::table.find(occupancy_id))
            .set(occupancy::room_id.eq(room))
            .execute(conn)
            .map(|_| ())
            .map_err(Error::from)
    };
    match conn {
        AnyConnection::Postgresql(_) => conn.transaction(update),
        AnyConnection::Sqlite(_) => update(conn),
    }
}
