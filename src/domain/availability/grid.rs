//! The offer's grid and limits for one search: which starts may be offered at all, and which
//! local dates must be visited to find them.
//!
//! All limits (window, minimum notice, horizon, first and last timeslot) fold into one closed
//! range of allowed starts, computed once per search, so the per-candidate work is two
//! comparisons. Arithmetic on instants is checked: an absurd horizon or notice never panics, it
//! only widens or empties the range.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::local::LocalDay;
use crate::domain::{Offer, OfferId};

/// One search's grid: meeting length, step, seats and the range of allowed starts.
#[derive(Debug, Clone)]
pub(super) struct Grid<'a> {
    /// The offer searched; group sessions of this offer may be joined.
    pub(super) offer: &'a OfferId,
    /// Seats per meeting for group offers; `None` for individual ones.
    pub(super) seats: Option<u32>,
    /// Meeting length.
    pub(super) duration: Duration,
    /// Meeting plus buffer: the grid step and the span a meeting occupies.
    pub(super) step: Duration,
    /// The step in nanoseconds, when it fits an `i64` (below ~292 years).
    step_nanos: Option<i64>,
    /// No start before this instant.
    pub(super) earliest: DateTime<Utc>,
    /// No start after this instant.
    pub(super) latest: DateTime<Utc>,
}

impl<'a> Grid<'a> {
    /// The grid for starts in `[from, to]` as of `now`; `None` when no start can be free
    /// (inactive offer, invalid rules, or limits that leave nothing).
    pub(super) fn new(
        offer: &'a Offer,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Option<Self> {
        let rules = &offer.slots;
        // `SlotRules` fields are public, so the checks of `SlotRules::new` are repeated here:
        // a zero step would never advance.
        if !offer.active || rules.duration <= Duration::zero() || rules.buffer < Duration::zero() {
            return None;
        }
        let step = rules.duration.checked_add(&rules.buffer)?;
        // Contract §4: minimum notice counts from now. An overflowing notice far in the future
        // leaves nothing; one far in the past sets no limit.
        let notice_floor = match now.checked_add_signed(rules.min_notice) {
            Some(floor) => Some(floor),
            None if rules.min_notice > Duration::zero() => return None,
            None => None,
        };
        let horizon_ceiling = match now.checked_add_signed(rules.horizon) {
            Some(ceiling) => Some(ceiling),
            None if rules.horizon < Duration::zero() => return None,
            None => None,
        };
        let earliest = [Some(from), notice_floor, rules.first].into_iter().flatten().max()?;
        let latest = [Some(to), horizon_ceiling, rules.last].into_iter().flatten().min()?;
        (earliest <= latest).then_some(Self {
            offer: &offer.id,
            seats: offer.form.seats(),
            duration: rules.duration,
            step,
            step_nanos: step.num_nanoseconds(),
            earliest,
            latest,
        })
    }

    /// The first start on the grid of a period `[open, close)` that is not before `earliest`.
    pub(super) fn first_start(&self, open: DateTime<Utc>, close: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.earliest <= open {
            return Some(open);
        }
        if self.earliest >= close {
            return None;
        }
        // The period lies within one local date, so the distance fits in nanoseconds; a step too
        // long for nanoseconds cannot reach a second start inside it.
        let behind = (self.earliest - open).num_nanoseconds()?;
        let step = self.step_nanos?;
        let steps = behind / step + i64::from(behind % step != 0);
        open.checked_add_signed(Duration::nanoseconds(steps.checked_mul(step)?))
    }

    /// The local dates whose working periods may hold an allowed start: one date of margin on
    /// each side, because a local date reaches into the neighbouring UTC dates.
    pub(super) fn days(&self) -> Days {
        let first = self.earliest.naive_utc().date();
        let last = self.latest.naive_utc().date();
        Days { next: Some(first.pred_opt().unwrap_or(first)), last: last.succ_opt().unwrap_or(last) }
    }
}

/// The dates of one search with their zone lookups done once and shared by all counselors;
/// beyond `MAX_CACHED_DAYS` (only absurd windows) dates are looked up again per counselor so
/// memory stays bounded.
#[derive(Debug, Clone)]
pub(super) struct DayPlan {
    cached: Vec<LocalDay>,
    rest: Days,
}

/// About ten years of dates.
const MAX_CACHED_DAYS: usize = 3_700;

impl DayPlan {
    /// Looks up the first dates of `days`.
    pub(super) fn new(mut days: Days) -> Self {
        let cached = days.by_ref().take(MAX_CACHED_DAYS).collect();
        Self { cached, rest: days }
    }

    /// All dates in ascending order.
    pub(super) fn iter(&self) -> impl Iterator<Item = LocalDay> + '_ {
        self.cached.iter().copied().chain(self.rest.clone())
    }
}

/// Local dates in ascending order, each with its zone lookup done once.
#[derive(Debug, Clone)]
pub(super) struct Days {
    next: Option<NaiveDate>,
    last: NaiveDate,
}

impl Iterator for Days {
    type Item = LocalDay;

    fn next(&mut self) -> Option<LocalDay> {
        let date = self.next.filter(|date| *date <= self.last)?;
        self.next = date.succ_opt();
        Some(LocalDay::new(date))
    }
}
