//! Changes to an existing booking: cancellation by the citizen (or the system that registered
//! it), and the staff actions complete, no-show, no-show correction, lapse and cancel.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::domain::{self, Action, Booking, BookingId, BookingStatus, Cpr};
use crate::store::booking::load_booking_row;
use crate::store::booking::occupancy;
use crate::store::db::schema::bookings;
use crate::store::outbox::{enqueue_booking_event, Topic};
use crate::store::{citizens, Error, Store};

/// Who asks to cancel, and so which rules apply.
#[derive(Debug, Clone)]
pub enum Canceller {
    /// The citizen through DFDG: flag and deadline apply, and the booking must be theirs.
    Citizen(Cpr),
    /// The caseworker system that registered the booking (its caller identity).
    RegisteringSystem(String),
}

fn topic_of(action: Action) -> Topic {
    match action {
        Action::Reschedule => Topic::BookingRescheduled,
        Action::Cancel => Topic::BookingCancelled,
        Action::Complete => Topic::BookingCompleted,
        Action::NoShow => Topic::BookingNoShow,
        Action::CorrectNoShow => Topic::BookingNoShowCorrected,
        Action::MarkLapsed => Topic::BookingLapsed,
    }
}

impl Store {
    /// Cancels a booking for the citizen or for the system that registered it (CancelBooking).
    /// Cancelling an already cancelled booking of the same citizen returns it unchanged.
    pub fn cancel(&self, who: &Canceller, id: &BookingId, now: DateTime<Utc>) -> Result<Booking, Error> {
        self.write(|conn| {
            let mut row = load_booking_row(conn, id)?;
            let booking = Booking::try_from(&row)?;
            match who {
                Canceller::Citizen(cpr) => {
                    let citizen = citizens::ensure_and_lock(conn, &self.vault, cpr, now)?;
                    if row.citizen_hash != citizen {
                        return Err(domain::Error::NotOwnedByCitizen.into());
                    }
                    if booking.status == BookingStatus::Cancelled {
                        return Ok(booking);
                    }
                    booking.check_citizen_cancel(now)?;
                }
                Canceller::RegisteringSystem(caller) => {
                    if row.registered_by.as_deref() != Some(caller.as_str()) {
                        return Err(Error::NotFound(crate::store::Entity::Booking));
                    }
                    if booking.status == BookingStatus::Cancelled {
                        return Ok(booking);
                    }
                    booking.transition(Action::Cancel)?;
                }
            }
            apply(conn, &mut row, booking, Action::Cancel, None, now)
        })
    }

    /// A staff action on a booking: complete, no-show, its correction, lapse (with reason) or cancel.
    pub fn staff_action(
        &self,
        id: &BookingId,
        action: Action,
        reason: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<Booking, Error> {
        domain::booking::check_staff_action(action, reason)?;
        self.write(|conn| {
            let mut row = load_booking_row(conn, id)?;
            let booking = Booking::try_from(&row)?;
            booking.check_staff(action, now)?;
            apply(conn, &mut row, booking, action, reason, now)
        })
    }

    /// Marks a booking as reported for billing (after which it can only be marked lapsed).
    pub fn mark_billed(&self, id: &BookingId, now: DateTime<Utc>) -> Result<Booking, Error> {
        self.write(|conn| {
            let mut row = load_booking_row(conn, id)?;
            let mut booking = Booking::try_from(&row)?;
            booking.billed = true;
            booking.version += 1;
            row.apply(&booking, now);
            diesel::update(bookings::table.find(&row.id)).set(&row).execute(conn)?;
            Ok(booking)
        })
    }
}

/// Applies an allowed action: new status, freed time on cancel, version, outbox event.
pub(crate) fn apply(
    conn: &mut crate::store::AnyConnection,
    row: &mut crate::store::booking::BookingRow,
    booking: Booking,
    action: Action,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Booking, Error> {
    let booking = booking.after(action, reason)?;
    if booking.status == BookingStatus::Cancelled {
        if let Some(occupancy_id) = row.occupancy_id.take() {
            occupancy::release(conn, &occupancy_id)?;
        }
    }
    row.apply(&booking, now);
    diesel::update(bookings::table.find(&row.id)).set(&*row).execute(conn)?;
    enqueue_booking_event(conn, topic_of(action), &booking, now)?;
    Ok(booking)
}
