//! The availability engine: free times of an offer per counselor over an interval (contract §4).
//!
//! A free time is a start on the offer's grid inside a working period (weekly template in
//! Copenhagen wall-clock time, replaced by a dated exception), whose meeting plus buffer overlaps
//! no busy block and no occupied time, between now + minimum notice and now + horizon.
//! [`free_times`] and [`check_free`] run the very same search (`check_free` on a range of one
//! start), so a listed time is bookable unless someone took it meanwhile; keep it that way.
//! The zone is consulted once per local date for all counselors (`grid::DayPlan`), and each
//! counselor's busy time is sorted once and swept with a moving index (`sweep`), so the cost
//! grows with the number of candidates, not candidates x bookings.
//! Like all of `domain` it does no I/O and reads no clock, and it never panics on any input.

use chrono::{DateTime, Duration, Utc};

use super::{CounselorId, DayException, Error, Interval, Offer, OfferId, WeeklyHours};

mod grid;
pub(crate) mod local;
mod sweep;
#[cfg(test)]
mod tests;

use grid::{DayPlan, Grid};
use sweep::Sweep;

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
///
/// A time is listed when its meeting `[start, start + duration)` lies inside `window`, it starts
/// no earlier than `now + min_notice`, `first` (if set), and no later than `now + horizon` and
/// `last` (if set). An inactive offer has none.
pub fn free_times(
    offer: &Offer,
    calendars: &[CounselorCalendar],
    window: Interval,
    now: DateTime<Utc>,
) -> Vec<FreeTime> {
    let Some(last_start) = window.end().checked_sub_signed(offer.slots.duration) else {
        return Vec::new();
    };
    match Grid::new(offer, window.start(), last_start, now) {
        Some(grid) => search(calendars, &grid),
        None => Vec::new(),
    }
}

/// The last instant up to which [`free_times`] over `window` gives `times` (its answer at
/// `now`) again, as long as the calendars do not change: what the clock alone would change.
/// `None` when it may change at any moment.
///
/// As the clock moves on, the notice floor (`now + min_notice`) only rises, so times are only
/// lost from the front: the earliest listed start goes when the floor passes it. Times are only
/// gained when the horizon ceiling (`now + horizon`) is what ends the search before the window,
/// or `last`, does; then nothing is promised. The grid is laid from the working periods, never
/// from `now`, so no start moves. What expires in a calendar (a reservation) is the caller's to
/// add: calendars hold only what is unexpired at `now`.
pub fn stable_until(
    offer: &Offer,
    window: Interval,
    now: DateTime<Utc>,
    times: &[FreeTime],
) -> Option<DateTime<Utc>> {
    let rules = &offer.slots;
    let last_start = window.end().checked_sub_signed(rules.duration)?;
    let end = [Some(last_start), rules.last].into_iter().flatten().min()?;
    if now.checked_add_signed(rules.horizon).is_some_and(|ceiling| ceiling < end) {
        return None;
    }
    match times.iter().map(|time| time.interval.start()).min() {
        Some(first) => first.checked_sub_signed(rules.min_notice),
        None => Some(DateTime::<Utc>::MAX_UTC),
    }
}

/// Is `start` a free time of `offer` in `calendar` as of `now`? The same computation as
/// [`free_times`], so a time that was listed is bookable unless someone took it meanwhile.
///
/// Fails with [`Error::StartTooSoon`] when `start` is before `now + min_notice`, and with
/// [`Error::SlotTaken`] when it is not a free time for any other reason (off the grid, outside
/// working hours, overlapped, seats full, beyond the horizon or `last`, before `first`, or the
/// offer is inactive).
pub fn check_free(
    offer: &Offer,
    calendar: &CounselorCalendar,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<FreeTime, Error> {
    let notice = offer.slots.min_notice;
    let too_soon = match now.checked_add_signed(notice) {
        Some(earliest) => start < earliest,
        None => notice > Duration::zero(),
    };
    if too_soon {
        return Err(Error::StartTooSoon);
    }
    let grid = Grid::new(offer, start, start, now).ok_or(Error::SlotTaken)?;
    search(std::slice::from_ref(calendar), &grid)
        .into_iter()
        .find(|free| free.interval.start() == start)
        .ok_or(Error::SlotTaken)
}

/// The search both entry points share: one counselor after the other, each over the same dates.
fn search(calendars: &[CounselorCalendar], grid: &Grid<'_>) -> Vec<FreeTime> {
    let mut found = Vec::new();
    if calendars.is_empty() {
        return found;
    }
    let days = DayPlan::new(grid.days());
    for calendar in calendars {
        let mut sweep = Sweep::new(calendar, grid, &mut found);
        for day in days.iter() {
            sweep.visit(&day, grid);
        }
        sweep.finish();
    }
    found
}
