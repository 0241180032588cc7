//! GetBookingDetails: holds the chosen time for the citizen (a reservation) and shows the
//! booking it would become, for a new self-booking or for moving an existing booking.
//!
//! The jobcenter is authorized before anything is reserved: the offer's, and when rebooking
//! also the booking's. The preview is built the way `Store::confirm` and `Store::reschedule`
//! will build the real booking, so that CreateBooking and RescheduleBooking answer with the
//! same details the citizen was shown. The BookingOriginator rule lives here ([`originator`])
//! and CreateBooking uses it too.

use super::answer::Answer;
use super::fault::Fault;
use super::fields::Fields;
use super::operations::{Call, Note};
use crate::domain::{Booking, BookingId, CaseworkerId, JobCenterCode, OfferId, Originator, Reservation};
use crate::store::ReserveRequest;
use crate::xml::format_datetime;
use crate::xml::Element;

/// OrganisationTypeIdentifier of a jobcenter (STAR's code list: 8 Jobcenter).
const JOBCENTER_ORGANISATION_TYPE: i32 = 8;

/// Request: PersonCivilRegistrationIdentifier, InterviewOptionIdentifier?, BookingIdentifier?
/// (rebooking), StartTime, CaseWorkerIdentifier, InterviewContactTypeIdentifier?.
/// Response: ReservationIdentifier, ReservationExpiryTime, then the BookingDetails fields of the
/// booking-to-be (with BookingIdentifier only when rebooking).
pub fn handle(call: &Call, request: &Element, note: &mut Note) -> Result<Answer, Fault> {
    let fields = Fields::new(
        request,
        &[
            "PersonCivilRegistrationIdentifier",
            "InterviewOptionIdentifier",
            "BookingIdentifier",
            "StartTime",
            "CaseWorkerIdentifier",
            "InterviewContactTypeIdentifier",
        ],
    )?;
    let cpr = fields.cpr("PersonCivilRegistrationIdentifier")?;
    let offer_id = fields.opt_parsed("InterviewOptionIdentifier", OfferId::parse)?;
    let rebooking = fields.opt_parsed("BookingIdentifier", BookingId::parse)?;
    let start = fields.datetime("StartTime")?;
    let caseworker = fields.parsed("CaseWorkerIdentifier", CaseworkerId::parse)?;
    let contact_type = fields.opt_int("InterviewContactTypeIdentifier")?;
    if offer_id.is_none() && rebooking.is_none() {
        return Err(Fault::invalid(
            "'InterviewOptionIdentifier' is required in GetBookingDetailsRequest unless BookingIdentifier is given",
        ));
    }
    note.detail = Some(detail(offer_id.as_ref(), rebooking.as_ref(), None));

    // Authorize every jobcenter involved before holding any time.
    let existing = match &rebooking {
        Some(id) => Some(call.store.booking(id, None).map_err(|e| call.fault(&e))?),
        None => None,
    };
    if let Some(booking) = &existing {
        call.authorize(&booking.jobcenter, note)?;
    }
    let offer_to_check = offer_id.clone().or_else(|| existing.as_ref().and_then(|b| b.offer.clone()));
    let mut offer = match &offer_to_check {
        Some(id) => Some(call.store.offer(id).map_err(|e| call.fault(&e))?),
        None => None,
    };
    if let Some(offer) = &offer {
        call.authorize(&offer.jobcenter, note)?;
    }

    let reserve = ReserveRequest { cpr, offer: offer_id, caseworker, start, contact_type, rebooking };
    let reservation = call.store.reserve(&reserve, call.now).map_err(|e| call.fault(&e))?;
    note.detail = Some(detail(Some(&reservation.offer), reservation.rebooking.as_ref(), Some(&reservation)));
    let offer = match offer.take() {
        Some(offer) if offer.id == reservation.offer => offer,
        _ => call.store.offer(&reservation.offer).map_err(|e| call.fault(&e))?,
    };
    let preview = match existing {
        Some(booking) => booking.moved_to(&reservation, &offer),
        None => {
            // The id is a placeholder: CreateBooking makes the real BookingIdentifier, which
            // GetBookingDetails does not show for a new booking.
            let placeholder =
                BookingId::parse(reservation.id.as_str()).map_err(|e| Fault::from_domain(&e))?;
            let originator = originator(call, &offer.jobcenter)?;
            Booking::self_booked(placeholder, &reservation, &offer, originator, None)
        }
    };
    call.booking_response("GetBookingDetailsResponse", &preview, reservation.rebooking.is_some(), |out| {
        out.leaf("ReservationIdentifier", reservation.id.as_str());
        out.leaf("ReservationExpiryTime", &format_datetime(reservation.expires_at));
    })
}

/// BookingOriginator of a self-booking: the jobcenter named by the ActiveOrganisationHeader
/// when the caller sent one, else the offer's jobcenter; always as a jobcenter (type 8).
pub(super) fn originator(call: &Call, offer_jobcenter: &JobCenterCode) -> Result<Originator, Fault> {
    let jobcenter = call.headers.jobcenter.as_ref().unwrap_or(offer_jobcenter);
    // A JobCenterCode is five digits by construction, so this only fails on a broken invariant.
    let code = jobcenter.as_str().parse::<i64>().map_err(|_| Fault::internal(call.correlation_id))?;
    Ok(Originator { code, type_id: JOBCENTER_ORGANISATION_TYPE })
}

/// The audit detail: the ids involved, never a CPR.
fn detail(offer: Option<&OfferId>, booking: Option<&BookingId>, reservation: Option<&Reservation>) -> String {
    let mut parts = Vec::new();
    if let Some(offer) = offer {
        parts.push(format!("offer={offer}"));
    }
    if let Some(booking) = booking {
        parts.push(format!("booking={booking}"));
    }
    if let Some(reservation) = reservation {
        parts.push(format!("reservation={}", reservation.id));
    }
    parts.join(" ")
}
