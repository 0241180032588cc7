//! CancelBooking: cancels a booking and frees its time. DFDG (and admin) cancel for the citizen,
//! within the booking's cancellation flag and deadline; a caseworker system may cancel only the
//! bookings it registered itself. Cancelling a cancelled booking again answers the same.
//!
//! Either way the booking must belong to the CPR in the request (8107), and the caller must act
//! for the booking's jobcenter, which is checked before anything else about the booking is told.

use super::answer::Answer;
use super::fault::Fault;
use super::fields::Fields;
use super::operations::{Call, Note};
use super::NAMESPACE;
use crate::domain::{BookingId, Role};
use crate::store::Canceller;
use crate::xml::{Element, XmlOut};

/// Request: PersonCivilRegistrationIdentifier, BookingIdentifier.
/// Response: an empty CancelBookingResponse.
pub fn handle(call: &Call, request: &Element, note: &mut Note) -> Result<Answer, Fault> {
    let fields = Fields::new(request, &["PersonCivilRegistrationIdentifier", "BookingIdentifier"])?;
    let cpr = fields.cpr("PersonCivilRegistrationIdentifier")?;
    let booking_id = fields.parsed("BookingIdentifier", BookingId::parse)?;
    note.detail = Some(format!("booking={booking_id}"));
    let existing = call.store.booking(&booking_id, None).map_err(|e| call.fault(&e))?;
    call.authorize(&existing.jobcenter, note)?;
    let canceller = match call.caller.role {
        Role::CaseworkerSystem => {
            // The store checks who registered the booking; the citizen is checked here.
            call.store.booking(&booking_id, Some(&cpr)).map_err(|e| call.fault(&e))?;
            Canceller::RegisteringSystem(call.caller.identity.clone())
        }
        // A case system or calendar connector never gets here: neither has a SOAP permission for it.
        Role::Dfdg | Role::Admin | Role::CaseSystem | Role::CalendarConnector => Canceller::Citizen(cpr),
    };
    call.store.cancel(&canceller, &booking_id, call.now).map_err(|e| call.fault(&e))?;
    let mut out = XmlOut::default();
    out.empty("CancelBookingResponse", &[("xmlns", NAMESPACE)]);
    Ok(out.into())
}
