//! The placement planner of bulk summons (masseindkaldelse): which citizen goes to which
//! counselor at which free time.
//!
//! The planner is incremental: the store asks for one placement at a time ([`Planner::propose`]),
//! tries to write it, and tells the planner when the database refused the time
//! ([`Planner::reject`]), so a time taken meanwhile costs one retry, not a new plan.
//! Each counselor's free times are a queue with a cursor; the strategies pick a counselor with a
//! binary heap (earliest head time, or fewest placements), so placing N citizens over C
//! counselors and T times costs O((N + T) log C), never N x T.
//! Group offers fill a session's seats before its counselor's cursor moves on.
//! Like all of `domain` it does no I/O and reads no clock.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use chrono::{DateTime, Duration, Utc};

use super::availability::FreeTime;
use super::{
    Booking, BookingId, BookingStatus, ChangeFlags, ChangeRules, Channel, CounselorId, Interval,
    JobCenterCode, Offer, Originator,
};

/// How citizens are spread over the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// Each citizen gets the earliest free time left with any counselor of the pool.
    EarliestFirst,
    /// Each citizen goes to the counselor with the fewest placements so far (ties by pool order),
    /// at that counselor's earliest free time left.
    SpreadEvenly,
}

impl Strategy {
    /// The storage and command-line name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Strategy::EarliestFirst => "earliest",
            Strategy::SpreadEvenly => "spread",
        }
    }

    /// Parses the storage and command-line name (`earliest` or `spread`).
    pub fn parse(text: &str) -> Result<Self, super::Error> {
        match text {
            "earliest" => Ok(Strategy::EarliestFirst),
            "spread" => Ok(Strategy::SpreadEvenly),
            _ => Err(super::Error::InvalidText { field: "strategy", max: 8 }),
        }
    }
}

/// Why a citizen was not placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NotPlacedReason {
    /// No free time was left in the window with any counselor of the pool.
    NoFreeTime,
    /// The citizen already holds a future booking of the offer (contract §4).
    AlreadyBooked,
    /// The offer was deactivated before the citizen's turn came.
    OfferInactive,
    /// The interview type requires contact data (e-mail or mobile number) the citizen's line
    /// does not give.
    ContactMissing,
}

impl NotPlacedReason {
    /// The storage and report name.
    pub fn as_str(&self) -> &'static str {
        match self {
            NotPlacedReason::NoFreeTime => "no free time left in the window",
            NotPlacedReason::AlreadyBooked => "already has a future booking of the offer",
            NotPlacedReason::OfferInactive => "the offer was deactivated",
            NotPlacedReason::ContactMissing => {
                "the interview type requires contact data the line does not give"
            }
        }
    }

    /// Parses the storage name.
    pub fn parse(text: &str) -> Result<Self, super::Error> {
        [
            NotPlacedReason::NoFreeTime,
            NotPlacedReason::AlreadyBooked,
            NotPlacedReason::OfferInactive,
            NotPlacedReason::ContactMissing,
        ]
        .into_iter()
        .find(|reason| reason.as_str() == text)
        .ok_or(super::Error::InvalidText { field: "reason", max: 64 })
    }
}

/// Organisation type of a jobcenter (BookingOriginator), as in the SOAP operations.
pub const JOBCENTER_ORGANISATION_TYPE: i32 = 8;

/// The originator of a summons made by `jobcenter`'s summoners (CLI and admin API alike).
pub fn jobcenter_originator(jobcenter: &JobCenterCode) -> Originator {
    Originator { code: jobcenter.as_str().parse().unwrap_or(0), type_id: JOBCENTER_ORGANISATION_TYPE }
}

/// The rebook/cancel rules of a bulk summons given as "until this many hours before the
/// meeting": `None` means the citizen may not rebook (cancel) at all.
pub fn rules_from_hours(rebook_before: Option<i64>, cancel_before: Option<i64>) -> ChangeRules {
    ChangeRules {
        rebook_possible: rebook_before.is_some(),
        rebook_deadline_before: rebook_before.map(Duration::hours),
        cancel_possible: cancel_before.is_some(),
        cancel_deadline_before: cancel_before.map(Duration::hours),
    }
}

/// One placement the planner proposes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// Index of the counselor in the pool given to [`Planner::new`].
    pub counselor_idx: usize,
    /// The counselor.
    pub counselor: CounselorId,
    /// The meeting (without buffer).
    pub interval: Interval,
}

/// The outcome for one citizen of a pure plan ([`plan`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placement {
    /// Placed with this counselor at this time.
    Placed {
        /// The counselor.
        counselor: CounselorId,
        /// The meeting.
        interval: Interval,
    },
    /// Not placed, and why.
    NotPlaced {
        /// Why.
        reason: NotPlacedReason,
    },
}

/// One counselor's free times and how far the planner got through them.
#[derive(Debug, Clone)]
struct Queue {
    counselor: CounselorId,
    /// Free times sorted by start, with their seats left (1 for individual offers).
    times: Vec<(Interval, u32)>,
    cursor: usize,
    /// The start and the end of the span (meeting + buffer) of the last time used; other times
    /// must not start before that end (a group session with seats left may be used again).
    last_used: Option<(DateTime<Utc>, DateTime<Utc>)>,
    placed: usize,
}

impl Queue {
    /// The current free time, skipping exhausted ones and ones overlapping the last used span.
    fn head(&mut self) -> Option<Interval> {
        while let Some((interval, seats)) = self.times.get(self.cursor) {
            let overlaps = self
                .last_used
                .is_some_and(|(start, until)| interval.start() != start && interval.start() < until);
            if *seats == 0 || overlaps {
                self.cursor += 1;
                continue;
            }
            return Some(*interval);
        }
        None
    }
}

/// The incremental planner (see the module documentation). A clone is a checkpoint: the
/// store plans a chunk on one and goes back to it when the database refuses the chunk.
#[derive(Debug, Clone)]
pub struct Planner {
    strategy: Strategy,
    queues: Vec<Queue>,
    step: Duration,
    /// EarliestFirst: (head start, counselor); SpreadEvenly: (placements, counselor).
    heap: BinaryHeap<Reverse<(i64, usize)>>,
}

impl Planner {
    /// A planner over `counselors` (the pool, in order) and their free `times` (as the engine
    /// lists them for the offer over the window; times of counselors outside the pool are
    /// ignored). `step` is the offer's meeting plus buffer. `prior` counts placements already
    /// made per counselor (a resumed batch), so spreading stays even across chunks.
    pub fn new(
        strategy: Strategy,
        counselors: &[CounselorId],
        times: Vec<FreeTime>,
        step: Duration,
        prior: &[usize],
    ) -> Self {
        let mut queues: Vec<Queue> = counselors
            .iter()
            .enumerate()
            .map(|(idx, counselor)| Queue {
                counselor: counselor.clone(),
                times: Vec::new(),
                cursor: 0,
                last_used: None,
                placed: prior.get(idx).copied().unwrap_or(0),
            })
            .collect();
        let index: std::collections::HashMap<&CounselorId, usize> =
            counselors.iter().enumerate().map(|(idx, c)| (c, idx)).collect();
        for time in times {
            if let Some(&idx) = index.get(&time.counselor) {
                queues[idx].times.push((time.interval, time.seats_left.unwrap_or(1)));
            }
        }
        for queue in &mut queues {
            queue.times.sort_by_key(|(interval, _)| interval.start());
        }
        let mut planner = Self { strategy, queues, step, heap: BinaryHeap::new() };
        for idx in 0..planner.queues.len() {
            planner.push(idx);
        }
        planner
    }

    fn key(&mut self, idx: usize) -> Option<i64> {
        let queue = &mut self.queues[idx];
        let head = queue.head()?;
        Some(match self.strategy {
            Strategy::EarliestFirst => head.start().timestamp(),
            Strategy::SpreadEvenly => i64::try_from(queue.placed).unwrap_or(i64::MAX),
        })
    }

    fn push(&mut self, idx: usize) {
        if let Some(key) = self.key(idx) {
            self.heap.push(Reverse((key, idx)));
        }
    }

    /// The next placement, or `None` when no free time is left. The time counts as taken from
    /// now on (one seat of it for group offers); call [`Planner::reject`] if it cannot be written.
    pub fn propose(&mut self) -> Option<Slot> {
        while let Some(Reverse((key, idx))) = self.heap.pop() {
            // Entries are not updated in place: an entry whose key is no longer the counselor's
            // current key is stale, and a fresh one was pushed when the key changed.
            if self.key(idx) != Some(key) {
                continue;
            }
            let step = self.step;
            let queue = &mut self.queues[idx];
            let interval = queue.head()?;
            let entry = &mut queue.times[queue.cursor];
            entry.1 -= 1;
            queue.last_used =
                interval.start().checked_add_signed(step).map(|until| (interval.start(), until));
            queue.placed += 1;
            if entry.1 == 0 {
                queue.cursor += 1;
            }
            let counselor = queue.counselor.clone();
            self.push(idx);
            return Some(Slot { counselor_idx: idx, counselor, interval });
        }
        None
    }

    /// Tells the planner that `slot` could not be written (taken meanwhile): its time is dropped
    /// with all its seats, and the placement is not counted.
    pub fn reject(&mut self, slot: &Slot) {
        let Some(queue) = self.queues.get_mut(slot.counselor_idx) else {
            return;
        };
        queue.placed = queue.placed.saturating_sub(1);
        if let Some(entry) = queue.times.iter_mut().find(|(interval, _)| *interval == slot.interval) {
            entry.1 = 0;
        }
        self.push(slot.counselor_idx);
    }

    /// The earliest start of any free time not used up yet.
    pub fn earliest_left(&mut self) -> Option<DateTime<Utc>> {
        self.queues.iter_mut().filter_map(|queue| queue.head()).map(|head| head.start()).min()
    }

    /// Placements made so far per counselor, in pool order.
    pub fn placed(&self) -> Vec<usize> {
        self.queues.iter().map(|queue| queue.placed).collect()
    }
}

/// The booking a summons creates: the offer's codes, channel Summons, not self-booked, and the
/// rebook/cancel flags as the summoner set them (contract §4: summoned bookings are not
/// rebookable by the citizen unless the summoner said so).
pub fn summoned_booking(
    id: BookingId,
    offer: &Offer,
    counselor: &CounselorId,
    interval: Interval,
    changes: ChangeFlags,
    originator: Originator,
    group_meeting: Option<String>,
) -> Booking {
    Booking {
        id,
        counselor: counselor.clone(),
        jobcenter: offer.jobcenter.clone(),
        offer: Some(offer.id.clone()),
        interval,
        status: BookingStatus::Booked,
        channel: Channel::Summons,
        originator,
        interview_type: offer.interview_type,
        form_type: offer.form.code(),
        contact_type: offer.contact_types.first().copied().unwrap_or(1),
        changes,
        compulsory: offer.compulsory,
        self_booked: false,
        group_meeting,
        digital_link: None,
        lapsed_reason: None,
        billed: false,
        version: 1,
    }
}

/// Plans every citizen in order (`already_booked[i]` says whether citizen `i` already holds a
/// future booking of the offer) without any refusal from outside: the dry run and the tests.
pub fn plan(
    strategy: Strategy,
    counselors: &[CounselorId],
    times: Vec<FreeTime>,
    step: Duration,
    already_booked: &[bool],
) -> Vec<Placement> {
    let mut planner = Planner::new(strategy, counselors, times, step, &[]);
    already_booked
        .iter()
        .map(|&booked| {
            if booked {
                return Placement::NotPlaced { reason: NotPlacedReason::AlreadyBooked };
            }
            match planner.propose() {
                Some(slot) => Placement::Placed { counselor: slot.counselor, interval: slot.interval },
                None => Placement::NotPlaced { reason: NotPlacedReason::NoFreeTime },
            }
        })
        .collect()
}

#[cfg(test)]
#[path = "summons_tests.rs"]
mod tests;
