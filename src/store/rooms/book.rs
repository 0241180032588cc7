//! What one run of placements (a chunk of a bulk summons) knows of an offer's rooms: the
//! fitting rooms of its pool and their busy spans, read once and kept up to date with the
//! holds the run makes, so a placement picks its room without reading every hold again.
//!
//! A bulk summons keeps one book for its whole run: the holds are read once, the closures again
//! for every chunk (`reread_closures`). A new booking's row is written with the room the book
//! picks ([`RoomBook::pick`]), so it holds the room in the same statement. The database keeps
//! the last word on holds: a room it refuses (another writer took it since the read) is marked
//! busy and the next one is tried ([`RoomBook::hold`]). A hold another writer gave up
//! meanwhile stays busy in the book: the run does not use it, the next run will.

use std::cell::RefCell;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rustc_hash::FxHashMap;

use super::{lock_rooms, pool_of, spans};
use crate::domain::availability::FreeTime;
use crate::domain::room::Room;
use crate::domain::{self, Interval, Offer};
use crate::store::{AnyConnection, Error};

/// The busy spans (holds and closures) of some rooms over a window, by the rooms' positions in
/// the list they were read for (no room id is hashed in the searches), each room's sorted by
/// start with the running latest end, so "is this room free over a span" takes a binary search.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Busy {
    per_room: Vec<OneRoom>,
}

/// One room's busy spans: their starts in order, and the latest end up to each of them.
type OneRoom = (Vec<DateTime<Utc>>, Vec<DateTime<Utc>>);

impl Busy {
    /// The spans of `rooms` (each room's spans in any order), kept by the rooms' positions.
    pub(super) fn new(rooms: &[&str], mut spans: HashMap<String, Vec<Interval>>) -> Self {
        let per_room = rooms
            .iter()
            .map(|room| {
                let mut spans = spans.remove(*room).unwrap_or_default();
                spans.sort_by_key(Interval::start);
                let starts = spans.iter().map(Interval::start).collect();
                let mut latest: Option<DateTime<Utc>> = None;
                let ends = spans
                    .iter()
                    .map(|span| {
                        let end = latest.map_or(span.end(), |l| l.max(span.end()));
                        latest = Some(end);
                        end
                    })
                    .collect();
                (starts, ends)
            })
            .collect();
        Self { per_room }
    }

    /// True when nothing of the room at `room` overlaps `span`: of the spans starting before it
    /// ends, the latest end is not after it starts.
    pub(super) fn free(&self, room: usize, span: &Interval) -> bool {
        let Some((starts, ends)) = self.per_room.get(room) else { return true };
        let before_end = starts.partition_point(|start| *start < span.end());
        before_end == 0 || ends[before_end - 1] <= span.start()
    }

    /// Marks `span` of the room at `room` busy.
    fn add(&mut self, room: usize, span: Interval) {
        let Some((starts, ends)) = self.per_room.get_mut(room) else { return };
        let at = starts.partition_point(|start| *start <= span.start());
        starts.insert(at, span.start());
        ends.insert(at, span.end());
        let mut latest = if at == 0 { None } else { Some(ends[at - 1]) };
        for end in ends.iter_mut().skip(at) {
            let now_latest = latest.map_or(*end, |l: DateTime<Utc>| l.max(*end));
            *end = now_latest;
            latest = Some(now_latest);
        }
    }
}

/// What a [`RoomBook`] reads: the fitting rooms of an offer's pool and their holds and closures
/// over a window. It holds no search state, so the availability read model can keep it.
#[derive(Debug)]
pub(crate) struct RoomSpans {
    fitting: Vec<String>,
    /// The rooms' holds.
    busy: Busy,
    /// The rooms' closures.
    closed: Busy,
}

impl RoomSpans {
    /// Reads the spans of `offer`'s fitting rooms of `pool` over `window`; `None` when the pool
    /// is empty (the offer needs no room).
    pub(crate) fn read(
        conn: &mut AnyConnection,
        offer: &Offer,
        pool: &[Room],
        window: Interval,
    ) -> Result<Option<Self>, Error> {
        if pool.is_empty() {
            return Ok(None);
        }
        let needed = offer.form.seats().unwrap_or(1);
        let fitting: Vec<String> = pool.iter().filter(|r| r.fits(needed)).map(|r| r.id.clone()).collect();
        let ids: Vec<&str> = fitting.iter().map(String::as_str).collect();
        let (busy, closed) = (spans(conn, &ids, window, false)?, spans(conn, &ids, window, true)?);
        Ok(Some(Self { fitting, busy, closed }))
    }

    /// True when the room at `room` of `fitting` is neither held nor closed over `span`.
    fn free(&self, room: usize, span: &Interval) -> bool {
        self.busy.free(room, span) && self.closed.free(room, span)
    }

    /// The times of `times` (of `offer`) for which some room is free, answered from the spans as
    /// read (a listing; [`RoomBook::keep_free`] for a run that places).
    pub(crate) fn keep_free(&self, offer: &Offer, times: Vec<FreeTime>) -> Vec<FreeTime> {
        keep_with_room(offer, times, |span| (0..self.fitting.len()).any(|room| self.free(room, &span)))
    }
}

/// The times of `times` (of `offer`) for which `free_room` finds a room over the meeting and its
/// buffer. A group session already running holds its room: its seats stay bookable. Many
/// counselors' times share one span: each span is answered once.
fn keep_with_room(
    offer: &Offer,
    times: Vec<FreeTime>,
    mut free_room: impl FnMut(Interval) -> bool,
) -> Vec<FreeTime> {
    let mut answered: FxHashMap<Interval, bool> = FxHashMap::default();
    let mut free_once = |span: Interval| *answered.entry(span).or_insert_with(|| free_room(span));
    times
        .into_iter()
        .filter(|t| {
            t.seats_left.is_some_and(|left| Some(left) != t.seats)
                || Interval::new(t.interval.start(), t.interval.end() + offer.slots.buffer)
                    .is_ok_and(&mut free_once)
        })
        .collect()
}

/// The fitting rooms of an offer's pool and what holds or closes them (see the module doc).
#[derive(Debug)]
pub(crate) struct RoomBook {
    /// The fitting rooms, their holds (added to as the run places) and closures.
    spans: RoomSpans,
    /// Per span searched, how many rooms from the first are known not to be free over it.
    /// Holds are only added while the book lives, so a room once busy stays busy unless the
    /// closures read again differ; then this is forgotten. A bulk summons fills the rooms from the
    /// first, so without it each search would walk past every room filled before.
    skip: RefCell<FxHashMap<Interval, usize>>,
}

impl RoomBook {
    /// The book of `offer` over `window`; `None` when the offer needs no room.
    pub(crate) fn load(
        conn: &mut AnyConnection,
        offer: &Offer,
        window: Interval,
    ) -> Result<Option<Self>, Error> {
        let pool = pool_of(conn, &offer.id)?;
        let spans = RoomSpans::read(conn, offer, &pool, window)?;
        Ok(spans.map(|spans| Self { spans, skip: RefCell::default() }))
    }

    /// Reads the rooms' closures over `window` again (they are not kept by any constraint).
    pub(crate) fn reread_closures(
        &mut self,
        conn: &mut AnyConnection,
        window: Interval,
    ) -> Result<(), Error> {
        let ids: Vec<&str> = self.spans.fitting.iter().map(String::as_str).collect();
        let closed = spans(conn, &ids, window, true)?;
        if closed != self.spans.closed {
            self.spans.closed = closed;
            self.skip.get_mut().clear();
        }
        Ok(())
    }

    /// The position in `fitting` of the first room free over `span`.
    fn first_free(&self, span: &Interval) -> Option<usize> {
        let mut skip = self.skip.borrow_mut();
        let from = skip.get(span).copied().unwrap_or(0);
        let found = (from..self.spans.fitting.len()).find(|room| self.spans.free(*room, span));
        skip.insert(*span, found.unwrap_or(self.spans.fitting.len()));
        found
    }

    /// The times of `times` (of `offer`) for which a room is free over the meeting and its
    /// buffer by the book, with the holds the run made so far.
    pub(crate) fn keep_free(&self, offer: &Offer, times: Vec<FreeTime>) -> Vec<FreeTime> {
        keep_with_room(offer, times, |span| self.first_free(&span).is_some())
    }

    /// The first room free over `span` by the book, by its position and id: the room a new row
    /// is written with ([`RoomBook::taken`] once the database accepted or refused it).
    pub(crate) fn pick(&self, span: &Interval) -> Option<(usize, String)> {
        self.first_free(span).map(|at| (at, self.spans.fitting[at].clone()))
    }

    /// Marks the room at position `at` busy over `span`: a row holding it was written, or the
    /// database refused it.
    pub(crate) fn taken(&mut self, at: usize, span: Interval) {
        self.spans.busy.add(at, span);
    }

    /// Makes occupied-time row `occupancy_id` hold the first room free over `span` by the book
    /// that the database accepts; `SlotTaken` when none is left.
    pub(crate) fn hold(
        &mut self,
        conn: &mut AnyConnection,
        occupancy_id: &str,
        span: Interval,
        fresh: bool,
    ) -> Result<(), Error> {
        // A seat in a group session that already holds its room needs no other; a row written
        // just now (`fresh`) holds nothing yet.
        if !fresh && super::room_of(conn, occupancy_id)?.is_some() {
            return Ok(());
        }
        if matches!(conn, AnyConnection::Postgresql(_)) {
            let mut ids: Vec<&str> = self.spans.fitting.iter().map(String::as_str).collect();
            ids.sort_unstable();
            lock_rooms(conn, &ids)?;
        }
        // The first free room by the book; a room the database refuses is marked busy, so the
        // next search finds the next one.
        while let Some(at) = self.first_free(&span) {
            match super::holds::take(conn, occupancy_id, &self.spans.fitting[at]) {
                Ok(_) => {
                    self.spans.busy.add(at, span);
                    return Ok(());
                }
                Err(Error::Conflict(domain::Error::SlotTaken)) => self.spans.busy.add(at, span),
                Err(other) => return Err(other),
            }
        }
        Err(domain::Error::SlotTaken.into())
    }
}
