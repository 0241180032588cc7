//! Moves made by staff (the admin API) or accepted from an outside calendar (an Xpert Suite
//! `Verplaatst` while the appointment is planned and unbilled): which bookings may move, where
//! to, and what the moved booking looks like (contract §4, Xpert Suite conflict policy).
//!
//! Staff are not bound by the offer's minimum notice or grid, but a new start in the past is
//! refused, the meeting must lie inside one working period of the counselor (the dated
//! exception replacing the weekly template) and its span (meeting plus buffer) must not touch a
//! busy block. Whether the time is still free of other bookings is the store's occupancy table's
//! call. Pure like all of `domain`: "now" and the calendar are parameters.

use chrono::{DateTime, Duration, Utc};

use super::{Action, Booking, CounselorId, DayException, Error, Interval, WeeklyHours, ZONE};

/// May staff move `booking` to `start` as of `now`? Only a planned (Booked), unbilled booking
/// moves (a completed one is locked, a billed one may only lapse), and never into the past.
pub fn check_movable(booking: &Booking, start: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), Error> {
    booking.transition(Action::Reschedule)?;
    super::booking::check_notice(start, now, Duration::zero())
}

/// Checks that `meeting` lies inside one working period of its local (Copenhagen) date and that
/// `span` (the meeting plus the buffer) overlaps none of `blocks`.
pub fn check_working_time(
    meeting: Interval,
    span: Interval,
    weekly: &WeeklyHours,
    exceptions: &[DayException],
    blocks: &[Interval],
) -> Result<(), Error> {
    let start = meeting.start().with_timezone(&ZONE);
    let end = meeting.end().with_timezone(&ZONE);
    if start.date_naive() != end.date_naive() {
        return Err(Error::OutsideWorkingHours);
    }
    let date = start.date_naive();
    let periods = super::calendar::working_periods(weekly, exceptions, date);
    let inside = periods.iter().any(|p| p.start() <= start.time() && end.time() <= p.end());
    if !inside {
        return Err(Error::OutsideWorkingHours);
    }
    if blocks.iter().any(|block| block.overlaps(&span)) {
        return Err(Error::SlotTaken);
    }
    Ok(())
}

/// The booking moved to `start` with `counselor`: it keeps its id, length, channel, flags and
/// codes; rebook and cancel deadlines keep their distance to the start. The version is not
/// raised here.
pub fn moved(mut booking: Booking, counselor: CounselorId, start: DateTime<Utc>) -> Result<Booking, Error> {
    let shift = start - booking.interval.start();
    let length = booking.interval.end() - booking.interval.start();
    booking.interval = Interval::new(start, start + length)?;
    booking.counselor = counselor;
    booking.changes.rebook_deadline = booking.changes.rebook_deadline.map(|d| d + shift);
    booking.changes.cancel_deadline = booking.changes.cancel_deadline.map(|d| d + shift);
    Ok(booking)
}

#[cfg(test)]
#[path = "staff_move_tests.rs"]
mod tests;
