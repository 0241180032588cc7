//! CreateBooking: turns the citizen's reservation into a booking. Idempotent: the same
//! reservation sent again answers with the booking it became and creates nothing.
//!
//! The reservation id alone must not let a caller book another jobcenter's offer, so the
//! offer behind the reservation is loaded and its jobcenter authorized before confirming.

use super::answer::Answer;
use super::fault::Fault;
use super::fields::Fields;
use super::get_booking_details::originator;
use super::operations::{Call, Note};
use crate::domain::ReservationId;
use crate::xml::Element;

/// Request: PersonCivilRegistrationIdentifier, ReservationIdentifier.
/// Response: the BookingDetails fields of the new booking, with its BookingIdentifier.
pub fn handle(call: &Call, request: &Element, note: &mut Note) -> Result<Answer, Fault> {
    let fields = Fields::new(request, &["PersonCivilRegistrationIdentifier", "ReservationIdentifier"])?;
    let cpr = fields.cpr("PersonCivilRegistrationIdentifier")?;
    let reservation = fields.parsed("ReservationIdentifier", ReservationId::parse)?;
    note.detail = Some(format!("reservation={reservation}"));
    let offer_id = call.store.reservation_offer(&reservation).map_err(|e| call.fault(&e))?;
    let offer = call.store.offer(&offer_id).map_err(|e| call.fault(&e))?;
    call.authorize(&offer.jobcenter, note)?;
    let originator = originator(call, &offer.jobcenter)?;
    let booking = call.store.confirm(&cpr, &reservation, originator, call.now).map_err(|e| call.fault(&e))?;
    note.detail = Some(format!("reservation={reservation} offer={offer_id} booking={}", booking.id));
    call.booking_response("CreateBookingResponse", &booking, true, |_| {})
}
