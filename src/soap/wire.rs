//! Writers for the wire structures several responses share: Supervisor, InterviewLocationDetail,
//! the contact-type collection and BookingDetails (contract §3, in the contract's order).

use crate::domain::{Booking, Counselor, Location};
use crate::xml::format_datetime;
use crate::xml::XmlOut;

/// `<Supervisor>`: the counselor as STAR's CaseWorkerStructureType.
pub fn supervisor(out: &mut XmlOut, counselor: &Counselor) {
    out.open("Supervisor", &[]);
    out.leaf("CaseWorkerGivenName", &counselor.given_name);
    out.opt_leaf("CaseWorkerMiddleName", counselor.middle_name.as_deref());
    out.leaf("CaseWorkerSurname", &counselor.surname);
    out.leaf("CaseWorkerIdentifier", counselor.caseworker.as_str());
    out.close("Supervisor");
}

/// `<InterviewLocationDetail>` with its description and address.
pub fn location(out: &mut XmlOut, location: &Location) {
    out.open("InterviewLocationDetail", &[]);
    out.opt_leaf("InterviewLocationDescription", location.description.as_deref());
    out.open("InterviewLocationAddress", &[]);
    out.leaf("StreetName", &location.street_name);
    out.leaf("StreetBuildingIdentifier", &location.building);
    out.opt_leaf("FloorIdentifier", location.floor.as_deref());
    out.opt_leaf("SuiteIdentifier", location.suite.as_deref());
    out.leaf("PostCodeIdentifier", &location.post_code);
    out.leaf("DistrictName", &location.district);
    out.close("InterviewLocationAddress");
    out.close("InterviewLocationDetail");
}

/// `<InterviewContactTypeIdentifierCollection>` of codes.
pub fn contact_types(out: &mut XmlOut, codes: &[i32]) {
    out.open("InterviewContactTypeIdentifierCollection", &[]);
    for code in codes {
        out.leaf("InterviewContactTypeIdentifier", &code.to_string());
    }
    out.close("InterviewContactTypeIdentifierCollection");
}

/// Writes `xs:boolean`.
pub fn bool_text(value: bool) -> &'static str {
    if value {
        "true"
    } else {
        "false"
    }
}

/// The BookingDetails fields of contract §3, in order, as children of the current element.
/// `with_id = false` leaves out BookingIdentifier (GetBookingDetails for a new booking).
pub fn booking_details(
    out: &mut XmlOut,
    booking: &Booking,
    counselor: &Counselor,
    location_detail: Option<&Location>,
    with_id: bool,
) {
    if with_id {
        out.leaf("BookingIdentifier", booking.id.as_str());
    }
    out.leaf("BookingStatus", booking.status.as_str());
    out.open("BookingOriginator", &[]);
    out.leaf("OrganisationCode", &booking.originator.code.to_string());
    out.leaf("OrganisationTypeIdentifier", &booking.originator.type_id.to_string());
    out.close("BookingOriginator");
    out.leaf("BookingChannel", booking.channel.as_str());
    out.opt_leaf("InterviewOptionIdentifier", booking.offer.as_ref().map(|o| o.as_str()));
    out.leaf("InterviewTypeIdentifier", &booking.interview_type.to_string());
    out.leaf("InterviewFormTypeIdentifier", &booking.form_type.to_string());
    out.leaf("InterviewContactTypeIdentifier", &booking.contact_type.to_string());
    out.leaf("BookingStartTime", &format_datetime(booking.interval.start()));
    out.leaf("BookingEndTime", &format_datetime(booking.interval.end()));
    supervisor(out, counselor);
    if let Some(detail) = location_detail {
        location(out, detail);
    }
    out.leaf("ReBookingPossible", bool_text(booking.changes.rebook_possible));
    out.opt_leaf("ReBookingDeadline", booking.changes.rebook_deadline.map(format_datetime).as_deref());
    out.leaf("CancellationPossible", bool_text(booking.changes.cancel_possible));
    out.opt_leaf("CancellationDeadline", booking.changes.cancel_deadline.map(format_datetime).as_deref());
    out.leaf("SelfBooked", bool_text(booking.self_booked));
    out.leaf("CompulsoryAttendance", bool_text(booking.compulsory));
    out.opt_leaf("DigitalMeetingLink", booking.digital_link.as_deref());
}
