//! Read-only questions: free times of an offer, the offers a citizen may book, a citizen's
//! bookings, one booking.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::domain::availability::{self, FreeTime};
use crate::domain::{
    self, Booking, BookingId, CaseworkerId, CitizenProfile, Counselor, Cpr, Interval, JobCenterCode, Offer,
    OfferId,
};
use crate::store::booking::BookingRow;
use crate::store::db::schema::bookings;
use crate::store::db::to_db;
use crate::store::read_model::{At, OfferStatics};
use crate::store::{calendar, AnyConnection, Error, Store};

/// The offer with its active counselors who take self-bookings (all of them) and the free
/// times over `window` of those the optional caseworker filter keeps: the one computation the
/// listing paths share. What administration changes comes from the read model (`statics`), and
/// what bookings and calendars occupy from its rows as of the numbers `model` read. The last
/// instant the times hold at, as far as the clock goes, comes with them (see
/// [`OfferTimes::holds_until`]).
pub(super) fn times_of(
    conn: &mut AnyConnection,
    model: &At<'_>,
    statics: &OfferStatics,
    window: Interval,
    caseworker: Option<&CaseworkerId>,
    now: DateTime<Utc>,
) -> Result<OfferTimes, Error> {
    let (offer, counselors) = (&statics.offer, statics.counselors.clone());
    if statics.rule.check_offered().is_err() {
        // A no-show follow-up type is not offered to citizens, whatever the time.
        let forever = Some(DateTime::<Utc>::MAX_UTC);
        return Ok(OfferTimes { offer: offer.clone(), counselors, times: Vec::new(), holds_until: forever });
    }
    let filtered: Vec<Counselor>;
    let chosen = match caseworker {
        Some(caseworker) => {
            filtered = counselors.iter().filter(|c| &c.caseworker == caseworker).cloned().collect();
            &filtered
        }
        None => &counselors,
    };
    let held = model.times(conn, statics, window)?;
    let calendars = calendar::assemble(&held.rows, chosen, window, now, &statics.calendar)?;
    let times = availability::free_times(offer, &calendars, window, now);
    let times = crate::store::rooms::with_free_room_in(offer, held.rooms.as_ref(), times);
    // Room holds do not expire by themselves, so the engine's promise stands for the rooms too;
    // a reservation held in the rows is expired from the instant it expires.
    let expiry = held.rows.next_expiry(now).map(|expires| expires - chrono::Duration::nanoseconds(1));
    let until = availability::stable_until(offer, window, now, &times)
        .map(|until| until.min(expiry.unwrap_or(until)));
    Ok(OfferTimes { offer: offer.clone(), counselors, times, holds_until: until })
}

/// An offer with its counselors and free times (see [`Store::offer_times`]).
#[derive(Debug, Clone)]
pub struct OfferTimes {
    /// The offer.
    pub offer: Offer,
    /// Its active counselors.
    pub counselors: Vec<Counselor>,
    /// Its free times, sorted by counselor and start.
    pub times: Vec<FreeTime>,
    /// The last instant (of the clock the times were computed at) up to which the same times
    /// would be listed again, unless a write changes what they come from: the earliest time
    /// passes its notice, a reservation expires. `None`: they may change at any moment (the
    /// offer's horizon ends the window).
    pub holds_until: Option<DateTime<Utc>>,
}

impl Store {
    /// Free times of an offer over `window`, optionally for one caseworker (GetSelfbookTimeslots).
    pub fn free_times(
        &self,
        offer: &OfferId,
        window: Interval,
        caseworker: Option<&CaseworkerId>,
        now: DateTime<Utc>,
    ) -> Result<Vec<FreeTime>, Error> {
        Ok(self.offer_times(offer, window, caseworker, now)?.times)
    }

    /// The offer, its active counselors (all of them, whatever the filter) and its free times
    /// over `window`, read in one transaction on one connection: one consistent snapshot, and
    /// one lock cycle on SQLite instead of one per query (the hot path of GetSelfbookTimeslots).
    pub fn offer_times(
        &self,
        offer: &OfferId,
        window: Interval,
        caseworker: Option<&CaseworkerId>,
        now: DateTime<Utc>,
    ) -> Result<OfferTimes, Error> {
        self.read(|conn| {
            conn.transaction(|conn| {
                let model = self.read_model.at(conn)?;
                let statics = model.offer(conn, offer)?;
                times_of(conn, &model, &statics, window, caseworker, now)
            })
        })
    }

    /// The offers this citizen may book now, each with its free times over the offer's horizon;
    /// offers without a free time are left out (contract §4 eligibility). One connection and one
    /// snapshot for all of them; each offer is read once.
    pub fn eligible_offers(
        &self,
        citizen: &CitizenProfile,
        now: DateTime<Utc>,
    ) -> Result<Vec<(Offer, Vec<FreeTime>)>, Error> {
        let offers = self.offers_of_jobcenter(&citizen.jobcenter)?;
        let mut conn = self.conn()?;
        conn.transaction(|conn| {
            let model = self.read_model.at(conn)?;
            let mut result = Vec::new();
            for offer in offers.iter().filter(|offer| offer.is_eligible(citizen)) {
                let statics = model.offer(conn, &offer.id)?;
                let window = Interval::new(now, now + statics.offer.slots.horizon)?;
                let times = times_of(conn, &model, &statics, window, None, now)?.times;
                if !times.is_empty() {
                    result.push((statics.offer.clone(), times));
                }
            }
            Ok(result)
        })
    }

    /// Every booking of the citizen held here, however it was made, ordered by start
    /// (GetBookings); optionally limited to a jobcenter and to bookings overlapping `within`.
    pub fn bookings_of(
        &self,
        cpr: &Cpr,
        jobcenter: Option<&JobCenterCode>,
        within: Option<Interval>,
    ) -> Result<Vec<Booking>, Error> {
        let mut conn = self.conn()?;
        let hash = self.vault.hash(cpr);
        let mut query = bookings::table.filter(bookings::citizen_hash.eq(&hash)).into_boxed();
        if let Some(jobcenter) = jobcenter {
            query = query.filter(bookings::jobcenter_code.eq(jobcenter.as_str()));
        }
        if let Some(within) = within {
            query = query
                .filter(bookings::start_at.lt(to_db(within.end())))
                .filter(bookings::end_at.gt(to_db(within.start())));
        }
        let rows: Vec<BookingRow> = query
            .order((bookings::start_at, bookings::id))
            .select(BookingRow::as_select())
            .load(&mut conn)?;
        rows.iter().map(Booking::try_from).collect()
    }

    /// One booking; with `cpr`, only if it is that citizen's (else 8107).
    pub fn booking(&self, id: &BookingId, cpr: Option<&Cpr>) -> Result<Booking, Error> {
        let mut conn = self.conn()?;
        let row = crate::store::booking::load_booking_row(&mut conn, id)?;
        if let Some(cpr) = cpr {
            if row.citizen_hash != self.vault.hash(cpr) {
                return Err(domain::Error::NotOwnedByCitizen.into());
            }
        }
        Booking::try_from(&row)
    }

    /// The citizen's CPR behind a booking, for callers with the admin role only.
    pub fn booking_cpr_for_admin(&self, id: &BookingId) -> Result<Cpr, Error> {
        let mut conn = self.conn()?;
        let row = crate::store::booking::load_booking_row(&mut conn, id)?;
        let cipher: String = crate::store::db::schema::citizens::table
            .find(&row.citizen_hash)
            .select(crate::store::db::schema::citizens::cpr_cipher)
            .first(&mut conn)?;
        self.vault.decrypt(&cipher, &row.citizen_hash)
    }

    /// Every booking of a counselor overlapping `within` but the cancelled ones, by start: what
    /// the counselor's calendar shows.
    pub fn counselor_calendar(
        &self,
        counselor: &domain::CounselorId,
        within: Interval,
    ) -> Result<Vec<Booking>, Error> {
        self.bookings_overlapping(counselor, within, false)
    }

    /// All bookings of a counselor overlapping `within` that hold time (status Booked).
    pub fn counselor_bookings(
        &self,
        counselor: &domain::CounselorId,
        within: Interval,
    ) -> Result<Vec<Booking>, Error> {
        self.bookings_overlapping(counselor, within, true)
    }

    /// The bookings of `counselor` overlapping `within` by start: only those that hold time
    /// (`booked_only`), or all but the cancelled ones.
    fn bookings_overlapping(
        &self,
        counselor: &domain::CounselorId,
        within: Interval,
        booked_only: bool,
    ) -> Result<Vec<Booking>, Error> {
        let mut conn = self.conn()?;
        let query = bookings::table
            .filter(bookings::counselor_id.eq(counselor.as_str()))
            .filter(bookings::start_at.lt(to_db(within.end())))
            .filter(bookings::end_at.gt(to_db(within.start())))
            .into_boxed();
        let query = if booked_only {
            query.filter(bookings::status.eq(domain::BookingStatus::Booked.as_str()))
        } else {
            query.filter(bookings::status.ne(domain::BookingStatus::Cancelled.as_str()))
        };
        let rows: Vec<BookingRow> = query
            .order((bookings::start_at, bookings::id))
            .select(BookingRow::as_select())
            .load(&mut conn)?;
        rows.iter().map(Booking::try_from).collect()
    }
}
