//! Summons (indkaldelse) of one citizen, and the pieces bulk summons shares with it: resolving
//! the offer and the pool, and writing one summoned booking.
//!
//! A summons goes through the same availability engine as self-booking
//! (`domain::availability::free_times`) and the same occupancy table, so it never takes a time
//! a citizen could not have booked, and the database's no-overlap rule has the last word.
//! Each booking is written inside a savepoint: a time taken meanwhile costs that one attempt,
//! never the surrounding transaction (which, in a batch, holds many other citizens).
//!
//! Bulk summons is in `batch` (its citizens file read by `citizens_csv`); who summoned a booking
//! in `summoner`; the earliest times a summons would take, without taking one, in `proposals`;
//! what the web app's summons pages carry from one page to the next, sealed, in `sealed`.

pub(crate) mod batch;
pub mod citizens_csv;
pub(crate) mod proposals;
pub(crate) mod sealed;
pub(crate) mod summoner;

use std::cell::RefCell;

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::domain::summons::{self, Planner, Slot, Strategy};
use crate::domain::type_rules::ContactData;
use crate::domain::CounselorId;
use crate::domain::{
    self, availability, Booking, BookingId, CaseworkerId, ChangeFlags, Counselor, Cpr, Interval,
    InterviewForm, JobCenterCode, Offer, OfferId, Originator,
};
use crate::store::booking::occupancy;
use crate::store::booking::BookingRow;
use crate::store::db::schema::{bookings, offers};
use crate::store::outbox::{enqueue_booking_event, Topic};
use crate::store::rooms::RoomBook;
use crate::store::{booking, calendar, citizens, reference, AnyConnection, Entity, Error, Store, Summoner};

/// Which offer a summons is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OfferChoice {
    /// This offer.
    Offer(OfferId),
    /// The jobcenter's active offer of this interview type (the first by name if several).
    InterviewType {
        /// The jobcenter.
        jobcenter: JobCenterCode,
        /// InterviewTypeIdentifier.
        interview_type: i32,
    },
}

/// A summons of one citizen, already parsed by the edge.
#[derive(Debug, Clone)]
pub struct SummonRequest {
    /// The citizen.
    pub cpr: Cpr,
    /// The offer.
    pub offer: OfferChoice,
    /// The counselors to choose from; empty means every active counselor of the offer.
    pub pool: Vec<CaseworkerId>,
    /// Where the meeting must lie.
    pub window: Interval,
    /// An exact start; otherwise the earliest fitting free time is taken.
    pub start: Option<DateTime<Utc>>,
    /// Rebook/cancel flags and deadlines as the summoner sets them (validated: 8125-8127).
    pub changes: ChangeFlags,
    /// Who summoned: the authority.
    pub originator: Originator,
    /// Who summoned: the caller and the person, recorded with the booking (None: unknown).
    pub summoner: Option<Summoner>,
    /// The citizen's contact data, checked against the interview type's rule (not stored).
    pub contact: ContactData,
}

/// Who a summoned booking is written for: the authority, and the summoner when known.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SummonedBy<'a> {
    /// The summoning authority (the booking's originator).
    pub originator: Originator,
    /// The caller and person, stored in `summoned_by` / `summoned_by_user`.
    pub summoner: Option<&'a Summoner>,
}

/// One citizen placed into one offer for one summoner at one instant: what stays the same
/// while the placement tries one proposed time after another.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Placement<'a> {
    /// The offer placed into.
    pub offer: &'a Offer,
    /// The citizen's lookup hash.
    pub citizen: &'a str,
    /// On whose behalf.
    pub by: SummonedBy<'a>,
    /// Now.
    pub now: DateTime<Utc>,
    /// The offer's rooms as the run knows them (a bulk summons' chunk), or `None` to read
    /// them per placement.
    pub rooms: Option<&'a RefCell<RoomBook>>,
}

/// Loads the offer a summons names; an inactive offer has no times to give.
pub(crate) fn resolve_offer(conn: &mut AnyConnection, choice: &OfferChoice) -> Result<Offer, Error> {
    let offer = match choice {
        OfferChoice::Offer(id) => reference::load_offer(conn, id)?,
        OfferChoice::InterviewType { jobcenter, interview_type } => {
            let id: String = offers::table
                .filter(offers::jobcenter_code.eq(jobcenter.as_str()))
                .filter(offers::interview_type.eq(interview_type))
                .filter(offers::active.eq(true))
                .order((offers::name, offers::id))
                .select(offers::id)
                .first(conn)
                .optional()?
                .ok_or(Error::NotFound(Entity::Offer))?;
            reference::load_offer(
                conn,
                &OfferId::parse(&id).map_err(|_| crate::store::db::corrupt("offer id"))?,
            )?
        }
    };
    if !offer.active {
        return Err(domain::Error::NoBookingOptions.into());
    }
    Ok(offer)
}

/// The offer's active counselors named in `pool` (in pool order), or all of them when `pool` is
/// empty, leaving out counselors who may be given no summons. A caseworker who does not serve the
/// offer, or takes no summons, is `NotFound(Counselor)`.
pub(crate) fn resolve_pool(
    conn: &mut AnyConnection,
    offer: &Offer,
    pool: &[CaseworkerId],
) -> Result<Vec<Counselor>, Error> {
    let mut serving = reference::counselors_of_offer(conn, &offer.id)?;
    let ids: Vec<&str> = serving.iter().map(|c| c.id.as_str()).collect();
    let off = crate::store::attributes::summons_off(conn, &ids)?;
    serving.retain(|c| !off.contains(c.id.as_str()));
    if pool.is_empty() {
        return Ok(serving);
    }
    pool.iter()
        .map(|caseworker| {
            serving
                .iter()
                .find(|c| &c.caseworker == caseworker)
                .cloned()
                .ok_or(Error::NotFound(Entity::Counselor))
        })
        .collect()
}

/// Writes one summoned booking at `slot`: its occupancy (a row, or a seat of the group session),
/// the booking and its BookingCreated event, inside a savepoint. When the database refuses the
/// time, expired reservations in the way are released and the write is tried once more.
pub(crate) fn write_booking(
    conn: &mut AnyConnection,
    placement: &Placement<'_>,
    slot: &Slot,
    changes: ChangeFlags,
) -> Result<Booking, Error> {
    let attempt =
        |conn: &mut AnyConnection| conn.transaction(|conn| write_once(conn, placement, slot, changes));
    match attempt(conn) {
        Err(Error::Conflict(domain::Error::SlotTaken)) => {
            let span = placement.offer.occupied_span(slot.interval)?;
            occupancy::release_expired(conn, &slot.counselor, span, placement.now)?;
            attempt(conn)
        }
        other => other,
    }
}

/// A fresh UUID (version 7) whose leading bits are the time: a batch inserts thousands of rows
/// at once, and time-ordered keys append to the primary-key B-trees instead of touching a
/// random page per row (which made a 20,000-citizen batch more than twice as slow per citizen).
pub(crate) fn time_ordered_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The booking a summons makes at `slot` on occupancy row `occupancy_id`, and its row (with
/// the summoner), not yet written.
pub(crate) fn summoned_row(
    placement: &Placement<'_>,
    slot: &Slot,
    changes: ChangeFlags,
    occupancy_id: String,
) -> Result<(Booking, BookingRow), Error> {
    let Placement { offer, citizen, by, now, .. } = *placement;
    let booking = summons::summoned_booking(
        BookingId::parse(&time_ordered_id())?,
        offer,
        &slot.counselor,
        slot.interval,
        changes,
        by.originator,
        offer.form.seats().map(|_| occupancy_id.clone()),
    );
    let mut row = BookingRow::new(&booking, citizen, Some(occupancy_id), now);
    row.summoned_by = by.summoner.map(|s| s.identity().to_owned());
    row.summoned_by_user = by.summoner.and_then(Summoner::user).map(str::to_owned);
    Ok((booking, row))
}

fn write_once(
    conn: &mut AnyConnection,
    placement: &Placement<'_>,
    slot: &Slot,
    changes: ChangeFlags,
) -> Result<Booking, Error> {
    let Placement { offer, now, .. } = *placement;
    let span = offer.occupied_span(slot.interval)?;
    let occupancy_id = match (offer.form, placement.rooms) {
        (InterviewForm::Individual, Some(book)) => occupy_with_room(conn, &slot.counselor, span, book)?,
        (InterviewForm::Individual, None) => {
            let id = individual_row(&slot.counselor, span, None).insert(conn)?;
            crate::store::rooms::hold_for(conn, offer, &id, span, false)?;
            id
        }
        (InterviewForm::Group { seats }, rooms) => {
            let id = occupancy::take_seat(conn, &slot.counselor, &offer.id, span, seats, now)?;
            match rooms {
                Some(book) => book.borrow_mut().hold(conn, &id, span, false)?,
                None => crate::store::rooms::hold_for(conn, offer, &id, span, false)?,
            }
            id
        }
    };
    let (booking, row) = summoned_row(placement, slot, changes, occupancy_id)?;
    diesel::insert_into(bookings::table).values(row).execute(conn)?;
    enqueue_booking_event(conn, Topic::BookingCreated, &booking, now)?;
    Ok(booking)
}

/// A summoned individual booking's occupied-time row, with a time-ordered id.
fn individual_row<'a>(
    counselor: &'a CounselorId,
    span: Interval,
    room: Option<&'a str>,
) -> occupancy::NewRow<'a> {
    occupancy::NewRow {
        id: time_ordered_id(),
        room,
        ..occupancy::NewRow::individual(counselor, span, occupancy::OccupancyKind::Booking)
    }
}

/// Writes a summoned individual booking's row of `counselor`'s time over `span` holding the
/// first room the run's `book` finds free: one row, as for an offer without rooms. When the
/// database refuses the row with that room, the row is written without it (refused again: the
/// counselor's time is taken) and the book's hold tries the rooms in turn.
fn occupy_with_room(
    conn: &mut AnyConnection,
    counselor: &CounselorId,
    span: Interval,
    book: &RefCell<RoomBook>,
) -> Result<String, Error> {
    let Some((at, room)) = book.borrow().pick(&span) else { return Err(domain::Error::SlotTaken.into()) };
    // A refused statement spoils a PostgreSQL transaction: the first try runs in a savepoint.
    let with_room = |conn: &mut AnyConnection| individual_row(counselor, span, Some(&room)).insert(conn);
    let written = match conn {
        AnyConnection::Postgresql(_) => conn.transaction(with_room),
        AnyConnection::Sqlite(_) => with_room(conn),
    };
    match written {
        Ok(id) => {
            book.borrow_mut().taken(at, span);
            Ok(id)
        }
        Err(Error::Conflict(domain::Error::SlotTaken)) => {
            let id = individual_row(counselor, span, None).insert(conn)?;
            book.borrow_mut().hold(conn, &id, span, true)?;
            Ok(id)
        }
        Err(other) => Err(other),
    }
}

/// Places the next citizen with `planner`: proposals the database refuses are dropped from the
/// plan and the next one is tried. `changes` gives the flags for a start. `Ok(None)` when no
/// free time is left.
pub(crate) fn place_with(
    conn: &mut AnyConnection,
    planner: &mut Planner,
    placement: &Placement<'_>,
    changes: &dyn Fn(DateTime<Utc>) -> ChangeFlags,
) -> Result<Option<Booking>, Error> {
    while let Some(slot) = planner.propose() {
        let flags = changes(slot.interval.start());
        match write_booking(conn, placement, &slot, flags) {
            Ok(booking) => return Ok(Some(booking)),
            Err(Error::Conflict(domain::Error::SlotTaken)) => planner.reject(&slot),
            Err(other) => return Err(other),
        }
    }
    Ok(None)
}

impl Store {
    /// Summons one citizen: the earliest fitting free time of the offer with a counselor of the
    /// pool inside the window (or exactly `start`), booked with channel Summons and the
    /// summoner's flags, with a BookingCreated event in the same transaction.
    ///
    /// Fails with `AlreadyBooked` when the citizen holds a future booking of the offer, with
    /// `SlotTaken` when the exact start is not free, and with `NoBookingOptions` when nothing
    /// in the window is.
    pub fn summon_one(&self, request: &SummonRequest, now: DateTime<Utc>) -> Result<Booking, Error> {
        request.changes.validate()?;
        domain::booking::check_horizon("to", request.window.end(), now)?;
        if let Some(start) = request.start {
            domain::booking::check_horizon("start", start, now)?;
        }
        self.write(|conn| summon_in(conn, &self.vault, request, now))
    }
}

/// The offer and pool of `request` for the citizen whose lookup hash is `citizen`, after the
/// rules every summons of one citizen passes: the interview type is offered and its contact
/// data given, and the citizen holds no future booking of the offer (contract §4).
pub(crate) fn checked_offer(
    conn: &mut AnyConnection,
    citizen: &str,
    request: &SummonRequest,
    now: DateTime<Utc>,
) -> Result<(Offer, Vec<Counselor>), Error> {
    let offer = resolve_offer(conn, &request.offer)?;
    let rule = crate::store::type_rules::rule_of(conn, &offer.jobcenter, offer.interview_type)?;
    rule.check_offered()?;
    rule.check_contact(&request.contact)?;
    booking::check_one_future_booking(conn, citizen, &offer.id, None, now)?;
    let pool = resolve_pool(conn, &offer, &request.pool)?;
    Ok((offer, pool))
}

/// [`Store::summon_one`] inside the caller's write transaction (the absence intake summons in
/// the transaction that records the absence). The flags must be validated already.
pub(crate) fn summon_in(
    conn: &mut AnyConnection,
    vault: &crate::store::CprVault,
    request: &SummonRequest,
    now: DateTime<Utc>,
) -> Result<Booking, Error> {
    let citizen = citizens::ensure_and_lock(conn, vault, &request.cpr, now)?;
    let (offer, pool) = checked_offer(conn, &citizen, request, now)?;
    let window = match request.start {
        Some(start) => {
            let exact = Interval::new(start, start + offer.slots.duration)?;
            if !request.window.contains(&exact) {
                return Err(domain::Error::SlotTaken.into());
            }
            domain::booking::check_notice(start, now, offer.slots.min_notice)?;
            exact
        }
        None => request.window,
    };
    let calendars = calendar::load(conn, &offer.id, &pool, window, now)?;
    let times = availability::free_times(&offer, &calendars, window, now);
    let times = crate::store::rooms::with_free_room(conn, &offer, times)?;
    let ids: Vec<_> = pool.iter().map(|c| c.id.clone()).collect();
    let step = offer.slots.duration + offer.slots.buffer;
    let mut planner = Planner::new(Strategy::EarliestFirst, &ids, times, step, &[]);
    let by = SummonedBy { originator: request.originator, summoner: request.summoner.as_ref() };
    let placement = Placement { offer: &offer, citizen: &citizen, by, now, rooms: None };
    let placed = place_with(conn, &mut planner, &placement, &|_| request.changes)?;
    placed.ok_or_else(|| match request.start {
        Some(_) => domain::Error::SlotTaken.into(),
        None => domain::Error::NoBookingOptions.into(),
    })
}
