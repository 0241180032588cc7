//! The availability read model: what a listing of free times needs that changes only when
//! staff administer, held in memory per offer ([`OfferStatics`]): the offer, its active
//! counselors who take self-bookings, their weekly hours, their jobcenters' closing calendars,
//! the interview type's rule and the offer's room pool.
//!
//! It is kept correct by one number, `read_model_version`, which database triggers raise in
//! every transaction that writes one of those tables (migration 000021), so no writer, in this
//! instance or another on the same PostgreSQL, can forget it. A listing reads the number in
//! its own transaction (one query instead of about ten) and reuses what it holds only when it
//! was loaded at that number; otherwise it loads afresh and keeps the result for the number it
//! read first, so held data is never older than its number. A raise is seen only when its
//! transaction commits, so a listing never pairs a number with data older than it.
//!
//! What bookings and calendars occupy (occupied time, seat reservations, busy blocks, days off,
//! room holds and closures) is held too, per offer as rows over a span ([`HeldTimes`]), under a
//! second number, `occupancy_version`, which every transaction that writes those tables raises
//! when it commits (migration 000027): a listing reuses them only when both numbers are the
//! ones they were loaded at, so a listing sees every write that committed before it began.
//! Reserving, confirming and summoning never read this model: the database decides a booking,
//! the model only makes listing cheaper.
//!
//! The registered callers are kept under the first number too (migration 000028), so a SOAP
//! call reads the two numbers once ([`Numbers`]) and finds both its caller and, for a listing,
//! the listing in memory.
//!
//! Listings themselves are kept too ([`Memo`]: what a caller made of one offer's free times
//! over one window), under both numbers and for as long as the clock alone leaves them as they
//! are (`Store::offer_listing`); a raise of either number forgets them all.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Utc};

use diesel::prelude::*;

use crate::domain::room::Room;
use crate::domain::type_rules::TypeRule;
use crate::domain::{Caller, CaseworkerId, Counselor, Interval, JobCenterCode, Offer, OfferId};
use crate::store::calendar::TimeRows;
use crate::store::db::conn::on_backend;
use crate::store::db::schema::{occupancy_version, read_model_version};
use crate::store::rooms::RoomSpans;
use crate::store::{attributes, calendar, reference, rooms, type_rules, AnyConnection, Error};

/// How many spans of one offer's rows are held at most (listings ask for a few windows: this
/// week, the next weeks); the oldest goes first.
const SPANS_PER_OFFER: usize = 4;

/// How many listings are kept at most (a GetSelfbookTimeslots answer is about 25 KB); when
/// full, those the clock has outdated go first, then all.
const MEMOS: usize = 256;

/// How many callers are kept at most (identities come from verified certificates only).
const CALLERS: usize = 1024;

/// The read model's two numbers as one query read them: what is held is reused only when it was
/// loaded at the same numbers. Read them once per call with `Store::numbers`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Numbers {
    version: i64,
    occupancy: i64,
}

/// What a listing is kept under: the offer, the window, the caseworker filter and the type the
/// caller made of it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct MemoKey {
    pub(crate) offer: OfferId,
    pub(crate) window: Interval,
    pub(crate) caseworker: Option<CaseworkerId>,
    pub(crate) made_as: TypeId,
}

/// A kept listing: what a caller made of one offer's free times, valid from `made_at` through
/// `until` at the numbers it is held under.
#[derive(Clone)]
pub(crate) struct Memo {
    /// The offer's jobcenter.
    pub(crate) jobcenter: JobCenterCode,
    /// The clock's reading the times were computed at: no earlier reading is served.
    pub(crate) made_at: DateTime<Utc>,
    /// The last reading the times hold at.
    pub(crate) until: DateTime<Utc>,
    /// What the caller made of them.
    pub(crate) value: Arc<dyn Any + Send + Sync>,
}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Memo")
            .field("made_at", &self.made_at)
            .field("until", &self.until)
            .finish_non_exhaustive()
    }
}

impl Memo {
    fn serves(&self, now: DateTime<Utc>) -> bool {
        self.made_at <= now && now <= self.until
    }
}

/// What listing the free times of one offer reads that only administration changes.
#[derive(Debug)]
pub(crate) struct OfferStatics {
    /// The offer.
    pub(crate) offer: Offer,
    /// Its active counselors who take self-bookings, in caseworker-id order.
    pub(crate) counselors: Vec<Counselor>,
    /// The rule of its interview type in its jobcenter.
    pub(crate) rule: TypeRule,
    /// Its counselors' weekly hours and their jobcenters' closing calendars.
    pub(crate) calendar: calendar::Statics,
    /// The rooms it draws from (none: it needs no room).
    pub(crate) rooms: Vec<Room>,
}

impl OfferStatics {
    /// Reads it from the database.
    fn load(conn: &mut AnyConnection, id: &OfferId) -> Result<Self, Error> {
        let offer = reference::load_offer(conn, id)?;
        let mut counselors = reference::counselors_of_offer(conn, id)?;
        // Counselors who take no self-bookings hold no times for citizens.
        let ids: Vec<&str> = counselors.iter().map(|c| c.id.as_str()).collect();
        let off = attributes::self_booking_off(conn, &ids)?;
        if !off.is_empty() {
            counselors.retain(|c| !off.contains(c.id.as_str()));
        }
        let rule = type_rules::rule_of(conn, &offer.jobcenter, offer.interview_type)?;
        let calendar = calendar::load_statics(conn, id, &counselors)?;
        let rooms = rooms::pool_of(conn, id)?;
        Ok(Self { offer, counselors, rule, calendar, rooms })
    }
}

/// What the counselors of one offer hold over a span (see the module doc), as of one
/// `occupancy_version`.
#[derive(Debug)]
pub(crate) struct HeldTimes {
    /// Their exceptions, busy blocks, occupied time and seat reservations.
    pub(crate) rows: TimeRows,
    /// The holds and closures of the offer's rooms over the same span (none: no room needed).
    pub(crate) rooms: Option<RoomSpans>,
}

impl HeldTimes {
    fn load(conn: &mut AnyConnection, statics: &OfferStatics, span: Interval) -> Result<Self, Error> {
        let rows = TimeRows::load(conn, &statics.offer.id, span)?;
        let rooms = RoomSpans::read(conn, &statics.offer, &statics.rooms, span)?;
        Ok(Self { rows, rooms })
    }
}

/// The read model one [`Store`](crate::store::Store) and its clones share.
#[derive(Debug, Default)]
pub(crate) struct ReadModel {
    held: Mutex<Held>,
}

#[derive(Debug, Default)]
struct Held {
    version: i64,
    occupancy: i64,
    offers: HashMap<OfferId, Arc<OfferStatics>>,
    times: HashMap<OfferId, Vec<Arc<HeldTimes>>>,
    memos: HashMap<MemoKey, Memo>,
    callers: HashMap<String, Option<Caller>>,
}

impl Held {
    /// Forgets what is older than the numbers one transaction read.
    fn catch_up(&mut self, version: i64, occupancy: i64) {
        if version > self.version {
            self.version = version;
            self.offers.clear();
            self.times.clear();
            self.memos.clear();
            self.callers.clear();
        }
        if occupancy > self.occupancy {
            self.occupancy = occupancy;
            self.times.clear();
            self.memos.clear();
        }
    }
}

impl Numbers {
    /// Reads them on `conn`, in one query (one statement is one snapshot on both backends), on
    /// the backend's own connection ([`on_backend`]): it runs once per SOAP call (issue 19).
    pub(crate) fn read(conn: &mut AnyConnection) -> Result<Self, Error> {
        let (version, occupancy) = on_backend!(conn, conn => {
            let occupancy = occupancy_version::table.find(1).select(occupancy_version::version).single_value();
            let both = read_model_version::table.find(1).select((read_model_version::version, occupancy));
            both.first::<(i64, Option<i64>)>(conn)?
        });
        Ok(Self { version, occupancy: occupancy.unwrap_or_default() })
    }
}

/// The read model as of the numbers one transaction read ([`ReadModel::at`]).
pub(crate) struct At<'a> {
    model: &'a ReadModel,
    version: i64,
    occupancy: i64,
}

impl ReadModel {
    /// Reads the current numbers on `conn` (inside the caller's transaction), in one query.
    pub(crate) fn at(&self, conn: &mut AnyConnection) -> Result<At<'_>, Error> {
        Ok(self.at_numbers(Numbers::read(conn)?))
    }

    /// The read model as of numbers read earlier.
    pub(crate) fn at_numbers(&self, numbers: Numbers) -> At<'_> {
        At { model: self, version: numbers.version, occupancy: numbers.occupancy }
    }

    fn held(&self) -> std::sync::MutexGuard<'_, Held> {
        // The held maps are replaced whole or extended by one entry: a panic elsewhere cannot
        // leave them half-written, so a poisoned lock is safe to go on with.
        self.held.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl At<'_> {
    /// The statics of offer `id`: held ones loaded at this version, or loaded now on `conn`.
    pub(crate) fn offer(&self, conn: &mut AnyConnection, id: &OfferId) -> Result<Arc<OfferStatics>, Error> {
        {
            let held = self.model.held();
            if held.version == self.version {
                if let Some(found) = held.offers.get(id) {
                    return Ok(Arc::clone(found));
                }
            }
        }
        let loaded = Arc::new(OfferStatics::load(conn, id)?);
        let mut held = self.model.held();
        held.catch_up(self.version, self.occupancy);
        if self.version == held.version {
            held.offers.insert(id.clone(), Arc::clone(&loaded));
        }
        Ok(loaded)
    }

    /// What the counselors of `statics`' offer hold over a span covering `window`: held rows
    /// loaded at these numbers, or loaded now on `conn` over the whole days around `window`.
    pub(crate) fn times(
        &self,
        conn: &mut AnyConnection,
        statics: &OfferStatics,
        window: Interval,
    ) -> Result<Arc<HeldTimes>, Error> {
        let id = &statics.offer.id;
        {
            let held = self.model.held();
            if (held.version, held.occupancy) == (self.version, self.occupancy) {
                let found = held.times.get(id).into_iter().flatten().find(|t| t.rows.covers(window));
                if let Some(found) = found {
                    return Ok(Arc::clone(found));
                }
            }
        }
        let loaded = Arc::new(HeldTimes::load(conn, statics, TimeRows::span_for(window)?)?);
        let mut held = self.model.held();
        held.catch_up(self.version, self.occupancy);
        if (held.version, held.occupancy) == (self.version, self.occupancy) {
            let spans = held.times.entry(id.clone()).or_default();
            if spans.len() >= SPANS_PER_OFFER {
                spans.remove(0);
            }
            spans.push(Arc::clone(&loaded));
        }
        Ok(loaded)
    }
}

impl At<'_> {
    /// The listing kept under `key` that serves the clock's reading `now`, when it was kept at
    /// these numbers.
    pub(crate) fn memo(&self, key: &MemoKey, now: DateTime<Utc>) -> Option<Memo> {
        let held = self.model.held();
        if (held.version, held.occupancy) != (self.version, self.occupancy) {
            return None;
        }
        held.memos.get(key).filter(|memo| memo.serves(now)).cloned()
    }

    /// Keeps `memo` under `key`, made from what was read at these numbers, unless a newer
    /// number was seen meanwhile.
    pub(crate) fn keep(&self, key: MemoKey, memo: Memo) {
        let mut held = self.model.held();
        held.catch_up(self.version, self.occupancy);
        if (held.version, held.occupancy) != (self.version, self.occupancy) {
            return;
        }
        if held.memos.len() >= MEMOS {
            let now = memo.made_at;
            held.memos.retain(|_, kept| kept.until >= now);
            if held.memos.len() >= MEMOS {
                held.memos.clear();
            }
        }
        held.memos.insert(key, memo);
    }
}

impl At<'_> {
    /// The caller with `identity` kept at this version: `Some(None)` for one kept as not
    /// registered, `None` when nothing is kept.
    pub(crate) fn caller(&self, identity: &str) -> Option<Option<Caller>> {
        let held = self.model.held();
        if held.version != self.version {
            return None;
        }
        held.callers.get(identity).cloned()
    }

    /// Keeps the caller with `identity` (or that there is none), read at these numbers.
    pub(crate) fn keep_caller(&self, identity: &str, caller: Option<Caller>) {
        let mut held = self.model.held();
        held.catch_up(self.version, self.occupancy);
        if held.version != self.version {
            return;
        }
        if held.callers.len() >= CALLERS {
            held.callers.clear();
        }
        held.callers.insert(identity.to_owned(), caller);
    }
}
