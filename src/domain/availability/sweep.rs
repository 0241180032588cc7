//! One counselor's sweep over the grid: working periods of each local date, candidate starts,
//! and the check of each candidate against the busy time.
//!
//! Busy blocks, bookings, reservations and other offers' sessions are sorted by start and merged
//! into disjoint spans once per counselor; candidates arrive in ascending order, so one moving
//! index answers "does this span overlap anything" in amortised constant time and nothing is
//! allocated per candidate. The offer's own group sessions are kept apart, because a candidate
//! may join one of them while it has seats left.

use chrono::{DateTime, Utc};

use super::grid::Grid;
use super::local::{Edge, LocalDay};
use super::{CounselorCalendar, FreeTime};
use crate::domain::{DayException, Interval};

/// A span of busy time, `[start, end)`.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

impl From<&Interval> for Span {
    fn from(interval: &Interval) -> Self {
        Self { start: interval.start(), end: interval.end() }
    }
}

/// A group session of the searched offer, with its free seats.
#[derive(Debug, Clone, Copy)]
struct Session {
    span: Span,
    seats_left: u32,
}

/// The state of one counselor's sweep; it appends the free times it finds to `found`.
#[derive(Debug)]
pub(super) struct Sweep<'a, 'out> {
    calendar: &'a CounselorCalendar,
    /// Exceptions sorted by date; `next_exception` moves forward with the visited dates.
    exceptions: Vec<&'a DayException>,
    next_exception: usize,
    /// Disjoint, sorted busy spans; `busy_idx` is the first that may end after the last start.
    busy: Vec<Span>,
    busy_idx: usize,
    last_start: Option<DateTime<Utc>>,
    /// The offer's own sessions sorted by start, and the latest end among each prefix.
    sessions: Vec<Session>,
    sessions_reach: Vec<DateTime<Utc>>,
    found: &'out mut Vec<FreeTime>,
    /// Where this counselor's free times start in `found`.
    first_found: usize,
}

impl<'a, 'out> Sweep<'a, 'out> {
    /// Sorts and merges the counselor's busy time for a search on `grid`.
    pub(super) fn new(
        calendar: &'a CounselorCalendar,
        grid: &Grid<'_>,
        found: &'out mut Vec<FreeTime>,
    ) -> Self {
        let mut busy: Vec<Span> = Vec::with_capacity(calendar.blocks.len() + calendar.occupied.len());
        let mut sessions = Vec::new();
        busy.extend(calendar.blocks.iter().map(Span::from));
        for occupied in &calendar.occupied {
            match (&occupied.group, grid.seats) {
                (Some(group), Some(_)) if group.offer == *grid.offer => sessions.push(Session {
                    span: Span::from(&occupied.interval),
                    seats_left: group.seats.saturating_sub(group.taken),
                }),
                _ => busy.push(Span::from(&occupied.interval)),
            }
        }
        busy.sort_unstable_by_key(|span| span.start);
        // Merging touching spans too is safe: the spans are half-open and only overlap matters.
        busy.dedup_by(|next, kept| {
            let joins = next.start <= kept.end;
            if joins {
                kept.end = kept.end.max(next.end);
            }
            joins
        });
        sessions.sort_unstable_by_key(|session| session.span.start);
        let sessions_reach = sessions
            .iter()
            .scan(None, |reach: &mut Option<DateTime<Utc>>, session| {
                let end = reach.map_or(session.span.end, |r| r.max(session.span.end));
                *reach = Some(end);
                Some(end)
            })
            .collect();
        let mut exceptions: Vec<&DayException> = calendar.exceptions.iter().collect();
        // A stable sort: when two exceptions name the same date, the first given wins.
        exceptions.sort_by_key(|exception| exception.date());
        Self {
            calendar,
            exceptions,
            next_exception: 0,
            busy,
            busy_idx: 0,
            last_start: None,
            sessions,
            sessions_reach,
            first_found: found.len(),
            found,
        }
    }

    /// Visits one local date; dates must come in ascending order.
    pub(super) fn visit(&mut self, day: &LocalDay, grid: &Grid<'_>) {
        let calendar = self.calendar;
        // Contract §4: an exception replaces the day's template; one without periods is a day off.
        let periods = match self.exception_for(day) {
            Some(exception) => exception.periods(),
            None => calendar.weekly.periods(day.weekday()),
        };
        for period in periods {
            let open = day.instant(period.start(), Edge::Start);
            let close = day.instant(period.end(), Edge::End);
            if let (Some(open), Some(close)) = (open, close) {
                self.visit_period(open, close, grid);
            }
        }
    }

    /// Puts this counselor's free times in ascending order without duplicates.
    pub(super) fn finish(self) {
        let ascending = self.found[self.first_found..]
            .windows(2)
            .all(|pair| pair[0].interval.start() < pair[1].interval.start());
        // Only an autumn day whose periods touch the repeated hour can yield starts out of order
        // or twice (two periods resolving to overlapping instants).
        if !ascending {
            let mut own = self.found.split_off(self.first_found);
            own.sort_by_key(|free| free.interval.start());
            own.dedup_by_key(|free| free.interval.start());
            self.found.append(&mut own);
        }
    }

    fn exception_for(&mut self, day: &LocalDay) -> Option<&'a DayException> {
        let exceptions = &self.exceptions;
        while exceptions.get(self.next_exception).is_some_and(|e| e.date() < day.date()) {
            self.next_exception += 1;
        }
        exceptions.get(self.next_exception).copied().filter(|exception| exception.date() == day.date())
    }

    fn visit_period(&mut self, open: DateTime<Utc>, close: DateTime<Utc>, grid: &Grid<'_>) {
        if close <= open {
            return;
        }
        let Some(mut start) = grid.first_start(open, close) else {
            return;
        };
        while start <= grid.latest {
            // The meeting must fit the period; its buffer may run past the end.
            let Some(meeting_end) = start.checked_add_signed(grid.duration) else {
                return;
            };
            let Some(span_end) = start.checked_add_signed(grid.step) else {
                return;
            };
            if meeting_end > close {
                return;
            }
            self.consider(start, meeting_end, span_end, grid);
            start = span_end;
        }
    }

    fn consider(
        &mut self,
        start: DateTime<Utc>,
        meeting_end: DateTime<Utc>,
        span_end: DateTime<Utc>,
        grid: &Grid<'_>,
    ) {
        if self.busy_overlaps(start, span_end) {
            return;
        }
        let seats_left = match grid.seats {
            None => None,
            Some(seats) => match self.seats_left(start, span_end, seats) {
                Some(left) if left > 0 => Some(left),
                _ => return,
            },
        };
        if let Ok(interval) = Interval::new(start, meeting_end) {
            self.found.push(FreeTime {
                counselor: self.calendar.counselor.clone(),
                interval,
                seats: grid.seats,
                seats_left,
            });
        }
    }

    /// Does `[start, end)` overlap a busy span? Moves the index forward; a start earlier than
    /// the previous one (only possible around the autumn change) searches afresh.
    fn busy_overlaps(&mut self, start: DateTime<Utc>, end: DateTime<Utc>) -> bool {
        if self.last_start.is_some_and(|last| start < last) {
            self.busy_idx = self.busy.partition_point(|span| span.end <= start);
        }
        self.last_start = Some(start);
        while self.busy.get(self.busy_idx).is_some_and(|span| span.end <= start) {
            self.busy_idx += 1;
        }
        self.busy.get(self.busy_idx).is_some_and(|span| span.start < end)
    }

    /// Seats left at `[start, end)` for a group offer with `seats` per meeting, or `None` when
    /// one of the offer's own sessions overlaps without starting at `start`.
    fn seats_left(&self, start: DateTime<Utc>, end: DateTime<Utc>, seats: u32) -> Option<u32> {
        let reach = self.sessions.partition_point(|session| session.span.start < end);
        let mut joined: Option<u32> = None;
        for idx in (0..reach).rev() {
            if self.sessions_reach[idx] <= start {
                break;
            }
            let session = &self.sessions[idx];
            if session.span.end <= start {
                continue;
            }
            // Contract §4 (groups): a candidate may only join this offer's session at the same
            // start; two sessions at one start (should not happen) count by the fuller one.
            if session.span.start != start {
                return None;
            }
            joined = Some(joined.map_or(session.seats_left, |left| left.min(session.seats_left)));
        }
        Some(joined.unwrap_or(seats))
    }
}
