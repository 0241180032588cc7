//! `store.rooms()`: a jobcenter's meeting rooms, their closed periods, the rooms an offer draws
//! from, and the holds of a room by occupied time.
//!
//! A booking, reservation or group session of an offer with rooms holds one room of the offer's
//! pool ([`hold_for`], called where the occupied-time row is written): an active room of enough
//! capacity, not closed and not held over the span, the first by name. The database refuses two
//! overlapping holds of one room (exclusion constraint / trigger), and on PostgreSQL the pool's
//! rows are locked first, in id order, after the counselor (see `booking::occupancy`), so two
//! writers never deadlock on a room. A hold is the row's `room_id`, so it goes with its
//! occupied-time row. Listings keep only the free times that find a room ([`with_free_room`]).

use std::collections::HashMap;

mod book;
mod holds;

use book::Busy;
pub(crate) use book::{RoomBook, RoomSpans};
pub(crate) use holds::room_of;

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::domain::availability::FreeTime;
use crate::domain::room::Room;
use crate::domain::{self, Interval, JobCenterCode, Offer, OfferId};
use crate::store::db::schema::{offer_rooms, offers, room_closures as closed, rooms};
use crate::store::db::{corrupt, from_db, to_db};
use crate::store::{AnyConnection, Entity, Error, Store};

/// The room operations of a [`Store`]; see [`Store::rooms`].
#[derive(Debug, Clone, Copy)]
pub struct Rooms<'a> {
    store: &'a Store,
}

impl Store {
    /// Meeting rooms: `store.rooms().create(..)`.
    pub fn rooms(&self) -> Rooms<'_> {
        Rooms { store: self }
    }
}

type RoomTuple = (String, String, String, String, i32, bool);

fn to_room((id, jobcenter, name, address, capacity, active): RoomTuple) -> Result<Room, Error> {
    Ok(Room {
        id,
        jobcenter: JobCenterCode::parse(&jobcenter).map_err(|_| corrupt("room"))?,
        name,
        address,
        capacity: u32::try_from(capacity).map_err(|_| corrupt("room"))?,
        active,
    })
}

const ROOM_COLUMNS: (
    rooms::id,
    rooms::jobcenter_code,
    rooms::name,
    rooms::address,
    rooms::capacity,
    rooms::active,
) = (rooms::id, rooms::jobcenter_code, rooms::name, rooms::address, rooms::capacity, rooms::active);

/// The rooms `offer` draws from, by name (none: the offer needs no room).
pub(crate) fn pool_of(conn: &mut AnyConnection, offer: &OfferId) -> Result<Vec<Room>, Error> {
    let rows: Vec<RoomTuple> = offer_rooms::table
        .inner_join(rooms::table)
        .filter(offer_rooms::offer_id.eq(offer.as_str()))
        .order((rooms::name, rooms::id))
        .select(ROOM_COLUMNS)
        .load(conn)?;
    rows.into_iter().map(to_room).collect()
}

/// Spans of `rooms` touching `window`: their holds (`closures` false) or their closures.
fn spans(conn: &mut AnyConnection, rooms: &[&str], window: Interval, closures: bool) -> Result<Busy, Error> {
    let (from, until) = (to_db(window.start()), to_db(window.end()));
    let rows: Vec<(String, chrono::NaiveDateTime, chrono::NaiveDateTime)> = if closures {
        closed::table
            .filter(closed::room_id.eq_any(rooms))
            .filter(closed::start_at.lt(until))
            .filter(closed::end_at.gt(from))
            .select((closed::room_id, closed::start_at, closed::end_at))
            .load(conn)?
    } else {
        holds::touching(conn, rooms, window)?
    };
    let mut spans: HashMap<String, Vec<Interval>> = HashMap::new();
    for (room, start, end) in rows {
        let interval = Interval::new(from_db(start), from_db(end)).map_err(|_| corrupt("room hold"))?;
        spans.entry(room).or_default().push(interval);
    }
    Ok(Busy::new(rooms, spans))
}

/// The free times of `times` (of `offer`) for which a room of its pool is free; all of them
/// when the offer needs no room. The rooms' holds and closures are read over the times' span.
pub(crate) fn with_free_room(
    conn: &mut AnyConnection,
    offer: &Offer,
    times: Vec<FreeTime>,
) -> Result<Vec<FreeTime>, Error> {
    let pool = pool_of(conn, &offer.id)?;
    if pool.is_empty() || times.is_empty() {
        return Ok(times);
    }
    let first = times.iter().map(|t| t.interval.start()).min().unwrap_or_else(Utc::now);
    let last = times.iter().map(|t| t.interval.end()).max().unwrap_or(first);
    let Ok(window) = Interval::new(first, last + offer.slots.buffer) else { return Ok(times) };
    let spans = RoomSpans::read(conn, offer, &pool, window)?;
    Ok(with_free_room_in(offer, spans.as_ref(), times))
}

/// The free times of `times` (of `offer`) for which a room is free by `spans`, read over a
/// window that covers every time with the offer's buffer (`None`: the offer needs no room).
pub(crate) fn with_free_room_in(
    offer: &Offer,
    spans: Option<&RoomSpans>,
    times: Vec<FreeTime>,
) -> Vec<FreeTime> {
    match spans {
        Some(spans) => spans.keep_free(offer, times),
        None => times,
    }
}

/// Locks the rows of `rooms` in id order (PostgreSQL; SQLite writers are serialised already).
pub(crate) fn lock_rooms(conn: &mut AnyConnection, rooms: &[&str]) -> Result<(), Error> {
    if let AnyConnection::Postgresql(pg) = conn {
        diesel::sql_query("SELECT id FROM rooms WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE")
            .bind::<diesel::sql_types::Array<diesel::sql_types::Text>, _>(rooms)
            .execute(pg)?;
    }
    Ok(())
}

/// Makes occupied-time row `occupancy_id` of `offer` (over `span`) hold a room of the offer's
/// pool, unless it holds one already (a group session joined) or the offer needs none. With
/// `replace`, an existing hold is given up first (a staff move). `SlotTaken` when no room is free.
pub(crate) fn hold_for(
    conn: &mut AnyConnection,
    offer: &Offer,
    occupancy_id: &str,
    span: Interval,
    replace: bool,
) -> Result<(), Error> {
    if room_of(conn, occupancy_id)?.is_some() {
        if !replace {
            return Ok(());
        }
        holds::release(conn, occupancy_id)?;
    }
    let pool = pool_of(conn, &offer.id)?;
    if pool.is_empty() {
        return Ok(());
    }
    let needed = offer.form.seats().unwrap_or(1);
    let fitting: Vec<&str> = pool.iter().filter(|r| r.fits(needed)).map(|r| r.id.as_str()).collect();
    let mut ids: Vec<&str> = fitting.clone();
    ids.sort_unstable();
    lock_rooms(conn, &ids)?;
    let (held, closed) = (spans(conn, &fitting, span, false)?, spans(conn, &fitting, span, true)?);
    let free = (0..fitting.len()).find(|at| held.free(*at, &span) && closed.free(*at, &span));
    let Some(room) = free.map(|at| fitting[at]) else { return Err(domain::Error::SlotTaken.into()) };
    holds::take(conn, occupancy_id, room)
}

impl Rooms<'_> {
    /// Creates a room; its name must be new in the jobcenter.
    pub fn create(&self, room: &Room, now: DateTime<Utc>) -> Result<(), Error> {
        room.validate()?;
        self.store.write(|conn| {
            crate::store::reference::require_jobcenter(conn, &room.jobcenter)?;
            let taken: i64 = rooms::table
                .filter(rooms::jobcenter_code.eq(room.jobcenter.as_str()))
                .filter(rooms::name.eq(room.name.trim()))
                .count()
                .get_result(conn)?;
            if taken > 0 {
                return Err(domain::Error::NameTaken("room").into());
            }
            diesel::insert_into(rooms::table)
                .values((
                    rooms::id.eq(&room.id),
                    rooms::jobcenter_code.eq(room.jobcenter.as_str()),
                    rooms::name.eq(room.name.trim()),
                    rooms::address.eq(room.address.trim()),
                    rooms::capacity.eq(i32::try_from(room.capacity).unwrap_or(i32::MAX)),
                    rooms::active.eq(room.active),
                    rooms::created_at.eq(to_db(now)),
                ))
                .execute(conn)?;
            Ok(())
        })
    }

    /// One room.
    pub fn get(&self, id: &str) -> Result<Room, Error> {
        let mut conn = self.store.conn()?;
        let row: Option<RoomTuple> =
            rooms::table.find(id).select(ROOM_COLUMNS).first(&mut conn).optional()?;
        to_room(row.ok_or(Error::NotFound(Entity::Room))?)
    }

    /// The jobcenter's rooms by name.
    pub fn of_jobcenter(&self, jobcenter: &JobCenterCode) -> Result<Vec<Room>, Error> {
        let mut conn = self.store.conn()?;
        let rows: Vec<RoomTuple> = rooms::table
            .filter(rooms::jobcenter_code.eq(jobcenter.as_str()))
            .order((rooms::name, rooms::id))
            .select(ROOM_COLUMNS)
            .load(&mut conn)?;
        rows.into_iter().map(to_room).collect()
    }

    /// Closes a room for `period` (works on it); holds made before stay and are not moved.
    pub fn close(&self, room: &str, period: Interval, note: Option<&str>) -> Result<String, Error> {
        self.store.write(|conn| {
            let found: i64 = rooms::table.find(room).count().get_result(conn)?;
            if found == 0 {
                return Err(Error::NotFound(Entity::Room));
            }
            let id = uuid::Uuid::new_v4().to_string();
            diesel::insert_into(closed::table)
                .values((
                    closed::id.eq(&id),
                    closed::room_id.eq(room),
                    closed::start_at.eq(to_db(period.start())),
                    closed::end_at.eq(to_db(period.end())),
                    closed::note.eq(note),
                ))
                .execute(conn)?;
            Ok(id)
        })
    }

    /// Sets the rooms `offer` draws from (rooms of its jobcenter; none: the offer needs no room).
    pub fn set_offer_rooms(&self, offer: &OfferId, room_ids: &[String]) -> Result<(), Error> {
        self.store.write(|conn| {
            let jobcenter: String = offers::table
                .find(offer.as_str())
                .select(offers::jobcenter_code)
                .first(conn)
                .optional()?
                .ok_or(Error::NotFound(Entity::Offer))?;
            let found: i64 = rooms::table
                .filter(rooms::id.eq_any(room_ids))
                .filter(rooms::jobcenter_code.eq(&jobcenter))
                .count()
                .get_result(conn)?;
            let mut distinct = room_ids.to_vec();
            distinct.sort();
            distinct.dedup();
            if found != distinct.len() as i64 {
                return Err(Error::NotFound(Entity::Room));
            }
            diesel::delete(offer_rooms::table.filter(offer_rooms::offer_id.eq(offer.as_str())))
                .execute(conn)?;
            for room in &distinct {
                diesel::insert_into(offer_rooms::table)
                    .values((offer_rooms::offer_id.eq(offer.as_str()), offer_rooms::room_id.eq(room)))
                    .execute(conn)?;
            }
            Ok(())
        })
    }

    /// The rooms `offer` draws from.
    pub fn of_offer(&self, offer: &OfferId) -> Result<Vec<Room>, Error> {
        let mut conn = self.store.conn()?;
        pool_of(&mut conn, offer)
    }

    /// The room a booking holds, if any.
    pub fn of_booking(&self, booking: &domain::BookingId) -> Result<Option<String>, Error> {
        let mut conn = self.store.conn()?;
        let row = crate::store::booking::load_booking_row(&mut conn, booking)?;
        match row.occupancy_id {
            Some(occupancy) => room_of(&mut conn, &occupancy),
            None => Ok(None),
        }
    }

    /// Every hold of `room` overlapping `within`, by start (to check them, or list them).
    pub fn holds(&self, room: &str, within: Interval) -> Result<Vec<Interval>, Error> {
        let mut conn = self.store.conn()?;
        let mut rows = holds::touching(&mut conn, &[room], within)?;
        rows.sort_by_key(|(_, start, _)| *start);
        rows.into_iter()
            .map(|(_, s, e)| Interval::new(from_db(s), from_db(e)).map_err(|_| corrupt("room hold")))
            .collect()
    }
}
