//! `store.closing()`: a jobcenter's closing days (its own, and which customary days it keeps
//! open), the closing calendar the calendar loader adds to every counselor's busy time, and the
//! bookings that lie on closed time and must be moved by staff.
//!
//! Closing a day never cancels a booking: adding one answers the bookings on it (the same list
//! [`Closing::bookings_to_move`] gives at any time), so summoners can move them.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use diesel::prelude::*;

use crate::domain::booking::HORIZON_DAYS;
use crate::domain::closing::{ClosedPart, ClosingCalendar, ClosingDay, Recurrence, CUSTOMARY};
use crate::domain::{Booking, BookingStatus, Interval, JobCenterCode};
use crate::store::booking::BookingRow;
use crate::store::calendar::time_of;
use crate::store::db::schema::{bookings, closing_customary_off as off, closing_days};
use crate::store::db::{corrupt, to_db};
use crate::store::reference::require_jobcenter as check_jobcenter;
use crate::store::{AnyConnection, Entity, Error, Store};

/// The closing-day operations of a [`Store`]; see [`Store::closing`].
#[derive(Debug, Clone, Copy)]
pub struct Closing<'a> {
    store: &'a Store,
}

impl Store {
    /// The closing-day operations: `store.closing().add(..)`.
    pub fn closing(&self) -> Closing<'_> {
        Closing { store: self }
    }
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = closing_days)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct ClosingRow {
    id: String,
    name: String,
    on_date: Option<NaiveDate>,
    month: Option<i32>,
    day: Option<i32>,
    easter_offset: Option<i32>,
    start_minute: Option<i32>,
    end_minute: Option<i32>,
}

impl ClosingRow {
    fn to_domain(&self) -> Result<ClosingDay, Error> {
        let recurrence = match (self.on_date, self.month, self.day, self.easter_offset) {
            (Some(date), None, None, None) => Recurrence::Once(date),
            (None, Some(month), Some(day), None) => Recurrence::Yearly {
                month: u32::try_from(month).map_err(|_| corrupt("closing day"))?,
                day: u32::try_from(day).map_err(|_| corrupt("closing day"))?,
            },
            (None, None, None, Some(days)) => Recurrence::FromEaster(days),
            _ => return Err(corrupt("closing day")),
        };
        let end = match self.end_minute {
            Some(1440) | None => None,
            Some(minute) => Some(time_of(minute)?),
        };
        let part = ClosedPart::new(self.start_minute.map(time_of).transpose()?, end)
            .map_err(|_| corrupt("closing day"))?;
        Ok(ClosingDay { id: self.id.clone(), name: self.name.clone(), recurrence, part })
    }
}

fn minute_of(time: NaiveTime) -> i32 {
    i32::try_from(chrono::Timelike::num_seconds_from_midnight(&time) / 60).unwrap_or(0)
}

/// The closing calendar of `jobcenter` (two queries).
pub(crate) fn load(conn: &mut AnyConnection, jobcenter: &JobCenterCode) -> Result<ClosingCalendar, Error> {
    let rows: Vec<ClosingRow> = closing_days::table
        .filter(closing_days::jobcenter_code.eq(jobcenter.as_str()))
        .order((closing_days::created_at, closing_days::id))
        .select(ClosingRow::as_select())
        .load(conn)?;
    let customary_off: BTreeSet<String> = off::table
        .filter(off::jobcenter_code.eq(jobcenter.as_str()))
        .select(off::day_key)
        .load(conn)?
        .into_iter()
        .collect();
    let local = rows.iter().map(ClosingRow::to_domain).collect::<Result<_, _>>()?;
    Ok(ClosingCalendar { customary_off, local })
}

/// The jobcenter's bookings (status Booked) from `now` to the booking horizon that lie on time
/// `calendar` closes, by start.
fn on_closed_time(
    conn: &mut AnyConnection,
    jobcenter: &JobCenterCode,
    calendar: &ClosingCalendar,
    now: DateTime<Utc>,
) -> Result<Vec<Booking>, Error> {
    let Ok(window) = Interval::new(now, now + Duration::days(HORIZON_DAYS)) else {
        return Ok(Vec::new());
    };
    let closed = calendar.closed(window);
    if closed.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<BookingRow> = bookings::table
        .filter(bookings::jobcenter_code.eq(jobcenter.as_str()))
        .filter(bookings::status.eq(BookingStatus::Booked.as_str()))
        .filter(bookings::end_at.gt(to_db(now)))
        .order((bookings::start_at, bookings::id))
        .select(BookingRow::as_select())
        .load(conn)?;
    let mut found = Vec::new();
    for row in &rows {
        let booking = Booking::try_from(row)?;
        if closed.iter().any(|c| c.overlaps(&booking.interval)) {
            found.push(booking);
        }
    }
    Ok(found)
}

impl Closing<'_> {
    /// The closing calendar of `jobcenter`.
    pub fn calendar(&self, jobcenter: &JobCenterCode) -> Result<ClosingCalendar, Error> {
        let mut conn = self.store.conn()?;
        check_jobcenter(&mut conn, jobcenter)?;
        load(&mut conn, jobcenter)
    }

    /// Adds one of the jobcenter's own closing days (its id is given fresh here) and answers
    /// it with the bookings now lying on closed time; none of them is cancelled.
    pub fn add(
        &self,
        jobcenter: &JobCenterCode,
        day: ClosingDay,
        now: DateTime<Utc>,
    ) -> Result<(ClosingDay, Vec<Booking>), Error> {
        day.validate()?;
        let day = ClosingDay { id: uuid::Uuid::new_v4().to_string(), ..day };
        self.store.write(|conn| {
            check_jobcenter(conn, jobcenter)?;
            let (on_date, month, day_of_month, easter_offset) = match day.recurrence {
                Recurrence::Once(date) => (Some(date), None, None, None),
                Recurrence::Yearly { month, day } => {
                    (None, i32::try_from(month).ok(), i32::try_from(day).ok(), None)
                }
                Recurrence::FromEaster(days) => (None, None, None, Some(days)),
            };
            diesel::insert_into(closing_days::table)
                .values((
                    closing_days::id.eq(&day.id),
                    closing_days::jobcenter_code.eq(jobcenter.as_str()),
                    closing_days::name.eq(day.name.trim()),
                    closing_days::on_date.eq(on_date),
                    closing_days::month.eq(month),
                    closing_days::day.eq(day_of_month),
                    closing_days::easter_offset.eq(easter_offset),
                    closing_days::start_minute.eq(day.part.from().map(minute_of)),
                    closing_days::end_minute.eq(day.part.until().map(minute_of)),
                    closing_days::created_at.eq(to_db(now)),
                ))
                .execute(conn)?;
            let only_this = ClosingCalendar {
                customary_off: CUSTOMARY.iter().map(|c| c.key.to_owned()).collect(),
                local: vec![day.clone()],
            };
            let holidays_only = ClosingCalendar { local: Vec::new(), ..only_this.clone() };
            // The bookings on the new day itself (not those on public holidays, listed anyway).
            let on_new = on_closed_time(conn, jobcenter, &only_this, now)?;
            let on_holidays: BTreeSet<String> = on_closed_time(conn, jobcenter, &holidays_only, now)?
                .into_iter()
                .map(|b| b.id.as_str().to_owned())
                .collect();
            let affected = on_new.into_iter().filter(|b| !on_holidays.contains(b.id.as_str())).collect();
            Ok((ClosingDay { name: day.name.trim().to_owned(), ..day.clone() }, affected))
        })
    }

    /// Deletes one of the jobcenter's own closing days.
    pub fn delete(&self, jobcenter: &JobCenterCode, id: &str) -> Result<(), Error> {
        self.store.write(|conn| {
            let deleted = diesel::delete(
                closing_days::table
                    .filter(closing_days::id.eq(id))
                    .filter(closing_days::jobcenter_code.eq(jobcenter.as_str())),
            )
            .execute(conn)?;
            if deleted == 0 {
                return Err(Error::NotFound(Entity::ClosingDay));
            }
            Ok(())
        })
    }

    /// Keeps the customary closing day `key` closed (the default) or open for `jobcenter`;
    /// answers the bookings on closed time afterwards (closing again never cancels them).
    pub fn set_customary(
        &self,
        jobcenter: &JobCenterCode,
        key: &str,
        closed: bool,
        now: DateTime<Utc>,
    ) -> Result<Vec<Booking>, Error> {
        let key = CUSTOMARY.iter().find(|c| c.key == key).ok_or(Error::NotFound(Entity::ClosingDay))?.key;
        self.store.write(|conn| {
            check_jobcenter(conn, jobcenter)?;
            let this =
                off::table.filter(off::jobcenter_code.eq(jobcenter.as_str())).filter(off::day_key.eq(key));
            diesel::delete(this).execute(conn)?;
            if !closed {
                diesel::insert_into(off::table)
                    .values((off::jobcenter_code.eq(jobcenter.as_str()), off::day_key.eq(key)))
                    .execute(conn)?;
            }
            let calendar = load(conn, jobcenter)?;
            on_closed_time(conn, jobcenter, &calendar, now)
        })
    }

    /// The jobcenter's bookings (from `now` to the booking horizon) that lie on a public holiday
    /// or a closing day: what summoners must move.
    pub fn bookings_to_move(
        &self,
        jobcenter: &JobCenterCode,
        now: DateTime<Utc>,
    ) -> Result<Vec<Booking>, Error> {
        let mut conn = self.store.conn()?;
        check_jobcenter(&mut conn, jobcenter)?;
        let calendar = load(&mut conn, jobcenter)?;
        on_closed_time(&mut conn, jobcenter, &calendar, now)
    }
}
