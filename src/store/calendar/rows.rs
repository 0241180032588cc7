//! The rows that say what time an offer's counselors hold over a span (working-hour exceptions,
//! busy blocks, occupied time and the open seat reservations of group sessions), read apart
//! from how [`assemble`](super::assemble) turns them into calendars. Nothing here depends on
//! "now": what has expired by then is decided when they are assembled, so the availability
//! read model (`store::read_model`) can hold the rows while no write changes them.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::domain::{Interval, OfferId};
use crate::store::booking::occupancy::{OccupancyKind, OccupancyRow};
use crate::store::db::schema::{
    busy_blocks, occupancy, offer_counselors, reservations, working_hour_exceptions,
};
use crate::store::db::{from_db, to_db};
use crate::store::{AnyConnection, Error};

/// A working-hour exception row: counselor, local day, and its hours (none: the day off).
pub(crate) type ExceptionRow = (String, NaiveDate, Option<i32>, Option<i32>);
/// The columns of an [`ExceptionRow`], for every reader of working-hour exceptions.
pub(crate) const EXCEPTION_COLUMNS: (
    working_hour_exceptions::counselor_id,
    working_hour_exceptions::day,
    working_hour_exceptions::start_minute,
    working_hour_exceptions::end_minute,
) = (
    working_hour_exceptions::counselor_id,
    working_hour_exceptions::day,
    working_hour_exceptions::start_minute,
    working_hour_exceptions::end_minute,
);
/// A busy block row: counselor, start, end.
pub(crate) type BlockRow = (String, NaiveDateTime, NaiveDateTime);

/// What the counselors of one offer hold over [`TimeRows::span`], as read.
#[derive(Debug)]
pub(crate) struct TimeRows {
    /// The span the rows were read over: every row touching it is here.
    pub(crate) span: Interval,
    /// Working-hour exceptions of the local days the span touches (padded by a day).
    pub(crate) exceptions: Vec<ExceptionRow>,
    /// Busy blocks touching the span.
    pub(crate) blocks: Vec<BlockRow>,
    /// Occupied-time rows touching the span, also expired reservations.
    pub(crate) occupied: Vec<OccupancyRow>,
    /// The unconfirmed, unreleased seat reservations of the group sessions among `occupied`:
    /// the session's row id and when the reservation expires.
    pub(crate) seat_holds: Vec<(String, NaiveDateTime)>,
}

impl TimeRows {
    /// The span to read for a listing over `window`: the window padded by a day on each side
    /// (local dates differ from UTC dates by up to two hours), widened to whole UTC days so that
    /// listings whose windows start at different moments of a day can share one read.
    pub(crate) fn span_for(window: Interval) -> Result<Interval, Error> {
        let start = (window.start() - Duration::days(1)).date_naive();
        let end = (window.end() + Duration::days(2)).date_naive();
        Ok(Interval::new(
            start.and_time(chrono::NaiveTime::MIN).and_utc(),
            end.and_time(chrono::NaiveTime::MIN).and_utc(),
        )?)
    }

    /// The first instant after `now` at which something held here expires (a reservation of
    /// time or of a seat): from then on, calendars assembled at `now` hold too much. `None`
    /// when nothing does.
    pub(crate) fn next_expiry(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let now = to_db(now);
        let reservations = self.occupied.iter().filter(|row| row.kind == OccupancyKind::Reservation);
        let seats = self.seat_holds.iter().map(|(_, expires)| *expires);
        reservations
            .filter_map(|row| row.expires_at)
            .chain(seats)
            .filter(|expires| *expires > now)
            .min()
            .map(from_db)
    }

    /// True when these rows cover what a listing over `window` reads.
    pub(crate) fn covers(&self, window: Interval) -> bool {
        self.span.start() <= window.start() - Duration::days(1)
            && window.end() + Duration::days(1) <= self.span.end()
    }

    /// Reads the rows of `offer`'s counselors over `span`.
    ///
    /// The queries select the offer's counselors with a subquery rather than a list of ids, so
    /// their text never changes and the prepared statements are cached; rows of counselors not
    /// asked for are dropped when assembled.
    pub(crate) fn load(conn: &mut AnyConnection, offer: &OfferId, span: Interval) -> Result<Self, Error> {
        let ids = || {
            offer_counselors::table
                .filter(offer_counselors::offer_id.eq(offer.as_str()))
                .select(offer_counselors::counselor_id)
        };
        let (first_day, last_day) = (span.start().date_naive(), span.end().date_naive());
        let (from, until) = (to_db(span.start()), to_db(span.end()));
        let exceptions: Vec<ExceptionRow> = working_hour_exceptions::table
            .filter(working_hour_exceptions::counselor_id.eq_any(ids()))
            .filter(working_hour_exceptions::day.between(first_day, last_day))
            .select(EXCEPTION_COLUMNS)
            .load(conn)?;
        let blocks: Vec<BlockRow> = busy_blocks::table
            .filter(busy_blocks::counselor_id.eq_any(ids()))
            .filter(busy_blocks::start_at.lt(until))
            .filter(busy_blocks::end_at.gt(from))
            .select((busy_blocks::counselor_id, busy_blocks::start_at, busy_blocks::end_at))
            .load(conn)?;
        let occupied: Vec<OccupancyRow> = occupancy::table
            .filter(occupancy::counselor_id.eq_any(ids()))
            .filter(occupancy::start_at.lt(until))
            .filter(occupancy::end_at.gt(from))
            .select(OccupancyRow::as_select())
            .load(conn)?;
        let sessions: Vec<&str> =
            occupied.iter().filter(|o| o.kind == OccupancyKind::Group).map(|o| o.id.as_str()).collect();
        let seat_holds: Vec<(Option<String>, NaiveDateTime)> = if sessions.is_empty() {
            Vec::new()
        } else {
            reservations::table
                .filter(reservations::occupancy_id.eq_any(&sessions))
                .filter(reservations::booking_id.is_null())
                .filter(reservations::released.eq(false))
                .select((reservations::occupancy_id, reservations::expires_at))
                .load(conn)?
        };
        let seat_holds = seat_holds.into_iter().filter_map(|(id, expires)| Some((id?, expires))).collect();
        Ok(Self { span, exceptions, blocks, occupied, seat_holds })
    }
}
