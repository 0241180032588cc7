//! `store.bookings()`: the narrow handle of the self-booking use cases (reserve, confirm,
//! reschedule), the pattern the other subjects follow as they move off `Store`.
//!
//! A handle borrows the store and offers only its subject's operations, so a caller (and a
//! reader) sees what the subject can do without scrolling through every `Store` method. The
//! operations live on the handle (`reserve.rs`); the `Store` methods of the same name below
//! forward to it and stay until their callers use the handle.

use chrono::{DateTime, Utc};

use crate::domain::{Booking, BookingId, Cpr, OfferId, Originator, Reservation, ReservationId};
use crate::store::{Error, ReserveRequest, Store};

/// The self-booking operations of a [`Store`]; see [`Store::bookings`].
#[derive(Debug, Clone, Copy)]
pub struct Bookings<'a> {
    pub(in crate::store) store: &'a Store,
}

impl Store {
    /// The self-booking operations: `store.bookings().confirm(..)`.
    pub fn bookings(&self) -> Bookings<'_> {
        Bookings { store: self }
    }

    /// Same as [`Bookings::reserve`].
    pub fn reserve(&self, request: &ReserveRequest, now: DateTime<Utc>) -> Result<Reservation, Error> {
        self.bookings().reserve(request, now)
    }

    /// Same as [`Bookings::confirm`].
    pub fn confirm(
        &self,
        cpr: &Cpr,
        reservation: &ReservationId,
        originator: Originator,
        now: DateTime<Utc>,
    ) -> Result<Booking, Error> {
        self.bookings().confirm(cpr, reservation, originator, now)
    }

    /// Same as [`Bookings::reschedule`].
    pub fn reschedule(
        &self,
        cpr: &Cpr,
        booking: &BookingId,
        reservation: &ReservationId,
        now: DateTime<Utc>,
    ) -> Result<Booking, Error> {
        self.bookings().reschedule(cpr, booking, reservation, now)
    }

    /// Same as [`Bookings::reservation_offer`].
    pub fn reservation_offer(&self, reservation: &ReservationId) -> Result<OfferId, Error> {
        self.bookings().reservation_offer(reservation)
    }
}
