//! Staff reschedule: a planned, unbilled booking moved by staff (admin API) or by a move made
//! in the Xpert Suite, in one transaction: the rules (`domain::staff_move`), the counselor's
//! working hours and busy blocks, the occupancy row moved (its no-overlap constraint is the last
//! word: a clash is `SlotTaken`), the version raised and `BookingRescheduled` in the outbox.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;

use crate::domain::{
    self, staff_move, Booking, BookingId, Counselor, CounselorId, DayException, Interval, InterviewForm,
    LocalPeriod, WeeklyHours,
};
use crate::store::booking::load_booking_row;
use crate::store::booking::occupancy;
use crate::store::calendar::{time_of, weekday_of};
use crate::store::db::schema::{
    bookings, busy_blocks, counselors, occupancy as occ, working_hour_exceptions, working_hours,
};
use crate::store::db::{from_db, to_db};
use crate::store::outbox::{enqueue_booking_event_from, Topic};
use crate::store::reference::CounselorRow;
use crate::store::{reference, AnyConnection, Entity, Error, Store};

/// Where staff move a booking to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMove {
    /// The new start; the meeting keeps its length.
    pub start: DateTime<Utc>,
    /// Another counselor of the booking's jobcenter (and offer), or the same one when `None`.
    pub counselor: Option<CounselorId>,
}

impl Store {
    /// Moves a booking for staff: only while Booked and not billed, to a start not in the past,
    /// inside the counselor's working hours and free (see the module documentation).
    pub fn reschedule_by_staff(
        &self,
        id: &BookingId,
        to: &StaffMove,
        now: DateTime<Utc>,
    ) -> Result<Booking, Error> {
        self.write(|conn| move_in(conn, id, to, None, now))
    }
}

/// Locks the booking row on PostgreSQL so two moves of one booking run one after the other
/// (SQLite writers are serialised by `BEGIN IMMEDIATE`).
fn lock_booking(conn: &mut AnyConnection, id: &BookingId) -> Result<(), Error> {
    if let AnyConnection::Postgresql(pg) = conn {
        diesel::sql_query("SELECT id FROM bookings WHERE id = $1 FOR UPDATE")
            .bind::<diesel::sql_types::Text, _>(id.as_str())
            .execute(pg)?;
    }
    Ok(())
}

/// [`Store::reschedule_by_staff`] inside the caller's transaction; `origin` names the outside
/// system the move came from (written into the event's payload).
pub(crate) fn move_in(
    conn: &mut AnyConnection,
    id: &BookingId,
    to: &StaffMove,
    origin: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Booking, Error> {
    lock_booking(conn, id)?;
    let mut row = load_booking_row(conn, id)?;
    let booking = Booking::try_from(&row)?;
    staff_move::check_movable(&booking, to.start, now)?;
    domain::booking::check_horizon("start", to.start, now)?;
    let counselor_id = to.counselor.clone().unwrap_or_else(|| booking.counselor.clone());
    let counselor: Counselor = counselors::table
        .find(counselor_id.as_str())
        .select(CounselorRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound(Entity::Counselor))?
        .try_into()?;
    if counselor.jobcenter != booking.jobcenter {
        return Err(Error::NotFound(Entity::Counselor));
    }
    let offer = booking.offer.as_ref().map(|o| reference::load_offer(conn, o)).transpose()?;
    if offer.as_ref().is_some_and(|o| !o.counselors.contains(&counselor.id)) {
        return Err(Error::NotFound(Entity::Counselor));
    }
    let mut moved = staff_move::moved(booking, counselor.id.clone(), to.start)?;
    let buffer = offer.as_ref().map_or_else(Duration::zero, |o| o.slots.buffer);
    let span = Interval::new(moved.interval.start(), moved.interval.end() + buffer)?;
    let (weekly, exceptions, blocks) = working_time(conn, &counselor.id, span)?;
    staff_move::check_working_time(moved.interval, span, &weekly, &exceptions, &blocks)?;
    crate::store::closing::load(conn, &counselor.jobcenter)?.check_open(span)?;
    occupancy::release_expired(conn, &counselor.id, span, now)?;
    let held = row.occupancy_id.clone();
    let kind: Option<occupancy::OccupancyKind> = match &held {
        Some(held) => occ::table.find(held).select(occ::kind).first(conn).optional()?,
        None => None,
    };
    let occupancy_id = match (kind, &offer) {
        (Some(occupancy::OccupancyKind::Group), Some(offer)) => {
            let InterviewForm::Group { seats } = offer.form else {
                return Err(crate::store::db::corrupt("group seat of an individual offer"));
            };
            if let Some(held) = &held {
                occupancy::release(conn, held)?;
            }
            let seat = occupancy::take_seat(conn, &counselor.id, &offer.id, span, seats, now)?;
            moved.group_meeting = Some(seat.clone());
            seat
        }
        (Some(occupancy::OccupancyKind::Group), None) => {
            // A registered group meeting: its registering system decides who attends when.
            return Err(domain::Error::InvalidTransition {
                from: "Booked",
                action: "moved alone (it belongs to a registered group meeting)",
            }
            .into());
        }
        (Some(_), _) => {
            let held = held.unwrap_or_default();
            diesel::update(occ::table.find(&held))
                .set((
                    occ::counselor_id.eq(counselor.id.as_str()),
                    occ::start_at.eq(to_db(span.start())),
                    occ::end_at.eq(to_db(span.end())),
                ))
                .execute(conn)?;
            held
        }
        (None, _) => occupancy::occupy_booking(conn, &counselor.id, span)?,
    };
    if let Some(offer) = &offer {
        // An individual row moved in place gives up its room and takes one at the new time.
        let moved_in_place = kind.is_some_and(|k| k != occupancy::OccupancyKind::Group);
        crate::store::rooms::hold_for(conn, offer, &occupancy_id, span, moved_in_place)?;
    }
    moved.version += 1;
    row.apply(&moved, now);
    row.occupancy_id = Some(occupancy_id);
    diesel::update(bookings::table.find(&row.id)).set(&row).execute(conn)?;
    enqueue_booking_event_from(conn, Topic::BookingRescheduled, &moved, origin, now)?;
    Ok(moved)
}

/// One counselor's weekly hours, the exceptions around `span` and the busy blocks touching it.
fn working_time(
    conn: &mut AnyConnection,
    counselor: &CounselorId,
    span: Interval,
) -> Result<(WeeklyHours, Vec<DayException>, Vec<Interval>), Error> {
    let hours: Vec<(i32, i32, i32)> = working_hours::table
        .filter(working_hours::counselor_id.eq(counselor.as_str()))
        .select((working_hours::weekday, working_hours::start_minute, working_hours::end_minute))
        .load(conn)?;
    let mut template = Vec::with_capacity(hours.len());
    for (day, start, end) in hours {
        template.push((weekday_of(day)?, LocalPeriod::new(time_of(start)?, time_of(end)?)?));
    }
    let first_day = (span.start() - Duration::days(1)).date_naive();
    let last_day = (span.end() + Duration::days(1)).date_naive();
    let rows: Vec<(chrono::NaiveDate, Option<i32>, Option<i32>)> = working_hour_exceptions::table
        .filter(working_hour_exceptions::counselor_id.eq(counselor.as_str()))
        .filter(working_hour_exceptions::day.between(first_day, last_day))
        .select((
            working_hour_exceptions::day,
            working_hour_exceptions::start_minute,
            working_hour_exceptions::end_minute,
        ))
        .load(conn)?;
    let mut per_day: std::collections::BTreeMap<chrono::NaiveDate, Vec<LocalPeriod>> = Default::default();
    for (day, start, end) in rows {
        let periods = per_day.entry(day).or_default();
        if let (Some(start), Some(end)) = (start, end) {
            periods.push(LocalPeriod::new(time_of(start)?, time_of(end)?)?);
        }
    }
    let exceptions = per_day
        .into_iter()
        .map(|(day, periods)| DayException::new(day, periods))
        .collect::<Result<Vec<_>, _>>()?;
    let blocks: Vec<(chrono::NaiveDateTime, chrono::NaiveDateTime)> = busy_blocks::table
        .filter(busy_blocks::counselor_id.eq(counselor.as_str()))
        .filter(busy_blocks::start_at.lt(to_db(span.end())))
        .filter(busy_blocks::end_at.gt(to_db(span.start())))
        .select((busy_blocks::start_at, busy_blocks::end_at))
        .load(conn)?;
    let blocks = blocks
        .into_iter()
        .map(|(start, end)| {
            Interval::new(from_db(start), from_db(end)).map_err(|_| crate::store::db::corrupt("busy block"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((WeeklyHours::new(template)?, exceptions, blocks))
}
