//! The availability engine: free times of an offer per counselor over an interval (contract §4).
//!
//! STUB: the types are final; the computation is being written (see issue 3).

use chrono::{DateTime, Utc};

use super::{CounselorId, DayException, Error, Interval, Offer, OfferId, WeeklyHours};

/// Time already taken in a counselor's calendar (a row of the store's occupancy table).
/// The interval includes the buffer that follows the meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occupied {
    /// The occupied span, buffer included.
    pub interval: Interval,
    /// Set when this is a group session that may still have free seats.
    pub group: Option<GroupSeats>,
}

/// A group session's seats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupSeats {
    /// The group offer the session belongs to.
    pub offer: OfferId,
    /// Seats in the session.
    pub seats: u32,
    /// Seats taken by bookings and unexpired reservations.
    pub taken: u32,
}

/// Everything the engine needs to know about one counselor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CounselorCalendar {
    /// Who.
    pub counselor: CounselorId,
    /// Weekly template in local time.
    pub weekly: WeeklyHours,
    /// Dated exceptions replacing the template for their date.
    pub exceptions: Vec<DayException>,
    /// Busy blocks (manual, calendar sync, ...).
    pub blocks: Vec<Interval>,
    /// Bookings, unexpired reservations and group sessions, buffer included.
    pub occupied: Vec<Occupied>,
}

/// A bookable time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreeTime {
    /// With whom.
    pub counselor: CounselorId,
    /// The meeting itself, `[start, start + duration)` (without buffer).
    pub interval: Interval,
    /// Seats in the meeting (group offers only).
    pub seats: Option<u32>,
    /// Seats still free (group offers only).
    pub seats_left: Option<u32>,
}

/// Free times of `offer` for each calendar over `window`, as of `now`; sorted by counselor
/// (in the order given) and then by start.
pub fn free_times(
    offer: &Offer,
    calendars: &[CounselorCalendar],
    window: Interval,
    now: DateTime<Utc>,
) -> Vec<FreeTime> {
    let _ = (offer, calendars, window, now);
    Vec::new()
}

/// Is `start` a free time of `offer` in `calendar` as of `now`? The same computation as
/// [`free_times`], so a time that was listed is bookable unless someone took it meanwhile.
pub fn check_free(
    offer: &Offer,
    calendar: &CounselorCalendar,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<FreeTime, Error> {
    let _ = (offer, calendar, start, now);
    Err(Error::SlotTaken)
}
