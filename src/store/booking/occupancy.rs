//! The occupied-time table: holding, converting and releasing counselor time.
//!
//! Every individual booking, unexpired reservation and group session is one row; the database
//! refuses overlapping rows of one counselor (exclusion constraint / trigger). Expired
//! reservations are released here, inside the transaction that wants their time.
//!
//! On PostgreSQL every change of a counselor's rows here first locks the counselor's row
//! ([`lock_counselor`]). Without it, two transactions that insert overlapping rows at the same
//! instant each find the other's uncommitted row under the exclusion constraint and wait for
//! each other: PostgreSQL breaks that with "deadlock detected" instead of the exclusion
//! violation, and the loser got a technical error where it should get `SlotTaken`. With the
//! lock, the second waits for the first to commit and then meets the committed row. A
//! transaction that touches several counselors locks them all first, in id order
//! ([`lock_counselors`]), so that two such transactions cannot wait on each other. The lock is
//! `FOR NO KEY UPDATE`: it excludes the other lockers but not the key-share locks that inserts
//! referencing the counselor take (a confirmation's booking row); `FOR UPDATE` would block those
//! and so deadlock a confirmation against a bulk summons that holds the lock.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::domain::{self, CounselorId, Interval, OfferId};
use crate::store::db::schema::{occupancy, reservations};
use crate::store::db::text_enum::text_enum;
use crate::store::db::to_db;
use crate::store::{AnyConnection, Error};

text_enum! {
    /// Kinds of occupied time, as stored in `occupancy.kind`.
    pub(crate) enum OccupancyKind ("occupancy kind") {
        /// An individual booking's time.
        Booking = "booking",
        /// An individual reservation's time, until it expires.
        Reservation = "reservation",
        /// A group session (its seats counted in `seats_taken`).
        Group = "group",
    }
}

/// An occupancy row as the calendar loader reads it.
#[derive(Debug, Queryable, Selectable)]
#[diesel(table_name = occupancy)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
pub(crate) struct OccupancyRow {
    pub id: String,
    pub counselor_id: String,
    pub start_at: chrono::NaiveDateTime,
    pub end_at: chrono::NaiveDateTime,
    pub kind: OccupancyKind,
    pub expires_at: Option<chrono::NaiveDateTime>,
    pub offer_id: Option<String>,
    pub seats: i32,
    pub seats_taken: i32,
}

/// Deletes expired reservations of `counselor` that overlap `span`, marking them released, and
/// gives back the expired seats of group sessions there (deleting sessions left without seats).
pub(crate) fn release_expired(
    conn: &mut AnyConnection,
    counselor: &CounselorId,
    span: Interval,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    lock_counselor(conn, counselor)?;
    let expired: Vec<String> = occupancy::table
        .filter(occupancy::counselor_id.eq(counselor.as_str()))
        .filter(occupancy::kind.eq(OccupancyKind::Reservation))
        .filter(occupancy::expires_at.le(to_db(now)))
        .filter(occupancy::start_at.lt(to_db(span.end())))
        .filter(occupancy::end_at.gt(to_db(span.start())))
        .select(occupancy::id)
        .load(conn)?;
    let sessions: Vec<String> = occupancy::table
        .filter(occupancy::counselor_id.eq(counselor.as_str()))
        .filter(occupancy::kind.eq(OccupancyKind::Group))
        .filter(occupancy::start_at.lt(to_db(span.end())))
        .filter(occupancy::end_at.gt(to_db(span.start())))
        .select(occupancy::id)
        .load(conn)?;
    for session in sessions {
        release_expired_seats(conn, &session, now)?;
        diesel::delete(occupancy::table.find(&session).filter(occupancy::seats_taken.eq(0))).execute(conn)?;
    }
    if expired.is_empty() {
        return Ok(());
    }
    diesel::delete(occupancy::table.filter(occupancy::id.eq_any(&expired))).execute(conn)?;
    diesel::update(
        reservations::table
            .filter(reservations::occupancy_id.eq_any(&expired))
            .filter(reservations::booking_id.is_null()),
    )
    .set(reservations::released.eq(true))
    .execute(conn)?;
    Ok(())
}

/// Releases the expired, unconsumed seat reservations of a group session.
fn release_expired_seats(conn: &mut AnyConnection, session: &str, now: DateTime<Utc>) -> Result<(), Error> {
    let n = diesel::update(
        reservations::table
            .filter(reservations::occupancy_id.eq(session))
            .filter(reservations::booking_id.is_null())
            .filter(reservations::released.eq(false))
            .filter(reservations::expires_at.le(to_db(now))),
    )
    .set(reservations::released.eq(true))
    .execute(conn)?;
    if n > 0 {
        diesel::update(occupancy::table.find(session))
            .set(occupancy::seats_taken.eq(occupancy::seats_taken - n as i32))
            .execute(conn)?;
    }
    Ok(())
}

/// A row of occupied time to insert.
pub(crate) struct NewRow<'a> {
    /// The row id; a fresh uuid unless the caller keys the row (registered group meetings).
    pub id: String,
    pub counselor: &'a CounselorId,
    pub span: Interval,
    pub kind: OccupancyKind,
    pub expires_at: Option<DateTime<Utc>>,
    pub offer: Option<&'a OfferId>,
    pub seats: i32,
    pub seats_taken: i32,
    /// The room the row holds from the start (a bulk summons picks it before writing the row).
    pub room: Option<&'a str>,
}

impl<'a> NewRow<'a> {
    /// An individual row (booking or reservation) with a fresh id.
    pub(crate) fn individual(counselor: &'a CounselorId, span: Interval, kind: OccupancyKind) -> Self {
        Self {
            id: uuid::Uuid::new_v4().to_string(),
            counselor,
            span,
            kind,
            expires_at: None,
            offer: None,
            seats: 1,
            seats_taken: 0,
            room: None,
        }
    }

    /// Inserts the row; an overlap with the counselor's other rows, or with the holds of its
    /// room, fails with `SlotTaken`. The counselor is locked first, then the room (the order
    /// every writer takes them in, see `store::rooms`).
    pub(crate) fn insert(self, conn: &mut AnyConnection) -> Result<String, Error> {
        lock_counselor(conn, self.counselor)?;
        if let Some(room) = self.room {
            crate::store::rooms::lock_rooms(conn, &[room])?;
        }
        diesel::insert_into(occupancy::table)
            .values((
                occupancy::id.eq(&self.id),
                occupancy::counselor_id.eq(self.counselor.as_str()),
                occupancy::start_at.eq(to_db(self.span.start())),
                occupancy::end_at.eq(to_db(self.span.end())),
                occupancy::kind.eq(self.kind),
                occupancy::expires_at.eq(self.expires_at.map(to_db)),
                occupancy::offer_id.eq(self.offer.map(OfferId::as_str)),
                occupancy::seats.eq(self.seats),
                occupancy::seats_taken.eq(self.seats_taken),
                occupancy::room_id.eq(self.room),
            ))
            .execute(conn)?;
        Ok(self.id)
    }
}

/// Holds `span` for a reservation until `expires_at`; returns the occupancy row id.
pub(crate) fn hold_individual(
    conn: &mut AnyConnection,
    counselor: &CounselorId,
    span: Interval,
    expires_at: DateTime<Utc>,
) -> Result<String, Error> {
    NewRow { expires_at: Some(expires_at), ..NewRow::individual(counselor, span, OccupancyKind::Reservation) }
        .insert(conn)
}

/// Occupies `span` directly as a booking (caseworker-system registrations); returns the row id.
pub(crate) fn occupy_booking(
    conn: &mut AnyConnection,
    counselor: &CounselorId,
    span: Interval,
) -> Result<String, Error> {
    NewRow::individual(counselor, span, OccupancyKind::Booking).insert(conn)
}

/// Takes one seat of this offer's group session at `span` (creating the session if needed);
/// returns the session's row id. Full sessions fail with `SlotTaken`.
pub(crate) fn take_seat(
    conn: &mut AnyConnection,
    counselor: &CounselorId,
    offer: &OfferId,
    span: Interval,
    seats: u32,
    now: DateTime<Utc>,
) -> Result<String, Error> {
    lock_counselor(conn, counselor)?;
    // A counselor's rows never overlap, so a session starting at the span's start is the first
    // row that ends after it (one probe of the index by end).
    let first: Option<(String, OccupancyKind, Option<String>, chrono::NaiveDateTime)> = occupancy::table
        .filter(occupancy::counselor_id.eq(counselor.as_str()))
        .filter(occupancy::end_at.gt(to_db(span.start())))
        .order(occupancy::end_at)
        .select((occupancy::id, occupancy::kind, occupancy::offer_id, occupancy::start_at))
        .first(conn)
        .optional()?;
    let session = first
        .filter(|(_, kind, on_offer, start)| {
            *kind == OccupancyKind::Group
                && on_offer.as_deref() == Some(offer.as_str())
                && *start == to_db(span.start())
        })
        .map(|(id, ..)| id);
    match session {
        Some(id) => {
            release_expired_seats(conn, &id, now)?;
            let updated = diesel::update(
                occupancy::table.find(&id).filter(occupancy::seats_taken.lt(occupancy::seats)),
            )
            .set(occupancy::seats_taken.eq(occupancy::seats_taken + 1))
            .execute(conn)?;
            if updated == 0 {
                return Err(Error::Conflict(domain::Error::SlotTaken));
            }
            Ok(id)
        }
        None => NewRow {
            kind: OccupancyKind::Group,
            offer: Some(offer),
            seats: i32::try_from(seats).unwrap_or(i32::MAX),
            seats_taken: 1,
            ..NewRow::individual(counselor, span, OccupancyKind::Group)
        }
        .insert(conn),
    }
}

/// Serialises the changes of one counselor's occupied time on PostgreSQL until the transaction
/// ends (see the module doc); it also keeps two first seat-takers of a group meeting from both
/// creating its session. Taking it again in the same transaction costs one round trip and never
/// waits. (SQLite writers are serialised by `BEGIN IMMEDIATE` already.)
pub(crate) fn lock_counselor(conn: &mut AnyConnection, counselor: &CounselorId) -> Result<(), Error> {
    lock_counselors(conn, std::slice::from_ref(counselor))
}

/// Locks the rows of several counselors in id order (one statement), for a transaction that
/// may occupy the time of any of them (a chunk of a bulk summons).
pub(crate) fn lock_counselors(conn: &mut AnyConnection, counselors: &[CounselorId]) -> Result<(), Error> {
    if let AnyConnection::Postgresql(pg) = conn {
        let ids: Vec<&str> = counselors.iter().map(CounselorId::as_str).collect();
        diesel::sql_query("SELECT id FROM counselors WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE")
            .bind::<diesel::sql_types::Array<diesel::sql_types::Text>, _>(ids)
            .execute(pg)?;
    }
    Ok(())
}

/// Turns a held reservation row into a booking row (individual only; group seats stay counted).
pub(crate) fn convert_to_booking(conn: &mut AnyConnection, occupancy_id: &str) -> Result<(), Error> {
    diesel::update(
        occupancy::table.find(occupancy_id).filter(occupancy::kind.eq(OccupancyKind::Reservation)),
    )
    .set((
        occupancy::kind.eq(OccupancyKind::Booking),
        occupancy::expires_at.eq(None::<chrono::NaiveDateTime>),
    ))
    .execute(conn)?;
    Ok(())
}

/// Gives back the time or seat held by occupancy row `id`: deletes an individual row, or frees
/// one seat of a group session (deleting the session when no seat is taken).
pub(crate) fn release(conn: &mut AnyConnection, id: &str) -> Result<(), Error> {
    let kind: Option<OccupancyKind> =
        occupancy::table.find(id).select(occupancy::kind).first(conn).optional()?;
    match kind {
        Some(OccupancyKind::Group) => {
            diesel::update(occupancy::table.find(id).filter(occupancy::seats_taken.gt(0)))
                .set(occupancy::seats_taken.eq(occupancy::seats_taken - 1))
                .execute(conn)?;
            diesel::delete(occupancy::table.find(id).filter(occupancy::seats_taken.eq(0))).execute(conn)?;
        }
        Some(_) => {
            diesel::delete(occupancy::table.find(id)).execute(conn)?;
        }
        None => {}
    }
    Ok(())
}
