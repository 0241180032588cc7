//! The earliest times a summons of one citizen would take, without taking any: the staff web
//! app shows them for the summoner to choose from, then books the chosen one with
//! `Store::summon_one` and its exact start (which checks everything again, and where the
//! database has the last word).
//!
//! The same rules and the same engine as `summon_one` ([`checked_offer`], the calendars,
//! `free_times`, the rooms, the placement planner's earliest-first order), read on one
//! snapshot; nothing is written, not even the citizen.

use chrono::{DateTime, Utc};
use diesel::Connection;

use crate::domain::summons::{Planner, Strategy};
use crate::domain::{availability, Counselor, Interval, Offer};
use crate::store::summons::{checked_offer, SummonRequest};
use crate::store::{calendar, Error, Store};

/// One time a summons could take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposedTime {
    /// With whom.
    pub counselor: Counselor,
    /// The meeting (without buffer).
    pub interval: Interval,
    /// Free seats of a group session.
    pub seats_left: Option<u32>,
}

/// What [`Store::summons_proposals`] found.
#[derive(Debug, Clone)]
pub struct Proposals {
    /// The offer the summons is for.
    pub offer: Offer,
    /// The earliest free times, earliest first (at most the number asked for).
    pub times: Vec<ProposedTime>,
}

impl Store {
    /// The `count` earliest times `request` could take now (its `start` is ignored), with the
    /// refusals [`Store::summon_one`] would give: `TypeNotOffered`, `ContactMissing`,
    /// `AlreadyBooked`, `NotFound(Counselor)` for a pool member who does not serve the offer,
    /// and `NoBookingOptions` when nothing in the window is free.
    pub fn summons_proposals(
        &self,
        request: &SummonRequest,
        count: usize,
        now: DateTime<Utc>,
    ) -> Result<Proposals, Error> {
        request.changes.validate()?;
        crate::domain::booking::check_horizon("to", request.window.end(), now)?;
        let citizen = self.vault.hash(&request.cpr);
        let mut conn = self.conn()?;
        conn.transaction(|conn| {
            let (offer, pool) = checked_offer(conn, &citizen, request, now)?;
            let calendars = calendar::load(conn, &offer.id, &pool, request.window, now)?;
            let free = availability::free_times(&offer, &calendars, request.window, now);
            let free = crate::store::rooms::with_free_room(conn, &offer, free)?;
            let seats: Vec<_> =
                free.iter().map(|time| (time.counselor.clone(), time.interval, time.seats_left)).collect();
            let ids: Vec<_> = pool.iter().map(|c| c.id.clone()).collect();
            let step = offer.slots.duration + offer.slots.buffer;
            let mut planner = Planner::new(Strategy::EarliestFirst, &ids, free, step, &[]);
            let mut times: Vec<ProposedTime> = Vec::new();
            while times.len() < count {
                let Some(slot) = planner.propose() else { break };
                // A group session proposes each of its seats; one of them is enough here.
                if times.iter().any(|t| t.counselor.id == slot.counselor && t.interval == slot.interval) {
                    continue;
                }
                let seats_left = seats
                    .iter()
                    .find(|(counselor, interval, _)| {
                        *counselor == slot.counselor && *interval == slot.interval
                    })
                    .and_then(|(_, _, left)| *left);
                if let Some(counselor) = pool.get(slot.counselor_idx) {
                    times.push(ProposedTime {
                        counselor: counselor.clone(),
                        interval: slot.interval,
                        seats_left,
                    });
                }
            }
            if times.is_empty() {
                return Err(crate::domain::Error::NoBookingOptions.into());
            }
            Ok(Proposals { offer, times })
        })
    }
}
