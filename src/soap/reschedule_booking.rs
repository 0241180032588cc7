//! RescheduleBooking: moves a booking to the time held by a rebooking reservation (made by
//! GetBookingDetails with BookingIdentifier). The booking keeps its BookingIdentifier, and the
//! same request sent again answers with the moved booking and changes nothing.

use super::answer::Answer;
use super::fault::Fault;
use super::fields::Fields;
use super::operations::{Call, Note};
use crate::domain::{BookingId, ReservationId};
use crate::xml::Element;

/// Request: PersonCivilRegistrationIdentifier, BookingIdentifier, ReservationIdentifier.
/// Response: the BookingDetails fields of the moved booking (same BookingIdentifier, new time).
pub fn handle(call: &Call, request: &Element, note: &mut Note) -> Result<Answer, Fault> {
    let fields = Fields::new(
        request,
        &["PersonCivilRegistrationIdentifier", "BookingIdentifier", "ReservationIdentifier"],
    )?;
    let cpr = fields.cpr("PersonCivilRegistrationIdentifier")?;
    let booking_id = fields.parsed("BookingIdentifier", BookingId::parse)?;
    let reservation = fields.parsed("ReservationIdentifier", ReservationId::parse)?;
    note.detail = Some(format!("booking={booking_id} reservation={reservation}"));
    let existing = call.store.booking(&booking_id, None).map_err(|e| call.fault(&e))?;
    call.authorize(&existing.jobcenter, note)?;
    let booking =
        call.store.reschedule(&cpr, &booking_id, &reservation, call.now).map_err(|e| call.fault(&e))?;
    call.booking_response("RescheduleBookingResponse", &booking, true, |_| {})
}
