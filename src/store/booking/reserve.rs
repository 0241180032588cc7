//! Self-booking: reserve a free time (GetBookingDetails), confirm it (CreateBooking), and move a
//! booking onto a new reservation (RescheduleBooking). One function decides what is free
//! (`domain::availability::check_free`), the same one that lists free times.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::domain::reserving::ReservationUse;
use crate::domain::{
    self, availability, reserving, Booking, BookingId, BookingStatus, CaseworkerId, Cpr, Interval,
    InterviewForm, OfferId, Originator, Reservation, ReservationId,
};
use crate::store::booking::occupancy;
use crate::store::booking::Bookings;
use crate::store::booking::{load_booking_row, BookingRow};
use crate::store::db::schema::{bookings, reservations};
use crate::store::db::{from_db, to_db};
use crate::store::outbox::{enqueue_booking_event, Topic};
use crate::store::{calendar, citizens, reference, AnyConnection, Entity, Error};

/// What GetBookingDetails asks to hold.
#[derive(Debug, Clone)]
pub struct ReserveRequest {
    /// The citizen.
    pub cpr: Cpr,
    /// The offer; for a rebooking it may be left out (the booking's offer is used).
    pub offer: Option<OfferId>,
    /// The counselor chosen.
    pub caseworker: CaseworkerId,
    /// The start time chosen.
    pub start: DateTime<Utc>,
    /// The contact form chosen; the offer's first when not given.
    pub contact_type: Option<i32>,
    /// The booking to move, when rebooking.
    pub rebooking: Option<BookingId>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = reservations)]
#[diesel(check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg))]
struct ReservationRow {
    id: String,
    citizen_hash: String,
    offer_id: String,
    counselor_id: String,
    occupancy_id: Option<String>,
    start_at: chrono::NaiveDateTime,
    end_at: chrono::NaiveDateTime,
    contact_type: i32,
    rebooking_id: Option<String>,
    expires_at: chrono::NaiveDateTime,
    booking_id: Option<String>,
    released: bool,
}

impl ReservationRow {
    fn to_domain(&self) -> Result<Reservation, Error> {
        let bad = |what: &str| crate::store::db::corrupt(what);
        Ok(Reservation {
            id: ReservationId::parse(&self.id).map_err(|_| bad("reservation id"))?,
            offer: OfferId::parse(&self.offer_id).map_err(|_| bad("offer id"))?,
            counselor: domain::CounselorId::parse(&self.counselor_id).map_err(|_| bad("counselor id"))?,
            interval: Interval::new(from_db(self.start_at), from_db(self.end_at))
                .map_err(|_| bad("reservation time"))?,
            contact_type: self.contact_type,
            rebooking: self
                .rebooking_id
                .as_deref()
                .map(BookingId::parse)
                .transpose()
                .map_err(|_| bad("booking id"))?,
            expires_at: from_db(self.expires_at),
            consumed_by: self
                .booking_id
                .as_deref()
                .map(BookingId::parse)
                .transpose()
                .map_err(|_| bad("booking id"))?,
        })
    }
}

fn load_reservation(conn: &mut AnyConnection, id: &ReservationId) -> Result<ReservationRow, Error> {
    reservations::table
        .find(id.as_str())
        .select(ReservationRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(Error::NotFound(Entity::Reservation))
}

/// Releases the citizen's earlier open reservations of the same offer (contract §4).
fn release_earlier(conn: &mut AnyConnection, citizen: &str, offer: &OfferId) -> Result<(), Error> {
    let earlier: Vec<(String, Option<String>)> = reservations::table
        .filter(reservations::citizen_hash.eq(citizen))
        .filter(reservations::offer_id.eq(offer.as_str()))
        .filter(reservations::booking_id.is_null())
        .filter(reservations::released.eq(false))
        .select((reservations::id, reservations::occupancy_id))
        .load(conn)?;
    for (id, occupancy_id) in earlier {
        if let Some(occupancy_id) = occupancy_id {
            occupancy::release(conn, &occupancy_id)?;
        }
        diesel::update(reservations::table.find(&id)).set(reservations::released.eq(true)).execute(conn)?;
    }
    Ok(())
}

/// Refuses a second future booking of one offer for one citizen (except the one being moved).
pub(crate) fn check_one_future_booking(
    conn: &mut AnyConnection,
    citizen: &str,
    offer: &OfferId,
    except: Option<&BookingId>,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let mut query = bookings::table
        .filter(bookings::citizen_hash.eq(citizen))
        .filter(bookings::offer_id.eq(offer.as_str()))
        .filter(bookings::status.eq(BookingStatus::Booked.as_str()))
        .filter(bookings::start_at.gt(to_db(now)))
        .into_boxed();
    if let Some(except) = except {
        query = query.filter(bookings::id.ne(except.as_str()));
    }
    if query.count().get_result::<i64>(conn)? > 0 {
        return Err(domain::Error::AlreadyBooked.into());
    }
    Ok(())
}

/// Which of `citizens` (lookup hashes) hold a future booking of `offer`: the rule of
/// [`check_one_future_booking`] for many citizens in one query.
pub(crate) fn future_bookers(
    conn: &mut AnyConnection,
    citizens: &[String],
    offer: &OfferId,
    now: DateTime<Utc>,
) -> Result<std::collections::HashSet<String>, Error> {
    let found: Vec<String> = bookings::table
        .filter(bookings::citizen_hash.eq_any(citizens))
        .filter(bookings::offer_id.eq(offer.as_str()))
        .filter(bookings::status.eq(BookingStatus::Booked.as_str()))
        .filter(bookings::start_at.gt(to_db(now)))
        .select(bookings::citizen_hash)
        .load(conn)?;
    Ok(found.into_iter().collect())
}

/// Loads a booking of this citizen and checks the citizen may rebook it now.
fn rebookable(
    conn: &mut AnyConnection,
    citizen: &str,
    id: &BookingId,
    now: DateTime<Utc>,
) -> Result<(BookingRow, Booking), Error> {
    let row = load_booking_row(conn, id)?;
    if row.citizen_hash != citizen {
        return Err(domain::Error::NotOwnedByCitizen.into());
    }
    let booking = Booking::try_from(&row)?;
    booking.check_citizen_rebook(now)?;
    Ok((row, booking))
}

impl Bookings<'_> {
    /// Holds a free time for one citizen (GetBookingDetails). Releases the citizen's earlier
    /// reservation of the same offer and any expired reservation in the way.
    pub fn reserve(&self, request: &ReserveRequest, now: DateTime<Utc>) -> Result<Reservation, Error> {
        self.store.write(|conn| {
            let citizen = citizens::ensure_and_lock(conn, &self.store.vault, &request.cpr, now)?;
            let rebooking = match &request.rebooking {
                Some(id) => Some(rebookable(conn, &citizen, id, now)?.1),
                None => None,
            };
            let offer_id = reserving::offer_to_reserve(request.offer.as_ref(), rebooking.as_ref())?
                .ok_or(Error::NotFound(Entity::Offer))?;
            let offer = reference::load_offer(conn, &offer_id)?;
            reserving::check_reservable(&offer, rebooking.as_ref())?;
            if rebooking.is_none() {
                crate::store::type_rules::rule_of(conn, &offer.jobcenter, offer.interview_type)?
                    .check_offered()?;
            }
            let contact_type = offer.contact_type_for(request.contact_type)?;
            domain::booking::check_notice(request.start, now, offer.slots.min_notice)?;
            let counselor = reference::counselors_of_offer(conn, &offer.id)?
                .into_iter()
                .find(|c| c.caseworker == request.caseworker)
                .ok_or(domain::Error::NoBookingOptions)?;
            if !crate::store::attributes::self_booking_off(conn, &[counselor.id.as_str()])?.is_empty() {
                return Err(domain::Error::NoBookingOptions.into());
            }
            release_earlier(conn, &citizen, &offer.id)?;
            check_one_future_booking(conn, &citizen, &offer.id, request.rebooking.as_ref(), now)?;
            let meeting = Interval::new(request.start, request.start + offer.slots.duration)?;
            let span = offer.occupied_span(meeting)?;
            occupancy::release_expired(conn, &counselor.id, span, now)?;
            let calendar = calendar::load(conn, &offer.id, std::slice::from_ref(&counselor), span, now)?;
            let calendar = calendar.first().ok_or(domain::Error::SlotTaken)?;
            availability::check_free(&offer, calendar, request.start, now)?;
            let expires_at = now + self.store.reservation_ttl;
            let occupancy_id = match offer.form {
                InterviewForm::Individual => {
                    occupancy::hold_individual(conn, &counselor.id, span, expires_at)?
                }
                InterviewForm::Group { seats } => {
                    occupancy::take_seat(conn, &counselor.id, &offer.id, span, seats, now)?
                }
            };
            crate::store::rooms::hold_for(conn, &offer, &occupancy_id, span, false)?;
            let id = ReservationId::parse(&uuid::Uuid::new_v4().to_string())?;
            diesel::insert_into(reservations::table)
                .values((
                    reservations::id.eq(id.as_str()),
                    reservations::citizen_hash.eq(&citizen),
                    reservations::offer_id.eq(offer.id.as_str()),
                    reservations::counselor_id.eq(counselor.id.as_str()),
                    reservations::occupancy_id.eq(Some(&occupancy_id)),
                    reservations::start_at.eq(to_db(meeting.start())),
                    reservations::end_at.eq(to_db(meeting.end())),
                    reservations::contact_type.eq(contact_type),
                    reservations::rebooking_id.eq(request.rebooking.as_ref().map(|b| b.as_str())),
                    reservations::expires_at.eq(to_db(expires_at)),
                    reservations::created_at.eq(to_db(now)),
                ))
                .execute(conn)?;
            Ok(Reservation {
                id,
                offer: offer.id.clone(),
                counselor: counselor.id.clone(),
                interval: meeting,
                contact_type,
                rebooking: request.rebooking.clone(),
                expires_at,
                consumed_by: None,
            })
        })
    }

    /// Books a reserved time (CreateBooking). Idempotent: a reservation already used returns
    /// the booking it became.
    pub fn confirm(
        &self,
        cpr: &Cpr,
        reservation: &ReservationId,
        originator: Originator,
        now: DateTime<Utc>,
    ) -> Result<Booking, Error> {
        self.store.write(|conn| {
            let citizen = citizens::ensure_and_lock(conn, &self.store.vault, cpr, now)?;
            let row = load_reservation(conn, reservation)?;
            if row.citizen_hash != citizen {
                return Err(domain::Error::NotOwnedByCitizen.into());
            }
            let held = row.to_domain()?;
            if let ReservationUse::Repeat(booking) = reserving::use_for_confirm(&held, row.released, now)? {
                return Booking::try_from(&load_booking_row(conn, &booking)?);
            }
            let offer = reference::load_offer(conn, &held.offer)?;
            check_one_future_booking(conn, &citizen, &offer.id, None, now)?;
            let occupancy_id = row.occupancy_id.clone().ok_or(domain::Error::ReservationExpired)?;
            occupancy::convert_to_booking(conn, &occupancy_id)?;
            let booking = Booking::self_booked(
                BookingId::parse(&uuid::Uuid::new_v4().to_string())?,
                &held,
                &offer,
                originator,
                offer.form.seats().map(|_| occupancy_id.clone()),
            );
            diesel::insert_into(bookings::table)
                .values(BookingRow::new(&booking, &citizen, Some(occupancy_id), now))
                .execute(conn)?;
            diesel::update(reservations::table.find(&row.id))
                .set(reservations::booking_id.eq(Some(booking.id.as_str())))
                .execute(conn)?;
            enqueue_booking_event(conn, Topic::BookingCreated, &booking, now)?;
            Ok(booking)
        })
    }

    /// Moves a booking to the time of a rebooking reservation (RescheduleBooking); the booking
    /// keeps its id. Idempotent like [`Bookings::confirm`].
    pub fn reschedule(
        &self,
        cpr: &Cpr,
        booking: &BookingId,
        reservation: &ReservationId,
        now: DateTime<Utc>,
    ) -> Result<Booking, Error> {
        self.store.write(|conn| {
            let citizen = citizens::ensure_and_lock(conn, &self.store.vault, cpr, now)?;
            let held_row = load_reservation(conn, reservation)?;
            if held_row.citizen_hash != citizen {
                return Err(domain::Error::NotOwnedByCitizen.into());
            }
            let held = held_row.to_domain()?;
            let used = reserving::use_for_reschedule(&held, booking, held_row.released, now)?;
            if let ReservationUse::Repeat(booking) = used {
                return Booking::try_from(&load_booking_row(conn, &booking)?);
            }
            let (mut row, moved) = rebookable(conn, &citizen, booking, now)?;
            let offer = reference::load_offer(conn, &held.offer)?;
            let new_occupancy = held_row.occupancy_id.clone().ok_or(domain::Error::ReservationExpired)?;
            if let Some(old) = row.occupancy_id.take() {
                occupancy::release(conn, &old)?;
            }
            occupancy::convert_to_booking(conn, &new_occupancy)?;
            let mut moved = moved.moved_to(&held, &offer);
            moved.group_meeting = offer.form.seats().map(|_| new_occupancy.clone());
            moved.version += 1;
            row.apply(&moved, now);
            row.occupancy_id = Some(new_occupancy);
            diesel::update(bookings::table.find(&row.id)).set(&row).execute(conn)?;
            diesel::update(reservations::table.find(&held_row.id))
                .set(reservations::booking_id.eq(Some(booking.as_str())))
                .execute(conn)?;
            enqueue_booking_event(conn, Topic::BookingRescheduled, &moved, now)?;
            Ok(moved)
        })
    }

    /// The offer a reservation was made for, so that CreateBooking can authorize the offer's
    /// jobcenter before confirming. Reveals nothing else; an unknown id is `NotFound` (4771).
    pub fn reservation_offer(&self, reservation: &ReservationId) -> Result<OfferId, Error> {
        let mut conn = self.store.conn()?;
        let offer_id: String = reservations::table
            .find(reservation.as_str())
            .select(reservations::offer_id)
            .first(&mut conn)
            .optional()?
            .ok_or(Error::NotFound(Entity::Reservation))?;
        OfferId::parse(&offer_id).map_err(|_| crate::store::db::corrupt("offer id"))
    }
}
